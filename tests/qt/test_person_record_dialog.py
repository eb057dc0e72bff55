"""A person's record: their places, attendance in words and by session, the referred groups
not yet booked, booked from the record with one button."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from recovery_desk.domain.people import intake_service as intake
from recovery_desk.domain.places import register_service, review_service
from recovery_desk.domain.reports.report_service import report
from recovery_desk.domain.service import catalogue_service
from recovery_desk.domain.store.actor import Actor
from recovery_desk.views.frame.context import DeskContext
from recovery_desk.views.person.booking_dialog import BookingDialog
from recovery_desk.views.person.person_record_dialog import PersonRecordDialog, attendance_summary
from recovery_desk.views.widgets import dialogs
from recovery_desk.vocabulary import AttendanceMark, StaffRole
from tests.qt.screens import SCALE_IDS, SCALES, SMALL_SCREEN, TextScale, cut_text, save

MONDAY = date(2026, 11, 30)
RDP = "Reduced Drinking Programme"


def _open(qtbot, context, person: int) -> PersonRecordDialog:
    dialog = PersonRecordDialog.open(None, context, person)
    assert dialog is not None
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_the_record_shows_the_place_and_the_marks_taken(
        qtbot, context, db, actor, booked, answers) -> None:
    """After a register, the record lists the place, sums the marks in words and shows the
    session; the filter box narrows the marks to what is typed."""
    group_id, (alex, _sam, _dani) = booked
    sheet = register_service.register(db, actor, group_id, MONDAY, MONDAY)
    register_service.record(db, actor, group_id, MONDAY, {
        row.enrolment_id: AttendanceMark.LATE for row in sheet.rows}, MONDAY)
    record = _open(qtbot, context, alex)
    assert record.windowTitle() == "Record: Alex Brennan"
    assert record.places.item(0).text().startswith(f"{RDP}: Mon 30 Nov 2026 to ")
    assert record.summary.text() == ("0 attended, 1 late, 0 apologies, 0 did not attend "
                                     "(1 mark in all)")
    table = record.attendance.model()
    assert table.rowCount() == 1
    assert record.letter_button.isEnabled()  # a running place has a letter
    qtbot.keyClicks(record.attendance_filter, "nothing like this")
    assert table.rowCount() == 0
    assert record.more_button.text() == "The only mark shown"  # never "All 1 marks shown"


def test_referred_groups_are_booked_through_the_booking_dialog(
        qtbot, reception, db, actor, keyworker_id, answers, monkeypatch) -> None:
    """A person referred but not booked: the record names the group; Book a place (as
    reception) opens the booking dialog on it, and the Places list shows the place at once."""
    group = next(g for g in catalogue_service.list_groups(db, actor) if g.name == RDP)
    person = intake.save_intake(db, actor, intake.PersonDetails(
        given_name="Riley", family_name="Shaw", date_of_birth=date(1985, 4, 2),
        keyworker_id=keyworker_id, consent_to_store=True, assessment={
            "substances": [{"name": "alcohol", "days_used_last_28": 12}],
            "goals": ["reduce_drinking"]}), [intake.ReferralRequest(group.id)], date(2026, 11, 27))
    record = _open(qtbot, reception, person)
    assert record.places.item(0).text() == "No places yet."
    assert record.referred.text() == f"Referred, not yet booked: {RDP}."
    opened: list[str] = []
    monkeypatch.setattr(BookingDialog, "exec", lambda dialog: opened.append(
        dialog.chosen_group().name) or dialog.book())
    qtbot.mouseClick(record.book_button, Qt.MouseButton.LeftButton)
    assert opened == [RDP]  # not the MSM Group, first in the list and open to them too
    assert record.places.item(0).text().startswith(f"{RDP}: Mon 30 Nov 2026")
    assert record.referred.text() == "No referred group is waiting to be booked."
    assert len(answers["outcomes"]) == 1


def test_the_marks_are_summed_in_words_in_mark_order() -> None:
    """Every kind of mark named, in order, with the total; none at all says so."""
    assert attendance_summary({AttendanceMark.DID_NOT_ATTEND: 2,
                               AttendanceMark.ATTENDED: 5}) == (
        "5 attended, 0 late, 0 apologies, 2 did not attend (7 marks in all)")
    assert attendance_summary({}) == "No register marks yet."
    assert attendance_summary({AttendanceMark.APOLOGIES: 1}) == (
        "0 attended, 0 late, 1 apology, 0 did not attend (1 mark in all)")


# ---------------------------------------------------------------- changing places as reception
@pytest.fixture
def reception(db, actor) -> DeskContext:
    """A receptionist's desk on Fri 27 Nov 2026."""
    return DeskContext(db, Actor(actor.staff_id, "Jo", StaffRole.RECEPTION), location="t",
                       clock=lambda: date(2026, 11, 27))


