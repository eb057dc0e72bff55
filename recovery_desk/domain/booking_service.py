"""Booking a place, leaving one, and opening cohorts: each one transaction with its rules inside.

A booking takes the write lock first (BEGIN IMMEDIATE on SQLite, the group's row FOR UPDATE on
PostgreSQL) and only then counts the places, so two desks booking the last place at once cannot
both succeed: the second waits, counts again, and is told the group is full.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from recovery_desk.domain import audit
from recovery_desk.domain.catalogue import GroupDetails
from recovery_desk.domain.catalogue_service import details_of
from recovery_desk.domain.database import Database
from recovery_desk.domain.errors import DomainError, NotFoundError
from recovery_desk.domain.models import (
    Cohort,
    Enrolment,
    EnrolmentStatus,
    Group,
    GroupFormat,
    Outcome,
    Referral,
    ServiceUser,
    StaffRole,
    WaitingListEntry,
    WaitingStatus,
)
from recovery_desk.domain.places import Span, clashes, expire_finished, span_for
from recovery_desk.domain.staff import Actor
from recovery_desk.eligibility import ProfileError, check_group, parse_profile
from recovery_desk.schedule.phrases import format_date


class GroupFullError(DomainError):
    """No free place: the desk can add the person to the waiting list instead."""


class TimeClashError(DomainError):
    """The new place meets at the same time as another of the person's places."""

    def __init__(self, clashes: list[str]) -> None:
        self.clashes = clashes
        super().__init__("This place clashes in time with: " + "; ".join(clashes) + ".")


class Leaving(StrEnum):
    COMPLETED = "completed"
    WITHDRAWN = "withdrawn"
    DISCHARGED = "discharged"


@dataclass(frozen=True)
class Place:
    enrolment_id: int
    person: str
    group: str
    start: date
    end: date | None
    warnings: tuple[str, ...] = ()


def _person_name(person: ServiceUser) -> str:
    return f"{person.given_name} {person.family_name}"


def lock_group(session: Session, group_id: int) -> Group:
    """The group's row, locked for this transaction where the database supports it."""
    group = session.scalar(select(Group).where(Group.id == group_id).with_for_update())
    if group is None:
        raise NotFoundError("That group no longer exists; reload.")
    return group


def occupied(session: Session, group_id: int, on: date, cohort_id: int | None) -> int:
    """Active places still running on `on` (for a closed group, in that cohort)."""
    query = select(func.count()).select_from(Enrolment).where(
        Enrolment.group_id == group_id, Enrolment.status == EnrolmentStatus.ACTIVE,
        (Enrolment.expected_end_date.is_(None)) | (Enrolment.expected_end_date >= on))
    if cohort_id is not None:
        query = query.where(Enrolment.cohort_id == cohort_id)
    return session.scalar(query) or 0


def outstanding_offers(session: Session, group_id: int) -> int:
    return session.scalar(select(func.count()).select_from(WaitingListEntry).where(
        WaitingListEntry.group_id == group_id,
        WaitingListEntry.status == WaitingStatus.OFFERED)) or 0


@dataclass(frozen=True)
class Places:
    """A group's places at a place's start (for a closed group, in its cohort)."""

    capacity: int
    taken: int
    held: int
    """Held for people offered a place from the waiting list."""

    @property
    def free(self) -> int:
        return self.capacity - self.taken - self.held


def places_for(session: Session, group: Group, span: Span) -> Places:
    return Places(group.capacity, occupied(session, group.id, span.start, span.cohort_id),
                  outstanding_offers(session, group.id))


def current_referral(session: Session, person_id: int, group_id: int) -> Referral | None:
    """The person's latest referral to the group that has not been withdrawn."""
    return session.scalars(select(Referral).where(
        Referral.service_user_id == person_id, Referral.group_id == group_id,
        Referral.withdrawn.is_(False)).order_by(Referral.made_on.desc(), Referral.id.desc())
    ).first()


def booking_problem(session: Session, person: ServiceUser, group: GroupDetails,
                    on: date) -> str | None:
    """Why this person cannot take a place in this group on `on`, or None if they can."""
    if not group.active:
        return f"{group.name} is retired and takes no bookings"
    assert group.id is not None
    referral = current_referral(session, person.id, group.id)
    if group.referral_required and referral is None:
        return f"{group.name} needs a keyworker referral, and none is on file"
    try:
        profile = parse_profile({**person.profile, "keyworker_referral": referral is not None},
                                on)
    except ProfileError as error:
        return f"their intake profile needs correcting first ({'; '.join(error.problems)})"
    result = check_group(profile, group, on)
    if result.outcome is Outcome.NOT_ELIGIBLE:
        when = f" (eligible from {format_date(result.eligible_from)})" \
            if result.eligible_from else ""
        return f"not eligible for {group.name} on {format_date(on)}{when}: {result.reasons[0]}"
    if result.outcome is Outcome.NEEDS_REVIEW and not (referral and referral.justification):
        return (f"{group.name} needs a keyworker's review ({result.reasons[0]}), and no "
                "referral with a justification is on file")
    return None


