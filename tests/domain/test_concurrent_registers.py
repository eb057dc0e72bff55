"""Two desks writing to the same session at the same moment, on PostgreSQL: a third connection
holds the group's lock while both queue behind it. The second save reads the first's marks
under the lock and records its own as corrections; a save or a cancellation behind a
cancellation is refused; a walk-in added twice is added once."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from recovery_desk.domain.places import booking_service as booking
from recovery_desk.domain.places import register_service, walk_in_service
from recovery_desk.domain.store.database import Database
from recovery_desk.domain.store.errors import DomainError
from recovery_desk.domain.store.models import Attendance, AuditEvent, Closure, WalkIn
from recovery_desk.vocabulary import AttendanceMark
from tests.domain.conftest import ON
from tests.domain.queued_desks import queued_behind_group

RDP = "Reduced Drinking Programme"
MONDAY = date(2026, 11, 30)


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_two_desks_saving_one_register_at_once_save_in_turn(db, actor, db_path, make_person,
                                                             group_ids) -> None:
    """Both saves succeed; each place keeps one current mark, the second desk's, and the
    first desk's marks are kept as corrected history."""
    group_id = group_ids[RDP]
    places = [booking.book(db, actor, make_person(), group_id, ON).enrolment_id
              for _ in range(2)]
    first = dict.fromkeys(places, AttendanceMark.ATTENDED)
    second = dict.fromkeys(places, AttendanceMark.LATE)
    desks = [Database.open(db_path) for _ in range(2)]
    try:
        outcomes = queued_behind_group(str(db_path), group_id, [
            lambda: register_service.record(desks[0], actor, group_id, MONDAY, first, MONDAY),
            lambda: register_service.record(desks[1], actor, group_id, MONDAY, second, MONDAY)])
    finally:
        for desk in desks:
            desk.dispose()
    assert not any(isinstance(o, DomainError) for o in outcomes), outcomes
    with db.reading() as tx:
        current = tx.execute(select(Attendance.enrolment_id, Attendance.mark).where(
            Attendance.superseded_by_id.is_(None))).all()
        actions = tx.scalars(select(AuditEvent.action).where(
            AuditEvent.entity == "attendance").order_by(AuditEvent.id)).all()
    assert sorted(current) == sorted((p, AttendanceMark.LATE) for p in places)
    assert actions == ["mark", "mark", "correct", "correct"]


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_a_save_queued_behind_a_cancellation_is_refused(db, actor, db_path, make_person,
                                                        group_ids) -> None:
    """One desk cancels the session while another saves its register: the save, reading the
    closure only once it holds the group's lock, is refused; a second cancellation too."""
    group_id = group_ids[RDP]
    place = booking.book(db, actor, make_person(), group_id, ON).enrolment_id
    desks = [Database.open(db_path) for _ in range(3)]
    try:
        outcomes = queued_behind_group(str(db_path), group_id, [
            lambda: register_service.cancel_session(desks[0], actor, group_id, MONDAY,
                                                    "Facilitator off sick", MONDAY),
            lambda: register_service.record(desks[1], actor, group_id, MONDAY,
                                            {place: AttendanceMark.DID_NOT_ATTEND}, MONDAY),
            lambda: register_service.cancel_session(desks[2], actor, group_id, MONDAY,
                                                    "Room flooded", MONDAY)])
    finally:
        for desk in desks:
            desk.dispose()
    assert outcomes[0] == 1
    assert [str(o) for o in outcomes[1:]] == [
        "Reduced Drinking Programme on Mon 30 Nov 2026 was cancelled by the service "
        "(Facilitator off sick), so it takes no register; nobody on it counts as a "
        "did-not-attend."] * 2
    with db.reading() as tx:
        assert tx.scalars(select(Attendance)).all() == []
        assert tx.scalars(select(Closure.reason)).all() == [
            "Cancelled on the day: Facilitator off sick"]


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_two_desks_adding_one_walk_in_at_once_add_them_once(db, actor, db_path, make_person,
                                                            group_ids) -> None:
    """The second desk finds the first's walk-in under the lock and says so."""
    group_id, person = group_ids["MSM Group"], make_person(refer_to=(), msm=True)
    thursday = date(2026, 12, 3)
    desks = [Database.open(db_path) for _ in range(2)]
    try:
        outcomes = queued_behind_group(str(db_path), group_id, [
            lambda desk=desk: walk_in_service.add_walk_in(desk, actor, group_id, thursday,
                                                          person, thursday)
            for desk in desks])
    finally:
        for desk in desks:
            desk.dispose()
    assert outcomes[0].name == "Person1 Test"
    assert str(outcomes[1]) == "Person1 Test is already on this register as a walk-in."
    with db.reading() as tx:
        assert len(tx.scalars(select(WalkIn)).all()) == 1
