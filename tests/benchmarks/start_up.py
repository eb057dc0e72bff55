"""Cold start through the real entry point, each as a fresh process, against baselines started
the same way in the same run.

- The window: time from starting `python -m recovery_desk` to its first painted frame, and to
  the first screen (Today) painted (the hidden hook RECOVERY_DESK_EXIT_AFTER_PAINT,
  see views/start_probe.py, prints the moment and quits), against a bare PySide6 QMainWindow
  timed to its first painted frame in the same way.
- The CLI: each verb on the demo database, start to exit, against `python -c "import sqlalchemy"`.

Runs are interleaved (one of each per round) so a busy machine slows all of them alike;
measure_start() gives medians, and the printed report adds the best run of each, which on a
shared, busy machine is nearer what a clinic PC doing nothing else would see. The package is
byte-compiled first, as an installed copy would be.
measure_start() gives the figures the benchmark runner (run.py --json) reports as `start`.

Targets (issue 10): first paint <= 1.5x the bare window; the timetable <= 3x; every CLI verb
<= 1.3x the SQLAlchemy import alone. The printed report adds two floors no start-up that uses
SQLAlchemy's ORM can beat: the bare window that then imports sqlalchemy.orm, and a process that
only imports sqlalchemy.orm (both with the garbage collector handled as the app handles it).
"""

from __future__ import annotations

import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = "RECOVERY_DESK_EXIT_AFTER_PAINT"
REPEATS = 7
START_TIMEOUT_S = 300
# The bare window, painted and timed the way the app's hook does it: the moment is taken just
# after the window's first frame, then the app quits.
BARE_WINDOW = """
import sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

class FirstFrame(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self.report)
        return False

    def report(self):
        if "--then-orm" in sys.argv:  # the floor for the timetable: SQLAlchemy's ORM loaded
            import gc
            gc.disable()  # as the app does while starting
            import sqlalchemy.orm
        print(f"first_paint {time.time():.6f}", flush=True)
        QApplication.exit(0)

app = QApplication(sys.argv)
window = QMainWindow()
watcher = FirstFrame()
window.installEventFilter(watcher)
window.resize(1200, 800)
window.show()
sys.exit(app.exec())
"""
# The CLI's floor: the ORM loaded the way the app loads it (the collector off, and what was
# made frozen out of the last collection at exit).
ORM_FLOOR = "import gc; gc.disable(); import sqlalchemy.orm; gc.freeze()"
# The verbs with the service's figures sign in (an Argon2id check and an audited sign-in, a
# real part of what they cost) as the demo's keyworker; the catalogue needs no one.
SIGNED_IN = ["--user", "demo-keyworker"]
CLI_VERBS: dict[str, list[str]] = {
    "catalogue --json": ["catalogue", "--json"],
    "sessions --json (4 weeks)": [*SIGNED_IN, "sessions", "--from", "2026-11-30", "--to",
                                  "2026-12-27", "--json"],
    "capacity --json": [*SIGNED_IN, "capacity", "--on", "2026-11-27", "--json"],
    "eligibility --json": [*SIGNED_IN, "eligibility", "{profile}", "--on", "2026-11-27",
                           "--json"],
}
PROFILE = ('{"date_of_birth": "1985-04-02", "sex": "male", "msm": true, "substances": '
           '[{"name": "alcohol", "days_used_last_28": 20}], "abstinent_from_illicit_since": '
           'null, "abstinent_from_all_since": null, "substitute_medication": null, '
           '"goals": ["reduce_drinking"], "keyworker_referral": true}')


def environment(folder: Path) -> dict[str, str]:
    """Headless, with settings and the data folder in folder (so the Timetable is the tab
    shown and the person's own settings and logs are never touched)."""
    env = {k: v for k, v in os.environ.items() if k != PROBE}
    env.update(QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(folder / "config"),
               XDG_DATA_HOME=str(folder / "data"), RECOVERY_DESK_PASSWORD="demo")
    return env


def _until_exit(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)
    return time.perf_counter() - started


def _until_moment(command: list[str], env: dict[str, str], moment: str) -> float:
    """Seconds from starting the process to the moment it prints (`<moment> <time.time()>`)."""
    started = time.time()
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=START_TIMEOUT_S)
    lines = [line.split() for line in result.stdout.splitlines()]
    stamps = [float(line[1]) for line in lines if len(line) == 2 and line[0] == moment]
    if result.returncode != 0 or not stamps:
        raise RuntimeError(f"{' '.join(command)} did not report {moment}: {result.stderr}")
    return stamps[0] - started


def give_a_manager(database: Path) -> None:
    """A database with nobody to sign in as would open at the first manager's dialog, not the
    sign-in page: make the manager first (on the runner's copy, never the file it was given)."""
    from datetime import date

    from recovery_desk.config import resource_path
    from recovery_desk.domain.operations.setup import open_database
    from recovery_desk.domain.staff import accounts
    db, _ = open_database(database, resource_path("catalogue.json"), today=date.today())
    try:
        if accounts.needs_first_manager(db):
            accounts.create_first_manager(db, "benchmark", "Benchmark Manager",
                                          "benchmark password", "benchmark")
    finally:
        db.dispose()


