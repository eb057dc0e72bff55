"""What the booking dialog offers: each group a person might join, with why not where it cannot
be booked, and a group's next start dates with the places free at each. Reads only; the
booking itself (booking_service.book) checks every rule again under the group's lock.

A fixed number of statements whatever the history: the person, the groups, their referrals
and places in one read each; a group's start dates, its running places and its held offers
likewise.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from recovery_desk.access import Permission
from recovery_desk.domain.places.place_rules import Places, problem_for
from recovery_desk.domain.places.places import Span
from recovery_desk.domain.places.start_dates import chosen_span, start_choices
from recovery_desk.domain.service.group_rows import details_of
from recovery_desk.domain.service.service_calendar import ServiceCalendar
from recovery_desk.domain.store.actor import Actor
from recovery_desk.domain.store.database import Database
from recovery_desk.domain.store.errors import NotFoundError
from recovery_desk.domain.store.models import (
    Group,
    Place,
    Referral,
    ServiceUser,
    WaitingListEntry,
)
from recovery_desk.schedule.phrases import format_date
from recovery_desk.vocabulary import PlaceStatus, WaitingStatus


@dataclass(frozen=True)
class GroupChoice:
    group_id: int
    name: str
    when: str
    """The group's days and times, in words."""
    problem: str | None
    """Why the person cannot be booked into it today, or None."""


@dataclass(frozen=True)
class StartOption:
    day: date
    closure: str | None
    """Why the group does not meet that day (not choosable), or None."""
    note: str
    free: int
    """Places free at that start; 0: the waiting list instead."""


@dataclass(frozen=True)
class BookingChoices:
    person: str
    groups: list[GroupChoice]


def group_choices(db: Database, actor: Actor, person_id: int, today: date) -> BookingChoices:
    """Every group that takes bookings, in name order, each with why not for this person."""
    actor.require(Permission.BOOK_PLACES)
    with db.reading() as tx:
        person = tx.get(ServiceUser, person_id)
        if person is None:
            raise NotFoundError("That person's record no longer exists.")
        groups = tx.scalars(select(Group).where(Group.active.is_(True))
                            .order_by(Group.name)).all()
        referrals: dict[int, Referral] = {}
        for referral in tx.scalars(select(Referral).where(
                Referral.service_user_id == person_id, Referral.withdrawn.is_(False))
                .order_by(Referral.made_on, Referral.id)):
            referrals[referral.group_id] = referral  # the latest wins
        held = {p.group_id: p for p in tx.scalars(select(Place).where(
            Place.service_user_id == person_id, Place.status == PlaceStatus.ACTIVE))}
        choices = []
        for group in groups:
            details = details_of(group)
            place = held.get(group.id)
            problem = (f"already has a place from {format_date(place.start_date)}"
                       if place is not None and (place.expected_end_date is None
                                                 or place.expected_end_date >= today)
                       else problem_for(actor, person, details, referrals.get(group.id),
                                        today))
            # Said before the desk chooses, never after it confirms; staff who may not see
            # clinical reasons are told only that the keyworker can say why (problem_for).
            choices.append(GroupChoice(group.id, group.name, details.schedule_words, problem))
        return BookingChoices(person.name, choices)


def start_options(db: Database, actor: Actor, group_id: int, today: date, *,
                  moving: int | None = None) -> list[StartOption]:
    """The group's next sessions (closed ones marked), or a closed group's cohort starts,
    each with the places free then. moving: the place whose start is being moved, not
    counted against its own new start (as place_changes.move_start counts it)."""
    actor.require(Permission.BOOK_PLACES)
    with db.reading() as tx:
        group = tx.get(Group, group_id)
        if group is None:
            raise NotFoundError("That group no longer exists; reload.")
        details = details_of(group)
        calendar = ServiceCalendar(tx)
        choices = start_choices(tx, calendar, details, today)
        spans = {c.day: chosen_span(tx, calendar, details, today, c.day)
                 for c in choices if c.choosable}
        # One read of the group's running places and held offers answers every date shown,
        # counted as places_for() counts them.
        running = tx.execute(select(Place.cohort_id, Place.expected_end_date).where(
            Place.group_id == group_id, Place.status == PlaceStatus.ACTIVE,
            Place.expected_end_date.is_(None) | (Place.expected_end_date >= today),
            Place.id != (moving or 0))).all()
        held = tx.scalar(select(func.count()).select_from(WaitingListEntry).where(
            WaitingListEntry.group_id == group_id,
            WaitingListEntry.status == WaitingStatus.OFFERED)) or 0

        def free(span: Span) -> int:
            taken = sum(1 for cohort, end in running
                        if (end is None or end >= span.start)
                        and (span.cohort_id is None or cohort == span.cohort_id))
            return Places(group.capacity, taken, held).free

        return [StartOption(c.day, c.closure, c.note, free(spans[c.day]) if c.choosable else 0)
                for c in choices]
