"""The closures dialog: add a closure, see each mistake explained, remove one."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate

from recovery_desk.domain.service import closure_service
from recovery_desk.domain.store.changes import CLOSURES
from recovery_desk.views.timetable.closures_dialog import ClosuresDialog

TODAY = date(2026, 11, 27)


def test_adding_a_closure_for_one_group_lists_it(context, qtbot, db, actor, answers) -> None:
    dialog = ClosuresDialog(None, context)
    qtbot.addWidget(dialog)
    dialog.first.setDate(QDate(2026, 12, 8))
    dialog.last.setDate(QDate(2026, 12, 9))
    dialog.group.setCurrentIndex(dialog.group.findText("Recovery Skills"))
    qtbot.keyClicks(dialog.reason, "Staff training")
    announced: list[frozenset[str]] = []
    context.announced.connect(announced.append)
    assert dialog.add()
    assert announced == [frozenset({CLOSURES})]
    assert dialog.list.item(0).text() == \
        "Tue 8 Dec 2026 to Wed 9 Dec 2026: Recovery Skills: Staff training"
    assert dialog.reason.text() == ""


def test_each_mistake_is_shown_beside_its_field_and_nothing_is_added(context, qtbot, db, actor,
                                                                     answers) -> None:
    dialog = ClosuresDialog(None, context)
    qtbot.addWidget(dialog)
    dialog.first.setDate(QDate(2026, 12, 9))
    dialog.last.setDate(QDate(2026, 12, 8))
    assert not dialog.add()
    assert dialog.last_message.message == "The last day is before the first day."
    assert dialog.reason_message.message == "Give a reason; it is shown on the timetable."
    assert closure_service.list_closures(db, actor, TODAY) == []


def test_removing_asks_first(context, qtbot, db, actor, answers) -> None:
    closure_service.add_closure(db, actor, date(2026, 12, 1), date(2026, 12, 1), "Flood", None)
    dialog = ClosuresDialog(None, context)
    qtbot.addWidget(dialog)
    dialog.list.setCurrentRow(0)
    answers["confirm"] = False
    dialog.remove_selected()
    assert dialog.list.count() == 1
    answers["confirm"] = True
    dialog.remove_selected()
    assert dialog.list.count() == 0
    assert "Flood" in answers["asked"][0]
