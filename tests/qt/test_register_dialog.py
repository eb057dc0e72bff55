"""Taking a register as reception: by keyboard (a letter marks and moves down), by mouse or
touch (a click on a name's mark), everyone attended at once, a summary before saving, walk-ins
found or added and offered a place, and a session cancelled on the day."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from recovery_desk.domain.people import intake_service as intake
from recovery_desk.domain.places import register_service
from recovery_desk.domain.service import catalogue_service
from recovery_desk.domain.store.actor import Actor
from recovery_desk.domain.store.models import AttendanceMark
from recovery_desk.item_models.register_model import APOLOGIES, ATTENDED, LATE, NOTE
from recovery_desk.views.timetable.register_dialog import RegisterDialog
from recovery_desk.views.timetable.walk_in_dialog import WalkInDialog
from recovery_desk.views.widgets import dialogs
from recovery_desk.vocabulary import StaffRole

MONDAY = date(2026, 11, 30)
THURSDAY = date(2026, 12, 3)
"""An MSM Group session (1st and 3rd Thursday); it needs no referral, so walk-ins come."""


@pytest.fixture
def reception(make_context, actor):
    """The desk as reception on the day given (Monday's session unless told otherwise)."""
    return lambda day=MONDAY: make_context(day, Actor(actor.staff_id, "Jo", StaffRole.RECEPTION))


def _open(qtbot, context, group_id: int, day: date = MONDAY) -> RegisterDialog:
    dialog = RegisterDialog.open(None, context, group_id, day)
    assert dialog is not None
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _click(qtbot, dialog: RegisterDialog, row: int, column: int) -> None:
    """A click (or a tap) in the middle of a cell, as a person's mouse or finger would."""
    rect = dialog.table.visualRect(dialog.model.index(row, column))
    qtbot.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def _marks(db, actor, group_id: int, day: date = MONDAY) -> list[tuple[str, object]]:
    return [(r.name, r.mark) for r in register_service.register(db, actor, group_id, day,
                                                                day).rows]


def _when_shown(action: Callable[[object], None]) -> None:
    """Run action on the next modal dialog once it is showing (exec() waits for it)."""
    def run() -> None:
        modal = QApplication.activeModalWidget()
        if modal is None:
            QTimer.singleShot(10, run)
            return
        action(modal)

    QTimer.singleShot(0, run)


def test_a_register_is_filled_by_keyboard(reception, qtbot, db, actor, booked,
                                          answers) -> None:
    """A, L, D on three rows in turn; the cursor moves down by itself; saved as marked."""
    group_id, _ = booked
    dialog = _open(qtbot, reception(), group_id)
    for key in (Qt.Key.Key_A, Qt.Key.Key_L, Qt.Key.Key_D):
        qtbot.keyClick(dialog.table, key)
    assert [dialog.model.index(r, NOTE).data() for r in range(3)] == ["Not saved yet"] * 3
    assert dialog.save()
    assert _marks(db, actor, group_id) == [
        ("Alex Brennan", AttendanceMark.ATTENDED), ("Dani Ellery", AttendanceMark.LATE),
        ("Sam Calloway", AttendanceMark.DID_NOT_ATTEND)]


def test_a_register_is_marked_by_mouse_and_summed_up_before_saving(
        reception, qtbot, db, actor, booked, answers) -> None:
    """A click in a mark's cell marks that name; Save first says what will be recorded, in
    English counts ('2 apologies'), and saves only when told to."""
    group_id, _ = booked
    dialog = _open(qtbot, reception(), group_id)
    _click(qtbot, dialog, 0, ATTENDED)
    _click(qtbot, dialog, 1, APOLOGIES)
    _click(qtbot, dialog, 2, APOLOGIES)
    assert dialog.model.index(1, APOLOGIES).data(Qt.ItemDataRole.CheckStateRole) == \
        Qt.CheckState.Checked
    assert dialog.status.text() == "3 members: 1 attended, 2 apologies."
    answers["confirm"] = False
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Save),
                     Qt.MouseButton.LeftButton)
    assert answers["asked"][-1] == "1 attended, 2 apologies. Save?"
    assert _marks(db, actor, group_id)[0][1] is None
    _click(qtbot, dialog, 2, LATE)  # changed by mouse: one apology now
    answers["confirm"] = True
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Save),
                     Qt.MouseButton.LeftButton)
    assert answers["asked"][-1] == "1 attended, 1 late, 1 apology. Save?"
    assert dialog.saved
    assert [mark for _, mark in _marks(db, actor, group_id)] == [
        AttendanceMark.ATTENDED, AttendanceMark.APOLOGIES, AttendanceMark.LATE]