def _interleaved(runs: dict[str, Callable[[], float]], repeats: int) -> dict[str, list[float]]:
    timings: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(repeats):
        for name, run in runs.items():
            timings[name].append(run())
    return timings


def _measure(repeats: int, verbs: dict[str, list[str]], floors: bool = False,
             large: Path | None = None) -> dict[str, list[float]]:
    python = sys.executable
    compileall.compile_dir(ROOT / "recovery_desk", quiet=1)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        env = environment(folder)
        demo = str(folder / "demo.sqlite3")
        profile = folder / "profile.json"
        profile.write_text(PROFILE, encoding="utf-8")
        subprocess.run([python, "-m", "recovery_desk", "--demo", "--db", demo, "catalogue"],
                       cwd=ROOT, env=env, check=True, capture_output=True)
        app = [python, "-m", "recovery_desk", "--db", demo]
        runs: dict[str, Callable[[], float]] = {
            "bare_s": lambda: _until_moment([python, "-c", BARE_WINDOW], env, "first_paint"),
            "first_paint_s": lambda: _until_moment(
                app, {**env, PROBE: "first_paint"}, "first_paint"),
            "timetable_ready_s": lambda: _until_moment(
                app, {**env, PROBE: "timetable"}, "timetable"),
            "sqlalchemy_import_s": lambda: _until_exit([python, "-c", "import sqlalchemy"], env),
        }
        if large is not None:  # years of history: the same start, on the large database
            give_a_manager(large)
            on_large = [python, "-m", "recovery_desk", "--db", str(large)]
            runs["first_paint_large_s"] = lambda: _until_moment(
                on_large, {**env, PROBE: "first_paint"}, "first_paint")
            # Not the demo, so it opens at the sign-in page.
            runs["sign_in_ready_large_s"] = lambda: _until_moment(
                on_large, {**env, PROBE: "sign_in"}, "sign_in")
        if floors:  # what no start-up that loads SQLAlchemy's ORM can beat
            runs["bare_then_orm_s"] = lambda: _until_moment(
                [python, "-c", BARE_WINDOW, "--then-orm"], env, "first_paint")
            runs["orm_import_s"] = lambda: _until_exit([python, "-c", ORM_FLOOR], env)
        for label, arguments in verbs.items():
            command = app + [a.replace("{profile}", str(profile)) for a in arguments]
            runs[label] = lambda command=command: _until_exit(command, env)
        for run in runs.values():  # once unmeasured: disk caches warm for every process alike
            run()
        return _interleaved(runs, repeats)


def measure_start(repeats: int = REPEATS, large: Path | None = None) -> dict[str, float]:
    """The `start` object of the benchmark runner's --json: bare_s, first_paint_s,
    timetable_ready_s, cli_catalogue_s and sqlalchemy_import_s, in seconds (medians), with
    first_paint_large_s and sign_in_ready_large_s when given the large database."""
    timings = _measure(repeats, {"catalogue --json": CLI_VERBS["catalogue --json"]},
                       large=large)
    figures = {name: statistics.median(values) for name, values in timings.items()}
    figures["cli_catalogue_s"] = figures.pop("catalogue --json")
    return {name: round(value, 4) for name, value in figures.items()}


def main() -> None:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else REPEATS
    timings = _measure(repeats, CLI_VERBS, floors=True)
    medians = {name: statistics.median(values) for name, values in timings.items()}
    best = {name: min(values) for name, values in timings.items()}

    def line(label: str, name: str, baseline: str, target: float | None) -> None:
        ratio, best_ratio = medians[name] / medians[baseline], best[name] / best[baseline]
        verdict = "" if target is None else f"  target <= {target}x: " + (
            "met" if ratio <= target else "NOT MET")
        print(f"{label:42} {medians[name] * 1000:6.0f} ms {ratio:5.2f}x   "
              f"{best[name] * 1000:6.0f} ms {best_ratio:5.2f}x{verdict}")

    print(f"{repeats} interleaved runs of each{'':20} median, ratio   best, ratio")
    line("bare QMainWindow, first paint", "bare_s", "bare_s", None)
    line("main window, first paint", "first_paint_s", "bare_s", 1.5)
    line("the first screen (Today) shown", "timetable_ready_s", "bare_s", 3.0)
    line("  floor: bare, then sqlalchemy.orm loaded", "bare_then_orm_s", "bare_s", None)
    line('python -c "import sqlalchemy"', "sqlalchemy_import_s", "sqlalchemy_import_s", None)
    line("  floor: a process importing sqlalchemy.orm", "orm_import_s", "sqlalchemy_import_s",
         None)
    for label in CLI_VERBS:
        line(f"recovery-desk {label}", label, "sqlalchemy_import_s", 1.3)


if __name__ == "__main__":
    main()
