"""Taking a register by keyboard: a letter marks the name and moves down; saving asks
about names left unmarked."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from recovery_desk.domain.places import register_service
from recovery_desk.domain.store.models import AttendanceMark
from recovery_desk.views.timetable.register_dialog import RegisterDialog

MONDAY = date(2026, 11, 30)


def test_a_register_is_filled_by_keyboard(context, qtbot, db, actor, booked, answers) -> None:
    """A, L, D on three rows in turn; the cursor moves down by itself; saved as marked."""
    group_id, _ = booked
    dialog = RegisterDialog.open(None, context, group_id, MONDAY)
    qtbot.addWidget(dialog)
    dialog.show()
    for key in (Qt.Key.Key_A, Qt.Key.Key_L, Qt.Key.Key_D):
        qtbot.keyClick(dialog.table, key)
    assert [dialog.model.index(r, 1).data() for r in range(3)] == [
        "Attended (changed, not saved)", "Late (changed, not saved)",
        "Did not attend (changed, not saved)"]
    assert dialog.save()
    sheet = register_service.register(db, actor, group_id, MONDAY)
    assert [(r.name, r.mark) for r in sheet.rows] == [
        ("Alex Brennan", AttendanceMark.ATTENDED), ("Dani Ellery", AttendanceMark.LATE),
        ("Sam Calloway", AttendanceMark.DID_NOT_ATTEND)]


def test_an_unfinished_register_asks_before_saving(
        context, qtbot, db, actor, booked, answers) -> None:
    """Save with names unmarked: asked first, naming them; saying no keeps the dialog."""
    group_id, _ = booked
    dialog = RegisterDialog.open(None, context, group_id, MONDAY)
    qtbot.addWidget(dialog)
    qtbot.keyClick(dialog.table, Qt.Key.Key_P)
    answers["confirm"] = False
    assert not dialog.save()
    assert "2 not marked yet: Dani Ellery, Sam Calloway" in answers["asked"][-1]
    assert register_service.register(db, actor, group_id, MONDAY).rows[0].mark is None


def test_a_day_without_the_group_has_no_register(context, booked, answers) -> None:
    """A Tuesday the group does not meet: no dialog, and one line saying why."""
    group_id, _ = booked
    assert RegisterDialog.open(None, context, group_id, date(2026, 12, 1)) is None
    assert len(answers["errors"]) == 1
