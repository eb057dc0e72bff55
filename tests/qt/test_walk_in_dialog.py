"""The walk-in dialog on its own: finding nobody says so and offers a new person; a new
person's details are checked as intake checks them, each problem beside its field, and
nothing is saved until they are right."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from recovery_desk.domain.people import intake_service as intake
from recovery_desk.domain.store.actor import Actor
from recovery_desk.views.timetable.walk_in_dialog import WalkInDialog
from recovery_desk.vocabulary import StaffRole


def _dialog(qtbot, make_context, actor) -> WalkInDialog:
    desk = make_context(date(2026, 12, 3), Actor(actor.staff_id, "Jo", StaffRole.RECEPTION))
    dialog = WalkInDialog(None, desk, "MSM Group")
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_finding_nobody_says_so(qtbot, make_context, actor, answers) -> None:
    """A name nobody has: one line saying so, and the dialog stays open without a choice."""
    dialog = _dialog(qtbot, make_context, actor)
    qtbot.keyClicks(dialog.finder.search, "zebedee")
    qtbot.waitUntil(lambda: dialog.finder.results.count() == 1)
    assert dialog.finder.results.item(0).text() == \
        "No one found. Use New person to start a record."
    qtbot.keyClick(dialog.finder.results, Qt.Key.Key_Return)
    assert dialog.person_id is None and dialog.isVisible()


def test_a_date_of_birth_that_cannot_be_read_is_a_message_and_saves_nothing(
        qtbot, make_context, db, actor, answers) -> None:
    """'31/2/1990' is no date: said beside the field, the typing kept, no record made."""
    dialog = _dialog(qtbot, make_context, actor)
    qtbot.mouseClick(dialog.finder.new_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.given, "Kit")
    qtbot.keyClicks(dialog.family, "Okafor")
    qtbot.keyClicks(dialog.born, "31/2/1990")
    dialog.consent.setChecked(True)
    assert not dialog.add_new_person()
    assert dialog.messages["date_of_birth"].message != ""
    assert dialog.born.text() == "31/2/1990" and dialog.person_id is None
    assert intake.search_people(db, actor, "okafor") == []
    dialog.born.clear()
    qtbot.keyClicks(dialog.born, "12/3/1988")
    assert dialog.add_new_person()
    assert dialog.person_id == intake.search_people(db, actor, "okafor")[0].id
    assert dialog.messages["date_of_birth"].message == ""
