"""Booking a place, leaving one, and opening cohorts: each one transaction with its rules inside.

A booking takes the write lock first (BEGIN IMMEDIATE on SQLite, the group's row FOR UPDATE on
PostgreSQL) and only then counts the places, so two desks booking the last place at once cannot
both succeed: the second waits, counts again, and is told the group is full. Ending a place
reads the place only under its group's lock, so two desks ending it at once end it once.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from sqlalchemy import select

from recovery_desk.access import Permission
from recovery_desk.domain.places.place_rules import (
    BookedPlace,
    lock_group,
    lock_group_of,
    lock_person,
    place_in_transaction,
)
from recovery_desk.domain.places.waiting_list_service import offer_next
from recovery_desk.domain.store import audit
from recovery_desk.domain.store.actor import Actor
from recovery_desk.domain.store.database import Database
from recovery_desk.domain.store.errors import DomainError
from recovery_desk.domain.store.models import Cohort, Place
from recovery_desk.schedule.phrases import format_date
from recovery_desk.text_checks import reason_problem
from recovery_desk.vocabulary import GroupFormat, PlaceStatus


class Leaving(StrEnum):
    COMPLETED = "completed"
    WITHDRAWN = "withdrawn"
    DISCHARGED = "discharged"


def book(db: Database, actor: Actor, person_id: int, group_id: int, on: date,
         accept_clash: bool = False, start: date | None = None) -> BookedPlace:
    """Book a place on day `on` (today), starting at the next session or at `start` when the
    desk chose one (a session that runs, on or after `on`; a cohort's start for a closed
    group: checked under the lock). Raises GroupFullError, TimeClashError or DomainError
    saying why not."""
    actor.require(Permission.BOOK_PLACES)
    with db.writing() as tx:
        group = lock_group(tx, group_id)
        person = lock_person(tx, person_id)
        return place_in_transaction(tx, actor, person, group, on, accept_clash, start=start)


def leave(db: Database, actor: Actor, enrolment_id: int, how: Leaving, reason: str,
          on: date) -> str | None:
    """End a place (completed, withdrawn or discharged) with a reason; the place frees at once
    and is offered to the first person on the waiting list still eligible and referred.
    Returns the name of the person offered the place, if anyone."""
    actor.require(Permission.BOOK_PLACES)
    refused = reason_problem(reason, "Give a reason for ending the place.")
    if refused:
        raise DomainError(refused)
    with db.writing() as tx:
        place, group = lock_group_of(tx, Place, enrolment_id,
                                     "That place no longer exists; reload.")
        if place.status is not PlaceStatus.ACTIVE:
            raise DomainError("That place has already ended; reload.")
        place.status = PlaceStatus(how.value)
        place.ended_on = on
        place.end_reason = reason.strip()
        audit.record(tx, actor, how.value, "enrolment", place.id, reason=reason.strip())
        tx.flush()
        return offer_next(tx, actor, group, on)


def open_cohort(db: Database, actor: Actor, group_id: int, start: date, today: date) -> None:
    """A manager opens a new cohort of a closed group, starting on `start`."""
    actor.require(Permission.OPEN_COHORTS)
    if start < today:
        raise DomainError("A new cohort starts today or later.")
    with db.writing() as tx:
        group = lock_group(tx, group_id)
        if group.format is not GroupFormat.CLOSED_COHORT:
            raise DomainError(f"{group.name} is not a closed group; it has no cohorts.")
        if tx.scalar(select(Cohort).where(Cohort.group_id == group_id,
                                               Cohort.start_date == start)):
            raise DomainError(f"{group.name} already has a cohort starting "
                              f"{format_date(start)}.")
        cohort = Cohort(group_id=group_id, start_date=start)
        tx.add(cohort)
        tx.flush()
        audit.record(tx, actor, "open", "cohort", cohort.id, start=str(start))
