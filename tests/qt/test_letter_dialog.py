"""Appointment letters in the window: offered after a booking, opened from the person record,
read out, copied, printed to PDF, and the place's sessions saved for a phone; and what the desk
sees when the service's address and phone are not set yet."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from recovery_desk.catalogue.service_details import ServiceDetails
from recovery_desk.domain.places import booking_service
from recovery_desk.domain.service import service_details
from recovery_desk.views.person.booking_flow import book_one, show_booked
from recovery_desk.views.person.letter_dialog import LetterDialog
from recovery_desk.views.person.person_record_dialog import PersonRecordDialog
from recovery_desk.views.widgets import dialogs

TODAY = date(2026, 11, 27)


@pytest.fixture
def service(db, actor) -> None:
    service_details.save_details(db, actor, ServiceDetails(
        "Hackney Recovery Service", "Recovery Centre\n1 Example Road\nLondon E8 1AA",
        "020 7946 0000"))


def _letter(qtbot, context, enrolment_id: int) -> LetterDialog:
    dialog = LetterDialog.open(None, context, enrolment_id)
    qtbot.addWidget(dialog)
    return dialog


def _first_place(db, actor, person: int) -> int:
    from recovery_desk.domain.people.person_record_service import person_record

    return person_record(db, actor, person).places[0].enrolment_id


def test_the_letter_reads_out_copies_and_saves(qtbot, context, db, actor, booked, service,
                                               answers, tmp_path, monkeypatch) -> None:
    _, people = booked
    dialog = _letter(qtbot, context, _first_place(db, actor, people[0]))
    text = dialog.text.toPlainText()
    assert "First session: Monday 30 November 2026, 11am to 12.30pm" in text
    assert "Brennan" not in text
    assert dialog.text.isReadOnly() and dialog.print_button.isEnabled()
    dialog.copy_text()
    assert QGuiApplication.clipboard().text() == text
    saved = iter([tmp_path / "letter.pdf", tmp_path / "groups.ics"])
    monkeypatch.setattr(dialogs, "choose_save_path", lambda *a: str(next(saved)))
    qtbot.mouseClick(dialog.pdf_button, Qt.MouseButton.LeftButton)
    assert (tmp_path / "letter.pdf").read_bytes()[:5] == b"%PDF-"
    qtbot.mouseClick(dialog.ics_button, Qt.MouseButton.LeftButton)
    assert answers["saved"] == [f"Saved letter.pdf in {tmp_path}.",
                                f"Saved groups.ics in {tmp_path}."]
    calendar = (tmp_path / "groups.ics").read_text()
    assert "X-WR-CALNAME:Groups at Hackney Recovery Service" in calendar
    assert "DTSTART:20261130T110000" in calendar and "20261228" not in calendar
    assert "LOCATION:Recovery Centre\\, 1 Example Road\\, London E8 1AA" in calendar
    assert "DTSTART:20270222T110000" in calendar  # the place's last day, past 12 weeks ahead


def test_without_the_services_address_the_desk_is_told_who_sets_it(
        qtbot, context, db, actor, booked) -> None:
    _, people = booked
    dialog = _letter(qtbot, context, _first_place(db, actor, people[0]))
    assert dialog.notice.text().startswith("⚠ The service's address and phone number are not "
                                           "set")
    assert "Catalogue tab (Service details…)" in dialog.notice.text()
    assert not dialog.print_button.isEnabled() and not dialog.pdf_button.isEnabled()
    assert not dialog.copy_button.isEnabled() and dialog.ics_button.isEnabled()


def test_the_person_record_opens_the_letter_for_the_selected_place(
        qtbot, context, db, actor, booked, service, answers, monkeypatch) -> None:
    _, people = booked
    opened = []
    monkeypatch.setattr(LetterDialog, "exec", lambda self: opened.append(self) or 0)
    record = PersonRecordDialog.open(None, context, people[0])
    qtbot.addWidget(record)
    assert record.letter_button.isEnabled()
    record.open_letter()
    assert opened[0].appointment.group.name == "Reduced Drinking Programme"


def test_an_ended_place_offers_no_letter(qtbot, context, db, actor, booked, service) -> None:
    _, people = booked
    booking_service.leave(db, actor, _first_place(db, actor, people[0]),
                          booking_service.Leaving.WITHDRAWN, "Moved away", TODAY)
    record = PersonRecordDialog.open(None, context, people[0])
    qtbot.addWidget(record)
    assert not record.letter_button.isEnabled()
    assert record.letter_button.toolTip() == "Select a place that is running or booked."


def test_a_booking_offers_the_place_s_letter(
        qtbot, context, db, actor, keyworker_id, service, answers, monkeypatch) -> None:
    from recovery_desk.domain.people import intake_service as intake
    from recovery_desk.domain.service import catalogue_service
    groups = {g.name: g.id for g in catalogue_service.list_groups(db, actor)}
    person = intake.save_intake(db, actor, intake.PersonDetails(
        given_name="Sam", family_name="Calloway", date_of_birth=date(1980, 1, 1),
        keyworker_id=keyworker_id, consent_to_store=True, assessment={
            "substances": [{"name": "alcohol", "days_used_last_28": 12}],
            "goals": ["reduce_drinking", "change_use"]}),
        [intake.ReferralRequest(groups["Reduced Drinking Programme"]),
         intake.ReferralRequest(groups["Recovery Skills"])], TODAY)
    place = book_one(None, context, person, groups["Recovery Skills"], TODAY, "Recovery Skills")
    assert place is not None and not isinstance(place, int)
    show_booked(None, context, place, "Tue and Fri, 11am-12.30pm")
    text, buttons = answers["outcomes"][-1]
    assert text.startswith("Sam Calloway is booked into Recovery Skills (Tue and Fri, "
                           "11am-12.30pm): first session Fri 27 Nov 2026")
    assert list(buttons) == ["Appointment letter: Recovery Skills…"]
    opened = []
    monkeypatch.setattr(LetterDialog, "exec", lambda self: opened.append(self) or 0)
    buttons["Appointment letter: Recovery Skills…"]()
    assert opened[0].appointment.start == TODAY


@pytest.mark.parametrize("scale", [1.0, 1.5], ids=["100%", "150%"])
def test_the_letter_fits_a_small_screen(qtbot, context, db, actor, booked, service, scale,
                                        tmp_path) -> None:
    """At 100% and 150% text the letter, its buttons and their words fit 1024x700, uncut."""
    import os
    from pathlib import Path

    from PySide6.QtWidgets import QApplication

    from tests.qt.screens import SMALL_SCREEN, TextScale, cut_text, save

    with TextScale(scale):
        dialog = _letter(qtbot, context, _first_place(db, actor, booked[1][0]))
        dialog.show()
        QApplication.processEvents()
        assert dialog.width() <= SMALL_SCREEN[0] and dialog.height() <= SMALL_SCREEN[1]
        assert cut_text(dialog) == []
        save(dialog, Path(os.environ.get("RECOVERY_DESK_SCREENSHOTS", tmp_path)),
             f"LetterDialog-{int(scale * 100)}")
