"""The desk's interactions on an encrypted copy of a database against the same database plain,
in one process, alternating as run.py does; and the cost of opening each (for the encrypted one
the key's unwrapping by a password, Argon2id at the sign-in cost, included):

    python tests/benchmarks/cipher.py LARGE.sqlite3 [--runs N] [--json]

LARGE is copied twice (it is not changed): one copy stays plain, the other gets a manager and
is encrypted with operations/encryption.py. Prints each interaction's p50 and p95 on both and
the ratio of the p95s (the target: within 1.3x, and under 50 ms)."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import report
from interactions import CATALOGUE, NAMES, Desk, Interaction
from run import latest_register_day, time_pair
from timing import StatementLog

from recovery_desk.domain.operations import encryption
from recovery_desk.domain.operations.setup import open_database
from recovery_desk.domain.staff import accounts
from recovery_desk.domain.staff.passwords import HASHER
from recovery_desk.domain.store import key_slots, staff_writes
from recovery_desk.vocabulary import StaffRole

MANAGER, PASSWORD = "benchmark.manager", "benchmark manager password"
OPENINGS = 10


def _copies(large: Path, folder: Path, today: date) -> tuple[Path, Path]:
    plain, cipher = folder / "plain.sqlite3", folder / "cipher.sqlite3"
    shutil.copyfile(large, plain)
    shutil.copyfile(large, cipher)
    for path in (plain, cipher):  # the same accounts on both
        db, actor = open_database(path, CATALOGUE, today=today)
        with db.writing() as tx:
            staff = staff_writes.add(tx, actor.staff_id, MANAGER, "Benchmark Manager",
                                     StaffRole.MANAGER, HASHER.hash(PASSWORD))
            staff.must_change_password = False
        db.dispose()
    db, _ = open_database(cipher, CATALOGUE, today=today)
    encryption.encrypt(db, MANAGER, PASSWORD, "benchmark")
    return plain, cipher


def _opening(path: Path, today: date, encrypted: bool) -> dict[str, float]:
    """Milliseconds to open (and sign in): the median and the worst of OPENINGS."""
    times = []
    for _ in range(OPENINGS):
        started = time.perf_counter()
        key = key_slots.unlock(path, MANAGER, PASSWORD) if encrypted else None
        db, _ = open_database(path, CATALOGUE, today=today, key=key)
        accounts.sign_in(db, MANAGER, PASSWORD, "benchmark")
        times.append(time.perf_counter() - started)
        db.dispose()
    return {"median_ms": round(statistics.median(times) * 1000, 1),
            "max_ms": round(max(times) * 1000, 1)}


def measure(large: Path, runs: int, folder: Path) -> dict[str, Any]:
    from intake_panel import PanelUpdate

    from recovery_desk.views.shell.app import application

    log = StatementLog()
    log.install()
    today = min(date.today(), (latest_register_day(large) or date.today()) + timedelta(days=1))
    plain, cipher = _copies(large, folder, today)
    opening = {"plain": _opening(plain, today, False), "encrypted": _opening(cipher, today, True)}
    app = application()
    desks = [Desk("plain", plain, today),
             Desk("encrypted", cipher, today, key_slots.unlock(cipher, MANAGER, PASSWORD))]
    encrypted_items = desks[1].interactions()
    plain_items = desks[0].interactions(like=desks[1])
    panels = [PanelUpdate(app, d.db, d.actor, today, d.longest_history()[0]) for d in desks]
    pairs = [*zip(plain_items, encrypted_items, strict=True),
             tuple(Interaction(NAMES[-1], p, "the intake tab, a person with long history open")
                   for p in panels)]
    results = []
    for pair in pairs:
        print(f"  {pair[0].name}: {runs} runs on each...", file=sys.stderr)
        figures = time_pair(pair, runs, log)
        results.append({"name": figures["name"],
                        "plain_p50_ms": figures["demo_p50_ms"],
                        "plain_p95_ms": figures["demo_p95_ms"],
                        "encrypted_p50_ms": figures["large_p50_ms"],
                        "encrypted_p95_ms": figures["large_p95_ms"],
                        "p95_ratio": figures["p95_ratio"],
                        "p50_ratio": round(figures["large_p50_ms"]
                                           / figures["demo_p50_ms"], 2)})
    for panel in panels:
        panel.close()
    for desk in desks:
        desk.close()
    return {"today": today.isoformat(), "runs": runs, "opening": opening,
            "interactions": results, "counts": report.counts(plain)}


def table(figures: dict[str, Any]) -> str:
    lines = [f"{'interaction':<44} {'plain p50/p95':>16} {'encrypted p50/p95':>20} "
             f"{'ratio p50/p95':>14}"]
    for row in figures["interactions"]:
        lines.append(f"{row['name']:<44} {row['plain_p50_ms']:>7.1f}/{row['plain_p95_ms']:<7.1f}"
                     f"  {row['encrypted_p50_ms']:>9.1f}/{row['encrypted_p95_ms']:<9.1f}"
                     f"  {row['p50_ratio']:>6.2f}/{row['p95_ratio']:<6.2f}")
    opening = figures["opening"]
    lines.append(f"opening and signing in (median/max ms): plain "
                 f"{opening['plain']['median_ms']}/{opening['plain']['max_ms']}, encrypted "
                 f"{opening['encrypted']['median_ms']}/{opening['encrypted']['max_ms']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("large", type=Path, help="the database to copy (not changed)")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="recovery-desk-cipher-") as folder:
        figures = measure(args.large.resolve(), args.runs, Path(folder))
    print(table(figures), file=sys.stderr if args.json else sys.stdout)
    if args.json:
        print(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
