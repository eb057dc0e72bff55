"""The week grid model: Qt's model checks, and the 'time to be confirmed' row."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from recovery_desk.domain.places import timetable_service
from recovery_desk.item_models.week_model import WeekModel


def test_week_model_passes_qt_model_tester(qtmodeltester, db, actor) -> None:
    model = WeekModel()
    model.set_rows(timetable_service.week_of(db, actor, date(2026, 12, 3)), date(2026, 12, 1))
    qtmodeltester.check(model)


def test_sessions_with_no_time_get_their_own_first_row(db, actor) -> None:
    """The MSM Group's 1st Thursday, with its time to be confirmed, sits above the timed rows."""
    model = WeekModel()
    model.set_rows(timetable_service.week_of(db, actor, date(2026, 12, 3)), date(2026, 12, 1))
    assert model.headerData(0, Qt.Orientation.Vertical) == "Time\nto be confirmed"
    assert model.headerData(1, Qt.Orientation.Vertical) == "11am"
    thursday = [model.day_of(c) for c in range(model.columnCount())].index(date(2026, 12, 3))
    assert model.index(0, thursday).data() == \
        "MSM Group, Time to be confirmed, 0/12 booked"


def test_a_week_without_untimed_sessions_has_no_such_row(db, actor) -> None:
    model = WeekModel()
    model.set_rows(timetable_service.week_of(db, actor, date(2026, 12, 10)), date(2026, 12, 1))
    assert model.headerData(0, Qt.Orientation.Vertical) == "11am"
    assert model.columnCount() == 5  # nothing meets at the weekend, so Mon-Fri only
