"""The audit trail: every sign-in, lock, view of a person's record and change, with who, where,
when (UTC) and the outcome; never clinical values.

Rows are added to the caller's transaction, so they commit or roll back with the change. Each
row's hash is SHA-256 over its fields and the previous row's hash; the one-row audit_chain
table holds the newest hash and is locked for each append. verify() walks the chain: the
stored fields straight from a streamed SELECT, no ORM objects, so ten years of history take
seconds. Rows are never deleted and their ids never reused (AUTOINCREMENT on SQLite, a
sequence on a server), so a trail cut short shows as ids missing against a backup
(audit_backups.py).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from json.encoder import encode_basestring
from typing import Any

from sqlalchemy import String, Text, cast, event, insert, select, type_coerce
from sqlalchemy.orm import Session

from recovery_desk.domain.store.actor import Actor
from recovery_desk.domain.store.models import AuditChain, AuditEvent
from recovery_desk.domain.store.timestamps import utc_now

GENESIS = "0" * 64
_HEAD = "audit_head"
_PENDING = "audit_pending"
BATCH = 5000
"""Rows fetched at a time by verify (a server-side cursor on PostgreSQL)."""
DETAILS_KEPT = 50_000
"""Distinct details verify keeps canonicalised at once, so memory stays bounded."""
# What json.dumps(..., sort_keys=True, separators=(",", ":"), ensure_ascii=False) builds on
# every call, built once: the same bytes, without an encoder per row.
_ENCODE = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode
_SHA256 = hashlib.sha256


def chain_hash(previous: str, at: datetime, staff_id: int | None, workstation: str,
               action: str, entity: str, entity_id: int | None, outcome: str,
               detail: dict[str, Any]) -> str:
    payload = _ENCODE([previous, at.isoformat(timespec="microseconds"), staff_id,
                       workstation, action, entity, entity_id, outcome, detail])
    return _SHA256(payload.encode("utf-8")).hexdigest()


def _head(tx: Session) -> AuditChain:
    head = tx.info.get(_HEAD)
    if head is None:
        # Locked, and read afresh: on PostgreSQL a desk that waited for the lock then sees
        # the newest committed hash, whatever this session had loaded before.
        head = tx.scalar(select(AuditChain).where(AuditChain.id == 1).with_for_update()
                              .execution_options(populate_existing=True))
        if head is None:
            head = AuditChain(id=1, last_hash=GENESIS)
            tx.add(head)
        tx.info[_HEAD] = head
    return head


def lock_chain(tx: Session) -> None:
    """Take the audit chain's lock now rather than at this transaction's first audit row: for
    a change with no row of its own to lock first (a setting saved for the first time), so
    what it then reads is what the last desk to save left. The chain's head is read once per
    transaction either way."""
    _head(tx)


def append(tx: Session, staff_id: int | None, workstation: str, action: str,
           entity: str, entity_id: int | None, outcome: str = "ok",
           detail: dict[str, Any] | None = None, at: datetime | None = None) -> None:
    """Add one chained row to the caller's transaction. The rows of a transaction are written
    together as it commits (one statement, however many), in the order they were added.
    at: when it happened, for a row written later than that (the disk was full); now if
    not given."""
    # Stored as JSON and hashed as read back, so the hash is over exactly what is stored.
    canonical = json.loads(json.dumps(detail or {}, default=str))
    head = _head(tx)
    at = at or utc_now()
    digest = chain_hash(head.last_hash, at, staff_id, workstation, action, entity, entity_id,
                        outcome, canonical)
    tx.info.setdefault(_PENDING, []).append(
        {"at": at, "staff_id": staff_id, "workstation": workstation, "action": action,
         "entity": entity, "entity_id": entity_id, "outcome": outcome, "detail": canonical,
         "chain_hash": digest})
    head.last_hash = digest


@event.listens_for(Session, "before_commit")
def _write_pending(tx: Session) -> None:
    rows = tx.info.pop(_PENDING, None)
    if rows:
        tx.execute(insert(AuditEvent), rows)


@event.listens_for(Session, "after_rollback")
@event.listens_for(Session, "after_commit")
def _forget(tx: Session) -> None:
    tx.info.pop(_PENDING, None)
    tx.info.pop(_HEAD, None)


def record(tx: Session, actor: Actor, action: str, entity: str, entity_id: int | None,
           **detail: Any) -> None:
    """The usual row: the acting staff member did something to a record."""
    append(tx, actor.staff_id, actor.workstation, action, entity, entity_id, "ok", detail)


@dataclass(frozen=True)
class ChainCheck:
    rows: int
    broken_at: int | None
    """The id of the first row whose hash does not follow, or None when the chain holds."""
    reason: str = ""
    missing: tuple[str, ...] = ()
    """What backups hold that the trail does not ("rows 812-840 are missing ...")."""
    explained: tuple[str, ...] = ()
    """What backups taken before a restore hold beyond it (a restore rewinds the trail)."""
    backups_read: int = 0
    backups_unreadable: int = 0
    seconds: float = 0.0

    @property
    def holds(self) -> bool:
        return self.broken_at is None and not self.missing


def _canonical_detail(stored: str | None) -> str:
    """The detail as chain_hash writes it, from the JSON text the database holds."""
    return _ENCODE(None if stored is None else json.loads(stored))


def _datetime_text(at: datetime) -> str:
    return at.isoformat(timespec="microseconds")


def _sqlite_at_text(stored: str) -> str:
    """What datetime.isoformat gives for a time as SQLite holds it ('2026-12-03
    16:15:00.000000', as SQLAlchemy always writes it): the same characters with a T, without
    building a datetime; any other form is parsed."""
    if len(stored) == 26 and stored[10] == " " and stored[19] == ".":
        return f"{stored[:10]}T{stored[11:]}"
    return datetime.fromisoformat(stored).isoformat(timespec="microseconds")


def verify(tx: Session) -> ChainCheck:
    """Recompute every row's hash in order; the first that does not match breaks the chain.

    The stored fields come from a plain SELECT, BATCH rows at a time (a server-side cursor on
    PostgreSQL), with no ORM objects: the detail as its stored JSON text, canonicalised once
    per distinct text (most rows repeat a handful), and on SQLite the time as its stored text.
    The bytes hashed are chain_hash's, written out here because this loop runs once a row
    (tests/domain/test_audit_verify.py holds the two together)."""
    events = AuditEvent.__table__.c
    sqlite = tx.get_bind().dialect.name == "sqlite"
    at_column = type_coerce(events.at, String) if sqlite else events.at
    at_text = _sqlite_at_text if sqlite else _datetime_text
    query = select(events.id, at_column, events.staff_id, events.workstation, events.action,
                   events.entity, events.entity_id, events.outcome,
                   cast(events.detail, Text), events.chain_hash).order_by(events.id)
    result = tx.connection().execution_options(yield_per=BATCH).execute(query)
    text, sha256 = encode_basestring, _SHA256
    previous, rows, last_id = GENESIS, 0, 0
    details: dict[str | None, str] = {}
    try:
        for (event_id, at, staff_id, workstation, action, entity, entity_id, outcome,
             detail, stored) in result:
            canonical = details.get(detail)
            if canonical is None:
                if len(details) >= DETAILS_KEPT:  # a trail of mostly distinct details
                    details.clear()
                canonical = details[detail] = _canonical_detail(detail)
            # The encoder writes a list as its items joined by ","; strings through
            # encode_basestring (ensure_ascii=False), whole numbers with int.__repr__.
            staff = "null" if staff_id is None else int.__repr__(staff_id)
            record = "null" if entity_id is None else int.__repr__(entity_id)
            payload = (f"[{text(previous)},{text(at_text(at))},{staff},{text(workstation)},"
                       f"{text(action)},{text(entity)},{record},{text(outcome)},{canonical}]")
            if stored != sha256(payload.encode("utf-8")).hexdigest():
                return ChainCheck(rows, event_id,
                                  "its fields or the row before it were changed")
            previous, rows, last_id = stored, rows + 1, event_id
    finally:
        result.close()
    head = tx.get(AuditChain, 1)
    if head is not None and head.last_hash != previous:
        return ChainCheck(rows, last_id, "rows after it were removed")
    return ChainCheck(rows, None)
