"""Find anyone from anywhere: Ctrl+F from another tab, as reception, finds a person and opens
their record, by keyboard and by mouse; New person goes to the intake form."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from recovery_desk.domain.store.actor import Actor
from recovery_desk.views.frame.context import DeskContext
from recovery_desk.views.intake.find_person_dialog import FindPersonDialog
from recovery_desk.views.intake.intake_tab import IntakeTab
from recovery_desk.views.person.person_record_dialog import PersonRecordDialog
from recovery_desk.views.shell.main_window import MainWindow
from recovery_desk.views.timetable.timetable_tab import TimetableTab
from recovery_desk.vocabulary import StaffRole
from tests.qt.conftest import TODAY
from tests.qt.modal import when_shown
from tests.qt.screens import SCALE_IDS, SCALES, TextScale, cut_text, save


def _reception_window(qtbot, db, actor) -> MainWindow:
    reception = Actor(actor.staff_id, "Jo Bennett", StaffRole.RECEPTION)
    window = MainWindow(DeskContext(db, reception, location="test", clock=lambda: TODAY))
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # window-wide keys reach an active window only
    return window


def _type_and_press(qtbot, text: str, key: Qt.Key):
    def answer(dialog: FindPersonDialog) -> None:
        qtbot.keyClicks(dialog.finder.search, text)
        qtbot.keyClick(dialog.finder.search, key)
    return answer


def test_ctrl_f_from_the_timetable_finds_a_person_and_opens_their_record(
        qtbot, db, actor, booked, answers) -> None:
    """Keyboard only: Ctrl+2, Ctrl+F, type a name, Enter; the one found has their record
    opened over the window."""
    window = _reception_window(qtbot, db, actor)
    QTest.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert isinstance(window.current_tab(), TimetableTab)
    finds: list[FindPersonDialog] = []
    records: list[PersonRecordDialog] = []
    when_shown(FindPersonDialog, _type_and_press(qtbot, "calloway", Qt.Key.Key_Return), finds)
    when_shown(PersonRecordDialog, lambda d: d.reject(), records)
    QTest.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert len(finds) == 1 and finds[0].windowTitle() == "Find a person"
    assert [r.windowTitle() for r in records] == ["Record: Sam Calloway"]
    assert records[0].parent() is window


def test_several_found_are_listed_and_one_is_opened_by_mouse(
        qtbot, db, actor, booked, answers) -> None:
    """By mouse: Desk > Find a person…, type a birth date that all three share, double-click
    the second name."""
    window = _reception_window(qtbot, db, actor)
    finds: list[FindPersonDialog] = []
    records: list[PersonRecordDialog] = []

    def pick_second(dialog: FindPersonDialog) -> None:
        qtbot.keyClicks(dialog.finder.search, "1/1/1980")
        qtbot.waitUntil(lambda: dialog.finder.results.count() == 3)
        results = dialog.finder.results
        second = results.visualItemRect(results.item(1)).center()
        qtbot.mouseClick(results.viewport(), Qt.MouseButton.LeftButton, pos=second)
        qtbot.mouseDClick(results.viewport(), Qt.MouseButton.LeftButton, pos=second)

    when_shown(FindPersonDialog, pick_second, finds)
    when_shown(PersonRecordDialog, lambda d: d.reject(), records)
    window.desk_menu.find.trigger()
    listed = [finds[0].finder.results.item(n).text() for n in range(3)]
    assert listed[1].startswith(records[0].windowTitle().removeprefix("Record: "))


def test_down_goes_to_the_people_found_and_nobody_found_says_so(
        qtbot, context, booked, answers) -> None:
    """Down from the search box lands on the first person found; a search that finds nobody
    says so and opens nothing."""
    dialog = FindPersonDialog(None, context)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClicks(dialog.finder.search, "1/1/1980")
    qtbot.keyClick(dialog.finder.search, Qt.Key.Key_Down)
    assert dialog.finder.results.hasFocus() and dialog.finder.results.currentRow() == 0
    dialog.finder.search.setFocus()
    dialog.finder.search.clear()
    qtbot.keyClicks(dialog.finder.search, "Nobody Here")
    qtbot.keyClick(dialog.finder.search, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.person_id is None
    assert dialog.finder.results.item(0).text() == \
        "No one found. Use New person to start a record."


def test_new_person_goes_to_a_clear_intake_form(qtbot, db, actor, booked, answers) -> None:
    """Nobody found: New person closes the search and opens the intake form, empty."""
    window = _reception_window(qtbot, db, actor)
    finds: list[FindPersonDialog] = []
    when_shown(FindPersonDialog, lambda d: d.finder.new_button.click(), finds)
    window.desk_menu.find.trigger()
    assert finds[0].wants_new
    intake = window.current_tab()
    assert isinstance(intake, IntakeTab) and intake.form.given_name.text() == ""


@pytest.mark.parametrize("scale", SCALES, ids=SCALE_IDS)
def test_the_find_dialog_fits_at_its_own_size(qtbot, context, booked, answers, scale,
                                              tmp_path) -> None:
    """At 100% and 150% text, with three people found: no word cut, smaller than the screen."""
    folder = Path(os.environ.get("RECOVERY_DESK_SCREENSHOTS", tmp_path))
    with TextScale(scale):
        dialog = FindPersonDialog(None, context)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.finder.search.setText("1/1/1980")
        dialog.finder.run_search("1/1/1980")
        QApplication.processEvents()
        assert dialog.finder.results.count() == 3
        save(dialog, folder, f"FindPersonDialog-{int(scale * 100)}")
        assert cut_text(dialog) == []
