"""The rules a place is given under, shared by bookings and waiting lists: locking the group
(and reading a place or an entry only under that lock), counting its places, the current
referral, whether a person may take a place, and the booking itself inside the caller's
transaction.

Both booking_service and waiting_list_service build on this module; neither imports the other
for these rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from recovery_desk.access import Permission, who_may
from recovery_desk.catalogue.details import GroupDetails
from recovery_desk.catalogue.policies import name_reveals_special_category
from recovery_desk.domain.places.finishing import finish_ended_places
from recovery_desk.domain.places.places import Span, clashes, span_for
from recovery_desk.domain.places.start_dates import chosen_span
from recovery_desk.domain.service import outbox
from recovery_desk.domain.service.group_rows import details_of
from recovery_desk.domain.service.service_calendar import ServiceCalendar
from recovery_desk.domain.store import audit
from recovery_desk.domain.store.actor import Actor
from recovery_desk.domain.store.errors import DomainError, NotFoundError
from recovery_desk.domain.store.models import (
    Group,
    Place,
    Referral,
    ServiceUser,
    WaitingListEntry,
)
from recovery_desk.domain.store.row_locks import locked
from recovery_desk.eligibility import ProfileError, check_group, parse_profile
from recovery_desk.schedule.phrases import format_date
from recovery_desk.schedule.words import counted
from recovery_desk.vocabulary import MessageKind, Outcome, PlaceStatus, WaitingStatus


class GroupFullError(DomainError):
    """No free place: the desk can add the person to the waiting list instead. `full` says
    so without the advice, for a desk that asks the question itself."""

    def __init__(self, full: str, advice: str = "") -> None:
        self.full = full
        super().__init__(f"{full}. {advice}" if advice else f"{full}.")


class TimeClashError(DomainError):
    """The new place meets at the same time as another of the person's places."""

    def __init__(self, clashes: list[str]) -> None:
        self.clashes = clashes
        super().__init__("This place clashes in time with: " + "; ".join(clashes) + ".")


@dataclass(frozen=True)
class BookedPlace:
    enrolment_id: int
    person: str
    group: str
    start: date
    end: date | None
    warnings: tuple[str, ...] = ()


def lock_group(tx: Session, group_id: int) -> Group:
    """The group's row, locked for this transaction where the database supports it. Every
    change to a group's places and waiting list takes this lock first, then reads what it
    decides on."""
    group = locked(tx, Group, group_id)
    if group is None:
        raise NotFoundError("That group no longer exists; reload.")
    return group


def lock_person(tx: Session, person_id: int) -> ServiceUser:
    """The person, locked after their group: two desks booking one person into two groups at
    once (each holding a different group's lock) check for a time clash in turn."""
    person = locked(tx, ServiceUser, person_id)
    if person is None:
        raise NotFoundError("That person's record no longer exists.")
    return person


GroupRow = TypeVar("GroupRow", Place, WaitingListEntry)


def lock_group_of(tx: Session, model: type[GroupRow], row_id: int,
                  gone: str) -> tuple[GroupRow, Group]:
    """A place or a waiting-list entry, read afresh (and locked) only once its group's lock is
    held, so its status is what the last desk to hold that lock left, not what this desk saw
    before waiting. One statement locks the group through the row (a row's group never
    changes); gone: the DomainError's words when the row no longer exists."""
    group = tx.scalar(select(Group).join(model, model.group_id == Group.id)
                           .where(model.id == row_id).with_for_update(of=Group)
                           .execution_options(populate_existing=True))
    row = locked(tx, model, row_id) if group is not None else None
    if group is None or row is None:
        raise DomainError(gone)
    return row, group


def runs_on(start: date, until: date | None, day: date) -> bool:
    """Whether a place from start to until (inclusive; None: open-ended) runs on day."""
    return start <= day and (until is None or day <= until)


@dataclass(frozen=True)
class Places:
    """A group's places on a day (for a closed group, in one cohort): the one figure of free
    places that bookings, waiting lists, the cohort review and `capacity` all use."""

    capacity: int
    taken: int
    held: int
    """Held for people offered a place from the waiting list."""

    @property
    def free(self) -> int:
        return max(0, self.capacity - self.taken - self.held)


def places_for(tx: Session, group: Group, span: Span) -> Places:
    """The group's places at a new place's start: active places still running then (in the
    span's cohort, for a closed group), and offers held."""
    taken = select(func.count()).select_from(Place).where(
        Place.group_id == group.id, Place.status == PlaceStatus.ACTIVE,
        Place.expected_end_date.is_(None) | (Place.expected_end_date >= span.start))
    if span.cohort_id is not None:
        taken = taken.where(Place.cohort_id == span.cohort_id)
    held = select(func.count()).select_from(WaitingListEntry).where(
        WaitingListEntry.group_id == group.id, WaitingListEntry.status == WaitingStatus.OFFERED)
    both = tx.execute(select(taken.scalar_subquery(), held.scalar_subquery())).one()
    return Places(group.capacity, both[0] or 0, both[1] or 0)


def current_referral(tx: Session, person_id: int, group_id: int) -> Referral | None:
    """The person's latest referral to the group that has not been withdrawn."""
    return tx.scalars(select(Referral).where(
        Referral.service_user_id == person_id, Referral.group_id == group_id,
        Referral.withdrawn.is_(False)).order_by(Referral.made_on.desc(), Referral.id.desc())
    ).first()


