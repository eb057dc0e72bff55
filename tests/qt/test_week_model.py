"""The week grid model: Qt's model checks (on a Week made by hand, and on the seed's week from
the timetable service), and the 'time to be confirmed' row."""

from __future__ import annotations

from datetime import date, time, timedelta

from PySide6.QtCore import Qt

from recovery_desk.domain.places import timetable_service
from recovery_desk.item_models.week_model import SESSIONS_ROLE, WeekModel
from recovery_desk.schedule.timetable import SessionRow, Week

MONDAY = date(2026, 11, 30)
PLAIN_WEEK = Week(MONDAY, [
    SessionRow(1, "Rolling Recovery", date(2026, 12, 1), time(10), time(12), None, 9, 12),
    SessionRow(2, "MSM Group", date(2026, 12, 3), None, None, None, 0, 12),
    SessionRow(3, "Weekend Group", date(2026, 12, 5), time(10), time(11), "Bank holiday", 4, 8),
], undated=[])


def test_a_week_made_by_hand_passes_qt_model_tester(qtmodeltester) -> None:
    """Plain session rows, no database, make a model Qt's own checks accept."""
    model = WeekModel()
    model.set_rows(PLAIN_WEEK, date(2026, 12, 1))
    qtmodeltester.check(model)


def test_a_week_made_by_hand_lays_sessions_out_by_day_and_time() -> None:
    """Untimed first, then by start; Saturday shown because a session falls on it; a closed
    session says why; today's column is marked."""
    model = WeekModel()
    model.set_rows(PLAIN_WEEK, date(2026, 12, 1))
    assert [model.day_of(c) for c in range(model.columnCount())] == \
        [MONDAY + timedelta(days=i) for i in range(6)]
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Today, Tue\n1 Dec"
    assert model.headerData(0, Qt.Orientation.Vertical) == "To be\nconfirmed"
    assert model.index(1, 1).data() == "Rolling Recovery, 10am-12pm, 9/12 booked, register due"
    assert model.index(1, 5).data() == "Weekend Group, 10-11am, closed: Bank holiday"
    assert model.index(0, 3).data(SESSIONS_ROLE) == [PLAIN_WEEK.sessions[1]]
    assert model.index(0, 0).data() is None


def test_week_model_passes_qt_model_tester(qtmodeltester, db, actor) -> None:
    model = WeekModel()
    model.set_rows(timetable_service.week_of(db, actor, date(2026, 12, 3)), date(2026, 12, 1))
    qtmodeltester.check(model)


def test_sessions_with_no_time_get_their_own_first_row(db, actor) -> None:
    """The MSM Group's 1st Thursday, with its time to be confirmed, sits above the timed rows."""
    model = WeekModel()
    model.set_rows(timetable_service.week_of(db, actor, date(2026, 12, 3)), date(2026, 12, 1))
    assert model.headerData(0, Qt.Orientation.Vertical) == "To be\nconfirmed"
    assert model.headerData(1, Qt.Orientation.Vertical) == "11am"
    thursday = [model.day_of(c) for c in range(model.columnCount())].index(date(2026, 12, 3))
    assert model.index(0, thursday).data() == \
        "MSM Group, Time to be confirmed, 0/12 booked"


def test_a_week_without_untimed_sessions_has_no_such_row(db, actor) -> None:
    model = WeekModel()
    model.set_rows(timetable_service.week_of(db, actor, date(2026, 12, 10)), date(2026, 12, 1))
    assert model.headerData(0, Qt.Orientation.Vertical) == "11am"
    assert model.columnCount() == 5  # nothing meets at the weekend, so Mon-Fri only


def test_past_sessions_say_whether_their_register_is_taken_or_due() -> None:
    """On Thursday, Tuesday's untaken register is due, a taken one says so, and Saturday's
    session (still to come) and a closed one say nothing of registers."""
    taken = SessionRow(1, "Rolling Recovery", date(2026, 12, 1), time(10), time(12), None, 9, 12,
                       register_taken=True)
    model = WeekModel()
    model.set_rows(PLAIN_WEEK, date(2026, 12, 3))
    assert model.index(1, 1).data().endswith(", register due")
    assert "register" not in model.index(1, 5).data()
    model.set_rows(Week(MONDAY, [taken, *PLAIN_WEEK.sessions[1:]], []), date(2026, 12, 3))
    assert model.index(1, 1).data().endswith(", register taken")
    model.set_rows(PLAIN_WEEK, date(2026, 11, 30))
    assert model.index(1, 1).data() == "Rolling Recovery, 10am-12pm, 9/12 booked"
