"""`audit verify`'s walk of the whole chain, timed against the way it was first written (an
ORM object per row, json.dumps per row), in the same run on the same file:

    python tests/benchmarks/audit_verify.py PATH [--rounds N]

Each round runs both, alternating which goes first; the figure is the best round of each, as
rows per second, and new/old as a ratio (the target is at least 5x). Both must agree on the
result, or the script says so and exits 1. run.py runs one round on its large database.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import timing  # noqa: F401  (puts the project on the import path)
from sqlalchemy import select
from sqlalchemy.orm import Session

from recovery_desk.domain.store import audit
from recovery_desk.domain.store.database import Database
from recovery_desk.domain.store.models import AuditChain, AuditEvent


def first_chain_hash(previous: str, at: datetime, staff_id: int | None, workstation: str,
                     action: str, entity: str, entity_id: int | None, outcome: str,
                     detail: dict[str, Any]) -> str:
    """chain_hash as first written: a new encoder for every row."""
    payload = json.dumps([previous, at.isoformat(timespec="microseconds"), staff_id,
                          workstation, action, entity, entity_id, outcome, detail],
                         sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def first_verify(tx: Session) -> audit.ChainCheck:
    """verify as first written: every row loaded as an AuditEvent."""
    previous, rows, last_id = audit.GENESIS, 0, 0
    for row in tx.scalars(select(AuditEvent).order_by(AuditEvent.id)
                               .execution_options(yield_per=2000)):
        expected = first_chain_hash(previous, row.at, row.staff_id, row.workstation,
                                    row.action, row.entity, row.entity_id, row.outcome,
                                    row.detail)
        if row.chain_hash != expected:
            return audit.ChainCheck(rows, row.id, "its fields or the row before it were changed")
        previous, rows, last_id = row.chain_hash, rows + 1, row.id
    head = tx.get(AuditChain, 1)
    if head is not None and head.last_hash != previous:
        return audit.ChainCheck(rows, last_id, "rows after it were removed")
    return audit.ChainCheck(rows, None)


def measure(target: str | Path, rounds: int = 1) -> dict[str, Any]:
    """Best seconds of each way over rounds, rows per second, and the ratio."""
    db = Database.open(target)
    seconds: dict[str, list[float]] = {"old": [], "new": []}
    found: dict[str, audit.ChainCheck] = {}
    ways = [("old", first_verify), ("new", audit.verify)]
    try:
        for number in range(rounds):
            for name, way in ways if number % 2 == 0 else ways[::-1]:
                with db.reading() as tx:
                    started = time.perf_counter()
                    found[name] = way(tx)
                    seconds[name].append(time.perf_counter() - started)
    finally:
        db.dispose()
    old, new = min(seconds["old"]), min(seconds["new"])
    rows = found["new"].rows
    return {"rows": rows, "rounds": rounds, "old_s": round(old, 2), "new_s": round(new, 2),
            "old_rows_per_s": round(rows / old), "new_rows_per_s": round(rows / new),
            "ratio": round(old / new, 1),
            "same_result": (found["old"].rows, found["old"].broken_at)
            == (found["new"].rows, found["new"].broken_at)}


def describe(figures: dict[str, Any]) -> str:
    miss = "" if figures["ratio"] >= 5 else " *"
    return (f"audit verify, {figures['rows']:,} rows: {figures['new_rows_per_s']:,} rows/s "
            f"({figures['new_s']} s) against {figures['old_rows_per_s']:,} rows/s the first "
            f"way ({figures['old_s']} s): {figures['ratio']}x{miss}"
            + ("" if figures["same_result"] else "  RESULTS DIFFER"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", type=Path, help="a database (tests/benchmarks/generate.py)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of both ways (3)")
    args = parser.parse_args(argv)
    if not args.path.is_file():
        parser.error(f"{args.path}: no such file")
    figures = measure(args.path, max(1, args.rounds))
    print(describe(figures))
    print(json.dumps(figures))
    return 0 if figures["same_result"] else 1


if __name__ == "__main__":
    sys.exit(main())
