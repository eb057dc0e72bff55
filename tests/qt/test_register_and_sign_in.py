"""The register and the printable sign-in sheet, reached from a timetable session."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date

import pytest
from PySide6.QtCore import Qt

from recovery_desk.views.timetable.timetable_tab import TimetableTab
from recovery_desk.views.widgets import dialogs

MONDAY = date(2026, 11, 30)


def _select_session(tab: TimetableTab, group: str, day: date) -> None:
    model = tab.model
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            if model.day_of(column) == day and any(
                    s.group_name == group for s in model.sessions_at(row, column)):
                tab.grid.setCurrentIndex(model.index(row, column))
                return
    raise AssertionError("session not found")


def test_a_closed_session_offers_no_register(
        shown, make_context, qtbot, db, actor, booked, answers) -> None:
    tab = shown(TimetableTab(make_context(date(2026, 12, 28))))
    qtbot.addWidget(tab)
    _select_session(tab, "Reduced Drinking Programme", date(2026, 12, 28))
    assert not tab.register_button.isEnabled()
    assert "closed session takes no register" in tab.register_button.toolTip()


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_the_sign_in_sheet_pdf_names_every_member(
        shown, make_context, qtbot, db, actor, booked, answers, tmp_path, monkeypatch) -> None:
    tab = shown(TimetableTab(make_context(date(2026, 11, 27))))
    qtbot.addWidget(tab)
    tab.show_week(MONDAY)
    _select_session(tab, "Reduced Drinking Programme", MONDAY)
    target = tmp_path / "sign-in.pdf"
    monkeypatch.setattr(dialogs, "choose_save_path", lambda *a: str(target))
    assert tab.save_sign_in_sheet() == target
    assert answers["saved"] == [f"Saved sign-in.pdf in {tmp_path}."]
    text = subprocess.run(["pdftotext", "-layout", str(target), "-"], capture_output=True,
                          text=True, check=True).stdout
    for expected in ("Reduced Drinking Programme: sign-in sheet", "Mon 30 Nov 2026",
                     "11am-12.30pm", "Alex Brennan", "Dani Ellery", "Sam Calloway",
                     "Signature", "Walk-ins"):
        assert expected in text
    info = subprocess.run(["pdfinfo", str(target)], capture_output=True, text=True,
                          check=True).stdout
    title = next(line for line in info.splitlines() if line.startswith("Title:"))
    assert title.split(":", 1)[1].strip() == "Reduced Drinking Programme: sign-in sheet"


def test_two_digit_row_numbers_stay_on_one_line() -> None:
    from recovery_desk.exports.sign_in_sheet import sign_in_html

    page = sign_in_html("A group", MONDAY, "11am-12.30pm", [f"Person {n}" for n in range(12)])
    assert page.count("white-space: nowrap'>1") == 4  # 1, 10, 11 and 12


def test_two_groups_at_one_time_ask_which_register(
        shown, make_context, qtbot, db, actor, booked, answers, monkeypatch) -> None:
    """A second group on Mondays at 11am shares the cell; the desk picks the group."""
    from dataclasses import replace

    from recovery_desk.domain.service import catalogue_service
    from recovery_desk.schedule import parse_rule

    rdp = next(g for g in catalogue_service.list_groups(db, actor)
               if g.name == "Reduced Drinking Programme")
    catalogue_service.add_group(db, actor, replace(rdp, id=None, name="Family Support",
                                                   schedule=parse_rule("Monday 11-12.30pm"),
                                                   eligibility_rule="keyworker_judgement"),
                                date(2026, 11, 27))
    tab = shown(TimetableTab(make_context(MONDAY)))  # on the day: registers are due
    qtbot.addWidget(tab)
    tab.show_week(MONDAY)
    _select_session(tab, "Family Support", MONDAY)
    assert len(tab.selected_sessions()) == 2
    asked = []

    def choose(parent, title, label, choices):
        asked.append(choices)
        return "Reduced Drinking Programme"

    monkeypatch.setattr(dialogs, "ask_choice", choose)
    opened = []

    class StandInRegister:
        saved = False

        @classmethod
        def open(cls, parent, context, group_id, day):
            opened.append((group_id, day))
            return cls()

        def exec(self) -> int:
            return 0

    from recovery_desk.views.timetable.register_dialog import RegisterDialog
    monkeypatch.setattr(RegisterDialog, "open", StandInRegister.open)
    assert not tab.take_register()
    assert asked == [["Family Support", "Reduced Drinking Programme"]]
    assert opened == [(rdp.id, MONDAY)]


def _reception(make_context, actor, day: date):
    from recovery_desk.domain.store.actor import Actor
    from recovery_desk.vocabulary import StaffRole

    return make_context(day, Actor(actor.staff_id, "Jo", StaffRole.RECEPTION))


def _when_shown(action) -> None:
    """Run action on the next modal dialog once it is showing (exec() waits for it)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    def run() -> None:
        modal = QApplication.activeModalWidget()
        if modal is None:
            QTimer.singleShot(10, run)
            return
        action(modal)

    QTimer.singleShot(0, run)


