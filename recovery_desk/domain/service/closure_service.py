"""Closures the service adds: one day or a range, for the whole service or one group, with a
reason. (Which sessions run, bank holidays included, is the ServiceCalendar's question.)"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import ColumnElement, exists, or_, select
from sqlalchemy.orm import QueryableAttribute

from recovery_desk.access import Permission
from recovery_desk.domain.service.outbox_closures import closed_sessions, tell_closed
from recovery_desk.domain.store import audit
from recovery_desk.domain.store.actor import Actor
from recovery_desk.domain.store.database import Database
from recovery_desk.domain.store.errors import InvalidDetailsError, NotFoundError
from recovery_desk.domain.store.models import Closure, Group
from recovery_desk.domain.store.row_locks import locked
from recovery_desk.text_checks import reason_problem

MAX_CLOSURE_DAYS = 366


def closed_on(group_id: QueryableAttribute[int],
              day: QueryableAttribute[date]) -> ColumnElement[bool]:
    """SQL: the service closed that group (or the whole service) on that day, as a session
    cancelled on the day is. Marks on such a day do not count: not in the did-not-attend
    streaks (register_service), not in the report (report_queries)."""
    return exists().where(Closure.first_day <= day, Closure.last_day >= day,
                          or_(Closure.group_id == group_id, Closure.group_id.is_(None)))


@dataclass(frozen=True)
class ClosureRecord:
    id: int
    first: date
    last: date
    reason: str
    group_id: int | None
    group_name: str | None
    """None means the whole service."""


def list_closures(db: Database, actor: Actor, since: date) -> list[ClosureRecord]:
    """The service's own closures ending on or after since, earliest first."""
    actor.require(Permission.VIEW_TIMETABLE)
    with db.reading() as tx:
        rows = tx.execute(
            select(Closure, Group.name).outerjoin(Group, Closure.group_id == Group.id)
            .where(Closure.last_day >= since).order_by(Closure.first_day, Closure.id))
        return [ClosureRecord(c.id, c.first_day, c.last_day, c.reason, c.group_id, name)
                for c, name in rows]


def add_closure(db: Database, actor: Actor, first: date, last: date, reason: str,
                group_id: int | None, today: date | None = None) -> ClosureRecord:
    """Close a group (or, with no group, the whole service) from first to last. Everyone
    booked into a session it closes, from today (the desk's day; the clock's if not given)
    and within outbox_closures.HORIZON_DAYS, is told in the same transaction."""
    actor.require(Permission.MANAGE_CLOSURES)
    problems = {}
    if last < first:
        problems["last"] = "The last day is before the first day."
    elif (last - first) > timedelta(days=MAX_CLOSURE_DAYS):
        problems["last"] = f"A closure can last at most {MAX_CLOSURE_DAYS} days."
    refused = reason_problem(reason, "Give a reason; it is shown on the timetable.")
    if refused:
        problems["reason"] = refused
    if problems:
        raise InvalidDetailsError(problems)
    with db.writing() as tx:
        name = None
        cancelled = closed_sessions(tx, group_id, first, last, today or date.today())
        if group_id is not None:
            group = tx.get(Group, group_id)
            if group is None:
                raise NotFoundError("That group no longer exists; reload the catalogue.")
            name = group.name
        closure = Closure(group_id=group_id, first_day=first, last_day=last,
                          reason=reason.strip(), created_by_id=actor.staff_id)
        tx.add(closure)
        tx.flush()
        audit.record(tx, actor, "add", "closure", closure.id, first=str(first),
                     last=str(last), group=name)
        tell_closed(tx, cancelled, closure.id)
        return ClosureRecord(closure.id, first, last, closure.reason, group_id, name)


def remove_closure(db: Database, actor: Actor, closure_id: int) -> None:
    """Remove a closure added by mistake; the audit keeps what it was."""
    actor.require(Permission.MANAGE_CLOSURES)
    with db.writing() as tx:
        closure = locked(tx, Closure, closure_id)
        if closure is None:
            raise NotFoundError("That closure has already been removed.")
        audit.record(tx, actor, "remove", "closure", closure.id,
                     first=str(closure.first_day), last=str(closure.last_day),
                     reason=closure.reason)
        tx.delete(closure)
