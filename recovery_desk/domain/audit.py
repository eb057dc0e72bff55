"""The audit trail: every change (and, for people's records, every view) with who and when."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from recovery_desk.domain.models import AuditEvent
from recovery_desk.domain.staff import Actor
from recovery_desk.domain.timestamps import utc_now


def record(session: Session, actor: Actor, action: str, entity: str, entity_id: int | None,
           **detail: Any) -> None:
    """Add an audit event to the caller's transaction, so it commits or rolls back with it."""
    session.add(AuditEvent(at=utc_now(), staff_id=actor.staff_id, action=action,
                           entity=entity, entity_id=entity_id, detail=detail))
