"""Walk-ins: someone without a place who comes to a session of an open group (one that needs
no referral) is added to that day's register, marked attended as a walk-in, and counted as a
walk-in in the report. The desk is then offered to book them a place from the next session.

Used by the register dialog (views/timetable/register_dialog.py), which finds the person or
adds them through the intake service first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from recovery_desk.access import Permission
from recovery_desk.domain.places.place_rules import lock_person
from recovery_desk.domain.places.register_service import session_group, session_row
from recovery_desk.domain.places.timetable_service import places_on
from recovery_desk.domain.service.service_calendar import ServiceCalendar
from recovery_desk.domain.store import audit
from recovery_desk.domain.store.actor import Actor
from recovery_desk.domain.store.database import Database
from recovery_desk.domain.store.errors import DomainError
from recovery_desk.domain.store.models import WalkIn
from recovery_desk.domain.store.timestamps import utc_now
from recovery_desk.schedule.phrases import format_date

OFFER_WITHIN = timedelta(weeks=8)
"""How far ahead the next session is looked for, to offer a walk-in a place from it."""


@dataclass(frozen=True)
class WalkInAdded:
    person_id: int
    name: str
    group: str
    offer_from: date | None
    """The group's next session after the walk-in's, to offer a place from; None if the group
    has none in the next few weeks."""


def add_walk_in(db: Database, actor: Actor, group_id: int, day: date, person_id: int,
                today: date) -> WalkInAdded:
    """Add the person to the session's register as a walk-in, marked attended; refused for a
    group that needs a referral, a session still to come, someone who holds a place in it
    that day (mark them instead) or who is already on it as a walk-in."""
    actor.require(Permission.TAKE_REGISTERS)
    with db.writing() as tx:
        # The group first, as every write to its sessions takes it; then the person.
        group, details = session_group(tx, group_id, day, today, lock=True)
        if group.referral_required:
            raise DomainError(f"{group.name} takes people with a keyworker's referral only, so "
                              "nobody can join a session as a walk-in.")
        person = lock_person(tx, person_id)
        if person.anonymised_on is not None:
            raise DomainError("That record has been anonymised; add the person again.")
        if any(place.service_user_id == person_id for place, _ in places_on(tx, group_id, day)):
            raise DomainError(f"{person.name} has a place in {group.name} on "
                              f"{format_date(day)}: mark them on the register instead.")
        session = session_row(tx, group, day)
        if tx.scalar(select(WalkIn.id).where(WalkIn.session_id == session.id,
                                             WalkIn.service_user_id == person_id)):
            raise DomainError(f"{person.name} is already on this register as a walk-in.")
        walk_in = WalkIn(session_id=session.id, service_user_id=person_id,
                         recorded_by_id=actor.staff_id, recorded_at=utc_now())
        tx.add(walk_in)
        tx.flush()
        audit.record(tx, actor, "walk_in", "session", session.id, walk_in=walk_in.id,
                     person=person_id)
        later = ServiceCalendar(tx).running(details, day + timedelta(days=1),
                                            max(day, today) + OFFER_WITHIN)
        return WalkInAdded(person_id, person.name, group.name,
                           next((d for d in later if d > today), None))
