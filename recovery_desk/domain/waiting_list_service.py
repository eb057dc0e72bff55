"""Waiting lists: ordered per group. A freed place is offered to the first person still eligible
and referred; anyone passed over has the reason recorded on their entry, never silently. The desk
accepts (books the place), declines or skips an offer; a keyworker can reorder with a reason."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from recovery_desk.domain import audit
from recovery_desk.domain.booking_service import (
    Place,
    booking_problem,
    current_referral,
    lock_group,
    place_in_transaction,
    places_for,
)
from recovery_desk.domain.catalogue_service import details_of
from recovery_desk.domain.database import Database
from recovery_desk.domain.errors import DomainError, NotFoundError
from recovery_desk.domain.models import (
    Enrolment,
    EnrolmentStatus,
    Group,
    Outcome,
    ServiceUser,
    StaffRole,
    WaitingListEntry,
    WaitingStatus,
)
from recovery_desk.domain.places import span_for
from recovery_desk.domain.staff import Actor
from recovery_desk.eligibility import ProfileError, check_group, parse_profile
from recovery_desk.schedule.phrases import format_date

LIVE = (WaitingStatus.WAITING, WaitingStatus.OFFERED)


@dataclass(frozen=True)
class WaitingRow:
    entry_id: int
    person_id: int
    name: str
    position: int
    status: WaitingStatus
    added_on: date
    reason: str


def _live(session: Session, group_id: int) -> list[WaitingListEntry]:
    return list(session.scalars(select(WaitingListEntry).where(
        WaitingListEntry.group_id == group_id, WaitingListEntry.status.in_(LIVE))
        .order_by(WaitingListEntry.position, WaitingListEntry.id)))


def _renumber(entries: list[WaitingListEntry]) -> None:
    for number, entry in enumerate(entries, start=1):
        entry.position = number


def _name(session: Session, person_id: int) -> str:
    person = session.get_one(ServiceUser, person_id)
    return f"{person.given_name} {person.family_name}"


def entries(db: Database, actor: Actor, group_id: int) -> list[WaitingRow]:
    """The live list (waiting and offered), in order."""
    with db.reading() as session:
        rows = session.execute(select(WaitingListEntry, ServiceUser).join(ServiceUser).where(
            WaitingListEntry.group_id == group_id, WaitingListEntry.status.in_(LIVE))
            .order_by(WaitingListEntry.position, WaitingListEntry.id))
        return [WaitingRow(e.id, p.id, f"{p.given_name} {p.family_name}", e.position, e.status,
                           e.added_on, e.reason) for e, p in rows]


def join(db: Database, actor: Actor, person_id: int, group_id: int, on: date) -> int:
    """Add the person to a full group's list; returns their position."""
    with db.writing() as session:
        group = lock_group(session, group_id)
        person = session.get(ServiceUser, person_id)
        if person is None:
            raise NotFoundError("That person's record no longer exists.")
        details = details_of(group)
        name = f"{person.given_name} {person.family_name}"
        problem = _waiting_problem(session, person, details, on)
        if problem:
            raise DomainError(f"Cannot add {name} to the waiting list: {problem}.")
        if session.scalar(select(Enrolment).where(
                Enrolment.service_user_id == person_id, Enrolment.group_id == group_id,
                Enrolment.status == EnrolmentStatus.ACTIVE)):
            raise DomainError(f"{name} already has a place in {group.name}.")
        if session.scalar(select(WaitingListEntry).where(
                WaitingListEntry.service_user_id == person_id,
                WaitingListEntry.group_id == group_id, WaitingListEntry.status.in_(LIVE))):
            raise DomainError(f"{name} is already on the waiting list for {group.name}.")
        free = places_for(session, group, span_for(session, details, on)).free
        if free > 0:
            raise DomainError(f"{group.name} has {free} free place{'s' if free != 1 else ''}: "
                              "book the place instead.")
        last = session.scalar(select(func.max(WaitingListEntry.position)).where(
            WaitingListEntry.group_id == group_id, WaitingListEntry.status.in_(LIVE))) or 0
        entry = WaitingListEntry(group_id=group_id, service_user_id=person_id,
                                 position=last + 1, added_on=on, status=WaitingStatus.WAITING)
        session.add(entry)
        session.flush()
        audit.record(session, actor, "wait", "waiting_list_entry", entry.id, group=group.name)
        return entry.position


def _waiting_problem(session: Session, person: ServiceUser, group, on: date) -> str | None:  # type: ignore[no-untyped-def]
    """Like a booking's rules, but a wait on days of abstinence does not stop someone waiting."""
    has_referral = current_referral(session, person.id, group.id) is not None
    if group.referral_required and not has_referral:
        return f"{group.name} needs a keyworker referral, and none is on file"
    try:
        result = check_group(parse_profile({**person.profile,
                                            "keyworker_referral": has_referral}, on), group, on)
    except ProfileError as error:
        return f"their intake profile needs correcting first ({'; '.join(error.problems)})"
    if result.outcome is Outcome.NOT_ELIGIBLE and result.eligible_from is None:
        return f"not eligible for {group.name}: {result.reasons[0]}"
    return None


