"""Names and notes as people write them (quotes, emoji, right-to-left text, markup-like text,
10,000-character notes) shown intact: in the intake form, typed and saved through it, in its
status line, in the timetable's member list and the person record. Over-long names and control
characters get a message beside the field and nothing is saved."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import func, select

from recovery_desk.domain.people import intake_service as intake
from recovery_desk.domain.places import booking_service
from recovery_desk.domain.service import catalogue_service
from recovery_desk.domain.store.models import ServiceUser
from recovery_desk.views.intake.intake_tab import IntakeTab
from recovery_desk.views.person.person_record_dialog import PersonRecordDialog
from recovery_desk.views.timetable.timetable_tab import TimetableTab
from recovery_desk.views.widgets import dialogs

TODAY = date(2026, 11, 27)
GIVEN = "Zoë \"Zee\" O'Brien 👩🏽‍⚕️"
FAMILY = "<b>כהן</b> & عبد الله"
NOTES = ("Said \"I'll come Tuesdays\" ‏שלום‏ 👋 <i>not italic</i>\n\tSecond line.\n"
         + "∑ long note " * 900)[:10_000]


@pytest.fixture
def person_id(db, actor, keyworker_id) -> int:
    """Someone with awkward names and long notes, with a place in the Reduced Drinking
    Programme from Mon 30 Nov 2026."""
    group = next(g for g in catalogue_service.list_groups(db, actor)
                 if g.name == "Reduced Drinking Programme")
    saved = intake.save_intake(db, actor, intake.PersonDetails(
        given_name=GIVEN, family_name=FAMILY, preferred_name="Zee ☕", date_of_birth=date(1990, 5,
                                                                                          6),
        keyworker_id=keyworker_id, consent_to_store=True, notes=NOTES,
        access_needs="Needs step-free access ♿\nمرحبا",
        assessment={"substances": [{"name": "alcohol", "days_used_last_28": 12}],
                    "goals": ["reduce_drinking"]}), [intake.ReferralRequest(group.id)], TODAY)
    booking_service.book(db, actor, saved, group.id, TODAY)
    return saved


@pytest.fixture
def tab(context, shown, answers) -> IntakeTab:
    return shown(IntakeTab(context))


def test_the_intake_form_shows_a_saved_person_exactly(tab, person_id) -> None:
    assert tab.open_person(person_id)
    form = tab.form
    assert (form.given_name.text(), form.family_name.text()) == (GIVEN, FAMILY)
    assert form.preferred_name.text() == "Zee ☕"
    assert form.notes.toPlainText() == NOTES
    assert form.access_needs.toPlainText() == "Needs step-free access ♿\nمرحبا"
    assert tab.status.text() == f"Opened {GIVEN} {FAMILY}."
    assert tab.status.textFormat() is Qt.TextFormat.PlainText  # '<b>' shows as typed
    assert not tab.dirty


def test_typed_names_and_notes_are_saved_exactly(tab, db) -> None:
    """Set with setText: qtbot.keyClicks cannot type characters outside ASCII."""
    form = tab.form
    form.given_name.setText(GIVEN)
    form.family_name.setText(FAMILY)
    form.date_of_birth.setText("6/5/1990")
    form.notes.setPlainText(NOTES)
    form.consent.setChecked(True)
    assert tab.save(), tab.status.text()
    assert tab.status.text() == f"Saved {GIVEN} {FAMILY}."
    with db.reading() as tx:
        stored = tx.scalar(select(ServiceUser))
        assert (stored.given_name, stored.family_name, stored.notes) == (GIVEN, FAMILY, NOTES)


@pytest.mark.parametrize(("field", "text", "message"), [
    ("given_name", "N" * 10_000, "A first name can be at most 80 characters; this one has "
                                 "10,000."),
    ("family_name", "Ash\x00worth", "A last name cannot contain control characters: character "
                                    "4 is U+0000 (NUL)."),
])
def test_what_cannot_be_stored_gets_a_message_beside_the_field(tab, db, field: str, text: str,
                                                               message: str) -> None:
    form = tab.form
    form.given_name.setText("Robin")
    form.family_name.setText("Ashworth")
    getattr(form, field).setText(text)
    form.date_of_birth.setText("6/5/1990")
    form.consent.setChecked(True)
    assert not tab.save()
    assert form.message(field) == message
    assert tab.status.text() == "Not saved: fix the marked fields."
    with db.reading() as tx:
        assert tx.scalar(select(func.count()).select_from(ServiceUser)) == 0


def test_a_field_message_quoting_markup_shows_it_as_written(tab) -> None:
    message = tab.form._messages["given_name"]
    message.show_message("There is already someone called '<b>Bob</b>'.")
    assert message.textFormat() is Qt.TextFormat.PlainText
    assert message.message == "There is already someone called '<b>Bob</b>'."


def test_the_timetable_member_list_shows_the_name_exactly(context, shown, person_id) -> None:
    tab = shown(TimetableTab(context))
    tab.show_week(date(2026, 11, 30))
    model = tab.model
    index = next(model.index(r, c) for r in range(model.rowCount())
                 for c in range(model.columnCount())
                 if model.day_of(c) == date(2026, 11, 30)
                 and any(s.group_name == "Reduced Drinking Programme"
                         for s in model.sessions_at(r, c)))
    tab.grid.setCurrentIndex(index)
    assert tab.members.count() == 1
    assert tab.members.item(0).text() == (f"{GIVEN} {FAMILY} (Mon 30 Nov 2026 to "
                                          "Mon 22 Feb 2027)")


def test_the_person_record_shows_the_name_exactly(context, qtbot, person_id) -> None:
    dialog = PersonRecordDialog.open(None, context, person_id)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == f"Record: {GIVEN} {FAMILY}"
    assert dialog.places.item(0).text().startswith("Reduced Drinking Programme: Mon 30 Nov 2026")


def test_message_boxes_show_names_as_written(qtbot) -> None:
    box = dialogs.message_box(QMessageBox.Icon.Information, "Bookings",
                              f"Booked {FAMILY} into Recovery Skills.", None)
    qtbot.addWidget(box)
    assert box.textFormat() is Qt.TextFormat.PlainText
    assert box.text() == f"Booked {FAMILY} into Recovery Skills."


def test_group_names_that_look_like_markup_show_as_written_in_the_timetable(
        context, shown, db, actor) -> None:
    """The 'to be confirmed' line is HTML (its heading is bold): the names in it are escaped."""
    from dataclasses import replace

    from recovery_desk.schedule import parse_rule
    template = catalogue_service.list_groups(db, actor)[0]
    for name, when in (("<i>Men's</i> & Co", "Day and time to be confirmed"),
                       ("<b>Tuesday</b> Group", "Tuesday 6-7pm")):
        catalogue_service.add_group(db, actor, replace(template, id=None, name=name,
                                                       schedule=parse_rule(when)), TODAY)
    tab = shown(TimetableTab(context))
    shown_text = QTextDocument()
    shown_text.setHtml(tab.undated.text())
    assert shown_text.toPlainText().startswith(
        "Day and time to be confirmed: <i>Men's</i> & Co, Low Dose Group")
    model = tab.model
    index = next(model.index(r, c) for r in range(model.rowCount())
                 for c in range(model.columnCount())
                 if any(s.group_name == "<b>Tuesday</b> Group" for s in model.sessions_at(r, c)))
    tab.grid.setCurrentIndex(index)
    assert tab.members_title.text().startswith("<b>Tuesday</b> Group, 6-7pm")
    assert tab.members_title.textFormat() is Qt.TextFormat.PlainText
