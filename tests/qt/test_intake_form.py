"""The intake form: what a person types becomes the details saved, with a message for each
field that is wrong; a record loaded reads back the same; reception never sees the
assessment."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from recovery_desk.views.intake.intake_form import IntakeForm

TODAY = date(2026, 11, 27)


def test_typed_details_are_read_and_a_bad_date_is_named(qtbot, shown) -> None:
    """Names, a date of birth in words and the consent box are read; an unreadable
    abstinence date gets its own message and nothing else does."""
    form = shown(IntakeForm())
    form.set_keyworkers([(7, "Kay Worker")])
    qtbot.keyClicks(form.given_name, "Riley")
    qtbot.keyClicks(form.family_name, "Shaw")
    qtbot.keyClicks(form.date_of_birth, "2/4/1985")
    form.keyworker.setCurrentIndex(form.keyworker.findData(7))
    qtbot.mouseClick(form.consent, Qt.MouseButton.LeftButton, pos=form.consent.rect().center())
    details, problems = form.details(TODAY)
    assert (details.given_name, details.family_name, details.date_of_birth) == (
        "Riley", "Shaw", date(1985, 4, 2))
    assert details.keyworker_id == 7 and details.consent_to_store
    assert problems == {}
    qtbot.keyClicks(form.illicit_since, "next Tuesday-ish")
    _, problems = form.details(TODAY)
    assert list(problems) == ["abstinent_from_illicit_since"]
    form.show_problems(problems)
    assert form.message("abstinent_from_illicit_since") == problems[
        "abstinent_from_illicit_since"]


def test_a_loaded_record_reads_back_the_same(qtbot, shown) -> None:
    """Fill, read, load into a fresh form, read again: the same details."""
    first = shown(IntakeForm())
    qtbot.keyClicks(first.given_name, "Riley")
    qtbot.keyClicks(first.family_name, "Shaw")
    qtbot.keyClicks(first.date_of_birth, "2 Apr 1985")
    first.substances[next(iter(first.substances))].setValue(12)
    details, _ = first.details(TODAY)
    second = shown(IntakeForm())
    second.load(details)
    assert second.details(TODAY)[0] == details


def test_reception_sees_no_assessment(qtbot, shown) -> None:
    """With the clinical parts hidden, the assessment box is not shown at all."""
    form = shown(IntakeForm())
    form.show_clinical(False)
    assert not form.sections["Assessment"].isVisible()
    form.show_clinical(True)
    assert form.sections["Assessment"].isVisible()
