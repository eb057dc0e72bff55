"""Reminders: the day before each session that runs, one message per person with a place in
it, queued by the sender run (`messages send --on DATE` queues those for the day after DATE).
Idempotent: the reference names the group, the day and the person, so a second run queues
nothing new."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from recovery_desk.access import Permission
from recovery_desk.domain.service import outbox
from recovery_desk.domain.service.group_rows import details_of
from recovery_desk.domain.service.service_calendar import ServiceCalendar
from recovery_desk.domain.store import audit
from recovery_desk.domain.store.actor import Actor
from recovery_desk.domain.store.database import Database
from recovery_desk.domain.store.models import Group, Place, ServiceUser
from recovery_desk.vocabulary import MessageKind, PlaceStatus


def queue_reminders(db: Database, actor: Actor, on: date) -> int:
    """Queue reminders for the sessions on the day after `on`; returns how many were added.
    Three statements (the groups, the places, the outbox's references) whatever the size of
    the service."""
    actor.require(Permission.SEND_MESSAGES)
    day = on + timedelta(days=1)
    with db.writing() as tx:
        # Two runs at once would both insert the same references; the audit chain's lock,
        # taken first, makes them run in turn, and the second finds them there.
        audit.lock_chain(tx)
        added = reminders_in(tx, day)
        if added:
            audit.record(tx, actor, "queue_reminders", "messages", None, day=str(day),
                         added=added)
        return added


def reminders_in(tx: Session, day: date) -> int:
    """Queue, in the caller's transaction, reminders for the sessions on day (the demo and
    queue_reminders)."""
    calendar = ServiceCalendar(tx)
    groups = {group.id: group for group in tx.scalars(
        select(Group).where(Group.active.is_(True)))
        if calendar.running(details_of(group), day, day)}
    if not groups:
        return 0
    rows = tx.execute(select(Place, ServiceUser).join(ServiceUser).where(
        Place.group_id.in_(list(groups)), Place.start_date <= day,
        Place.status != PlaceStatus.CANCELLED,
        or_(Place.ended_on >= day, and_(Place.ended_on.is_(None), or_(
            Place.expected_end_date.is_(None), Place.expected_end_date >= day))))
        .order_by(Place.id)).all()
    people = [person for _place, person in rows]
    events = [outbox.Event(MessageKind.REMINDER, groups[place.group_id],
                           f"reminder-g{place.group_id}-{day:%Y%m%d}-p{person.id}", day,
                           groups[place.group_id].start_time) for place, person in rows]
    return outbox.queue(tx, people, events)
