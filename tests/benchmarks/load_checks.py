"""The invariants load.py checks after many desks have worked at once (and before, to show
the starting database was sound): no group over capacity, no offer answered more often than
it was made, no place ended twice, and the audit chain verified end to end.

Capacity is counted as a booking counts it (place_rules.places_for on the day): places taken
at the next session plus offers held, for each group with a session to join."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from sqlalchemy import select

from recovery_desk.domain.places import booking_service
from recovery_desk.domain.places.place_rules import places_for
from recovery_desk.domain.places.places import NoSessionToJoinError, span_for
from recovery_desk.domain.service.group_rows import details_of
from recovery_desk.domain.service.service_calendar import ServiceCalendar
from recovery_desk.domain.staff import audit_service
from recovery_desk.domain.store.actor import Actor
from recovery_desk.domain.store.database import Database
from recovery_desk.domain.store.models import AuditEvent, Group

ANSWERS = ("accept", "decline", "skip")
ENDINGS = tuple(how.value for how in booking_service.Leaving)


def invariants(url: str, actor: Actor, on: date,
               offered_at_start: set[int]) -> dict[str, Any]:
    """offered_at_start: the entries already offered when the desks began (the demo makes
    its offers without an audited offer)."""
    db = Database.open(url)
    try:
        with db.reading() as tx:
            over = []
            calendar = ServiceCalendar(tx)
            for group in tx.scalars(select(Group).where(Group.active.is_(True))):
                try:
                    places = places_for(tx, group, span_for(
                        tx, calendar, details_of(group), on))
                except NoSessionToJoinError:
                    continue
                if places.taken + places.held > places.capacity:
                    over.append(f"{group.name}: {places.taken} taken + {places.held} held "
                                f"of {places.capacity}")
            seen = Counter(tx.execute(select(
                AuditEvent.entity, AuditEvent.entity_id, AuditEvent.action).where(
                AuditEvent.entity.in_(["waiting_list_entry", "enrolment"]))).tuples())
        answered_twice = sorted({
            entity_id for (entity, entity_id, action) in seen
            if entity == "waiting_list_entry" and action in ANSWERS
            and sum(seen[(entity, entity_id, a)] for a in ANSWERS)
            > seen[(entity, entity_id, "offer")] + (entity_id in offered_at_start)})
        ended_twice = sorted({entity_id for (entity, entity_id, _action) in seen
                              if entity == "enrolment" and sum(
                                  seen[(entity, entity_id, a)] for a in ENDINGS) > 1})
        check = audit_service.verify(db, actor)
    finally:
        db.dispose()
    return {"over_capacity": over, "answered_twice": answered_twice,
            "ended_twice": ended_twice, "audit_rows": check.rows, "audit_holds": check.holds,
            "holds": not over and not answered_twice and not ended_twice and check.holds}
