"""verify() hashes the stored fields without ORM objects and must agree, row for row, with
chain_hash over the ORM's values (the way it was first written): same rows, same break."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from recovery_desk.domain.service import catalogue_service
from recovery_desk.domain.store import audit
from recovery_desk.domain.store.models import AuditChain, AuditEvent

AWKWARD_DETAILS = [
    {}, {"name": "Zoë \"quoted\" O'Brien\\n", "n": 3}, {"nested": {"b": [1, None, 2.5], "a": True}},
    {"emoji": "\u2603 \U0001F600", "control": "tab\there\u0001"}, {"z": 1, "a": 2, "m": None},
]


def orm_verify(tx: Session) -> audit.ChainCheck:
    """The chain walked as first written: an AuditEvent per row, chain_hash over its values."""
    previous, rows, last_id = audit.GENESIS, 0, 0
    for row in tx.scalars(select(AuditEvent).order_by(AuditEvent.id)):
        if row.chain_hash != audit.chain_hash(previous, row.at, row.staff_id, row.workstation,
                                              row.action, row.entity, row.entity_id,
                                              row.outcome, row.detail):
            return audit.ChainCheck(rows, row.id, "its fields or the row before it were changed")
        previous, rows, last_id = row.chain_hash, rows + 1, row.id
    head = tx.get(AuditChain, 1)
    if head is not None and head.last_hash != previous:
        return audit.ChainCheck(rows, last_id, "rows after it were removed")
    return audit.ChainCheck(rows, None)


def _awkward_rows(db, actor) -> None:
    for group in catalogue_service.list_groups(db, actor)[:2]:
        catalogue_service.set_group_active(db, actor, group.id, False, datetime(2026, 11, 27)
                                           .date())
    with db.writing() as tx:
        for number, detail in enumerate(AWKWARD_DETAILS):
            audit.append(tx, None if number % 2 else actor.staff_id,
                         f"desk \u00e9 {number} \"x\"", "view", "service_user",
                         None if number == 3 else number, "refused" if number else "ok", detail)


def _both(db) -> tuple[audit.ChainCheck, audit.ChainCheck]:
    with db.reading() as tx:
        return audit.verify(tx), orm_verify(tx)


def test_a_sound_trail_with_awkward_values_verifies_the_same_both_ways(db, actor) -> None:
    """Quotes, accents, emoji, control characters, nesting, nulls: the same bytes hashed."""
    _awkward_rows(db, actor)
    fast, slow = _both(db)
    assert fast == slow and fast.holds and fast.rows > len(AWKWARD_DETAILS)


@pytest.mark.parametrize("change", [
    "UPDATE audit_events SET workstation = 'elsewhere' WHERE id = :id",
    "UPDATE audit_events SET at = :later WHERE id = :id",
    "UPDATE audit_events SET staff_id = NULL WHERE id = :id",
])
def test_a_changed_row_breaks_at_the_same_place_both_ways(
        db, actor, db_path, raw_sql, backend, change: str) -> None:
    """A quiet change found by both walks at the same row, with the same count before it."""
    _awkward_rows(db, actor)
    with db.reading() as tx:
        target = list(tx.scalars(select(AuditEvent.id).order_by(AuditEvent.id)))[-3]
    db.dispose()
    with raw_sql(db_path) as raw:
        backend.unguard_audit(raw)
        raw.execute(text(change), {"id": target, "later": datetime(2026, 11, 28, 9, 30, 0, 5)})
    fast, slow = _both(db)
    assert fast == slow and fast.broken_at == target


@pytest.mark.parametrize("stored", ["2026-12-03 16:15:00.000000", "2026-12-03 16:15:00",
                                    "2026-12-03 16:15:00.5", "2026-12-03T16:15:00.000123"])
def test_a_stored_sqlite_time_reads_as_isoformat(stored: str) -> None:
    """The fast path for SQLite's stored text, and the parse for any other form."""
    assert audit._sqlite_at_text(stored) == datetime.fromisoformat(stored).isoformat(
        timespec="microseconds")
