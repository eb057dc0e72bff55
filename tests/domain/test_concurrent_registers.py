"""Two desks saving the same session's register at the same moment, on PostgreSQL: a third
connection holds the group's lock while both queue behind it. The second save reads the
first's marks under the lock and records its own as corrections; neither fails."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from recovery_desk.domain.places import booking_service as booking
from recovery_desk.domain.places import register_service
from recovery_desk.domain.store.database import Database
from recovery_desk.domain.store.errors import DomainError
from recovery_desk.domain.store.models import Attendance, AuditEvent
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
