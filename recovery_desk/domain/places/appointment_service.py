"""What a person takes home after a booking: the facts of one place for the appointment letter,
and the sessions of every place they hold for a calendar file. Both cover each place whole, from
today (or its start) to its end date: all 12 sessions of an MSM Group place, a rolling place to
its 12th week; only a place with no end date is cut, OPEN_ENDED_WEEKS ahead.

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

OPEN_ENDED_WEEKS = 12
"""How far ahead a place with no end date (a group whose length the service has not stated) is
written out: a letter or calendar cannot list an endless series, and 12 weeks is the length of
the service's stated programmes, so the person is given a fresh file at their 12-week review."""


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
    """The place's sessions from today to its end (see _span), closed ones included."""
    service: ServiceDetails
    made_on: date


def _rows(calendar: ServiceCalendar, group: GroupDetails, first: date,
          last: date) -> list[SessionRow]:
    assert group.id is not None
    return [SessionRow(group.id, group.name, s.date, s.start, s.end, s.closure, 0,
                       group.capacity)
            for s in calendar.sessions(group, first, last)]


def _span(start: date, end: date | None, today: date) -> tuple[date, date]:
    """From today (or the place's start, if later) to the place's end date, which the place
    includes (its register lists the person that day); OPEN_ENDED_WEEKS for no end date."""
    first = max(start, today)
    if end is not None:
        return first, end
    return first, first + timedelta(weeks=OPEN_ENDED_WEEKS) - timedelta(days=1)


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
        first, last = _span(place.start_date, place.expected_end_date, today)
        sessions = _rows(ServiceCalendar(tx), details, first, last)
        audit.record(tx, actor, "letter", "enrolment", place.id)
        return Appointment(place.id, person.id, person.preferred_name or person.given_name,
                           details, place.start_date, place.expected_end_date, tuple(sessions),
                           read_details(tx), today)


def place_sessions(db: Database, actor: Actor, person_id: int,
                   today: date) -> list[SessionRow]:
    """Every session of every running or booked place the person holds, each place from today
    to its end (closed ones included, so a calendar can leave them out), by date and time."""
    actor.require(Permission.FIND_PEOPLE)
    with db.writing() as tx:
        if tx.get(ServiceUser, person_id) is None:
            raise NotFoundError("That person's record no longer exists.")
        places = tx.execute(select(Place, Group).join(Group).where(
            Place.service_user_id == person_id, Place.status == PlaceStatus.ACTIVE,
            Place.expected_end_date.is_(None) | (Place.expected_end_date >= today))).all()
        calendar = ServiceCalendar(tx)
        rows = [row for place, group in places
                for row in _rows(calendar, details_of(group),
                                 *_span(place.start_date, place.expected_end_date, today))]
        audit.record(tx, actor, "calendar", "service_user", person_id, places=len(places))
    return sorted(rows, key=lambda r: (r.date, r.start or time.max, r.group_name))
