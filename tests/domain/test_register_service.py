"""Registers: marks for sessions that run (on their day or after), corrections kept,
did-not-attend flags, and sessions cancelled on the day."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from recovery_desk.domain.people import person_record_service
from recovery_desk.domain.places import booking_service as booking
from recovery_desk.domain.places import register_service
from recovery_desk.domain.reports import report_service
from recovery_desk.domain.store.actor import Actor
from recovery_desk.domain.store.errors import DomainError, InvalidDetailsError
from recovery_desk.domain.store.models import Attendance, AttendanceMark, AuditEvent, Closure
from recovery_desk.vocabulary import StaffRole
from tests.domain.conftest import ON

RDP = "Reduced Drinking Programme"
LATER = date(2026, 12, 31)
"""A day after every session these tests take a register for."""
A, L, P, D = (AttendanceMark.ATTENDED, AttendanceMark.LATE, AttendanceMark.APOLOGIES,
              AttendanceMark.DID_NOT_ATTEND)


@pytest.fixture
def people(make_person) -> list[int]:
    return [make_person() for _ in range(3)]


@pytest.fixture
def members(db, actor, people, group_ids):
    return [booking.book(db, actor, person, group_ids[RDP], ON) for person in people]


def test_every_active_member_is_on_the_register(db, actor, members, group_ids) -> None:
    sheet = register_service.register(db, actor, group_ids[RDP], date(2026, 11, 30), LATER)
    assert [r.name for r in sheet.rows] == ["Person1 Test", "Person2 Test", "Person3 Test"]
    assert all(r.mark is None for r in sheet.rows)


def test_a_closed_session_or_a_day_without_one_takes_no_register(db, actor, members,
                                                                  group_ids) -> None:
    with pytest.raises(DomainError, match="closed on Mon 28 Dec 2026 \\(Bank holiday"):
        register_service.register(db, actor, group_ids[RDP], date(2026, 12, 28), LATER)
    with pytest.raises(DomainError, match="does not meet on Tue 1 Dec 2026"):
        register_service.record(db, actor, group_ids[RDP], date(2026, 12, 1),
                                {members[0].enrolment_id: A}, LATER)


def test_a_correction_replaces_the_mark_and_keeps_the_old_one(db, actor, members, people,
                                                              group_ids) -> None:
    day = date(2026, 11, 30)
    first = members[0].enrolment_id
    register_service.record(db, actor, group_ids[RDP], day, {first: D}, day)
    register_service.record(db, actor, group_ids[RDP], day, {first: L}, day)
    sheet = register_service.register(db, actor, group_ids[RDP], day, day)
    row = next(r for r in sheet.rows if r.enrolment_id == first)
    assert (row.mark, row.corrected) == (L, True)
    with db.reading() as tx:
        marks = tx.scalars(select(Attendance).order_by(Attendance.id)).all()
    assert [(m.mark, m.superseded_by_id) for m in marks] == [(D, marks[1].id), (L, None)]
    record = person_record_service.person_record(db, actor, people[0])
    assert record.attendance[0].mark is L and record.attendance[0].history == (D,)


def test_three_did_not_attends_in_a_row_flag_the_place(db, actor, members, people,
                                                       group_ids) -> None:
    person = members[1].enrolment_id
    days = [date(2026, 11, 30), date(2026, 12, 2), date(2026, 12, 7)]
    assert register_service.record(db, actor, group_ids[RDP], days[0], {person: D}, LATER) == []
    assert register_service.record(db, actor, group_ids[RDP], days[1], {person: D}, LATER) == []
    assert register_service.record(db, actor, group_ids[RDP], days[2], {person: D}, LATER) == \
        ["Person2 Test"]
    record = person_record_service.person_record(db, actor, people[1])
    assert record.places[0].flagged
    register_service.record(db, actor, group_ids[RDP], days[2], {person: P}, LATER)
    assert not person_record_service.person_record(db, actor, people[1]).places[0].flagged


def test_a_mark_for_someone_not_in_the_session_is_refused(db, actor, members, group_ids) -> None:
    with pytest.raises(DomainError, match="without a place in this session"):
        register_service.record(db, actor, group_ids[RDP], date(2026, 11, 30), {999: A},
                                LATER)


def test_the_streak_counts_did_not_attends_after_the_latest_other_mark(
        db, actor, members, group_ids) -> None:
    """By session date, not by when marks were entered; a correction counts as it now is."""
    place = members[0].enrolment_id
    days = [date(2026, 11, 30), date(2026, 12, 2), date(2026, 12, 7), date(2026, 12, 9),
            date(2026, 12, 14)]
    # Entered out of order: the latest sessions first.
    for day, mark in zip(reversed(days), (D, D, A, D, D), strict=True):
        register_service.record(db, actor, group_ids[RDP], day, {place: mark}, LATER)
    with db.reading() as tx:
        assert register_service.dna_streaks(tx, [place]) == {place: 2}
    register_service.record(db, actor, group_ids[RDP], days[2], {place: D}, LATER)
    with db.reading() as tx:
        assert register_service.dna_streaks(tx, [place, members[1].enrolment_id]) == \
            {place: 5}


def test_a_register_for_a_session_still_to_come_is_refused(db, actor, members,
                                                            group_ids) -> None:
    """Taken on the session's day or after it; the day before, opening and saving are refused."""
    monday = date(2026, 11, 30)
    refused = "Mon 30 Nov 2026 is still to come: a register is taken on the session's day"
    with pytest.raises(DomainError, match=refused):
        register_service.register(db, actor, group_ids[RDP], monday, date(2026, 11, 29))
    with pytest.raises(DomainError, match=refused):
        register_service.record(db, actor, group_ids[RDP], monday,
                                {members[0].enrolment_id: A}, date(2026, 11, 29))
    with db.reading() as tx:
        assert tx.scalars(select(Attendance)).all() == []
    register_service.record(db, actor, group_ids[RDP], monday, {members[0].enrolment_id: A},
                            monday)
    assert register_service.register(db, actor, group_ids[RDP], monday, monday).rows[0].mark is A