def test_a_session_still_to_come_offers_no_register_and_says_why(
        shown, make_context, qtbot, actor, booked, answers) -> None:
    """On Friday, Monday's session has its sign-in sheet but no register yet."""
    tab = shown(TimetableTab(_reception(make_context, actor, date(2026, 11, 27))))
    tab.show_week(MONDAY)
    _select_session(tab, "Reduced Drinking Programme", MONDAY)
    assert not tab.register_button.isEnabled()
    assert tab.register_button.toolTip() == ("This session is still to come: a register is "
                                             "taken on the session's day or after it.")
    assert tab.sign_in_button.isEnabled()
    qtbot.keyClick(tab.grid, Qt.Key.Key_Return)  # Enter on it opens nothing either
    assert answers["errors"] == []


def test_saving_a_register_keeps_the_session_selected(
        shown, make_context, qtbot, db, actor, booked, answers) -> None:
    """Take register…, everyone attended, Save: back on the timetable the same session is
    selected, its members listed and its sign-in sheet a click away."""
    tab = shown(TimetableTab(_reception(make_context, actor, MONDAY)))
    _select_session(tab, "Reduced Drinking Programme", MONDAY)

    def take(dialog) -> None:
        qtbot.mouseClick(dialog.everyone_button, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Save),
                         Qt.MouseButton.LeftButton)

    _when_shown(take)
    qtbot.mouseClick(tab.register_button, Qt.MouseButton.LeftButton)
    assert answers["asked"] == ["3 attended. Save?"]
    assert tab.done.isVisible() and tab.done.text() == (
        "Register saved: Reduced Drinking Programme, Mon 30 Nov 2026: 3 attended.")
    assert [(s.group_name, s.date) for s in tab.selected_sessions()] == [
        ("Reduced Drinking Programme", MONDAY)]
    assert tab.members.count() == 3
    assert tab.register_button.isEnabled() and tab.sign_in_button.isEnabled()


def test_a_session_cancelled_from_its_register_shows_closed_with_the_reason(
        shown, make_context, qtbot, db, actor, booked, answers, monkeypatch) -> None:
    """Cancel this session… from the register: the timetable shows it closed, with why."""
    monkeypatch.setattr(dialogs, "ask_text", lambda *args: "Facilitator off sick")
    tab = shown(TimetableTab(_reception(make_context, actor, MONDAY)))
    _select_session(tab, "Reduced Drinking Programme", MONDAY)
    _when_shown(lambda dialog: qtbot.mouseClick(dialog.cancel_session_button,
                                                Qt.MouseButton.LeftButton))
    qtbot.keyClick(tab.grid, Qt.Key.Key_Return)
    from tests.qt.test_timetable_tab import _cell_text
    assert _cell_text(tab, "Reduced Drinking Programme", MONDAY).endswith(
        "closed: cancelled on the day (Facilitator off sick)")
    assert not tab.register_button.isEnabled()


@pytest.mark.parametrize("scale", [1.0, 1.5], ids=["100%", "150%"])
def test_the_saved_register_line_fits_the_timetable_on_a_small_screen(
        qtbot, make_context, actor, booked, answers, scale, tmp_path) -> None:
    """The line a saved register leaves on the timetable, at 1024x700 at both scales: it
    wraps, no word is cut and the window stays the screen's size."""
    import os
    from pathlib import Path

    from PySide6.QtWidgets import QApplication

    from recovery_desk.views.shell.main_window import MainWindow
    from recovery_desk.views.timetable.register_dialog import show_done
    from tests.qt.screens import SMALL_SCREEN, TextScale, cut_text, save

    folder = Path(os.environ.get("RECOVERY_DESK_SCREENSHOTS", tmp_path))
    with TextScale(scale):
        window = MainWindow(_reception(make_context, actor, MONDAY))
        qtbot.addWidget(window)
        window.resize(*SMALL_SCREEN)
        window.show()
        tab = window.show_tab(TimetableTab)
        _select_session(tab, "Reduced Drinking Programme", MONDAY)
        show_done(tab.done, "Register saved: Reduced Drinking Programme, Mon 30 Nov 2026: "
                            "2 attended, 1 late, 1 apology, 1 did not attend.")
        QApplication.processEvents()
        assert tab.done.isVisible()
        assert (window.width(), window.height()) == SMALL_SCREEN
        save(window, folder, f"timetable-register-saved-{int(scale * 100)}")
        assert cut_text(window) == []