def offer_next(session: Session, actor: Actor, group: Group, on: date) -> str | None:
    """Offer each free place to the first waiting person still eligible and referred, inside
    the caller's transaction. Returns the first name offered, if any."""
    details = details_of(group)
    try:
        span = span_for(session, details, on)
    except DomainError:
        return None
    free = places_for(session, group, span).free
    offered: list[str] = []
    for entry in _live(session, group.id):
        if free <= 0:
            break
        if entry.status is not WaitingStatus.WAITING or entry.passed_over_on == on:
            continue
        person = session.get_one(ServiceUser, entry.service_user_id)
        problem = booking_problem(session, person, details, on)
        if problem:
            entry.passed_over_on = on
            entry.reason = f"Passed over on {format_date(on)}: {problem}."
            audit.record(session, actor, "pass_over", "waiting_list_entry", entry.id,
                         reason=problem)
            continue
        entry.status = WaitingStatus.OFFERED
        entry.reason = f"Offered a place on {format_date(on)}."
        audit.record(session, actor, "offer", "waiting_list_entry", entry.id)
        offered.append(_name(session, entry.service_user_id))
        free -= 1
    return offered[0] if offered else None


def _offered_entry(session: Session, entry_id: int) -> WaitingListEntry:
    entry = session.get(WaitingListEntry, entry_id)
    if entry is None or entry.status is not WaitingStatus.OFFERED:
        raise DomainError("That offer is no longer open; reload the waiting list.")
    return entry


def make_offers(db: Database, actor: Actor, group_id: int, on: date) -> str | None:
    """Offer any free places now (after capacity is raised, say)."""
    with db.writing() as session:
        return offer_next(session, actor, lock_group(session, group_id), on)


def accept(db: Database, actor: Actor, entry_id: int, on: date,
           accept_clash: bool = False) -> Place:
    """The person takes the offered place: it is booked in the same transaction."""
    with db.writing() as session:
        entry = _offered_entry(session, entry_id)
        group = lock_group(session, entry.group_id)
        person = session.get_one(ServiceUser, entry.service_user_id)
        place = place_in_transaction(session, actor, person, group, on, accept_clash,
                                     offered=True)
        entry.status = WaitingStatus.ACCEPTED
        entry.reason = f"Accepted on {format_date(on)}."
        live = _live(session, group.id)
        _renumber(live)
        audit.record(session, actor, "accept", "waiting_list_entry", entry.id)
        return place


def decline(db: Database, actor: Actor, entry_id: int, reason: str, on: date) -> str | None:
    """The person turns the place down and leaves the list; the place goes to the next person."""
    return _close_offer(db, actor, entry_id, reason, on, declined=True)


def skip(db: Database, actor: Actor, entry_id: int, reason: str, on: date) -> str | None:
    """The desk passes over the person for now (they keep their position); the place goes to
    the next person."""
    return _close_offer(db, actor, entry_id, reason, on, declined=False)


def _close_offer(db: Database, actor: Actor, entry_id: int, reason: str, on: date,
                 declined: bool) -> str | None:
    if not reason.strip():
        raise DomainError("Give a reason; it is kept on the waiting list.")
    with db.writing() as session:
        entry = _offered_entry(session, entry_id)
        group = lock_group(session, entry.group_id)
        if declined:
            entry.status = WaitingStatus.DECLINED
            entry.reason = f"Declined on {format_date(on)}: {reason.strip()}"
        else:
            entry.status = WaitingStatus.WAITING
            entry.passed_over_on = on
            entry.reason = f"Skipped on {format_date(on)}: {reason.strip()}"
        session.flush()
        _renumber(_live(session, group.id))
        audit.record(session, actor, "decline" if declined else "skip", "waiting_list_entry",
                     entry.id, reason=reason.strip())
        return offer_next(session, actor, group, on)


def move(db: Database, actor: Actor, entry_id: int, position: int, reason: str) -> None:
    """A keyworker moves someone up or down the list, with a reason kept in the audit."""
    actor.require(StaffRole.KEYWORKER, StaffRole.MANAGER, to="reorder a waiting list")
    if not reason.strip():
        raise DomainError("Give a reason for changing the order.")
    with db.writing() as session:
        entry = session.get(WaitingListEntry, entry_id)
        if entry is None or entry.status not in LIVE:
            raise DomainError("That person is no longer on the waiting list; reload.")
        lock_group(session, entry.group_id)
        live = [e for e in _live(session, entry.group_id) if e.id != entry.id]
        if not 1 <= position <= len(live) + 1:
            raise DomainError(f"Choose a position from 1 to {len(live) + 1}.")
        before = entry.position
        live.insert(position - 1, entry)
        _renumber(live)
        audit.record(session, actor, "reorder", "waiting_list_entry", entry.id, before=before,
                     after=position, reason=reason.strip())
