"""Waiting lists: ordered per group. A freed place is offered to the first person still eligible
and referred; anyone passed over has the reason recorded on their entry, never silently. The desk
accepts (books the place), declines or skips an offer, or records that nobody answered it by its
answer-by date (a group policy); a keyworker can reorder with a reason."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from recovery_desk.access import Permission
from recovery_desk.domain.places.place_rules import (
    BookedPlace,
    active_place,
    current_referral,
    lock_group,
    lock_group_of,
    lock_person,
    place_in_transaction,
    place_problem,
    places_for,
)
from recovery_desk.domain.places.places import NoSessionToJoinError, span_for
from recovery_desk.domain.service import outbox
from recovery_desk.domain.service.group_rows import details_of
from recovery_desk.domain.service.service_calendar import ServiceCalendar
from recovery_desk.domain.store import audit
from recovery_desk.domain.store.actor import Actor
from recovery_desk.domain.store.database import Database
from recovery_desk.domain.store.errors import DomainError, NotFoundError
from recovery_desk.domain.store.models import Group, ServiceUser, WaitingListEntry
from recovery_desk.rows.places import PersonWaitingRow, WaitingRow
from recovery_desk.schedule.phrases import format_date
from recovery_desk.text_checks import reason_problem
from recovery_desk.vocabulary import LIVE_WAITING as LIVE
from recovery_desk.vocabulary import MessageKind, WaitingStatus


def _live(tx: Session, group_id: int) -> list[WaitingListEntry]:
    return list(tx.scalars(select(WaitingListEntry).where(
        WaitingListEntry.group_id == group_id, WaitingListEntry.status.in_(LIVE))
        .order_by(WaitingListEntry.position, WaitingListEntry.id)))


def _renumber(entries: list[WaitingListEntry]) -> None:
    for number, entry in enumerate(entries, start=1):
        entry.position = number


def entries(db: Database, actor: Actor, group_id: int) -> list[WaitingRow]:
    """The live list (waiting and offered), in order."""
    actor.require(Permission.KEEP_WAITING_LISTS)
    with db.reading() as tx:
        rows = tx.execute(select(WaitingListEntry, ServiceUser).join(ServiceUser).where(
            WaitingListEntry.group_id == group_id, WaitingListEntry.status.in_(LIVE))
            .order_by(WaitingListEntry.position, WaitingListEntry.id))
        return [WaitingRow(e.id, p.id, p.name, e.position, e.status, e.added_on, e.reason,
                           e.answer_by) for e, p in rows]


def person_entries(db: Database, actor: Actor, person_id: int) -> list[PersonWaitingRow]:
    """Each list the person is on (waiting or offered), with their position, how many are on
    it and any open offer's answer-by date: two statements, however many lists."""
    actor.require(Permission.KEEP_WAITING_LISTS)
    with db.reading() as tx:
        mine = tx.execute(select(WaitingListEntry, Group.name).join(Group).where(
            WaitingListEntry.service_user_id == person_id,
            WaitingListEntry.status.in_(LIVE)).order_by(Group.name)).all()
        if not mine:
            return []
        lengths: dict[int, int] = {group_id: count for group_id, count in tx.execute(
            select(WaitingListEntry.group_id, func.count()).where(
                WaitingListEntry.group_id.in_({e.group_id for e, _ in mine}),
                WaitingListEntry.status.in_(LIVE)).group_by(WaitingListEntry.group_id))}
        return [PersonWaitingRow(e.id, e.group_id, name, e.position, lengths[e.group_id],
                                 e.status, e.answer_by, e.reason) for e, name in mine]


