"""The child process behind run.py's peak memory: a fresh process opens the database, builds the
main window offscreen, shows every tab in turn (each loads what it shows), and prints its peak
resident set size in MB as JSON.

    python tests/benchmarks/memory_probe.py DATABASE YYYY-MM-DD

The peak is VmHWM from /proc/self/status where there is one: on Linux, resource.getrusage's
ru_maxrss survives exec, so a child started by a big parent (run.py) reports at least the
parent's size at the fork. Elsewhere it falls back to ru_maxrss.
"""

from __future__ import annotations

import json
import os
import resource
import sys
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import timing  # noqa: F401  (puts the project on the import path)

from recovery_desk.config import resource_path
from recovery_desk.domain.operations.setup import database_is_demo, open_database
from recovery_desk.views.frame.context import DeskContext
from recovery_desk.views.shell.app import application
from recovery_desk.views.shell.main_window import MainWindow
from recovery_desk.views.shell.tab_slots import TABS


def main() -> None:
    path, today = Path(sys.argv[1]), date.fromisoformat(sys.argv[2])
    app = application()
    db, actor = open_database(path, resource_path("catalogue.json"), today=today)
    context = DeskContext(db, actor, demo=database_is_demo(db), location=str(path),
                          clock=lambda: today)
    window = MainWindow(context)
    window.show()
    app.processEvents()
    shown = []
    for spec in TABS:
        window.show_tab(spec.load())
        app.processEvents()
        shown.append(spec.name)
    peak_kb, method = peak()
    window.close()
    db.dispose()
    print(json.dumps({"peak_rss_mb": round(peak_kb / 1024, 1), "method": method,
                      "tabs": shown}))


def peak() -> tuple[int, str]:
    """The peak resident set size in kB, and how it was read."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]), "VmHWM"
    scale = 1024 if sys.platform == "darwin" else 1  # macOS reports bytes
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // scale, "ru_maxrss"


if __name__ == "__main__":
    main()