def _other_places(session: Session, person_id: int,
                  group_id: int) -> list[tuple[GroupDetails, date, date | None]]:
    rows = session.execute(select(Enrolment, Group).join(Group).where(
        Enrolment.service_user_id == person_id, Enrolment.group_id != group_id,
        Enrolment.status == EnrolmentStatus.ACTIVE))
    return [(details_of(g), e.start_date, e.expected_end_date) for e, g in rows]


def place_in_transaction(session: Session, actor: Actor, person: ServiceUser, group: Group,
                         on: date, accept_clash: bool, *, offered: bool = False) -> Place:
    """The booking itself, in the caller's locked transaction. offered: the place is the one
    held for this person by a waiting-list offer, so it is not counted against them."""
    details = details_of(group)
    problem = booking_problem(session, person, details, on)
    if problem:
        raise DomainError(f"Cannot book {_person_name(person)}: {problem}.")
    expire_finished(session, person.id, group.id, on)
    existing = session.scalar(select(Enrolment).where(
        Enrolment.service_user_id == person.id, Enrolment.group_id == group.id,
        Enrolment.status == EnrolmentStatus.ACTIVE))
    if existing is not None:
        until = f" to {format_date(existing.expected_end_date)}" \
            if existing.expected_end_date else ""
        raise DomainError(f"{_person_name(person)} already has a place in {group.name} "
                          f"(from {format_date(existing.start_date)}{until}).")
    span: Span = span_for(session, details, on)
    places = places_for(session, group, span)
    held_back = places.held - (1 if offered else 0)
    if places.taken + held_back >= group.capacity:
        offers = f", {held_back} held for waiting-list offers" if held_back else ""
        raise GroupFullError(f"{group.name} is full: {places.taken} of {group.capacity} places "
                             f"taken{offers}. Add {_person_name(person)} to the waiting list.")
    found = clashes(session, details, span, _other_places(session, person.id, group.id))
    if found and not accept_clash:
        raise TimeClashError(found)
    referral = current_referral(session, person.id, group.id)
    place = Enrolment(service_user_id=person.id, group_id=group.id,
                      referral_id=referral.id if referral else None, cohort_id=span.cohort_id,
                      start_date=span.start, expected_end_date=span.end,
                      status=EnrolmentStatus.ACTIVE, booked_by_id=actor.staff_id)
    session.add(place)
    session.flush()
    audit.record(session, actor, "book", "enrolment", place.id, group=group.name,
                 start=str(span.start), clash_accepted=bool(found))
    return Place(place.id, _person_name(person), group.name, span.start, span.end,
                 tuple(found))


def book(db: Database, actor: Actor, person_id: int, group_id: int, on: date,
         accept_clash: bool = False) -> Place:
    """Book a place; raises GroupFullError, TimeClashError or DomainError saying why not."""
    with db.writing() as session:
        group = lock_group(session, group_id)
        person = session.get(ServiceUser, person_id)
        if person is None:
            raise NotFoundError("That person's record no longer exists.")
        return place_in_transaction(session, actor, person, group, on, accept_clash)


def leave(db: Database, actor: Actor, enrolment_id: int, how: Leaving, reason: str,
          on: date) -> str | None:
    """End a place (completed, withdrawn or discharged) with a reason; the place frees at once
    and is offered to the first person on the waiting list still eligible and referred.
    Returns the name of the person offered the place, if anyone."""
    # Imported here because the waiting list builds on this module's booking rules.
    from recovery_desk.domain.waiting_list_service import offer_next

    if not reason.strip():
        raise DomainError("Give a reason for ending the place.")
    with db.writing() as session:
        place = session.get(Enrolment, enrolment_id)
        if place is None or place.status is not EnrolmentStatus.ACTIVE:
            raise DomainError("That place has already ended; reload.")
        group = lock_group(session, place.group_id)
        place.status = EnrolmentStatus(how.value)
        place.ended_on = on
        place.end_reason = reason.strip()
        audit.record(session, actor, how.value, "enrolment", place.id, reason=reason.strip())
        session.flush()
        return offer_next(session, actor, group, on)


def open_cohort(db: Database, actor: Actor, group_id: int, start: date, today: date) -> None:
    """A manager opens a new cohort of a closed group, starting on `start`."""
    actor.require(StaffRole.MANAGER, to="open a new cohort")
    if start < today:
        raise DomainError("A new cohort starts today or later.")
    with db.writing() as session:
        group = lock_group(session, group_id)
        if group.format is not GroupFormat.CLOSED_COHORT:
            raise DomainError(f"{group.name} is not a closed group; it has no cohorts.")
        if session.scalar(select(Cohort).where(Cohort.group_id == group_id,
                                               Cohort.start_date == start)):
            raise DomainError(f"{group.name} already has a cohort starting "
                              f"{format_date(start)}.")
        cohort = Cohort(group_id=group_id, start_date=start)
        session.add(cohort)
        session.flush()
        audit.record(session, actor, "open", "cohort", cohort.id, start=str(start))
