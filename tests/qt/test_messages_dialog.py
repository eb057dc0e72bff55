"""The Messages window as reception uses it: tomorrow's reminders and the outbox with their
status, the "to phone" list after a session is cancelled, a call logged with Phoned…, and the
waiting line; the window fits 1024x700 at 100% and 150%."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTableView

from recovery_desk.domain.messages import outbox_service, reminders
from recovery_desk.domain.places import register_service
from recovery_desk.views.messages.messages_dialog import TO_PHONE_PAGE, MessagesDialog
from recovery_desk.views.widgets import dialogs
from recovery_desk.vocabulary import MessageStatus
from tests.qt.messages_people import MONDAY, SUNDAY, reachable, reception
from tests.qt.screens import SMALL_SCREEN, TextScale, cut_text, save

__all__ = ["reachable", "reception"]  # fixtures, used by name


def _cells(table: QTableView, column: int) -> list[str]:
    model = table.model()
    return [model.index(row, column).data() for row in range(model.rowCount())]


def _dialog(qtbot, context) -> MessagesDialog:
    dialog = MessagesDialog(None, context)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_tomorrows_reminders_and_the_outbox_show_with_their_status(
        qtbot, db, actor, reachable, reception, answers) -> None:
    """Reminders queued for Monday: Alex's text is listed under tomorrow and in the outbox,
    queued, and the line says one message waits."""
    reminders.queue_reminders(db, actor, SUNDAY)
    dialog = _dialog(qtbot, reception)
    assert _cells(dialog.reminders, 3) == ["+447400123001"]
    assert _cells(dialog.reminders, 1) == ["Reminder"]
    assert _cells(dialog.reminders, 4) == ["Queued"]
    assert "+447400123001" in _cells(dialog.outbox, 3)
    assert dialog.waiting.text().startswith("1 message waiting to go since ")


def test_nothing_queued_says_so(qtbot, reception, answers) -> None:
    """An empty outbox reads as words, not an empty grid."""
    dialog = _dialog(qtbot, reception)
    assert _cells(dialog.reminders, 0) == ["No reminders queued for Mon 30 Nov 2026 yet."]
    assert _cells(dialog.to_phone, 0) == ["Nobody to phone."]
    assert dialog.waiting.text() == "Nothing waiting to go."
    assert not dialog.phoned_button.isEnabled()


def test_a_cancelled_session_lists_those_to_phone_and_phoned_logs_the_call(
        qtbot, db, actor, reachable, make_context, answers, monkeypatch) -> None:
    """Monday's session cancelled: Dani and Sam are to phone; Dani is chosen, Phoned… clicked,
    a few words typed: Dani leaves the list and the call is logged."""
    from recovery_desk.domain.store.actor import Actor
    from recovery_desk.vocabulary import StaffRole
    from tests.backends import staff_row
    group_id, _people = reachable
    register_service.cancel_session(db, actor, group_id, MONDAY, "Facilitator off sick",
                                    MONDAY)
    jo = staff_row(db, "jo", "Jo Bennett", StaffRole.RECEPTION)
    dialog = _dialog(qtbot, make_context(MONDAY, Actor(jo, "Jo Bennett", StaffRole.RECEPTION)))
    assert _cells(dialog.to_phone, 0) == ["Dani Ellery", "Sam Calloway"]
    assert dialog.pages.tabText(TO_PHONE_PAGE) == "&To phone (2)"
    monkeypatch.setattr(dialogs, "ask_text", lambda parent, title, label: "Told them")
    dialog.pages.setCurrentIndex(TO_PHONE_PAGE)
    dialog.to_phone.selectRow(0)
    qtbot.mouseClick(dialog.phoned_button, Qt.MouseButton.LeftButton)
    assert answers["errors"] == []
    assert _cells(dialog.to_phone, 0) == ["Sam Calloway"]
    assert MessageStatus.PHONED in {m.status for m in outbox_service.list_messages(db, actor)}


def test_phoned_with_no_words_says_why_and_keeps_the_row(
        qtbot, db, actor, reachable, reception, answers, monkeypatch) -> None:
    """An empty answer is refused in words; the person stays on the list."""
    group_id, _people = reachable
    register_service.cancel_session(db, actor, group_id, MONDAY, "Room flooded", MONDAY)
    dialog = _dialog(qtbot, reception)
    monkeypatch.setattr(dialogs, "ask_text", lambda parent, title, label: "  ")
    dialog.to_phone.selectRow(0)
    assert not dialog.phoned()
    assert answers["errors"] and "few words" in answers["errors"][0]
    assert len(_cells(dialog.to_phone, 0)) == 2


@pytest.mark.parametrize("scale", [1.0, 1.5], ids=["100%", "150%"])
def test_the_messages_window_fits_a_small_screen(qtbot, db, actor, reachable, reception,
                                                 answers, scale, tmp_path) -> None:
    """Reminders and a cancellation queued: each page at 1024x700, nothing cut."""
    group_id, _people = reachable
    reminders.queue_reminders(db, actor, SUNDAY)
    register_service.cancel_session(db, actor, group_id, MONDAY, "Facilitator off sick",
                                    MONDAY)
    folder = Path(os.environ.get("RECOVERY_DESK_SCREENSHOTS", tmp_path))
    with TextScale(scale):
        dialog = _dialog(qtbot, reception)
        dialog.resize(*SMALL_SCREEN)
        for page in range(dialog.pages.count()):
            dialog.pages.setCurrentIndex(page)
            QApplication.processEvents()
            save(dialog, folder, f"messages-{page}-{int(scale * 100)}")
            assert cut_text(dialog) == []


def test_cancelling_on_the_register_says_who_is_told_and_opens_the_list(
        qtbot, db, actor, reachable, make_context, answers, monkeypatch) -> None:
    """Cancel this session clicked on Monday's register: the desk is told one person gets a
    text and two are to phone, and the follow-up opens the Messages window on that list."""
    from recovery_desk.domain.store.actor import Actor
    from recovery_desk.views.timetable.register_dialog import RegisterDialog
    from recovery_desk.vocabulary import StaffRole
    from tests.backends import staff_row
    group_id, _people = reachable
    jo = staff_row(db, "jo", "Jo Bennett", StaffRole.RECEPTION)
    desk = make_context(MONDAY, Actor(jo, "Jo Bennett", StaffRole.RECEPTION))
    register = RegisterDialog.open(None, desk, group_id, MONDAY)
    assert register is not None
    qtbot.addWidget(register)
    register.show()
    monkeypatch.setattr(dialogs, "ask_text", lambda parent, title, label: "Room flooded")
    opened: list[MessagesDialog] = []
    monkeypatch.setattr(MessagesDialog, "exec", lambda self: opened.append(self) or 0)
    qtbot.mouseClick(register.cancel_session_button, Qt.MouseButton.LeftButton)
    [(text, actions)] = answers["outcomes"]
    assert text.endswith("A text or email will tell 1 person; 2 people are on the "
                         "\u201cto phone\u201d list.")
    actions["Open the \u201cto &phone\u201d list\u2026"]()
    [window] = opened
    qtbot.addWidget(window)
    assert window.pages.currentIndex() == TO_PHONE_PAGE
    assert _cells(window.to_phone, 0) == ["Dani Ellery", "Sam Calloway"]


def test_reception_opens_messages_from_the_desk_menu_but_not_the_set_up(
        qtbot, reception, answers, monkeypatch) -> None:
    """Desk > Messages… is there for reception and opens the window; the set-up is not."""
    from recovery_desk.views.shell.main_window import MainWindow
    window = MainWindow(reception)
    qtbot.addWidget(window)
    window.show()
    menu = window.attached.desk_menu
    assert menu.messages.isVisible() and not menu.messages_setup.isVisible()
    opened: list[MessagesDialog] = []
    monkeypatch.setattr(MessagesDialog, "exec", lambda self: opened.append(self) or 0)
    menu.messages.trigger()
    [dialog] = opened
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Messages"


def test_a_closure_over_booked_sessions_says_who_is_told(
        qtbot, db, actor, reachable, context, answers) -> None:
    """A manager closes the Reduced Drinking Programme on Mon 30 Nov: the desk is told one
    person gets a text and two are on the "to phone" list."""
    from PySide6.QtCore import QDate

    from recovery_desk.views.timetable.closures_dialog import ClosuresDialog
    dialog = ClosuresDialog(None, context)
    qtbot.addWidget(dialog)
    dialog.first.setDate(QDate(2026, 11, 30))
    dialog.last.setDate(QDate(2026, 11, 30))
    dialog.group.setCurrentIndex(dialog.group.findText("Reduced Drinking Programme"))
    qtbot.keyClicks(dialog.reason, "Staff training")
    assert dialog.add()
    [(text, actions)] = answers["outcomes"]
    assert text == ("A text or email will tell 1 person; 2 people are on the \u201cto phone\u201d "
                    "list.")
    assert list(actions) == ["Open the \u201cto &phone\u201d list\u2026"]
