"""The person record's "After missed sessions" section, as reception uses it: the flag shows
the missed sessions in a row and the last contact; a contact attempt is logged from the record
by mouse, listed newest first and shown on the flag at once; a refusal keeps what was typed.
The record with the section fits 1024x700 at 100% and 150%."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from recovery_desk.domain.places import contact_service, register_service
from recovery_desk.views.person.contact_section import NONE
from recovery_desk.views.person.person_record_dialog import CONTACTS_PAGE, PersonRecordDialog
from recovery_desk.vocabulary import AttendanceMark, ContactKind
from tests.qt.contact_people import DAY, MISSED, RDP, contact_opened, missed, reception_desk
from tests.qt.screens import SMALL_SCREEN, TextScale, cut_text, save

__all__ = ["contact_opened", "missed", "reception_desk"]  # fixtures, used by name


def _record(qtbot, context, person) -> PersonRecordDialog:
    dialog = PersonRecordDialog.open(None, context, person)
    assert dialog is not None
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _lines(record: PersonRecordDialog) -> list[str]:
    widget = record.contacts.attempts
    return [widget.item(n).text() for n in range(widget.count())]


def test_a_contact_attempt_is_logged_from_the_record_and_shown_on_the_flag(
        qtbot, reception_desk, missed, answers, contact_opened) -> None:
    """The flag says 3 missed and no contact yet; Log a contact attempt (clicked), 'Called,
    no answer' chosen, a few words typed, Save clicked: the list and the flag show it."""
    _group_id, alex, _place = missed
    record = _record(qtbot, reception_desk, alex)
    assert record.contacts.flags.text() == (f"{RDP}: 3 missed in a row; no contact "
                                            "logged yet")
    assert _lines(record) == [NONE]
    qtbot.mouseClick(record.contacts.log_button, Qt.MouseButton.LeftButton)
    [dialog] = contact_opened
    sessions = [dialog.session.itemText(n) for n in range(dialog.session.count())]
    assert sessions == [f"Mon 7 Dec 2026, {RDP}", f"Wed 2 Dec 2026, {RDP}",
                        f"Mon 30 Nov 2026, {RDP}"]
    dialog.kind.setCurrentIndex(dialog.kind.findText("Called, no answer"))
    qtbot.keyClicks(dialog.said, "Rang twice")
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Save),
                     Qt.MouseButton.LeftButton)
    assert answers["errors"] == []
    assert dialog.logged and not dialog.isVisible()
    assert record.contacts.flags.text() == (
        f"{RDP}: 3 missed in a row; last contact Thu 10 Dec 2026, called and got no answer")
    assert _lines(record) == [f"Thu 10 Dec 2026: called, no answer (missed Mon 7 Dec 2026, "
                              f"{RDP}), by Jo Bennett: \u201cRang twice\u201d"]


def test_a_refused_attempt_says_why_and_keeps_what_was_typed(
        qtbot, db, actor, reception_desk, missed, answers, contact_opened) -> None:
    """The register is corrected at another desk while the form is open: Save is refused in
    words, the form stays open with its words, nothing is logged."""
    group_id, alex, place = missed
    record = _record(qtbot, reception_desk, alex)
    qtbot.mouseClick(record.contacts.log_button, Qt.MouseButton.LeftButton)
    [dialog] = contact_opened
    qtbot.keyClicks(dialog.said, "Will come Monday")
    register_service.record(db, actor, group_id, MISSED[2], {place: AttendanceMark.ATTENDED},
                            MISSED[2])
    assert not dialog.save()
    assert answers["errors"] == [f"The register for {RDP} on Mon 7 Dec 2026 does not say they "
                                 "did not attend; reload the register."]
    assert dialog.isVisible() and dialog.said.text() == "Will come Monday"
    assert contact_service.attempts(db, actor, alex) == []


def test_someone_who_missed_nothing_is_told_so(qtbot, reception_desk, booked, answers,
                                               monkeypatch) -> None:
    """No did-not-attend on file: the desk is told there is nothing to log against."""
    from recovery_desk.views.widgets import dialogs
    said: list[str] = []
    monkeypatch.setattr(dialogs, "show_info", lambda parent, title, text: said.append(text))
    _group_id, (alex, _sam, _dani) = booked
    record = _record(qtbot, reception_desk, alex)
    assert record.contacts.log_attempt() is None
    assert said == ["Alex Brennan has no missed sessions (did-not-attend marks) to log a "
                    "contact for."]


@pytest.mark.parametrize("scale", [1.0, 1.5], ids=["100%", "150%"])
def test_the_record_with_contacts_fits_a_small_screen(qtbot, db, actor, reception_desk, missed,
                                                      answers, scale, tmp_path) -> None:
    """Three attempts logged and the flag shown: the record at 1024x700, nothing cut."""
    _group_id, alex, place = missed
    for kind, said in ((ContactKind.LETTER_SENT, "First-class letter to the address on file"),
                       (ContactKind.LEFT_MESSAGE, "Asked them to ring the desk back"),
                       (ContactKind.NO_ANSWER, "")):
        contact_service.record(db, actor, place, MISSED[2], kind, said, today=DAY)
    with TextScale(scale):
        record = _record(qtbot, reception_desk, alex)
        record.resize(*SMALL_SCREEN)
        QApplication.processEvents()
        folder = Path(os.environ.get("RECOVERY_DESK_SCREENSHOTS", tmp_path))
        record.pages.setCurrentIndex(CONTACTS_PAGE)
        QApplication.processEvents()
        save(record, folder, f"person-record-contacts-{int(scale * 100)}")
        assert cut_text(record) == []
        # The flag at the top, the attempts taking the page's height, the button under them.
        section = record.contacts
        flags, attempts, button = (section.flags.geometry(), section.attempts.geometry(),
                                   section.log_button.geometry())
        assert flags.top() <= 2 and attempts.top() - flags.bottom() < 20
        assert attempts.height() > section.height() * 0.6
        assert 0 <= button.top() - attempts.bottom() < 20
