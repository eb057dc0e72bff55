"""The places state machine with two desks on one PostgreSQL server: two Database objects (two
engines, as two PCs would have), each rule taken by either desk, and a rule in which both desks
act at once, queued behind a third connection holding the group's lock so that both have read
before either writes. The invariants of the one-desk machine hold, and no offer is answered
and no place ended more often than it was made. Five examples by default (a few seconds);
fifty with RECOVERY_DESK_LONG_TESTS=1."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import initialize, invariant, rule, run_state_machine_as_test
from sqlalchemy import select

from recovery_desk.domain.places import booking_service as booking
from recovery_desk.domain.places import register_service
from recovery_desk.domain.places import waiting_list_service as waiting
from recovery_desk.domain.staff import audit_service
from recovery_desk.domain.store.database import Database
from recovery_desk.domain.store.errors import DomainError
from recovery_desk.domain.store.models import AuditEvent, Place, PlaceStatus, WaitingStatus
from recovery_desk.vocabulary import AttendanceMark
from tests.domain.queued_desks import queued_behind_group
from tests.domain.test_places_state_machine import PlacesMachine
from tests.fuzzing import LONG

MOVES = st.tuples(st.sampled_from(["book", "join", "leave", "accept", "decline", "skip",
                                   "register"]), st.integers(0, 6))
ENDINGS = {how.value for how in booking.Leaving}


class TwoDesksMachine(PlacesMachine):
    @initialize()
    def open(self) -> None:
        """Starts full, two waiting and one offer open, so that the two desks' first moves
        at once can already collide on an offer or a place."""
        super().open()
        self.desks = [self.db, Database.open(self.target)]
        places = [booking.book(self.db, self.actor, self.people[n], self.group_id, self.day)
                  for n in range(3)]
        for n in (3, 4):
            waiting.join(self.db, self.actor, self.people[n], self.group_id, self.day)
        booking.leave(self.db, self.actor, places[0].enrolment_id, booking.Leaving.COMPLETED,
                      "finished", self.day)

    def teardown(self) -> None:
        self.desks[1].dispose()
        super().teardown()

    @rule(desk=st.integers(0, 1))
    def switch_desk(self, desk: int) -> None:
        """The rules that follow run at this desk."""
        self.db = self.desks[desk]

    def _move(self, desk: Database, move: tuple[str, int]):
        """The desk's action, its target (the first offer, a running place) chosen now, as
        the desk's screen showed it, before either desk acts."""
        kind, pick = move
        person = self.people[pick]
        if kind == "book":
            return lambda: booking.book(desk, self.actor, person, self.group_id, self.day)
        if kind == "join":
            return lambda: waiting.join(desk, self.actor, person, self.group_id, self.day)
        if kind == "register":
            return lambda: self._register(desk)
        if kind == "leave":
            with desk.reading() as tx:
                active = tx.scalars(select(Place.id).where(
                    Place.status == PlaceStatus.ACTIVE).order_by(Place.id)).all()
            if not active:
                return lambda: None
            place = active[pick % len(active)]
            return lambda: booking.leave(desk, self.actor, place, booking.Leaving.WITHDRAWN,
                                         f"desk {self.desks.index(desk)}", self.day)
        offers = [r.entry_id for r in waiting.entries(desk, self.actor, self.group_id)
                  if r.status is WaitingStatus.OFFERED]
        if not offers:
            return lambda: None
        entry = offers[0]
        if kind == "accept":
            return lambda: waiting.accept(desk, self.actor, entry, self.day)
        if kind == "decline":
            return lambda: waiting.decline(desk, self.actor, entry, "no", self.day)
        return lambda: waiting.skip(desk, self.actor, entry, "away", self.day)

    def _register(self, desk: Database) -> None:
        try:
            sheet = register_service.register(desk, self.actor, self.group_id, self.day,
                                                  self.day)
        except DomainError:
            return
        register_service.record(desk, self.actor, self.group_id, self.day,
                                {row.enrolment_id: AttendanceMark.ATTENDED
                                 for row in sheet.rows}, self.day)

    @rule(first=MOVES, second=MOVES)
    def both_desks_at_once(self, first: tuple[str, int], second: tuple[str, int]) -> None:
        actions = [self._move(self.desks[0], first), self._move(self.desks[1], second)]
        for outcome in queued_behind_group(self.target, self.group_id, actions):
            if isinstance(outcome, DomainError):
                assert str(outcome)  # every refusal tells the desk why

    @invariant()
    def nothing_answered_or_ended_twice(self) -> None:
        with self.db.reading() as tx:
            rows = tx.execute(select(AuditEvent.entity, AuditEvent.entity_id,
                                          AuditEvent.action).where(
                AuditEvent.entity.in_(["waiting_list_entry", "enrolment"]))).all()
        seen = Counter((entity, entity_id, action) for entity, entity_id, action in rows)
        for (entity, entity_id, action), times in seen.items():
            if entity == "waiting_list_entry" and action in ("accept", "decline", "skip"):
                answers = sum(seen[(entity, entity_id, a)] for a in ("accept", "decline",
                                                                     "skip"))
                assert answers <= seen[(entity, entity_id, "offer")], (entity_id, seen)
            if entity == "enrolment" and action in ENDINGS:
                assert times == 1, (entity_id, action)

    @invariant()
    def the_audit_chain_holds(self) -> None:
        assert audit_service.verify(self.db, self.actor).holds


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_the_rules_hold_whatever_two_desks_do_at_once(backend) -> None:
    """Any order of the desk's actions at either of two desks, and any two at once."""
    machine = type("PlacesOnTwoDesks", (TwoDesksMachine,), {"home": backend})
    run_state_machine_as_test(machine, settings=settings(
        max_examples=50 if LONG else 5, stateful_step_count=12, deadline=None,
        suppress_health_check=[HealthCheck.too_slow]))