def join(db: Database, actor: Actor, person_id: int, group_id: int, on: date) -> int:
    """Add the person to a full group's list; returns their position."""
    actor.require(Permission.KEEP_WAITING_LISTS)
    with db.writing() as tx:
        group = lock_group(tx, group_id)
        person = tx.get(ServiceUser, person_id)
        if person is None:
            raise NotFoundError("That person's record no longer exists.")
        details = details_of(group)
        name = person.name
        problem = place_problem(person, details, current_referral(tx, person.id, group.id),
                                on, waiting=True)
        if problem:
            raise DomainError(f"Cannot add {name} to the waiting list: {problem}.")
        if active_place(tx, person_id, group_id):
            raise DomainError(f"{name} already has a place in {group.name}.")
        if tx.scalar(select(WaitingListEntry).where(
                WaitingListEntry.service_user_id == person_id,
                WaitingListEntry.group_id == group_id, WaitingListEntry.status.in_(LIVE))):
            raise DomainError(f"{name} is already on the waiting list for {group.name}.")
        free = places_for(tx, group, span_for(tx, ServiceCalendar(tx), details,
                                                   on)).free
        if free > 0:
            raise DomainError(f"{group.name} has {free} free place{'s' if free != 1 else ''}: "
                              "book the place instead.")
        last = tx.scalar(select(func.max(WaitingListEntry.position)).where(
            WaitingListEntry.group_id == group_id, WaitingListEntry.status.in_(LIVE))) or 0
        entry = WaitingListEntry(group_id=group_id, service_user_id=person_id,
                                 position=last + 1, added_on=on, status=WaitingStatus.WAITING)
        tx.add(entry)
        tx.flush()
        audit.record(tx, actor, "wait", "waiting_list_entry", entry.id, group=group.name)
        return entry.position


def offer_next(tx: Session, actor: Actor, group: Group, on: date) -> str | None:
    """Offer each free place to the first waiting person still eligible and referred, inside
    the caller's transaction. Returns the first name offered, if any."""
    details = details_of(group)
    try:
        span = span_for(tx, ServiceCalendar(tx), details, on)
    except NoSessionToJoinError:
        return None
    free = places_for(tx, group, span).free
    offered: list[str] = []
    for entry in _live(tx, group.id):
        if free <= 0:
            break
        if entry.status is not WaitingStatus.WAITING or entry.passed_over_on == on:
            continue
        person = tx.get_one(ServiceUser, entry.service_user_id)
        problem = place_problem(person, details, current_referral(tx, person.id, group.id),
                                on)
        if problem:
            entry.passed_over_on = on
            entry.reason = f"Passed over on {format_date(on)}: {problem}."
            audit.record(tx, actor, "pass_over", "waiting_list_entry", entry.id,
                         reason=problem)
            continue
        entry.status = WaitingStatus.OFFERED
        entry.answer_by = on + timedelta(days=details.settings()["offer_answer_days"])
        entry.reason = (f"Offered a place on {format_date(on)}; answer by "
                        f"{format_date(entry.answer_by)}.")
        audit.record(tx, actor, "offer", "waiting_list_entry", entry.id,
                     answer_by=str(entry.answer_by))
        outbox.queue_one(tx, person.id, outbox.Event(
            MessageKind.OFFER, group, f"offer-w{entry.id}-{on:%Y%m%d}", span.start,
            group.start_time, entry.answer_by))
        offered.append(person.name)
        free -= 1
    return offered[0] if offered else None


def _offered_entry(tx: Session, entry_id: int) -> tuple[WaitingListEntry, Group]:
    """The offer and its group, locked, the offer read under the lock: of two desks answering
    it at once, the second sees the first's answer and is refused."""
    gone = "That offer is no longer open; reload the waiting list."
    entry, group = lock_group_of(tx, WaitingListEntry, entry_id, gone)
    if entry.status is not WaitingStatus.OFFERED:
        raise DomainError(gone)
    return entry, group


def make_offers(db: Database, actor: Actor, group_id: int, on: date) -> str | None:
    """Offer any free places now (after capacity is raised, say)."""
    actor.require(Permission.KEEP_WAITING_LISTS)
    with db.writing() as tx:
        return offer_next(tx, actor, lock_group(tx, group_id), on)


