"""What a person takes home after a booking: the facts of one place for the appointment letter,
and their next weeks of sessions (every place they hold) for a calendar file.

Both name the person, so both need FIND_PEOPLE and are audited. Nothing clinical is read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta

from sqlalchemy import select

from recovery_desk.access import Permission
from recovery_desk.catalogue.details import GroupDetails
from recovery_desk.catalogue.service_details import ServiceDetails
from recovery_desk.domain.service.group_rows import details_of
from recovery_desk.domain.service.service_calendar import ServiceCalendar
from recovery_desk.domain.service.service_details import read_details
from recovery_desk.domain.store import audit
from recovery_desk.domain.store.actor import Actor
from recovery_desk.domain.store.database import Database
from recovery_desk.domain.store.errors import DomainError, NotFoundError
from recovery_desk.domain.store.models import Group, Place, ServiceUser
from recovery_desk.schedule.timetable import SessionRow
from recovery_desk.vocabulary import PlaceStatus

LETTER_WEEKS = 12
"""The weeks a letter lists closures for, and a calendar file covers."""


@dataclass(frozen=True)
class Appointment:
    enrolment_id: int
    person_id: int
    first_name: str
    """The name the person goes by (preferred, else given): letters use no more."""
    group: GroupDetails
    start: date
    end: date | None
    sessions: tuple[SessionRow, ...]
    """The place's sessions over the letter's weeks, closed ones included."""
    service: ServiceDetails
    made_on: date


def _rows(calendar: ServiceCalendar, group: GroupDetails, first: date,
          last: date) -> list[SessionRow]:
    assert group.id is not None
    return [SessionRow(group.id, group.name, s.date, s.start, s.end, s.closure, 0,
                       group.capacity)
            for s in calendar.sessions(group, first, last)]


def _window(start: date, end: date | None, today: date) -> tuple[date, date]:
    first = max(start, today)
    last = first + timedelta(weeks=LETTER_WEEKS) - timedelta(days=1)
    return first, min(last, end) if end else last


def appointment(db: Database, actor: Actor, enrolment_id: int, today: date) -> Appointment:
    """The facts of a running or booked place for its letter."""
    actor.require(Permission.FIND_PEOPLE)
    with db.writing() as tx:
        row = tx.execute(select(Place, ServiceUser, Group).join(ServiceUser)
                              .join(Group, Place.group_id == Group.id)
                              .where(Place.id == enrolment_id)).one_or_none()
        if row is None:
            raise NotFoundError("That place no longer exists; reload.")
        place, person, group = row
        if place.status is not PlaceStatus.ACTIVE or (
                place.expected_end_date is not None and place.expected_end_date < today):
            raise DomainError(f"{person.name}'s place in {group.name} has ended; a letter is "
                              "for a place that is running or booked.")
        details = details_of(group)
        first, last = _window(place.start_date, place.expected_end_date, today)
        sessions = _rows(ServiceCalendar(tx), details, first, last)
        audit.record(tx, actor, "letter", "enrolment", place.id)
        return Appointment(place.id, person.id, person.preferred_name or person.given_name,
                           details, place.start_date, place.expected_end_date, tuple(sessions),
                           read_details(tx), today)


def next_weeks(db: Database, actor: Actor, person_id: int, today: date,
               weeks: int = LETTER_WEEKS) -> list[SessionRow]:
    """Every session of every place the person holds, from today for the given weeks (closed
    ones included, so a calendar can leave them out), by date and time."""
    actor.require(Permission.FIND_PEOPLE)
    horizon = today + timedelta(weeks=weeks) - timedelta(days=1)
    with db.writing() as tx:
        if tx.get(ServiceUser, person_id) is None:
            raise NotFoundError("That person's record no longer exists.")
        places = tx.execute(select(Place, Group).join(Group).where(
            Place.service_user_id == person_id, Place.status == PlaceStatus.ACTIVE,
            Place.start_date <= horizon,
            Place.expected_end_date.is_(None) | (Place.expected_end_date >= today))).all()
        calendar = ServiceCalendar(tx)
        rows = [row for place, group in places
                for row in _rows(calendar, details_of(group), max(place.start_date, today),
                                 min(horizon, place.expected_end_date or horizon))]
        audit.record(tx, actor, "calendar", "service_user", person_id, weeks=weeks)
    return sorted(rows, key=lambda r: (r.date, r.start or time.max, r.group_name))
