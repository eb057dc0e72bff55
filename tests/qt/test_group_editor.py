"""The group editor given what a manager might paste: digits that are not plain digits, a number
thousands of digits long, control characters, names that look like markup. Each gets a message
beside its field (these used to raise ValueError in the dialog), and nothing is saved."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from recovery_desk.domain.service import catalogue_service
from recovery_desk.views.catalogue.catalogue_tab import CatalogueTab, describe


@pytest.fixture
def editor(window):
    editor = window.show_tab(CatalogueTab).open_editor(None)
    editor.name.setText("Evening Group")
    editor.schedule.setText("Weekdays 6-7pm")
    return editor


@pytest.mark.parametrize(("field", "typed", "message"), [
    ("capacity", "²", "Capacity must be a whole number from 1 to 100; '²' is not."),
    ("capacity", "１２", "Capacity must be a whole number from 1 to 100; '１２' is not."),
    ("capacity", "9" * 5_000, "Capacity must be a whole number from 1 to 100; '" + "9" * 40
                              + "…' is not."),
    ("length_weeks", "²", "Write a whole number of weeks, or leave it blank."),
    ("length_sessions", "1" * 5_000, "Write a whole number of sessions, or leave it blank."),
    ("name", "Evening\x00Group", "A name cannot contain control characters: character 8 is "
                                 "U+0000 (NUL)."),
    ("referral_note", "Ask \x1b first", "The referral note cannot contain control characters: "
                                        "character 5 is U+001B (ESC)."),
])
def test_pasted_text_gets_a_message_and_nothing_is_saved(editor, db, actor, field: str,
                                                         typed: str, message: str) -> None:
    before = catalogue_service.list_groups(db, actor)
    getattr(editor, field).setText(typed)
    assert not editor.try_save()
    assert editor.message(field) == message
    assert catalogue_service.list_groups(db, actor) == before


def test_a_policy_typed_in_other_digits_gets_a_message(editor) -> None:
    editor.format.setCurrentIndex(editor.format.findData("closed_cohort"))
    editor._policy_edits["late_join_sessions"].setText("²")
    assert not editor.try_save()
    assert editor.message("policy:late_join_sessions") == (
        "Sessions into a closed cohort a late joiner may still start must be a whole number "
        "from 0 to 12.")


def test_a_schedule_with_a_control_character_says_so(editor) -> None:
    editor.schedule.setText("Mon\x00day 6-7pm")
    assert editor.message("schedule") == ("The schedule cannot contain control characters: "
                                          "character 4 is U+0000 (NUL).")


def test_weekdays_read_back_as_the_days(editor) -> None:
    """Issue 14: 'Weekdays 9am-5pm' was refused."""
    editor.schedule.setText("Weekdays 9am-5pm")
    assert editor.schedule_reading.text() == "Reads as: Mon, Tue, Wed, Thu and Fri, 9am-5pm"
    assert editor.message("schedule") == ""


def test_a_name_that_looks_like_markup_is_saved_and_shown_as_written(window, editor, db,
                                                                     actor) -> None:
    editor.name.setText("Men's <Tuesday> Group & Friends")
    assert editor.try_save()
    tab = window.show_tab(CatalogueTab)
    tab._after_edit(editor)
    assert "Men's <Tuesday> Group & Friends" in tab.detail.toPlainText()
    assert any(g.name == "Men's <Tuesday> Group & Friends"
               for g in catalogue_service.list_groups(db, actor))


def test_whether_a_name_reveals_special_category_data_is_a_tick_box(window, db, actor,
                                                                     editor) -> None:
    """Ticked by default for the MSM rule, unticked for others; a manager's tick stays when
    the rule changes; unticking it on the MSM Group is saved and shown in the catalogue."""
    key = "name_reveals_special_category"
    assert not editor._policy_switches[key].isChecked()
    editor.rule.setCurrentIndex(editor.rule.findData("msm"))
    assert editor._policy_switches[key].isChecked()
    editor._policy_switches[key].setChecked(False)
    editor.rule.setCurrentIndex(editor.rule.findData("recovery_skills"))
    editor.rule.setCurrentIndex(editor.rule.findData("msm"))
    assert not editor._policy_switches[key].isChecked()

    tab = window.show_tab(CatalogueTab)
    msm = next(g for g in catalogue_service.list_groups(db, actor) if g.name == "MSM Group")
    assert "<td>yes</td>" in describe(msm)
    own = tab.open_editor(msm)
    assert own._policy_switches[key].isChecked()
    own._policy_switches[key].setChecked(False)
    assert own.try_save()
    saved = next(g for g in catalogue_service.list_groups(db, actor) if g.name == "MSM Group")
    assert saved.settings()[key] == 0 and "<td>no</td>" in describe(saved)


def test_the_rule_is_chosen_by_name_and_who_it_lets_in_reads_in_full(qtbot, editor) -> None:
    """The box names the rule briefly; who it lets in wraps under it, and follows the choice
    made by keyboard."""
    editor.rule.setFocus()
    editor.rule.setCurrentIndex(editor.rule.findData("msm"))
    assert editor.rule.currentText() == "MSM"
    assert editor.rule_words.text() == "Lets in: Men who have sex with men"
    qtbot.keyClick(editor.rule, Qt.Key.Key_Up)
    assert editor.rule.currentText() == "Medication reduction"
    assert editor.rule_words.text() == ("Lets in: On substitute medication and wants to "
                                        "reduce it")
    assert editor.rule_words.wordWrap()
