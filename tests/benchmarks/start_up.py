"""Cold start: the CLI verb and the window on the demo database, each as a fresh process.

Baselines in the same run: a bare `python -c pass` for the CLI, and a bare QApplication showing
an empty QWidget for the window.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WINDOW = """
import os, sys
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from pathlib import Path
from recovery_desk.domain.setup import open_database, database_is_demo
from recovery_desk.views.app import application
from recovery_desk.views.main_window import MainWindow
app = application()
db, actor = open_database(sys.argv[1], Path("resources/catalogue.json"), demo=True)
window = MainWindow(db, actor, sys.argv[1], database_is_demo(db))
window.show()
app.processEvents()
"""
BARE_WINDOW = """
import os
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication([])
w = QWidget(); w.show(); app.processEvents()
"""


def median_s(command: list[str], repeats: int = 5) -> float:
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def main() -> None:
    python = sys.executable
    with tempfile.TemporaryDirectory() as folder:
        demo = str(Path(folder) / "demo.sqlite3")
        subprocess.run([python, "-m", "recovery_desk", "--demo", "--db", demo, "catalogue"],
                       cwd=ROOT, check=True, capture_output=True)
        bare = median_s([python, "-c", "pass"])
        cli = median_s([python, "-m", "recovery_desk", "--db", demo, "catalogue", "--json"])
        bare_qt = median_s([python, "-c", BARE_WINDOW])
        window = median_s([python, "-c", WINDOW, demo])
    print(f"python -c pass (baseline):        {bare * 1000:7.0f} ms")
    print(f"catalogue --json:                 {cli * 1000:7.0f} ms  ({cli / bare:4.1f}x)")
    print(f"bare Qt window (baseline):        {bare_qt * 1000:7.0f} ms")
    print(f"demo main window, first paint:    {window * 1000:7.0f} ms  ({window / bare_qt:4.1f}x)")


if __name__ == "__main__":
    main()
