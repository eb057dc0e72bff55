"""The Today tab through the window, signed in as reception: landing on it, who is expected,
opening a record and taking registers from it, by keyboard and by mouse."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from recovery_desk.domain.people import intake_service as intake
from recovery_desk.domain.places import booking_service
from recovery_desk.domain.staff import accounts
from recovery_desk.domain.store.actor import Actor
from recovery_desk.domain.store.database import Database
from recovery_desk.views.frame.context import DeskContext
from recovery_desk.views.person.person_record_dialog import PersonRecordDialog
from recovery_desk.views.shell.main_window import MainWindow
from recovery_desk.views.timetable.register_dialog import RegisterDialog, show_done
from recovery_desk.views.timetable.timetable_tab import TimetableTab
from recovery_desk.views.timetable.today_tab import NONE_DUE, TodayTab
from recovery_desk.vocabulary import StaffRole
from tests.qt.modal import when_shown
from tests.qt.screens import SCALE_IDS, SCALES, SMALL_SCREEN, TextScale, cut_text, save

WEDNESDAY = date(2026, 12, 2)
MONDAY = date(2026, 11, 30)
RDP = "Reduced Drinking Programme"
NEEDS = "Uses a wheelchair; please open the side door, which has the ramp."
PASSWORD = "correct horse battery"


def _person(db: Database, actor, keyworker_id: int, group_id: int, given: str, on: date,
            phone: str = "", access_needs: str = "") -> int:
    person = intake.save_intake(db, actor, intake.PersonDetails(
        given_name=given, family_name="Day", date_of_birth=date(1980, 1, 1),
        keyworker_id=keyworker_id, consent_to_store=True, phone=phone,
        access_needs=access_needs, assessment={
            "substances": [{"name": "alcohol", "days_used_last_28": 12}],
            "goals": ["reduce_drinking"]}), [intake.ReferralRequest(group_id)], on)
    booking_service.book(db, actor, person, group_id, on)
    return person


@pytest.fixture
def expected(db, actor, keyworker_id):
    """In the Reduced Drinking Programme: Robin since Mon 30 Nov (phone, access needs), and
    Ash, whose first session is Wed 2 Dec."""
    from recovery_desk.domain.service import catalogue_service
    group = next(g.id for g in catalogue_service.list_groups(db, actor) if g.name == RDP)
    robin = _person(db, actor, keyworker_id, group, "Robin", date(2026, 11, 27),
                    "020 7946 0123", NEEDS)
    ash = _person(db, actor, keyworker_id, group, "Ash", date(2026, 12, 1))
    return group, robin, ash


@pytest.fixture
def front(qtbot, db, actor, answers, expected):
    """The window on Wed 2 Dec at the sign-in page, with a manager and a receptionist."""
    manager, _ = accounts.create_first_manager(db, "morgan", "Morgan Manager", PASSWORD, "t")
    accounts.add_staff(db, manager, "jo", "Jo Bennett", StaffRole.RECEPTION, "jo's password")
    accounts.change_password(db, accounts.sign_in(db, "jo", "jo's password", "t").actor,
                             "jo's password", "jo's own password")
    window = MainWindow(DeskContext(db, actor, location="test", clock=lambda: WEDNESDAY),
                        signed_in=False, workstation="desk-1")
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # window-wide keys reach an active window only
    return window


def _sign_in(qtbot, window, username: str, password: str) -> None:
    page = window.sign_in_page
    page.username.setText(username)
    page.password.setText(password)
    qtbot.keyClick(page.password, Qt.Key.Key_Return)


def _reception(qtbot, front) -> TodayTab:
    _sign_in(qtbot, front, "jo", "jo's own password")
    assert front.context.actor.role is StaffRole.RECEPTION
    return front.tab(TodayTab)


def _choose_first_session(qtbot, today: TodayTab) -> None:
    today.sessions.setFocus()
    qtbot.keyClick(today.sessions, Qt.Key.Key_Home)


def test_everyone_lands_on_today_after_signing_in(qtbot, front) -> None:
    """The manager leaves the front on the timetable and locks it; reception signs in and is on
    Today, with today's sessions in time order and the register due from Monday."""
    _sign_in(qtbot, front, "morgan", PASSWORD)
    QTest.keyClick(front, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert isinstance(front.current_tab(), TimetableTab)
    QTest.keyClick(front, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert front.locked
    today = _reception(qtbot, front)
    assert front.current_tab() is today and front.tabs.tabText(0) == "Today"
    assert today.title.text() == "<b>Today, Wed 2 Dec 2026</b>"
    assert [today.sessions.item(n).text() for n in range(today.sessions.count())] == [
        f"11am-12.30pm: {RDP}\n2 people expected, register due"]
    assert [today.overdue.item(n).text() for n in range(today.overdue.count())] == [
        f"Mon 30 Nov 2026, 11am-12.30pm: {RDP} (1 person booked)"]


def test_the_same_person_unlocking_goes_back_where_they_were(qtbot, front) -> None:
    """Only a sign-in by someone else moves the front to Today."""
    _sign_in(qtbot, front, "morgan", PASSWORD)
    front.show_tab(TimetableTab)
    front.lock(idle=True)
    _sign_in(qtbot, front, "morgan", PASSWORD)
    assert isinstance(front.current_tab(), TimetableTab)


def test_reception_sees_who_is_expected(qtbot, front) -> None:
    """Name, phone as people read it, first session, access needs; nothing clinical."""
    today = _reception(qtbot, front)
    _choose_first_session(qtbot, today)
    assert today.expected_title.text() == f"Expected at {RDP}, 11am-12.30pm: 2 people."
    model = today.model
    assert [[model.index(r, c).data() for c in range(4)] for r in range(2)] == [
        ["Ash Day", "", "Yes", ""], ["Robin Day", "020 7946 0123", "", NEEDS]]
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(4)] == [
        "Name", "Phone", "First session", "Access needs"]


def test_a_record_opens_from_today_by_keyboard_and_by_mouse(qtbot, front) -> None:
    """Enter on a name, a double click on it, and Open record… each open that person's record."""
    today = _reception(qtbot, front)
    _choose_first_session(qtbot, today)
    seen: list[PersonRecordDialog] = []
    today.table.setFocus()
    qtbot.keyClick(today.table, Qt.Key.Key_Home)
    when_shown(PersonRecordDialog, lambda d: d.reject(), seen)
    qtbot.keyClick(today.table, Qt.Key.Key_Return)
    assert [d.windowTitle() for d in seen] == ["Record: Ash Day"]
    second = today.table.visualRect(today.model.index(1, 0)).center()
    when_shown(PersonRecordDialog, lambda d: d.reject(), seen)
    qtbot.mouseClick(today.table.viewport(), Qt.MouseButton.LeftButton, pos=second)
    qtbot.mouseDClick(today.table.viewport(), Qt.MouseButton.LeftButton, pos=second)
    assert seen[-1].windowTitle() == "Record: Robin Day"
    when_shown(PersonRecordDialog, lambda d: d.reject(), seen)
    qtbot.mouseClick(today.record_button, Qt.MouseButton.LeftButton)
    assert len(seen) == 3 and seen[-1].windowTitle() == "Record: Robin Day"


def _mark_all_and_save(qtbot, dialog: RegisterDialog) -> None:
    for _ in range(dialog.model.rowCount()):
        qtbot.keyClick(dialog.table, Qt.Key.Key_A)
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()


def test_registers_taken_from_today_are_marked_taken(qtbot, front) -> None:
    """By keyboard, Monday's register due: Tab to it, Enter, mark, save; it leaves the list.
    By mouse, today's: click the session and Take register…; it reads taken, here and on the
    timetable."""
    today = _reception(qtbot, front)
    seen: list[RegisterDialog] = []
    today.overdue.setFocus()
    qtbot.keyClick(today.overdue, Qt.Key.Key_Home)
    when_shown(RegisterDialog, lambda d: _mark_all_and_save(qtbot, d), seen)
    qtbot.keyClick(today.overdue, Qt.Key.Key_Return)
    assert seen[0].windowTitle() == f"Register: {RDP}, Mon 30 Nov 2026" and seen[0].saved
    assert [today.overdue.item(n).text() for n in range(today.overdue.count())] == [NONE_DUE]

    first = today.sessions.visualItemRect(today.sessions.item(0)).center()
    qtbot.mouseClick(today.sessions.viewport(), Qt.MouseButton.LeftButton, pos=first)
    when_shown(RegisterDialog, lambda d: _mark_all_and_save(qtbot, d), seen)
    qtbot.mouseClick(today.register_button, Qt.MouseButton.LeftButton)
    assert seen[1].windowTitle() == f"Register: {RDP}, Wed 2 Dec 2026" and seen[1].saved
    assert today.done.isVisible() and today.done.text() == (
        f"Register saved: {RDP}, Wed 2 Dec 2026: 2 attended.")  # said here, no box to click
    assert today.sessions.item(0).text().endswith("2 people expected, register taken")
    assert today.chosen is not None and today.chosen.date == WEDNESDAY  # still chosen
    timetable = front.show_tab(TimetableTab)
    cells = [timetable.model.index(r, c).data() or "" for r in range(timetable.model.rowCount())
             for c in range(timetable.model.columnCount())]
    assert sum(cell.endswith(", register taken") for cell in cells) == 2


def test_a_closed_session_offers_no_register(qtbot, front, db) -> None:
    """Closed today: the reason shows, and neither register nor sign-in sheet is offered."""
    from recovery_desk.domain.service import closure_service
    closure_service.add_closure(db, Actor(front.context.actor.staff_id, "M", StaffRole.MANAGER),
                                WEDNESDAY, WEDNESDAY, "Facilitator off sick", None)
    today = _reception(qtbot, front)
    _choose_first_session(qtbot, today)
    assert today.sessions.item(0).text() == \
        f"11am-12.30pm: {RDP}\nClosed: Facilitator off sick"
    assert not today.register_button.isEnabled() and not today.sign_in_button.isEnabled()


@pytest.mark.parametrize("scale", SCALES, ids=SCALE_IDS)
def test_today_fits_a_small_screen(qtbot, db, actor, answers, expected, booked, scale,
                                   tmp_path) -> None:
    """At 1024x700, at 100% and 150% text, as reception with a session chosen: five people
    expected (one with long access needs), a register due from Monday; no word cut."""
    folder = Path(os.environ.get("RECOVERY_DESK_SCREENSHOTS", tmp_path))
    reception = Actor(actor.staff_id, "Jo Bennett", StaffRole.RECEPTION)
    with TextScale(scale):
        window = MainWindow(DeskContext(db, reception, location="test",
                                        clock=lambda: WEDNESDAY))
        qtbot.addWidget(window)
        window.resize(*SMALL_SCREEN)
        window.show()
        today = window.show_tab(TodayTab)
        _choose_first_session(qtbot, today)
        today.table.setCurrentIndex(today.model.index(4, 0))
        QApplication.processEvents()
        assert today.model.rowCount() == 5 and today.overdue.count() == 1
        assert (window.width(), window.height()) == SMALL_SCREEN
        save(window, folder, f"TodayTab-{int(scale * 100)}")
        assert cut_text(window) == []
        # The line a saved register leaves, at its longest: it wraps, and nothing moves off.
        show_done(today.done, f"Register saved: {RDP}, Mon 30 Nov 2026: 2 attended, 1 late, "
                              "1 apology, 1 did not attend.")
        QApplication.processEvents()
        assert (window.width(), window.height()) == SMALL_SCREEN
        save(window, folder, f"TodayTab-register-saved-{int(scale * 100)}")
        assert cut_text(window) == []
