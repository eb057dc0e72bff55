"""The desk's figures on the demo database and a large one, side by side in one process:

    python tests/benchmarks/run.py [--large-db PATH] [--json] [--runs N] [--today YYYY-MM-DD]
                                   [--explain] [--start-rounds N] [--no-start-up] [--no-memory]

Without --large-db it makes one with generate.py (ten years, 20,000 people). Given one, it
works on a copy and checks afterwards that the file given is byte-for-byte unchanged. Each
interaction (interactions.py, intake_panel.py) runs on both, alternating, a few times untimed
and then --runs times each, counting the SQL statements it sends (timing.py says which). Then
bookings per second against an audited empty write (booking_rate.py), peak memory with every
tab shown (memory_probe.py), cold starts against bare baselines (start_up.py), and `audit
verify` against the way it was first written (audit_verify.py).

The table goes to stdout, or with --json to stderr while stdout gets the JSON object.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import audit_verify
import booking_rate
import report
import start_up
from explain import big_tables, plans
from interactions import CATALOGUE, NAMES, Desk, Interaction, NothingToMeasureError
from sqlalchemy.exc import SQLAlchemyError
from timing import StatementLog

from recovery_desk.cli import iso_date
from recovery_desk.domain.operations.setup import open_database
from recovery_desk.domain.store.errors import DomainError
from recovery_desk.domain.store.migrate import SchemaTooNewError

HERE = Path(__file__).resolve().parent
WARM_UP = 3
BOOKINGS = 100


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--large-db", type=Path, metavar="PATH",
                        help="a database made by this schema (default: generate one)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--runs", type=int, default=30, help="timed runs per interaction and "
                        "database (30; fewer gives figures not worth comparing)")
    parser.add_argument("--today", type=iso_date, help="the day to measure as (default: the "
                        "day after the large database's latest register, or today)")
    parser.add_argument("--explain", action="store_true",
                        help="print EXPLAIN QUERY PLAN of each statement on the large database")
    parser.add_argument("--start-rounds", type=int, default=5,
                        help="cold starts of each kind (5)")
    parser.add_argument("--no-start-up", action="store_true", help="skip the cold starts")
    parser.add_argument("--no-memory", action="store_true", help="skip the peak memory")
    args = parser.parse_args(argv)
    if args.runs < 1 or args.start_rounds < 1:
        parser.error("--runs and --start-rounds must be at least 1")
    if args.large_db is not None and not args.large_db.is_file():
        parser.error(f"--large-db {args.large_db}: no such file")
    return args


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def fingerprint(path: Path) -> str:
    digest = hashlib.sha256()
    for part in (path, Path(f"{path}-wal")):
        if part.exists():
            with part.open("rb") as file:
                for block in iter(lambda f=file: f.read(1 << 20), b""):
                    digest.update(block)
    return digest.hexdigest()


def copy_database(source: Path, target: Path) -> None:
    """The file and its write-ahead log, if it has one; never opened through SQLite."""
    shutil.copyfile(source, target)
    if Path(f"{source}-wal").exists():
        shutil.copyfile(f"{source}-wal", f"{target}-wal")


def latest_register_day(path: Path) -> date | None:
    with sqlite3.connect(path) as connection:
        latest = connection.execute("SELECT max(date) FROM sessions").fetchone()[0]
    return date.fromisoformat(latest) if latest else None


def prepare_large(args: argparse.Namespace, folder: Path) -> tuple[Path, dict[str, Any]]:
    large = folder / "large.sqlite3"
    if args.large_db is not None:
        source = args.large_db.resolve()
        copy_database(source, large)
        return large, {"given": str(source), "sha256": fingerprint(source)}
    today = args.today or date.today()
    say(f"Generating the large database (to {today})...")
    started = time.perf_counter()
    subprocess.run([sys.executable, str(HERE / "generate.py"), str(large), "--today",
                    today.isoformat()], check=True, stdout=subprocess.DEVNULL)
    return large, {"given": None, "generated_in_s": round(time.perf_counter() - started, 1)}


def time_pair(pair: tuple[Interaction, Interaction], runs: int,
              log: StatementLog) -> dict[str, Any]:
    """Both databases in turn (which goes first alternates), WARM_UP untimed runs each first."""
    seconds: dict[str, list[float]] = {"demo": [], "large": []}
    counts: dict[str, list[tuple[int, int]]] = {"demo": [], "large": []}

    def once(label: str, item: Interaction, timed: bool) -> None:
        log.start()
        started = time.perf_counter()
        value = item.run()
        elapsed = time.perf_counter() - started
        counted = log.stop()
        if item.settle is not None:
            item.settle(value)
        if timed:
            seconds[label].append(elapsed)
            counts[label].append(counted)

    sides = list(zip(("demo", "large"), pair, strict=True))
    for _ in range(WARM_UP):
        for label, item in sides:
            once(label, item, False)
    for number in range(runs):
        for label, item in sides if number % 2 == 0 else sides[::-1]:
            once(label, item, True)
    return report.figures(pair[0].name, seconds, counts,
                          {"demo": pair[0].given, "large": pair[1].given})


def explain_all(items: list[Interaction], log: StatementLog, path: Path) -> list[dict[str, Any]]:
    big = big_tables(path)
    found = []
    for item in items:
        log.start(keep=True)
        value = item.run()
        log.stop()
        if item.settle is not None:
            item.settle(value)
        mine = [s for s in log.kept if Path(s.database).resolve() == path.resolve()]
        found.append({"interaction": item.name, "statements": [
            vars(p) for p in plans(mine, path, big)]})
    return found


def peak_memory(path: Path, today: date, folder: Path) -> dict[str, Any]:
    folder.mkdir(exist_ok=True)
    out = subprocess.run([sys.executable, str(HERE / "memory_probe.py"), str(path),
                          today.isoformat()], check=True, capture_output=True, text=True,
                         env=start_up.environment(folder))
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure(args: argparse.Namespace, folder: Path) -> dict[str, Any]:
    from intake_panel import PanelUpdate

    from recovery_desk.views.shell.app import application

    log = StatementLog()
    log.install()
    large, large_facts = prepare_large(args, folder)
    today = args.today or min(date.today(), (latest_register_day(large) or date.today())
                              + timedelta(days=1))
    demo = folder / "demo.sqlite3"
    db, _ = open_database(demo, CATALOGUE, today=today, demo=True)
    db.dispose()
    app = application()
    desks = [Desk("demo", demo, today), Desk("large", large, today)]
    say(f"Measuring as of {today}; choosing each interaction's arguments...")
    large_items = desks[1].interactions()
    demo_items = desks[0].interactions(like=desks[1])
    panels = [PanelUpdate(app, d.db, d.actor, today, d.longest_history()[0]) for d in desks]
    pairs = [*zip(demo_items, large_items, strict=True),
             tuple(Interaction(NAMES[10], p, "the intake tab, a person with long history open")
                   for p in panels)]
    results = []
    for pair in pairs:
        say(f"  {pair[0].name}: {args.runs} runs on each database...")
        results.append(time_pair(pair, args.runs, log))
    explained = explain_all([p[1] for p in pairs], log, large) if args.explain else None
    say(f"Booking {BOOKINGS} times on each database...")
    booking = booking_rate.measure(desks, BOOKINGS)
    for panel in panels:
        panel.close()
    for desk in desks:
        desk.close()
    memory = None
    if not args.no_memory:
        say("Peak memory with every tab shown...")
        memory = {label: peak_memory(path, today, folder / "xdg")
                  for label, path in (("demo", demo), ("large", large))}
    start = None
    if not args.no_start_up:
        say(f"Cold starts, {args.start_rounds} rounds...")
        start = start_up.measure_start(args.start_rounds, large)
    say("Verifying the large database's audit trail, the first way and the new...")
    audit_figures = audit_verify.measure(large)
    if large_facts.get("given"):
        large_facts["unchanged"] = fingerprint(Path(large_facts["given"])) \
            == large_facts.pop("sha256")
    return {**report.assemble(today, args.runs, results, booking, memory, start, explained,
                              {"demo": report.counts(demo), "large": {**large_facts,
                                                                      **report.counts(large)}}),
            "audit_verify": audit_figures}


def main(argv: list[str] | None = None) -> int:
    args = parse_arguments(argv)
    before = os.getloadavg()
    try:
        with tempfile.TemporaryDirectory(prefix="recovery-desk-benchmark-") as folder:
            figures = measure(args, Path(folder))
    except NothingToMeasureError as error:
        say(f"run.py: {error}")
        return 2
    except (sqlite3.DatabaseError, SQLAlchemyError, SchemaTooNewError, DomainError) as error:
        say(f"run.py: cannot measure on {args.large_db}: {error}".split("\n")[0])
        return 2
    figures = {"machine": report.machine(before, os.getloadavg()), **figures}
    table = f"{report.table(figures)}\n{audit_verify.describe(figures['audit_verify'])}"
    if args.json:
        print(table, file=sys.stderr)
        print(json.dumps(figures, indent=2))
    else:
        print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