def test_a_mark_is_checked_with_the_space_bar_in_its_column(
        reception, qtbot, db, actor, booked, answers) -> None:
    """Right arrow to the Late column, Space: the name is late, the others untouched."""
    group_id, _ = booked
    dialog = _open(qtbot, reception(), group_id)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Right)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Right)
    assert dialog.table.currentIndex().column() == LATE
    qtbot.keyClick(dialog.table, Qt.Key.Key_Space)
    assert dialog.model.changed_marks() == {
        dialog.model.row(0).enrolment_id: AttendanceMark.LATE}


def test_everyone_attended_marks_only_the_names_not_yet_marked(
        reception, qtbot, db, actor, booked, answers) -> None:
    """One did-not-attend by key, then Tab to Everyone attended and Space: the others are
    attended."""
    group_id, _ = booked
    dialog = _open(qtbot, reception(), group_id)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClick(dialog.table, Qt.Key.Key_D)
    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Tab)
    assert dialog.everyone_button.hasFocus()
    qtbot.keyClick(dialog.everyone_button, Qt.Key.Key_Space)
    assert dialog.model.unmarked() == []
    assert dialog.save()
    assert answers["asked"][-1] == "2 attended, 1 did not attend. Save?"
    assert [mark for _, mark in _marks(db, actor, group_id)] == [
        AttendanceMark.DID_NOT_ATTEND, AttendanceMark.ATTENDED, AttendanceMark.ATTENDED]


def test_an_unfinished_register_asks_before_saving(
        reception, qtbot, db, actor, booked, answers) -> None:
    """Save with names unmarked: asked first, naming them; saying no keeps the dialog."""
    group_id, _ = booked
    dialog = _open(qtbot, reception(), group_id)
    qtbot.keyClick(dialog.table, Qt.Key.Key_P)
    answers["confirm"] = False
    assert not dialog.save()
    assert answers["asked"][-1] == ("1 apology. Dani Ellery and Sam Calloway stay unmarked. "
                                    "Save the others?")
    assert _marks(db, actor, group_id)[0][1] is None


def test_a_day_without_the_group_has_no_register(context, booked, answers) -> None:
    """A Tuesday the group does not meet: no dialog, and one line saying why."""
    group_id, _ = booked
    assert RegisterDialog.open(None, context, group_id, date(2026, 12, 1)) is None
    assert len(answers["errors"]) == 1


def test_a_session_still_to_come_has_no_register_yet(reception, booked, answers) -> None:
    """On Friday, Monday's register cannot be opened, and the desk is told why."""
    group_id, _ = booked
    assert RegisterDialog.open(None, reception(date(2026, 11, 27)), group_id, MONDAY) is None
    assert answers["errors"] == ["Reduced Drinking Programme on Mon 30 Nov 2026 is still to "
                                 "come: a register is taken on the session's day or after it."]


