"""Changing a place after it is booked, as the desk does: cancelling one booked in error, and
moving one that has not started to another start date. (Ending a place is booking_service's
leave.) Each is one transaction that reads the place only under its group's lock, so two desks
changing one place at once change it once: the second is told what the first did.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from recovery_desk.access import Permission
from recovery_desk.catalogue.details import GroupDetails
from recovery_desk.domain.places.place_rules import (
    GroupFullError,
    TimeClashError,
    lock_group_of,
    places_for,
)
from recovery_desk.domain.places.places import Span, clashes
from recovery_desk.domain.places.start_dates import chosen_span
from recovery_desk.domain.places.waiting_list_service import offer_next
from recovery_desk.domain.service.group_rows import details_of
from recovery_desk.domain.service.service_calendar import ServiceCalendar
from recovery_desk.domain.store import audit
from recovery_desk.domain.store.actor import Actor
from recovery_desk.domain.store.database import Database
from recovery_desk.domain.store.errors import DomainError
from recovery_desk.domain.store.models import Attendance, Group, Place
from recovery_desk.schedule.phrases import format_date
from recovery_desk.text_checks import reason_problem
from recovery_desk.vocabulary import STATUS_WORDS, PlaceStatus

GONE = "That place no longer exists; reload."


def _still_active(place: Place) -> None:
    if place.status is not PlaceStatus.ACTIVE:
        raise DomainError(f"That place is no longer booked: it was "
                          f"{STATUS_WORDS[place.status].lower()}"
                          + (f" on {format_date(place.ended_on)}" if place.ended_on else "")
                          + " (perhaps at another desk); reload.")


def _marks(tx: Session, place_id: int) -> int:
    """Register marks ever made for the place, corrected ones included (one indexed count)."""
    return tx.scalar(select(func.count()).select_from(Attendance)
                     .where(Attendance.enrolment_id == place_id)) or 0


def cancel_in_error(db: Database, actor: Actor, enrolment_id: int, reason: str,
                    today: date) -> str | None:
    """Cancel a place booked in error, with a reason: it never was a place, so no figure counts
    it (reports, registers, capacity, the cohort review), while the record and the audit trail
    keep it. A place with register marks was taken up: it is ended instead (leave). The freed
    place is offered to the waiting list; returns the name of the person offered it, if any."""
    actor.require(Permission.BOOK_PLACES)
    refused = reason_problem(reason, "Give a reason for cancelling the booking.")
    if refused:
        raise DomainError(refused)
    with db.writing() as tx:
        place, group = lock_group_of(tx, Place, enrolment_id, GONE)
        _still_active(place)
        marks = _marks(tx, place.id)
        if marks:
            raise DomainError(
                f"This place has {marks} register mark{'s' if marks != 1 else ''}, so it was "
                "not booked in error: end the place instead (left, moved away, completed).")
        place.status = PlaceStatus.CANCELLED
        place.ended_on = today
        place.end_reason = reason.strip()
        audit.record(tx, actor, "cancel", "enrolment", place.id, reason=reason.strip(),
                     start=str(place.start_date))
        tx.flush()
        return offer_next(tx, actor, group, today)


def move_start(db: Database, actor: Actor, enrolment_id: int, start: date, today: date,
               accept_clash: bool = False) -> tuple[date, date | None]:
    """Move a place that has not started to another start date (a session that runs; a
    cohort's start for a closed group), its end worked out again; the new start must have a
    free place. Returns the new start and end. Raises TimeClashError unless accept_clash."""
    actor.require(Permission.BOOK_PLACES)
    with db.writing() as tx:
        place, group = lock_group_of(tx, Place, enrolment_id, GONE)
        _still_active(place)
        if place.start_date <= today:
            raise DomainError(f"This place started {format_date(place.start_date)}: only a "
                              "place not yet started can move to another start date. End it "
                              "and book again instead.")
        if start == place.start_date:
            raise DomainError(f"The place already starts {format_date(start)}.")
        details = details_of(group)
        calendar = ServiceCalendar(tx)
        span = chosen_span(tx, calendar, details, today, start)
        places = places_for(tx, group, span)
        # The place being moved is counted among those running at the new start; it is not
        # a second place.
        runs_then = place.expected_end_date is None or place.expected_end_date >= span.start
        same_cohort = span.cohort_id is None or place.cohort_id == span.cohort_id
        mine = 1 if runs_then and same_cohort else 0
        if places.taken - mine + places.held >= group.capacity:
            raise GroupFullError(f"{group.name} has no free place from {format_date(start)}: "
                                 f"{places.taken} of {group.capacity} taken")
        found = _clashes(tx, calendar, place, details, span)
        if found and not accept_clash:
            raise TimeClashError(found)
        was = place.start_date
        place.start_date, place.expected_end_date = span.start, span.end
        place.cohort_id = span.cohort_id
        audit.record(tx, actor, "move", "enrolment", place.id, was=str(was),
                     start=str(span.start), clash_accepted=bool(found))
        return span.start, span.end


def _clashes(tx: Session, calendar: ServiceCalendar, place: Place, details: GroupDetails,
             span: Span) -> list[str]:
    """The person's other places that meet at the same time as this one would."""
    others = [(details_of(g), p.start_date, p.expected_end_date) for p, g in tx.execute(
        select(Place, Group).join(Group).where(
            Place.service_user_id == place.service_user_id, Place.id != place.id,
            Place.status == PlaceStatus.ACTIVE))]
    return clashes(calendar, details, span, others)
