"""Two desks (two processes) appending to the audit trail at the same moment: the chain never
forks. Each append locks the chain's head row; on PostgreSQL (READ COMMITTED) a desk that
waited for the lock must then read the head the other desk committed, not the one it saw
first, or two rows would follow the same hash and `audit verify` would fail."""

from __future__ import annotations

import multiprocessing
from datetime import date
from itertools import pairwise

from sqlalchemy import func, select

from recovery_desk.domain.operations.setup import open_database
from recovery_desk.domain.staff import audit_service
from recovery_desk.domain.store import audit
from recovery_desk.domain.store.models import AuditEvent
from tests.backends import Target
from tests.conftest import CATALOGUE

PER_DESK = 40


def desk(target: str, name: str, start, done) -> None:
    db, actor = open_database(target, CATALOGUE, today=date(2026, 11, 27))
    start.wait()
    for number in range(PER_DESK):
        with db.writing() as tx:
            audit.record(tx, actor, "view", "group", number, desk=name)
    db.dispose()
    done.put(name)


def test_two_desks_appending_at_once_keep_one_unbroken_chain(db, actor,
                                                              db_path: Target) -> None:
    with db.reading() as tx:
        before = tx.scalar(select(func.count()).select_from(AuditEvent))
    context = multiprocessing.get_context("spawn")
    start, done = context.Barrier(2), context.Queue()
    desks = [context.Process(target=desk, args=(str(db_path), name, start, done))
             for name in ("front", "back")]
    for process in desks:
        process.start()
    assert sorted(done.get(timeout=120) for _ in desks) == ["back", "front"]
    for process in desks:
        process.join(timeout=60)
        assert process.exitcode == 0

    check = audit_service.verify(db, actor)
    assert check.holds, check
    with db.reading() as tx:
        rows = tx.execute(select(AuditEvent.detail).where(AuditEvent.action == "view")
                               .order_by(AuditEvent.id)).scalars().all()
    interleaved = sum(1 for a, b in pairwise(rows)
                      if a.get("desk") != b.get("desk"))
    assert check.rows >= before + 2 * PER_DESK and len(rows) == 2 * PER_DESK
    assert interleaved >= 1  # the desks really did write in turn, not one after the other