def test_a_session_cancelled_on_the_day_takes_no_register(db, actor, members, group_ids) -> None:
    """Cancelled on its day before anyone is marked: audited, it takes no register and
    cannot be cancelled twice."""
    monday = date(2026, 11, 30)
    assert register_service.cancel_session(db, actor, group_ids[RDP], monday,
                                           "Facilitator off sick", monday) == 3
    with db.reading() as tx:
        audited = tx.scalars(select(AuditEvent.action).where(
            AuditEvent.entity == "closure")).all()
    assert audited == ["cancel_session"]
    with pytest.raises(DomainError, match="on Mon 30 Nov 2026 was cancelled by the service "
                                          "\\(Facilitator off sick\\), so it takes no register; "
                                          "nobody on it counts as a did-not-attend"):
        register_service.register(db, actor, group_ids[RDP], monday, monday)
    with pytest.raises(DomainError, match="Mon 30 Nov 2026 was cancelled by the service"):
        register_service.cancel_session(db, actor, group_ids[RDP], monday, "Again", monday)


def test_a_session_that_ran_is_not_cancelled(db, actor, members, group_ids) -> None:
    """A register with marks, or a session already past, is corrected, not cancelled."""
    monday, wednesday = date(2026, 11, 30), date(2026, 12, 2)
    register_service.record(db, actor, group_ids[RDP], monday,
                            {m.enrolment_id: A for m in members}, monday)
    with pytest.raises(DomainError, match="This register has 3 marks: a session that ran is "
                                          "not cancelled; correct its marks instead"):
        register_service.cancel_session(db, actor, group_ids[RDP], monday, "Ill", monday)
    with pytest.raises(DomainError, match="Reduced Drinking Programme on Mon 30 Nov 2026 has "
                                          "passed; a session is cancelled on its own day only"):
        register_service.cancel_session(db, actor, group_ids[RDP], monday, "Ill", wednesday)
    with db.reading() as tx:
        assert tx.scalars(select(Closure)).all() == []


def test_a_cancelled_session_counts_as_closed_in_the_report(db, actor, members,
                                                            group_ids) -> None:
    """Planned, closed with its reason, not run; its marks are not counted."""
    monday, wednesday = date(2026, 11, 30), date(2026, 12, 2)
    everyone = {m.enrolment_id: D for m in members}
    register_service.record(db, actor, group_ids[RDP], monday, everyone, monday)
    register_service.cancel_session(db, actor, group_ids[RDP], wednesday,
                                    "Facilitator off sick", wednesday)
    made = report_service.report(db, actor, monday, wednesday, [group_ids[RDP]], wednesday)
    figures = made.groups[0]
    assert (figures.values["sessions_planned"], figures.values["sessions_closed"],
            figures.values["sessions_run"]) == (2, 1, 1)
    assert figures.closures == {"Cancelled on the day: Facilitator off sick": 1}
    assert (figures.values["marks"], figures.values["did_not_attend"]) == (3, 3)


def test_cancelling_needs_a_reason_and_the_day_to_have_come(db, actor, members,
                                                            group_ids) -> None:
    """A blank reason is a message under the field; a session still to come is a manager's
    closure, not a cancellation on the day."""
    monday = date(2026, 11, 30)
    with pytest.raises(InvalidDetailsError) as refused:
        register_service.cancel_session(db, actor, group_ids[RDP], monday, "  ", monday)
    assert refused.value.problems == {"reason": "Give a reason; it is shown on the timetable."}
    with pytest.raises(DomainError, match="still to come; a manager closes a future session"):
        register_service.cancel_session(db, actor, group_ids[RDP], monday, "Ill",
                                        date(2026, 11, 27))
    with db.reading() as tx:
        assert tx.scalars(select(Closure)).all() == []


def test_reception_may_cancel_a_session_on_the_day(db, actor, members, group_ids) -> None:
    """Reception hear first that the facilitator is off sick; the cancellation is theirs."""
    reception = Actor(actor.staff_id, "Jo", StaffRole.RECEPTION)
    monday = date(2026, 11, 30)
    assert register_service.cancel_session(db, reception, group_ids[RDP], monday,
                                           "Facilitator off sick", monday) == 3
