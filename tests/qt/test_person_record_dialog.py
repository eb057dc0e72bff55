"""A person's record: their places, attendance in words and by session, the referred groups
not yet booked, booked from the record with one button."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from recovery_desk.domain.people import intake_service as intake
from recovery_desk.domain.places import register_service
from recovery_desk.domain.service import catalogue_service
from recovery_desk.views.person.person_record_dialog import PersonRecordDialog, attendance_summary
from recovery_desk.vocabulary import AttendanceMark

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
    sheet = register_service.register(db, actor, group_id, MONDAY)
    register_service.record(db, actor, group_id, MONDAY, {
        row.enrolment_id: AttendanceMark.LATE for row in sheet.rows})
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


def test_referred_groups_are_booked_from_the_record(
        qtbot, context, db, actor, keyworker_id, answers) -> None:
    """A person referred but not booked: the button names the group; pressing it books the
    place, the Places list shows it and the button is spent."""
    group = next(g for g in catalogue_service.list_groups(db, actor) if g.name == RDP)
    person = intake.save_intake(db, actor, intake.PersonDetails(
        given_name="Riley", family_name="Shaw", date_of_birth=date(1985, 4, 2),
        keyworker_id=keyworker_id, consent_to_store=True, assessment={
            "substances": [{"name": "alcohol", "days_used_last_28": 12}],
            "goals": ["reduce_drinking"]}), [intake.ReferralRequest(group.id)], date(2026, 11, 27))
    record = _open(qtbot, context, person)
    assert record.places.item(0).text() == "No places yet."
    assert record.book_button.text() == f"&Book referred groups ({RDP})"
    qtbot.mouseClick(record.book_button, Qt.MouseButton.LeftButton)
    assert record.places.item(0).text().startswith(f"{RDP}: Mon 30 Nov 2026")
    assert not record.book_button.isEnabled()
    assert record.book_button.text() == "&Book referred groups (none waiting to book)"
    assert len(answers["outcomes"]) == 1


def test_the_marks_are_summed_in_words_in_mark_order() -> None:
    """Every kind of mark named, in order, with the total; none at all says so."""
    assert attendance_summary({AttendanceMark.DID_NOT_ATTEND: 2,
                               AttendanceMark.ATTENDED: 5}) == (
        "5 attended, 0 late, 0 apologies, 2 did not attend (7 marks in all)")
    assert attendance_summary({}) == "No register marks yet."
    assert attendance_summary({AttendanceMark.APOLOGIES: 1}) == (
        "0 attended, 0 late, 1 apology, 0 did not attend (1 mark in all)")


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