@pytest.fixture
def typed(monkeypatch, answers) -> dict[str, list[str]]:
    """What the desk types or picks when asked: the next of each list, and the questions."""
    given: dict[str, list[str]] = {"text": [], "choice": [], "offered": []}
    given["labels"] = []
    monkeypatch.setattr(dialogs, "ask_text", lambda parent, title, label: given["labels"].append(
        label) or given["text"].pop(0))

    def choose(parent, title, label, choices):
        given["offered"].append(list(choices))
        return given["choice"].pop(0)

    monkeypatch.setattr(dialogs, "ask_choice", choose)
    return given


def test_reception_cancels_a_booking_in_error_and_no_figure_counts_it(
        qtbot, reception, db, actor, booked, answers, typed) -> None:
    """By mouse: Cancel (booked in error) takes a reason, asks once, says so; the record shows
    the place cancelled, and the report and the cohort review no longer count it."""
    group_id, (alex, _sam, _dani) = booked
    record = _open(qtbot, reception, alex)
    typed["text"].append("Booked the wrong Alex")
    qtbot.mouseClick(record.cancel_button, Qt.MouseButton.LeftButton)
    assert typed["labels"] == [f"Cancel Alex Brennan's place in {RDP} from Mon 30 Nov 2026 as "
                               "booked in error? It will count in no figures. Why was it "
                               "booked in error?"]
    assert answers["asked"] == []  # the reason box is the one question
    assert record.places.item(0).text() == (
        f"{RDP}: cancelled on Fri 27 Nov 2026 as booked in error (was to start Mon 30 Nov "
        "2026): Booked the wrong Alex")
    assert not record.cancel_button.isEnabled() and not record.end_button.isEnabled()
    review = next(r for r in review_service.review(db, actor, date(2026, 11, 27))
                  if r.group_id == group_id)
    assert review.active == 2
    made = report(db, actor, date(2026, 11, 1), date(2026, 12, 31), [group_id],
                  date(2026, 12, 31))
    assert (made.groups[0].values["starters"], made.groups[0].values["places_at_end"]) == (2, 2)


def test_a_blank_reason_is_refused_before_anything_is_cancelled(
        qtbot, reception, booked, answers, typed) -> None:
    """No reason typed: told so at once, asked nothing more, and the place stays booked."""
    _group_id, (alex, _sam, _dani) = booked
    record = _open(qtbot, reception, alex)
    typed["text"].append("   ")
    qtbot.mouseClick(record.cancel_button, Qt.MouseButton.LeftButton)
    assert answers["errors"] == ["Give a reason for cancelling the booking; it is still booked."]
    assert answers["asked"] == []
    assert record.cancel_button.isEnabled()


def test_a_place_with_marks_is_not_cancelled_but_ended_by_keyboard(
        qtbot, reception, db, actor, booked, answers, typed) -> None:
    """A place with a register mark refuses cancelling and says to end it; End place, pressed
    by keyboard, asks how and once, and the record shows it ended."""
    group_id, (alex, _sam, _dani) = booked
    sheet = register_service.register(db, actor, group_id, MONDAY, MONDAY)
    register_service.record(db, actor, group_id, MONDAY, {
        row.enrolment_id: AttendanceMark.ATTENDED for row in sheet.rows}, MONDAY)
    record = _open(qtbot, reception, alex)
    typed["text"].append("Wrong person")
    record.cancel_place()
    assert answers["errors"][-1].startswith("This place has 1 register mark, so it was not "
                                            "booked in error: end the place instead")
    typed["choice"].append("Moved away")
    record.activateWindow()
    record.end_button.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(record.end_button, Qt.Key.Key_Space)
    assert typed["offered"][-1] == ["Left the group", "Moved away", "Completed the group",
                                    "Discharged by the service"]
    assert answers["asked"][-1] == (f"End Alex Brennan's place in {RDP} today "
                                    "(Fri 27 Nov 2026): moved away?")
    assert record.places.item(0).text().endswith("withdrawn Fri 27 Nov 2026: Moved away")


def test_reception_moves_a_place_not_yet_started(qtbot, reception, booked, answers,
                                                typed) -> None:
    """Move start date offers the group's other sessions; the record shows the new start."""
    _group_id, (alex, _sam, _dani) = booked
    record = _open(qtbot, reception, alex)
    assert record.move_button.isEnabled()
    typed["choice"].append("Wed 9 Dec 2026")
    qtbot.mouseClick(record.move_button, Qt.MouseButton.LeftButton)
    assert typed["offered"][0][:3] == ["Wed 2 Dec 2026", "Mon 7 Dec 2026", "Wed 9 Dec 2026"]
    assert answers["asked"][-1] == f"Move Alex Brennan's place in {RDP} to start Wed 9 Dec 2026?"
    assert record.places.item(0).text().startswith(f"{RDP}: Wed 9 Dec 2026 to Wed 3 Mar 2027")