def test_a_session_is_cancelled_on_the_day_with_a_reason(
        reception, qtbot, db, actor, booked, answers, monkeypatch) -> None:
    """Cancel this session asks why; the register closes, and the session takes no register
    now: it says it was cancelled, and why."""
    group_id, _ = booked
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "ask_text",
                        lambda parent, title, label: asked.append(label) or "Facilitator off sick")
    desk = reception()
    dialog = _open(qtbot, desk, group_id)
    qtbot.mouseClick(dialog.cancel_session_button, Qt.MouseButton.LeftButton)
    assert asked == ["Cancel Reduced Drinking Programme on Mon 30 Nov 2026? Its register "
                     "closes, nobody on it counts as a did-not-attend, and the timetable shows "
                     "it closed with this reason. Why is it cancelled?"]
    assert answers["asked"] == []
    assert dialog.cancelled and not dialog.isVisible()
    assert RegisterDialog.open(None, desk, group_id, MONDAY) is None
    assert answers["errors"][-1] == (
        "Reduced Drinking Programme on Mon 30 Nov 2026 was cancelled by the service "
        "(Facilitator off sick), so it takes no register; nobody on it counts as a "
        "did-not-attend.")


def test_a_session_that_ran_or_has_passed_is_not_cancelled(
        reception, qtbot, db, actor, booked, answers, monkeypatch) -> None:
    """A register with marks is refused before any question; on a later day the button is
    off, saying why."""
    group_id, _ = booked
    places = [row.enrolment_id for row in register_service.register(
        db, actor, group_id, MONDAY, MONDAY).rows]
    register_service.record(db, actor, group_id, MONDAY,
                            dict.fromkeys(places, AttendanceMark.ATTENDED), MONDAY)
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "ask_text", lambda *args: asked.append("why") or "Ill")
    dialog = _open(qtbot, reception(), group_id)
    qtbot.mouseClick(dialog.cancel_session_button, Qt.MouseButton.LeftButton)
    assert answers["errors"] == ["This register has 3 marks: a session that ran is not "
                                 "cancelled; correct its marks instead."]
    assert asked == [] and dialog.isVisible() and not dialog.cancelled
    later = _open(qtbot, reception(THURSDAY), group_id, date(2026, 12, 2))
    assert not later.cancel_session_button.isEnabled()
    assert "on its own day only" in later.cancel_session_button.toolTip()


def test_a_blank_reason_cancels_nothing(reception, qtbot, db, actor, booked, answers,
                                        monkeypatch) -> None:
    """No reason given: told one is needed; the register stays open and the session runs."""
    group_id, _ = booked
    monkeypatch.setattr(dialogs, "ask_text", lambda *args: "   ")
    dialog = _open(qtbot, reception(), group_id)
    assert not dialog.cancel_session()
    assert "Give a reason" in answers["errors"][-1]
    assert dialog.isVisible() and not dialog.cancelled
    assert RegisterDialog.open(None, reception(), group_id, MONDAY) is not None


# ---------------------------------------------------------------- walk-ins
@pytest.fixture
def msm_group(db, actor) -> int:
    return next(g.id for g in catalogue_service.list_groups(db, actor) if g.name == "MSM Group")


@pytest.fixture
def walker(db, actor) -> int:
    """Someone with a record but no place, found by name at the desk."""
    return intake.save_intake(db, actor, intake.PersonDetails(
        given_name="Rowan", family_name="Tierney", date_of_birth=date(1990, 5, 6), sex="male",
        msm=True, consent_to_store=True), [], date(2026, 11, 27))


def test_a_walk_in_is_found_marked_and_offered_a_place(
        reception, qtbot, db, actor, msm_group, walker, answers) -> None:
    """Walk-in…, type the name, Enter on the person found: on the register as a walk-in,
    then asked 'Book Rowan Tierney into MSM Group from Thu 17 Dec 2026?' and booked."""
    dialog = _open(qtbot, reception(THURSDAY), msm_group, THURSDAY)
    assert dialog.walk_in_list.text() == "No walk-ins yet."

    def find(finder: WalkInDialog) -> None:
        qtbot.keyClicks(finder.finder.search, "tierney")
        qtbot.waitUntil(lambda: finder.finder.results.count() == 1)
        finder.finder.results.setCurrentRow(0)
        qtbot.keyClick(finder.finder.results, Qt.Key.Key_Return)

    _when_shown(find)
    qtbot.mouseClick(dialog.walk_in_button, Qt.MouseButton.LeftButton)
    assert dialog.walk_in_list.text() == "Walk-ins, marked attended: Rowan Tierney."
    assert answers["asked"] == ["Book Rowan Tierney into MSM Group from Thu 17 Dec 2026?"]
    sheet = register_service.register(db, actor, msm_group, THURSDAY, THURSDAY)
    assert sheet.walk_ins == ["Rowan Tierney"]
    later = register_service.register(db, actor, msm_group, date(2026, 12, 17),
                                      date(2026, 12, 17))
    assert [r.name for r in later.rows] == ["Rowan Tierney"]
    assert dialog.save()
    assert answers["asked"][-1] == ("Nobody holds a place in this session. And 1 walk-in, "
                                    "already saved. Save?")