def place_problem(person: ServiceUser, group: GroupDetails, referral: Referral | None, on: date,
                  *, waiting: bool = False) -> str | None:
    """Why this person cannot take a place in this group on `on`, or None if they can.

    waiting: the question is whether they may join the waiting list, where a wait on days of
    abstinence (an eligible-from date) does not stop them.
    """
    if not group.active:
        return f"{group.name} is retired and takes no bookings"
    if group.referral_required and referral is None:
        return f"{group.name} needs a keyworker referral, and none is on file"
    try:
        profile = parse_profile({**person.profile, "keyworker_referral": referral is not None},
                                on)
    except ProfileError as error:
        return f"their intake profile needs correcting first ({'; '.join(error.problems)})"
    result = check_group(profile, group, on)
    if result.outcome is Outcome.NOT_ELIGIBLE:
        if waiting and result.eligible_from is not None:
            return None
        when = f" (eligible from {format_date(result.eligible_from)})" \
            if result.eligible_from else ""
        return (f"not eligible for {group.name} on {format_date(on)}{when}: "
                f"{result.deciding_reason}")
    # An open group (no referral needed) takes people as they come: only a referral-only
    # group waits for the keyworker's justification of an outcome that needs review.
    if result.outcome is Outcome.NEEDS_REVIEW and not waiting and group.referral_required \
            and not (referral and referral.justification):
        return (f"{group.name} needs a keyworker's review ({result.deciding_reason}), and no "
                "referral with a justification is on file")
    return None


def problem_for(actor: Actor, person: ServiceUser, group: GroupDetails,
                referral: Referral | None, on: date) -> str | None:
    """place_problem() in the words this member of staff may read: a missing referral says
    who can make one; staff who may not see assessment answers (reception) are told a person
    is not eligible or needs review without the clinical reason, and for a group whose name
    reveals special-category data (the MSM Group) not even that: only to ask the keyworker."""
    problem = place_problem(person, group, referral, on)
    if problem is None or actor.may(Permission.VIEW_CLINICAL) or not group.active:
        return _with_referrers(problem, group, referral)
    if group.referral_required and referral is None:
        return _with_referrers(problem, group, referral)
    if name_reveals_special_category(group.eligibility_rule, group.format,
                                     dict(group.policies)):
        return f"{group.name} cannot be booked for them; their keyworker can say why"
    return (f"not eligible for {group.name} on {format_date(on)}, or their intake needs a "
            "keyworker's review; their keyworker can say why")


def _with_referrers(problem: str | None, group: GroupDetails,
                    referral: Referral | None) -> str | None:
    if problem and group.referral_required and referral is None:
        return f"{problem} (a {who_may(Permission.RECORD_REFERRALS)} can refer)"
    return problem


def active_place(tx: Session, person_id: int, group_id: int) -> Place | None:
    return tx.scalar(select(Place).where(
        Place.service_user_id == person_id, Place.group_id == group_id,
        Place.status == PlaceStatus.ACTIVE))


def _active_places(tx: Session, person_id: int) -> list[tuple[Place, Group]]:
    """Every active place the person holds, with its group: one query answers both "a place
    in this group already?" and "which other groups' times could clash?"."""
    return [(e, g) for e, g in tx.execute(select(Place, Group).join(Group).where(
        Place.service_user_id == person_id, Place.status == PlaceStatus.ACTIVE))]


def place_in_transaction(tx: Session, actor: Actor, person: ServiceUser, group: Group,
                         on: date, accept_clash: bool, *, offered: bool = False,
                         start: date | None = None) -> BookedPlace:
    """The booking itself, in the caller's locked transaction. offered: the place is the one
    held for this person by a waiting-list offer, so it is not counted against them. start:
    the first session the desk chose (checked here); otherwise the next one from `on`."""
    details = details_of(group)
    referral = current_referral(tx, person.id, group.id)
    problem = problem_for(actor, person, details, referral, on)
    if problem:
        raise DomainError(f"Cannot book {person.name}: {problem}.")
    finish_ended_places(tx, on, person_id=person.id, group_id=group.id)
    held = _active_places(tx, person.id)
    existing = next((e for e, _ in held if e.group_id == group.id), None)
    if existing is not None:
        until = f" to {format_date(existing.expected_end_date)}" \
            if existing.expected_end_date else ""
        raise DomainError(f"{person.name} already has a place in {group.name} "
                          f"(from {format_date(existing.start_date)}{until}).")
    calendar = ServiceCalendar(tx)
    span = chosen_span(tx, calendar, details, on, start) if start is not None \
        else span_for(tx, calendar, details, on)
    places = places_for(tx, group, span)
    held_back = places.held - (1 if offered else 0)
    if places.taken + held_back >= group.capacity:
        offers = f", {held_back} held for waiting-list offers" if held_back else ""
        raise GroupFullError(f"{group.name} is full: {places.taken} of "
                             f"{counted(group.capacity, 'place')} taken{offers}",
                             f"Add {person.name} to the waiting list.")
    others = [(details_of(g), e.start_date, e.expected_end_date) for e, g in held
              if e.group_id != group.id]
    found = clashes(calendar, details, span, others)
    if found and not accept_clash:
        raise TimeClashError(found)
    place = Place(service_user_id=person.id, group_id=group.id,
                      referral_id=referral.id if referral else None, cohort_id=span.cohort_id,
                      start_date=span.start, expected_end_date=span.end,
                      status=PlaceStatus.ACTIVE, booked_by_id=actor.staff_id)
    tx.add(place)
    tx.flush()
    audit.record(tx, actor, "book", "enrolment", place.id, group=group.name,
                 start=str(span.start), clash_accepted=bool(found))
    outbox.queue_one(tx, person.id, outbox.Event(MessageKind.BOOKED, group,
                                                 f"booked-e{place.id}", span.start,
                                                 group.start_time))
    return BookedPlace(place.id, person.name, group.name, span.start, span.end, tuple(found))
