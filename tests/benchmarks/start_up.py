"""Cold starts, each a fresh process, for run.py's `start` figures (medians of several rounds,
the commands taking turns within each round):

- `first_paint_s`: `python -m recovery_desk --db DEMO` to the first painted main window, and
  `timetable_ready_s` to the timetable tab painting its week (first_paint.py drives both),
  against `bare_s`, a bare QMainWindow started the same way; `first_paint_large_s` is the same
  start on the large database.
- `cli_catalogue_s`: `python -m recovery_desk --db DEMO catalogue --json` to its exit, against
  `sqlalchemy_import_s`, `python -c "import sqlalchemy"`; `python_s` is `python -c pass`.

Every child gets its own empty XDG folders, so window state and logs never touch the user's.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
PYTHON = sys.executable


def environment(folder: Path) -> dict[str, str]:
    """Offscreen, and the user's folders (settings, logs) replaced by a new empty one in
    folder, so no start finds the window state (the last tab shown) another left."""
    folder = Path(tempfile.mkdtemp(dir=folder))
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[name] = str(folder)
    return env


def to_exit(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)
    return time.perf_counter() - started


def to_lines(command: list[str], env: dict[str, str]) -> dict[str, float]:
    """Seconds from starting the process to each line it prints."""
    started = time.perf_counter()
    seen = {}
    with subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.DEVNULL, text=True) as child:
        assert child.stdout is not None
        for line in child.stdout:
            seen[line.strip()] = time.perf_counter() - started
    if child.returncode != 0 or "painted" not in seen:
        raise RuntimeError(f"{' '.join(command)} ended with status {child.returncode} "
                           f"having printed {sorted(seen)}")
    return seen


def measure(demo: Path, large: Path, folder: Path, rounds: int) -> dict[str, float | int]:
    folder.mkdir(exist_ok=True)
    paint = [PYTHON, str(HERE / "first_paint.py")]
    timings: dict[str, list[float]] = {}

    def keep(name: str, seconds: float) -> None:
        timings.setdefault(name, []).append(seconds)

    def app(database: Path, suffix: str) -> None:
        seen = to_lines([*paint, "app", "--db", str(database)], environment(folder))
        keep(f"first_paint{suffix}_s", seen["painted"])
        if "timetable" in seen:
            keep(f"timetable_ready{suffix}_s", seen["timetable"])

    steps = [
        lambda: keep("bare_s", to_lines([*paint, "bare"], environment(folder))["painted"]),
        lambda: app(demo, ""),
        lambda: app(large, "_large"),
        lambda: keep("cli_catalogue_s", to_exit(
            [PYTHON, "-m", "recovery_desk", "--db", str(demo), "catalogue", "--json"],
            environment(folder))),
        lambda: keep("sqlalchemy_import_s", to_exit([PYTHON, "-c", "import sqlalchemy"],
                                                    environment(folder))),
        lambda: keep("python_s", to_exit([PYTHON, "-c", "pass"], environment(folder))),
    ]
    steps[1]()  # once untimed, so every timed start finds the files in the page cache
    timings.clear()
    for round_number in range(rounds):
        turn = round_number % len(steps)
        for step in steps[turn:] + steps[:turn]:
            step()
    result: dict[str, float | int] = {name: round(statistics.median(values), 3)
                                      for name, values in timings.items()}
    result["rounds"] = rounds
    result["first_paint_vs_bare"] = round(result["first_paint_s"] / result["bare_s"], 2)
    result["cli_catalogue_vs_sqlalchemy_import"] = round(
        result["cli_catalogue_s"] / result["sqlalchemy_import_s"], 2)
    return result
