"""The desk's day from a real database: today's sessions, who is expected, and registers due."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from recovery_desk.domain.people import intake_service as intake
from recovery_desk.domain.places import booking_service, register_service, today_service
from recovery_desk.domain.service import closure_service
from recovery_desk.domain.store.actor import Actor
from recovery_desk.domain.store.database import Database
from recovery_desk.domain.store.models import AuditEvent
from recovery_desk.schedule.timetable import REGISTER_DUE, REGISTER_TAKEN, register_state
from recovery_desk.vocabulary import AttendanceMark, StaffRole

RDP = "Reduced Drinking Programme"
BOOKED_ON = date(2026, 11, 27)  # a Friday: places start at Monday 30 Nov's session
WEDNESDAY = date(2026, 12, 2)


def _person(db: Database, actor: Actor, keyworker_id: int, group_id: int, given: str,
            on: date, phone: str = "", access_needs: str = "") -> int:
    person = intake.save_intake(db, actor, intake.PersonDetails(
        given_name=given, family_name="Day", date_of_birth=date(1980, 1, 1),
        keyworker_id=keyworker_id, consent_to_store=True, phone=phone,
        access_needs=access_needs, assessment={
            "substances": [{"name": "alcohol", "days_used_last_28": 12}],
            "goals": ["reduce_drinking"]}), [intake.ReferralRequest(group_id)], on)
    booking_service.book(db, actor, person, group_id, on)
    return person


@pytest.fixture
def day(db: Database, actor: Actor, keyworker_id: int, group_ids: dict[str, int]):
    """Two people in the Reduced Drinking Programme: one since Mon 30 Nov, one whose place
    starts on Wed 2 Dec."""
    group = group_ids[RDP]
    regular = _person(db, actor, keyworker_id, group, "Robin", BOOKED_ON, "020 7946 0123",
                      "Uses a wheelchair; the side door has the ramp.")
    newcomer = _person(db, actor, keyworker_id, group, "Ash", date(2026, 12, 1))
    return group, regular, newcomer


def test_today_lists_sessions_and_who_is_expected_with_first_sessions_marked(
        db, actor, day) -> None:
    """Wednesday's session lists both people by name; only the newcomer's is a first."""
    group, regular, newcomer = day
    sheet = today_service.day_sheet(db, actor, WEDNESDAY)
    assert [(r.group_name, r.date, r.booked) for r in sheet.sessions] == [(RDP, WEDNESDAY, 2)]
    people = today_service.expected_today(db, actor, WEDNESDAY)[group]
    assert [(p.person_id, p.name, p.phone, p.first_session, p.access_needs) for p in people] == [
        (newcomer, "Ash Day", "", True, ""),
        (regular, "Robin Day", "+442079460123", False,
         "Uses a wheelchair; the side door has the ramp.")]
    with db.reading() as tx:
        event = tx.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert (event.action, event.entity, event.detail["people"]) == ("view", "expected_today", 2)


def test_a_register_not_taken_is_due_until_it_is_taken(db, actor, day) -> None:
    """Monday's untaken register is due on Wednesday until saved; a saved one reads taken."""
    group, _, _ = day
    sheet = today_service.day_sheet(db, actor, WEDNESDAY)
    assert [(r.group_name, r.date) for r in sheet.overdue] == [(RDP, date(2026, 11, 30))]
    assert register_state(sheet.sessions[0], WEDNESDAY) == REGISTER_DUE
    monday = date(2026, 11, 30)
    place = register_service.register(db, actor, group, monday, monday).rows[0]
    register_service.record(db, actor, group, date(2026, 11, 30),
                            {place.enrolment_id: AttendanceMark.ATTENDED}, date(2026, 11, 30))
    assert today_service.day_sheet(db, actor, WEDNESDAY).overdue == []
    place = register_service.register(db, actor, group, WEDNESDAY, WEDNESDAY).rows[0]
    register_service.record(db, actor, group, WEDNESDAY,
                            {place.enrolment_id: AttendanceMark.LATE}, WEDNESDAY)
    taken = today_service.day_sheet(db, actor, WEDNESDAY).sessions[0]
    assert taken.register_taken and register_state(taken, WEDNESDAY) == REGISTER_TAKEN


def test_registers_older_than_the_window_and_closed_sessions_are_not_due(
        db, actor, day) -> None:
    """Past the window a register drops off the list; a closed session has none due."""
    later = date(2026, 11, 30) + timedelta(days=today_service.OVERDUE_DAYS + 1)
    assert date(2026, 11, 30) not in {r.date for r in
                                      today_service.day_sheet(db, actor, later).overdue}
    closure_service.add_closure(db, actor, WEDNESDAY, WEDNESDAY, "Facilitator off sick", None)
    sheet = today_service.day_sheet(db, actor, WEDNESDAY)
    assert [r.closure for r in sheet.sessions] == ["Facilitator off sick"]
    assert register_state(sheet.sessions[0], WEDNESDAY) is None
    assert today_service.expected_today(db, actor, WEDNESDAY) == {}


def test_a_first_session_counts_only_sessions_that_ran(db, actor, day) -> None:
    """A place whose only earlier session was closed is still at its first session."""
    group, _, _ = day
    closure_service.add_closure(db, actor, date(2026, 11, 30), date(2026, 11, 30),
                                "Staff training", None)
    people = today_service.expected_today(db, actor, WEDNESDAY)[group]
    assert all(p.first_session for p in people)


def test_reception_sees_who_is_expected(db, actor, day) -> None:
    """Reception, who greet people at the door, get the expected list."""
    with db.reading() as tx:
        before = tx.scalar(select(func.count()).select_from(AuditEvent))
    today_service.day_sheet(db, actor, WEDNESDAY)
    with db.reading() as tx:  # the day's sessions alone name nobody, so audit nothing
        assert tx.scalar(select(func.count()).select_from(AuditEvent)) == before
    group, _, _ = day
    reception = replace(actor, role=StaffRole.RECEPTION)
    assert len(today_service.expected_today(db, reception, WEDNESDAY)[group]) == 2
