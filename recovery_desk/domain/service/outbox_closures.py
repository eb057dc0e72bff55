"""The cancellations a new closure sends: everyone with a place in a session it closes.

closure_service.add_closure() finds the sessions that ran before the closure (with the calendar
as it was), adds the closure, then queues one "cancelled" message per person per session in the
same transaction. Only sessions from the desk's day and within HORIZON_DAYS are told: a long
closure (a summer, a refit) would otherwise text people about months of sessions at once, and a
session further off never gets a reminder, since it does not run.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from recovery_desk.domain.service import outbox
from recovery_desk.domain.service.group_rows import details_of
from recovery_desk.domain.service.service_calendar import ServiceCalendar
from recovery_desk.domain.store.models import Group, Place, ServiceUser
from recovery_desk.vocabulary import MessageKind, PlaceStatus

HORIZON_DAYS = 28

Sessions = list[tuple[Group, date]]


def closed_sessions(tx: Session, group_id: int | None, first: date, last: date,
                    today: date) -> Sessions:
    """The (group, day) sessions that run from first to last (not before today, at most
    HORIZON_DAYS ahead) before the closure is added."""
    first, last = max(first, today), min(last, today + timedelta(days=HORIZON_DAYS))
    if last < first:
        return []
    query = select(Group).where(Group.active.is_(True))
    if group_id is not None:
        query = query.where(Group.id == group_id)
    calendar = ServiceCalendar(tx)
    return [(group, day) for group in tx.scalars(query.order_by(Group.id))
            for day in calendar.running(details_of(group), first, last)]


def tell_closed(tx: Session, sessions: Sessions, closure_id: int) -> int:
    """Queue a cancellation for each person with a place in each session; two statements
    (the places, the outbox's references) whatever the number of sessions."""
    if not sessions:
        return 0
    first, last = min(day for _, day in sessions), max(day for _, day in sessions)
    rows = tx.execute(select(Place, ServiceUser).join(ServiceUser).where(
        Place.group_id.in_({group.id for group, _ in sessions}), Place.start_date <= last,
        Place.status != PlaceStatus.CANCELLED,
        or_(Place.ended_on >= first, and_(Place.ended_on.is_(None), or_(
            Place.expected_end_date.is_(None), Place.expected_end_date >= first))))).all()
    people, events = [], []
    for group, day in sessions:
        for place, person in rows:
            end = place.ended_on or place.expected_end_date
            if place.group_id == group.id and place.start_date <= day \
                    and (end is None or day <= end):
                people.append(person)
                events.append(outbox.Event(
                    MessageKind.CANCELLED, group,
                    f"cancelled-g{group.id}-{day:%Y%m%d}-p{person.id}", day, group.start_time))
    return outbox.queue(tx, people, events)
