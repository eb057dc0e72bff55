"""The retention review: records past the retention period are listed, ticked and
anonymised after confirming; the list and the person's record then show it."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from recovery_desk.domain.people import intake_service as intake
from recovery_desk.domain.service import catalogue_service
from recovery_desk.views.manager.retention_dialog import RetentionDialog
from recovery_desk.views.person.person_record_dialog import PersonRecordDialog

LATER = date(2036, 1, 5)  # more than eight years after these people were referred


@pytest.fixture
def referred(db, actor, keyworker_id) -> list[int]:
    """Three people referred on Fri 27 Nov 2026 and never seen since."""
    group = next(g for g in catalogue_service.list_groups(db, actor)
                 if g.name == "Reduced Drinking Programme")
    return [intake.save_intake(db, actor, intake.PersonDetails(
        given_name=given, family_name=family, date_of_birth=date(1980, 1, 1),
        keyworker_id=keyworker_id, consent_to_store=True, assessment={
            "substances": [{"name": "alcohol", "days_used_last_28": 12}],
            "goals": ["reduce_drinking"]}), [intake.ReferralRequest(group.id)],
        date(2026, 11, 27))
        for given, family in (("Alex", "Brennan"), ("Sam", "Calloway"), ("Dani", "Ellery"))]


@pytest.fixture
def review(qtbot, make_context, referred, answers):
    dialog = RetentionDialog(None, make_context(today=LATER))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _lines(dialog: RetentionDialog) -> list[str]:
    return [dialog.list.item(row).text() for row in range(dialog.list.count())]


def _tick(qtbot, dialog: RetentionDialog, name: str) -> None:
    """Select the row and press Space, as a person ticks it from the keyboard."""
    row = next(r for r in range(dialog.list.count())
               if dialog.list.item(r).text().startswith(name))
    dialog.list.setFocus()
    dialog.list.setCurrentRow(row)
    qtbot.keyClick(dialog.list, Qt.Key.Key_Space)
    assert dialog.list.item(row).checkState() == Qt.CheckState.Checked


def test_a_record_past_retention_is_anonymised_after_confirming(
        qtbot, review, referred, answers, make_context) -> None:
    """Tick Sam, Anonymise, confirm: Sam leaves the list as a name and the record shows
    no name; the others are untouched."""
    alex, sam, _dani = referred
    assert [line.split(" (")[0] for line in _lines(review)] == ["Alex Brennan", "Sam Calloway",
                                                               "Dani Ellery"]
    assert _lines(review)[1].startswith(f"Sam Calloway (record {sam}), last contact ")
    _tick(qtbot, review, "Sam Calloway")
    review.anonymise_button.click()
    assert answers["asked"] == ["Anonymise 1 record? This cannot be undone (except by "
                                "restoring a backup)."]
    assert [line.split(" (")[0] for line in _lines(review)] == ["Alex Brennan", "Dani Ellery"]
    record = PersonRecordDialog.open(None, make_context(today=LATER), sam)
    assert record is not None
    assert record.windowTitle() == f"Record: Anonymised #{sam}"
    other = PersonRecordDialog.open(None, make_context(today=LATER), alex)
    assert other.windowTitle() == "Record: Alex Brennan"


def test_declining_the_confirmation_changes_nothing(qtbot, review, answers) -> None:
    """Tick, Anonymise, say no: the list is as it was."""
    before = _lines(review)
    _tick(qtbot, review, "Dani Ellery")
    answers["confirm"] = False
    review.anonymise_button.click()
    assert _lines(review) == before


def test_nothing_ticked_says_what_to_do(review, answers) -> None:
    """Anonymise with no ticks: one line saying to tick first, nothing asked."""
    review.anonymise_button.click()
    assert answers["errors"] == ["Tick the records to anonymise first."]
    assert answers["asked"] == []


def test_a_desk_with_nothing_past_retention_says_so(qtbot, context, referred, answers) -> None:
    """Today nobody is past eight years: the list says so and the button is off."""
    dialog = RetentionDialog(None, context)
    qtbot.addWidget(dialog)
    assert [dialog.list.item(r).text() for r in range(dialog.list.count())] == [
        "No record is past the retention period."]
    assert not dialog.anonymise_button.isEnabled()