def test_a_walk_in_new_to_the_service_is_added_with_their_details_checked(
        reception, qtbot, db, actor, msm_group, answers) -> None:
    """New person: without consent nothing is saved and the field says why; with it the
    person is added and marked attended as a walk-in. No place is booked when declined."""
    dialog = _open(qtbot, reception(THURSDAY), msm_group, THURSDAY)
    answers["confirm"] = False
    seen: dict[str, str] = {}

    def add(finder: WalkInDialog) -> None:
        qtbot.mouseClick(finder.finder.new_button, Qt.MouseButton.LeftButton)
        qtbot.keyClicks(finder.given, "Kit")
        qtbot.keyClicks(finder.family, "Okafor")
        qtbot.keyClicks(finder.born, "12/3/1988")
        qtbot.mouseClick(finder.add_button, Qt.MouseButton.LeftButton)
        seen["consent"] = finder.messages["consent_to_store"].message
        seen["given"] = finder.given.text()
        finder.consent.setChecked(True)
        qtbot.mouseClick(finder.add_button, Qt.MouseButton.LeftButton)

    _when_shown(add)
    assert dialog.add_walk_in()
    assert seen == {"consent": "Their consent to store their data is needed before anything "
                               "is saved.", "given": "Kit"}
    assert dialog.walk_in_list.text() == "Walk-ins, marked attended: Kit Okafor."
    assert answers["asked"] == ["Book Kit Okafor into MSM Group from Thu 17 Dec 2026?"]
    assert register_service.register(db, actor, msm_group, THURSDAY, THURSDAY).walk_ins == \
        ["Kit Okafor"]
    assert [p.name for p in intake.search_people(db, actor, "okafor")] == ["Kit Okafor"]


def test_a_walk_in_whose_msm_answer_is_not_recorded_is_booked_when_offered(
        reception, qtbot, db, actor, msm_group, answers) -> None:
    """The MSM Group is open: a walk-in the desk knows little about is booked as they come,
    not refused after saying Book."""
    person = intake.save_intake(db, actor, intake.PersonDetails(
        given_name="Ash", family_name="Penn", date_of_birth=date(1985, 1, 2),
        consent_to_store=True), [], date(2026, 11, 27))
    dialog = _open(qtbot, reception(THURSDAY), msm_group, THURSDAY)
    assert dialog.walk_in(person)
    assert answers["asked"] == ["Book Ash Penn into MSM Group from Thu 17 Dec 2026?"]
    assert answers["errors"] == []
    later = register_service.register(db, actor, msm_group, date(2026, 12, 17),
                                      date(2026, 12, 17))
    assert [r.name for r in later.rows] == ["Ash Penn"]


def test_a_group_that_needs_a_referral_offers_no_walk_ins(reception, qtbot, booked,
                                                          answers) -> None:
    """The Reduced Drinking Programme takes referred people only: no Walk-in button."""
    group_id, _ = booked
    dialog = _open(qtbot, reception(), group_id)
    assert not dialog.walk_in_button.isVisible()
    assert not dialog.walk_in_list.isVisible()