def accept(db: Database, actor: Actor, entry_id: int, on: date,
           accept_clash: bool = False) -> BookedPlace:
    """The person takes the offered place: it is booked in the same transaction."""
    actor.require(Permission.BOOK_PLACES)
    with db.writing() as tx:
        entry, group = _offered_entry(tx, entry_id)
        person = lock_person(tx, entry.service_user_id)
        place = place_in_transaction(tx, actor, person, group, on, accept_clash,
                                     offered=True)
        entry.status, entry.answer_by = WaitingStatus.ACCEPTED, None
        entry.reason = f"Accepted on {format_date(on)}."
        live = _live(tx, group.id)
        _renumber(live)
        audit.record(tx, actor, "accept", "waiting_list_entry", entry.id)
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
    actor.require(Permission.KEEP_WAITING_LISTS)
    refused = reason_problem(reason, "Give a reason; it is kept on the waiting list.")
    if refused:
        raise DomainError(refused)
    with db.writing() as tx:
        entry, group = _offered_entry(tx, entry_id)
        entry.answer_by = None
        if declined:
            entry.status = WaitingStatus.DECLINED
            entry.reason = f"Declined on {format_date(on)}: {reason.strip()}"
        else:
            entry.status = WaitingStatus.WAITING
            entry.passed_over_on = on
            entry.reason = f"Skipped on {format_date(on)}: {reason.strip()}"
        tx.flush()
        _renumber(_live(tx, group.id))
        audit.record(tx, actor, "decline" if declined else "skip", "waiting_list_entry",
                     entry.id, reason=reason.strip())
        return offer_next(tx, actor, group, on)


@dataclass(frozen=True)
class NoAnswer:
    kept_position: bool
    """Whether the person stays on the list (the group's policy) or has left it."""
    offered_to: str | None
    """Who the place is offered to next, if anyone."""


def no_answer(db: Database, actor: Actor, entry_id: int, today: date) -> NoAnswer:
    """Nobody answered the offer by its answer-by date: the offer closes and the place goes to
    the next person. The person keeps their position or leaves the list, as the group's
    no_answer_keeps_position policy says. Refused before the answer-by date."""
    actor.require(Permission.KEEP_WAITING_LISTS)
    with db.writing() as tx:
        entry, group = _offered_entry(tx, entry_id)
        due = entry.answer_by
        if due is not None and today < due:
            raise DomainError(f"The offer is open until {format_date(due)}; record no answer "
                              "on or after that day.")
        keeps = bool(details_of(group).settings()["no_answer_keeps_position"])
        by = f" by {format_date(due)}" if due else ""
        entry.answer_by, entry.passed_over_on = None, today
        if keeps:
            entry.status = WaitingStatus.WAITING
            entry.reason = f"No answer to the offer{by}; kept their position."
        else:
            entry.status = WaitingStatus.REMOVED
            entry.reason = f"No answer to the offer{by}; taken off the list."
        tx.flush()
        _renumber(_live(tx, group.id))
        audit.record(tx, actor, "no_answer", "waiting_list_entry", entry.id,
                     kept_position=keeps)
        return NoAnswer(keeps, offer_next(tx, actor, group, today))


def move(db: Database, actor: Actor, entry_id: int, position: int, reason: str) -> None:
    """A keyworker moves someone up or down the list, with a reason kept in the audit."""
    actor.require(Permission.REORDER_WAITING_LISTS)
    refused = reason_problem(reason, "Give a reason for changing the order.")
    if refused:
        raise DomainError(refused)
    with db.writing() as tx:
        gone = "That person is no longer on the waiting list; reload."
        entry, _group = lock_group_of(tx, WaitingListEntry, entry_id, gone)
        if entry.status not in LIVE:
            raise DomainError(gone)
        live = [e for e in _live(tx, entry.group_id) if e.id != entry.id]
        if not 1 <= position <= len(live) + 1:
            raise DomainError(f"Choose a position from 1 to {len(live) + 1}.")
        before = entry.position
        live.insert(position - 1, entry)
        _renumber(live)
        audit.record(tx, actor, "reorder", "waiting_list_entry", entry.id, before=before,
                     after=position, reason=reason.strip())
