"""Logging a contact attempt from the register, as reception does the day after: a row saved
as did not attend enables Log a contact attempt (Alt+C), the form is filled by keyboard and
saved with Enter, and the cohort review's members show the flag with the last contact. The
register and the form fit a small screen at 100% and 150%."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from recovery_desk.domain.places import contact_service, review_service
from recovery_desk.item_models.review_models import MemberModel
from recovery_desk.views.person.contact_dialog import ContactDialog
from recovery_desk.views.timetable.register_dialog import RegisterDialog
from recovery_desk.vocabulary import ContactKind
from tests.qt.contact_people import DAY, MISSED, RDP, contact_opened, missed, reception_desk
from tests.qt.screens import SMALL_SCREEN, TextScale, cut_text, save
from tests.qt.waiting_people import press_alt

__all__ = ["contact_opened", "missed", "reception_desk"]  # fixtures, used by name


def _register(qtbot, context, group_id) -> RegisterDialog:
    dialog = RegisterDialog.open(None, context, group_id, MISSED[2])
    assert dialog is not None
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    return dialog


def test_a_contact_is_logged_from_the_register_by_keyboard(
        qtbot, db, actor, reception_desk, missed, answers, contact_opened) -> None:
    """Dani attended (no contact to log); Up to Alex, who did not attend; Alt+C opens the form
    for that session; Down picks 'Called, left a message', the words are typed, Enter saves;
    the keyworker's cohort review shows the flag with the last contact."""
    group_id, alex, _place = missed
    register = _register(qtbot, reception_desk, group_id)
    names = [register.model.row(n).name for n in range(register.model.rowCount())]
    assert names[0] == "Alex Brennan"
    qtbot.keyClick(register.table, Qt.Key.Key_Down)  # Dani Ellery: attended
    assert not register.contact_button.isEnabled()
    qtbot.keyClick(register.table, Qt.Key.Key_Up)
    assert register.contact_button.isEnabled()
    press_alt(qtbot, register, Qt.Key.Key_C)
    qtbot.waitUntil(lambda: bool(contact_opened))
    form = contact_opened[0]
    assert form.windowTitle() == "Contact attempt: Alex Brennan"
    assert form.session.currentText() == f"Mon 7 Dec 2026, {RDP}"
    with qtbot.waitActive(form):
        form.activateWindow()
    form.kind.setFocus()
    qtbot.keyClick(form.kind, Qt.Key.Key_Down)
    assert form.kind.currentText() == "Called, left a message"
    form.said.setFocus()
    qtbot.keyClicks(form.said, "Will ring back after work")
    qtbot.keyClick(form.said, Qt.Key.Key_Return)
    assert answers["errors"] == [] and form.logged
    [line] = contact_service.attempts(db, actor, alex)
    assert (line.kind, line.said, line.session_date, line.on, line.by) == (
        ContactKind.LEFT_MESSAGE, "Will ring back after work", MISSED[2], DAY, "Jo Bennett")
    members = MemberModel()
    members.set_rows(review_service.members(db, actor, group_id, DAY))
    flags = [members.index(n, 3).data() for n in range(members.rowCount())]
    assert "Flagged: 3 missed in a row; last contact Thu 10 Dec 2026, called and left a " \
        "message" in flags


@pytest.mark.parametrize("scale", [1.0, 1.5], ids=["100%", "150%"])
def test_the_register_and_the_form_fit_a_small_screen(qtbot, reception_desk, missed, answers,
                                                      scale, tmp_path) -> None:
    """The register with its contact button, and the contact form for the person's three
    missed sessions, at their own sizes within 1024x700, nothing cut."""
    group_id, alex, _place = missed
    folder = Path(os.environ.get("RECOVERY_DESK_SCREENSHOTS", tmp_path))
    with TextScale(scale):
        register = _register(qtbot, reception_desk, group_id)
        form = ContactDialog.open(None, reception_desk, alex, "Alex Brennan")
        assert form is not None
        qtbot.addWidget(form)
        form.said.setText("Number not in use; letter to follow")
        form.show()
        QApplication.processEvents()
        for name, dialog in (("register-with-contact", register), ("contact-dialog", form)):
            assert dialog.width() <= SMALL_SCREEN[0] and dialog.height() <= SMALL_SCREEN[1]
            save(dialog, folder, f"{name}-{int(scale * 100)}")
            assert cut_text(dialog) == [], name