def test_move_start_date_offers_only_starts_with_a_free_place(
        qtbot, reception, db, actor, booked, answers, typed) -> None:
    """The group cut to two places, held by the other two: no start would take the move, so
    none is offered and the desk is told why."""
    group_id, (alex, _sam, _dani) = booked
    group = next(g for g in catalogue_service.list_groups(db, actor) if g.id == group_id)
    catalogue_service.update_group(db, actor, replace(group, capacity=2))
    record = _open(qtbot, reception, alex)
    qtbot.mouseClick(record.move_button, Qt.MouseButton.LeftButton)
    assert typed["offered"] == []
    assert answers["errors"] == [f"{RDP} has no other session with a free place to start at; "
                                 "the place still starts Mon 30 Nov 2026."]


def test_the_open_record_shows_a_register_saved_elsewhere_at_once(
        qtbot, reception, db, actor, booked, answers) -> None:
    """A register saved through the context (the register dialog's path) reloads the record."""
    group_id, (alex, _sam, _dani) = booked
    on_monday = DeskContext(db, reception.actor, location="t", clock=lambda: MONDAY)
    record = _open(qtbot, on_monday, alex)
    assert record.summary.text() == "No register marks yet."
    sheet = register_service.register(db, actor, group_id, MONDAY, MONDAY)
    on_monday.run(None, "Register", register_service.record, group_id, MONDAY,
                  {row.enrolment_id: AttendanceMark.APOLOGIES for row in sheet.rows})
    assert record.summary.text().endswith("(1 mark in all)")


@pytest.mark.parametrize("scale", SCALES, ids=SCALE_IDS)
def test_the_record_fits_a_small_screen(qtbot, reception, db, actor, booked, answers, scale,
                                        tmp_path) -> None:
    """With places, marks and a waiting list, at 100% and 150% the record fits 1024x700 and
    no word is cut."""
    group_id, (alex, _sam, _dani) = booked
    sheet = register_service.register(db, actor, group_id, MONDAY, MONDAY)
    register_service.record(db, actor, group_id, MONDAY, {
        row.enrolment_id: AttendanceMark.LATE for row in sheet.rows}, MONDAY)
    folder = Path(os.environ.get("RECOVERY_DESK_SCREENSHOTS", tmp_path))
    with TextScale(scale):
        record = _open(qtbot, reception, alex)
        QApplication.processEvents()
        assert record.width() <= SMALL_SCREEN[0] and record.height() <= SMALL_SCREEN[1]
        assert cut_text(record) == []
        save(record, folder, f"person-record-{int(scale * 100)}")


def test_a_place_with_no_end_date_reads_as_english() -> None:
    """'from Fri 27 Nov 2026, with no end date', never 'Fri 27 Nov 2026 to no end date'."""
    from datetime import date

    from recovery_desk.rows.people import PlaceLine
    from recovery_desk.views.person.person_record_dialog import _place_words
    from recovery_desk.vocabulary import PlaceStatus

    open_ended = PlaceLine(1, 2, "Recovery Skills", date(2026, 11, 27), None,
                           PlaceStatus.ACTIVE, None, "", False)
    assert _place_words([open_ended]) == [
        "Recovery Skills: from Fri 27 Nov 2026, with no end date"]


@pytest.mark.parametrize("scale", [1.0, 1.5], ids=["100%", "150%"])
def test_the_record_fits_a_small_screen_with_its_counts_in_words(
        qtbot, context, booked, answers, scale, tmp_path) -> None:
    """At 100% and 150% text the record fits 1024x700 uncut; with no marks it says so in
    words ('No marks to show', never 'All 0 marks shown')."""
    import os
    from pathlib import Path

    from PySide6.QtWidgets import QApplication

    from tests.qt.screens import SMALL_SCREEN, TextScale, cut_text, save

    with TextScale(scale):
        record = _open(qtbot, context, booked[1][0])
        QApplication.processEvents()
        assert record.more_button.text() == "No marks to show"
        assert record.width() <= SMALL_SCREEN[0] and record.height() <= SMALL_SCREEN[1]
        assert cut_text(record) == []
        save(record, Path(os.environ.get("RECOVERY_DESK_SCREENSHOTS", tmp_path)),
             f"PersonRecordDialog-{int(scale * 100)}")