# ---------------------------------------------------------------- on a small screen
NAMES = ["Alexandra Brennan-Whitfield", "Sam Calloway", "Dani Ellery", "Mohammed Al-Rashid",
         "Siobhan O'Donoghue", "Jo Li", "Precious Adeyemi-Okonkwo", "Tomasz Wiśniewski",
         "Kit Okafor", "Rowan Tierney", "Bartholomew Fitzgerald", "Ana Sousa"]


@pytest.fixture
def folder(tmp_path):
    import os
    from pathlib import Path

    return Path(os.environ.get("RECOVERY_DESK_SCREENSHOTS", tmp_path))


@pytest.fixture
def full_group(db, actor, keyworker_id) -> int:
    """The Reduced Drinking Programme with all 12 places taken from Mon 30 Nov 2026."""
    from recovery_desk.domain.places import booking_service

    group_id = next(g.id for g in catalogue_service.list_groups(db, actor)
                    if g.name == "Reduced Drinking Programme")
    for name in NAMES:
        given, family = name.split(" ", 1)
        person = intake.save_intake(db, actor, intake.PersonDetails(
            given_name=given, family_name=family, date_of_birth=date(1980, 1, 1),
            keyworker_id=keyworker_id, consent_to_store=True, assessment={
                "substances": [{"name": "alcohol", "days_used_last_28": 12}],
                "goals": ["reduce_drinking"]}), [intake.ReferralRequest(group_id)],
            date(2026, 11, 27))
        booking_service.book(db, actor, person, group_id, date(2026, 11, 27))
    return group_id


@pytest.mark.parametrize("scale", [1.0, 1.5], ids=["100%", "150%"])
def test_a_full_register_fits_a_small_screen(reception, qtbot, full_group, answers, folder,
                                             scale) -> None:
    """Twelve members, some marked and one corrected, at 100% and 150% text: nothing cut, and
    the dialog fits 1024x700."""
    from tests.qt.screens import SMALL_SCREEN, TextScale, cut_text, save

    with TextScale(scale):
        dialog = _open(qtbot, reception(), full_group)
        for key in (Qt.Key.Key_A, Qt.Key.Key_L, Qt.Key.Key_P, Qt.Key.Key_D):
            qtbot.keyClick(dialog.table, key)
        QApplication.processEvents()
        assert dialog.width() <= SMALL_SCREEN[0] and dialog.height() <= SMALL_SCREEN[1]
        assert cut_text(dialog) == []
        save(dialog, folder, f"register-{int(scale * 100)}")


@pytest.mark.parametrize("scale", [1.0, 1.5], ids=["100%", "150%"])
def test_an_open_groups_register_and_its_walk_in_form_fit_a_small_screen(
        reception, qtbot, db, actor, msm_group, walker, answers, folder, scale) -> None:
    """The MSM Group's register with a walk-in, and the walk-in dialog adding a new person
    with a problem shown, at 100% and 150% text: nothing cut."""
    from recovery_desk.domain.places import walk_in_service
    from tests.qt.screens import SMALL_SCREEN, TextScale, cut_text, save

    walk_in_service.add_walk_in(db, actor, msm_group, THURSDAY, walker, THURSDAY)
    with TextScale(scale):
        dialog = _open(qtbot, reception(THURSDAY), msm_group, THURSDAY)
        QApplication.processEvents()
        assert cut_text(dialog) == []
        save(dialog, folder, f"register-walk-ins-{int(scale * 100)}")
        finder = WalkInDialog(dialog, dialog.context, "MSM Group")
        qtbot.addWidget(finder)
        finder.show()
        qtbot.mouseClick(finder.finder.new_button, Qt.MouseButton.LeftButton)
        qtbot.keyClicks(finder.given, "Kit")
        qtbot.mouseClick(finder.add_button, Qt.MouseButton.LeftButton)
        QApplication.processEvents()
        assert finder.width() <= SMALL_SCREEN[0] and finder.height() <= SMALL_SCREEN[1]
        assert cut_text(finder) == []
        save(finder, folder, f"walk-in-{int(scale * 100)}")
