"""The audit trail: every sign-in, lock, view of a person's record and change, with who, where,
when (UTC) and the outcome; never clinical values.

Rows are added to the caller's transaction, so they commit or roll back with the change. Each
row's hash is SHA-256 over its fields and the previous row's hash; the one-row audit_chain
table holds the newest hash and is locked for each append. verify() walks the chain.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import event, insert, select
from sqlalchemy.orm import Session

from recovery_desk.domain.models import AuditChain, AuditEvent
from recovery_desk.domain.staff import Actor
from recovery_desk.domain.timestamps import utc_now

GENESIS = "0" * 64
_HEAD = "audit_head"
_PENDING = "audit_pending"


def chain_hash(previous: str, at: datetime, staff_id: int | None, workstation: str,
               action: str, entity: str, entity_id: int | None, outcome: str,
               detail: dict[str, Any]) -> str:
    payload = json.dumps([previous, at.isoformat(timespec="microseconds"), staff_id,
                          workstation, action, entity, entity_id, outcome, detail],
                         sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _head(session: Session) -> AuditChain:
    head = session.info.get(_HEAD)
    if head is None:
        # Locked, and read afresh: on PostgreSQL a desk that waited for the lock then sees
        # the newest committed hash, whatever this session had loaded before.
        head = session.scalar(select(AuditChain).where(AuditChain.id == 1).with_for_update()
                              .execution_options(populate_existing=True))
        if head is None:
            head = AuditChain(id=1, last_hash=GENESIS)
            session.add(head)
        session.info[_HEAD] = head
    return head


def lock_chain(session: Session) -> None:
    """Take the audit chain's lock now rather than at this transaction's first audit row: for
    a change with no row of its own to lock first (a setting saved for the first time), so
    what it then reads is what the last desk to save left. The chain's head is read once per
    transaction either way."""
    _head(session)


def append(session: Session, staff_id: int | None, workstation: str, action: str,
           entity: str, entity_id: int | None, outcome: str = "ok",
           detail: dict[str, Any] | None = None) -> None:
    """Add one chained row to the caller's transaction. The rows of a transaction are written
    together as it commits (one statement, however many), in the order they were added."""
    # Stored as JSON and hashed as read back, so the hash is over exactly what is stored.
    canonical = json.loads(json.dumps(detail or {}, default=str))
    head = _head(session)
    at = utc_now()
    digest = chain_hash(head.last_hash, at, staff_id, workstation, action, entity, entity_id,
                        outcome, canonical)
    session.info.setdefault(_PENDING, []).append(
        {"at": at, "staff_id": staff_id, "workstation": workstation, "action": action,
         "entity": entity, "entity_id": entity_id, "outcome": outcome, "detail": canonical,
         "chain_hash": digest})
    head.last_hash = digest


@event.listens_for(Session, "before_commit")
def _write_pending(session: Session) -> None:
    rows = session.info.pop(_PENDING, None)
    if rows:
        session.execute(insert(AuditEvent), rows)


@event.listens_for(Session, "after_rollback")
@event.listens_for(Session, "after_commit")
def _forget(session: Session) -> None:
    session.info.pop(_PENDING, None)
    session.info.pop(_HEAD, None)


def record(session: Session, actor: Actor, action: str, entity: str, entity_id: int | None,
           **detail: Any) -> None:
    """The usual row: the acting staff member did something to a record."""
    append(session, actor.staff_id, actor.workstation, action, entity, entity_id, "ok", detail)


@dataclass(frozen=True)
class ChainCheck:
    rows: int
    broken_at: int | None
    """The id of the first row whose hash does not follow, or None when the chain holds."""
    reason: str = ""

    @property
    def holds(self) -> bool:
        return self.broken_at is None


def verify(session: Session) -> ChainCheck:
    """Recompute every row's hash in order; the first that does not match breaks the chain."""
    previous, rows, last_id = GENESIS, 0, 0
    for row in session.scalars(select(AuditEvent).order_by(AuditEvent.id)
                                 .execution_options(yield_per=2000)):
        expected = chain_hash(previous, row.at, row.staff_id, row.workstation,
                              row.action, row.entity, row.entity_id, row.outcome,
                              row.detail)
        if row.chain_hash != expected:
            return ChainCheck(rows, row.id, "its fields or the row before it were changed")
        previous, rows, last_id = row.chain_hash, rows + 1, row.id
    head = session.get(AuditChain, 1)
    if head is not None and head.last_hash != previous:
        return ChainCheck(rows, last_id, "rows after it were removed")
    return ChainCheck(rows, None)
