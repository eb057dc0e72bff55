"""Subject access: everything held about one service user, for a request under UK GDPR.

Which tables to read is found from the schema itself: every table with a foreign key to the
service user, then every table with a key to those, and so on. A table added later is read
without anyone remembering to add it here; its rows are followed only along keys that lead
back to this one person, so no other person's data comes with them. References to the
catalogue and to staff are given as names, and the trail of who viewed or changed the record
comes too.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import ForeignKey, MetaData, Table, and_, or_, select
from sqlalchemy.orm import Session

from recovery_desk.access import Permission
from recovery_desk.domain.store import audit
from recovery_desk.domain.store.actor import Actor
from recovery_desk.domain.store.database import Database
from recovery_desk.domain.store.errors import NotFoundError
from recovery_desk.domain.store.models import (
    AuditEvent,
    Base,
    Group,
    GroupSession,
    ServiceUser,
    Staff,
)
from recovery_desk.identifiers import IdentifierError, nhs_number

PERSON_TABLE = "service_users"
# Kept for the search, derived from the names already given: not more about the person.
SKIPPED = {"name_words"}
HIDDEN_COLUMNS = {"given_key", "family_key", "preferred_key"}
NAMED: dict[str, tuple[str, type[Group] | type[Staff]]] = {
    "groups": ("name", Group), "staff": ("display_name", Staff)}
# The audit trail names records by these words; each maps to the table the id belongs to.
AUDITED_AS = {"service_user": PERSON_TABLE, "person_record": PERSON_TABLE,
              "subject_access": PERSON_TABLE, "referral": "referrals",
              "enrolment": "enrolments", "waiting_list_entry": "waiting_list_entries",
              "attendance": "attendance", "contact_attempt": "contact_attempts",
              "message": "messages"}


@dataclass(frozen=True)
class Route:
    """How a table's rows lead back to the person: the key in it and the table it points at."""

    table: Table
    key: ForeignKey


def routes(metadata: MetaData = Base.metadata) -> list[Route]:
    """Every table that leads back to the person, in the order found (nearest first)."""
    found: list[Route] = []
    reached = {PERSON_TABLE}
    queue = deque([PERSON_TABLE])
    while queue:
        target = queue.popleft()
        for table in metadata.sorted_tables:
            if table.name in reached or table.name in SKIPPED:
                continue
            for key in table.foreign_keys:
                if key.column.table.name == target:
                    found.append(Route(table, key))
                    reached.add(table.name)
                    queue.append(table.name)
                    break
    return found


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if hasattr(value, "value"):  # the value words (StrEnum)
        return value.value
    return value


def find_person(db: Database, actor: Actor, person: str) -> int:
    """A record id, or an NHS number, to the person's id."""
    actor.require(Permission.EXPORT_RECORDS)
    with db.reading() as tx:
        try:
            found = tx.scalar(select(ServiceUser.id).where(
                ServiceUser.nhs_number == nhs_number(person)))
        except IdentifierError:
            found = None
            if person.strip().isdigit() and len(person.strip()) < 10:
                found = tx.scalar(select(ServiceUser.id).where(
                    ServiceUser.id == int(person)))
    if found is None:
        raise NotFoundError(f"No service user has the record id or NHS number '{person}'.")
    return found


def _names(tx: Session) -> dict[str, dict[int, str]]:
    return {table: {row_id: name for row_id, name in tx.execute(
        select(model.id, getattr(model, column)))} for table, (column, model) in NAMED.items()}


def gather(db: Database, actor: Actor, person_id: int) -> dict[str, Any]:
    """Everything held about the person, as plain JSON values. Audited as an export."""
    actor.require(Permission.EXPORT_RECORDS)
    with db.writing() as tx:
        person = tx.get(ServiceUser, person_id)
        if person is None:
            raise NotFoundError("That person's record no longer exists.")
        names = _names(tx)
        ids: dict[str, set[Any]] = {PERSON_TABLE: {person_id}}
        result: dict[str, Any] = {"person": _row(person.__table__, _as_dict(person), names)}
        for route in routes():
            parent = route.key.column.table.name
            rows = tx.execute(select(route.table).where(
                route.key.parent.in_(ids[parent]))).mappings().all()
            primary = route.table.primary_key.columns
            ids[route.table.name] = {row[next(iter(primary)).name] for row in rows} \
                if len(primary) == 1 else set()
            result[route.table.name] = [_row(route.table, dict(row), names) for row in rows]
        _name_sessions(tx, result.get("attendance", []) + result.get("walk_ins", []))
        about = or_(*(and_(AuditEvent.entity == entity,
                           AuditEvent.entity_id.in_(ids.get(table, set())))
                      for entity, table in AUDITED_AS.items()))
        result["audit_of_this_record"] = [
            {"time_utc": _plain(e.at), "staff": names["staff"].get(e.staff_id or 0, ""),
             "action": e.action, "record": e.entity, "outcome": e.outcome}
            for e in tx.scalars(select(AuditEvent).where(about).order_by(AuditEvent.id))]
        audit.record(tx, actor, "export", "subject_access", person_id,
                     tables=sorted(k for k in result if k != "person"))
        return result


def _name_sessions(tx: Session, marks: list[dict[str, Any]]) -> None:
    """A mark's (or a walk-in's) session as the group and the day, not a number."""
    wanted = {mark["session_id"] for mark in marks}
    if not wanted:
        return
    sessions = {sid: f"{name}, {day.isoformat()}" for sid, name, day in tx.execute(
        select(GroupSession.id, Group.name, GroupSession.date)
        .join(Group, GroupSession.group_id == Group.id).where(GroupSession.id.in_(wanted)))}
    for mark in marks:
        mark["session"] = sessions.get(mark.pop("session_id"), "")


def _as_dict(person: ServiceUser) -> dict[str, Any]:
    return {column.name: getattr(person, column.key)
            for column in ServiceUser.__table__.columns}


def _row(table: Table, row: dict[str, Any], names: dict[str, dict[int, str]]) -> dict[str, Any]:
    plain: dict[str, Any] = {}
    for column in table.columns:
        if column.name in HIDDEN_COLUMNS:
            continue
        value = row[column.name]
        target = next((k.column.table.name for k in column.foreign_keys), None)
        if target in NAMED and value is not None:
            plain[column.name.removesuffix("_id")] = names[target].get(value, "")
            continue
        plain[column.name] = _plain(value)
    return plain
