"""The Cohort review tab: figures that match the database, members, and the desk's actions."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

from PySide6.QtCore import Qt

from recovery_desk.catalogue.service_details import ServiceDetails
from recovery_desk.domain.places import review_service
from recovery_desk.domain.places import waiting_list_service as waiting
from recovery_desk.domain.service import catalogue_service
from recovery_desk.domain.store.changes import PEOPLE
from recovery_desk.domain.store.models import WaitingStatus
from recovery_desk.item_models.review_models import ROW_ROLE, GroupReviewModel
from recovery_desk.views.review.review_tab import ReviewTab

TODAY = date(2026, 11, 27)
LATER = date(2026, 12, 4)
"""A day after the sessions whose registers the tests take."""


def _tab(context, shown):
    return shown(ReviewTab(context))


def test_the_review_model_passes_qt_model_tester(qtmodeltester, db, actor, booked) -> None:
    model = GroupReviewModel()
    model.set_rows(review_service.review(db, actor, TODAY))
    qtmodeltester.check(model)


def test_the_figures_match_the_database(qtbot, context, shown, db, actor, booked) -> None:
    group_id, _ = booked
    tab = _tab(context, shown)
    tab.select_group(group_id)
    review = tab.current_group()
    assert (review.group, review.capacity, review.active, review.free, review.waiting) == (
        "Reduced Drinking Programme", 12, 3, 9, 0)
    proxy = tab.groups.model()
    row = next(r for r in range(proxy.rowCount())
               if proxy.index(r, 0).data(ROW_ROLE).group_id == group_id)
    assert [proxy.index(row, c).data() for c in range(6)] == [
        "Reduced Drinking Programme", "12", "3", "9", "0", "0"]
    assert [m.name for m in (tab.members_model.row(r)
                             for r in range(tab.members_model.rowCount()))] == [
        "Alex Brennan", "Dani Ellery", "Sam Calloway"]
    assert tab.chart.weeks[1] == (date(2026, 11, 30), 3)
    assert "week of 30 Nov: 3 of 12" in tab.chart.accessibleDescription()


def test_members_are_searchable_and_sortable(qtbot, context, shown, db, actor, booked) -> None:
    group_id, _ = booked
    tab = _tab(context, shown)
    tab.select_group(group_id)
    qtbot.keyClicks(tab.member_filter, "dani")
    assert tab.members.model().rowCount() == 1


def test_ending_a_place_offers_it_to_the_waiting_list(
        qtbot, context, shown, db, actor, booked, answers,
                                                      monkeypatch) -> None:
    from recovery_desk.domain.people import intake_service as intake
    from recovery_desk.views.widgets import dialogs
    group_id, people = booked
    group = next(g for g in catalogue_service.list_groups(db, actor) if g.id == group_id)
    catalogue_service.update_group(db, actor, replace(group, capacity=3))
    details, _ = intake.open_person(db, actor, people[0])
    waiting_person = intake.save_intake(db, actor, replace(
        details, id=None, given_name="Wren", nhs_number=""), [
        intake.ReferralRequest(group_id)], TODAY)
    waiting.join(db, actor, waiting_person, group_id, TODAY)
    tab = _tab(context, shown)
    tab.select_group(group_id)
    assert tab.waiting_model.rowCount() == 1
    monkeypatch.setattr(dialogs, "ask_choice", lambda *a: "Completed")
    monkeypatch.setattr(dialogs, "ask_text", lambda *a: "Finished the programme")
    infos = []
    monkeypatch.setattr(dialogs, "show_info", lambda parent, title, text: infos.append(text))
    tab.members.setCurrentIndex(tab.members.model().index(0, 0))
    assert tab.end_place()
    assert infos == ["The free place is offered to Wren Brennan."]
    assert tab.waiting_model.row(0).status is WaitingStatus.OFFERED
    tab.waiting_table.setCurrentIndex(tab.waiting_table.model().index(0, 0))
    assert tab.accept_offer()
    assert tab.waiting_model.rowCount() == 0
    assert "Wren Brennan" in [tab.members_model.row(r).name
                              for r in range(tab.members_model.rowCount())]


def test_a_persons_attendance_history_is_searchable_and_sortable(
        context, qtbot, db, actor, booked) -> None:
    """Newest first; corrections show what they replaced; the filter narrows by group or mark."""
    from recovery_desk.domain.places import register_service
    from recovery_desk.domain.store.models import AttendanceMark
    from recovery_desk.views.person.person_record_dialog import PersonRecordDialog

    group_id, people = booked
    sheet = register_service.register(db, actor, group_id, date(2026, 11, 30), LATER)
    alex = next(r.enrolment_id for r in sheet.rows if r.name == "Alex Brennan")
    register_service.record(db, actor, group_id, date(2026, 11, 30),
                            {alex: AttendanceMark.DID_NOT_ATTEND}, LATER)
    register_service.record(db, actor, group_id, date(2026, 11, 30),
                            {alex: AttendanceMark.LATE}, LATER)
    register_service.record(db, actor, group_id, date(2026, 12, 2),
                            {alex: AttendanceMark.ATTENDED}, LATER)
    dialog = PersonRecordDialog.open(None, context, people[0])
    qtbot.addWidget(dialog)
    table = dialog.attendance.model()
    assert [table.index(r, 0).data() for r in range(table.rowCount())] == [
        "Wed 2 Dec 2026", "Mon 30 Nov 2026"]
    assert table.index(1, 3).data() == "Did not attend"
    qtbot.keyClicks(dialog.attendance_filter, "late")
    assert table.rowCount() == 1


def test_nothing_is_loaded_or_audited_until_the_tab_is_shown(
        context, shown, qtbot, db, actor, booked) -> None:
    from sqlalchemy import select

    from recovery_desk.domain.store.models import AuditEvent

    tab = ReviewTab(context)
    qtbot.addWidget(tab)
    context.announce(frozenset({PEOPLE}))
    with db.reading() as tx:
        assert tx.scalar(select(AuditEvent).where(
            AuditEvent.entity == "group_members")) is None
    tab.show()
    assert tab.groups_model.rowCount() == 7
    with db.reading() as tx:
        assert tx.scalar(select(AuditEvent).where(
            AuditEvent.entity == "group_members")) is not None


def test_a_long_history_is_summed_and_shown_a_page_at_a_time(
        qtbot, context, db, actor, booked, monkeypatch) -> None:
    """The summary counts every mark; the table starts with a page and shows more on request."""
    from recovery_desk.domain.people import person_record_service
    from recovery_desk.domain.places import register_service
    from recovery_desk.views.person.person_record_dialog import PersonRecordDialog
    from recovery_desk.vocabulary import AttendanceMark

    group_id, people = booked
    alex = next(m.enrolment_id for m in review_service.members(db, actor, group_id, TODAY)
                if m.name == "Alex Brennan")
    days = [date(2026, 11, 30), date(2026, 12, 2), date(2026, 12, 7)]
    for day, mark in zip(days, (AttendanceMark.ATTENDED, AttendanceMark.LATE,
                                AttendanceMark.DID_NOT_ATTEND), strict=True):
        register_service.record(db, actor, group_id, day, {alex: mark}, day)
    monkeypatch.setattr(person_record_service, "ATTENDANCE_PAGE", 2)
    dialog = PersonRecordDialog.open(None, context, people[0])
    qtbot.addWidget(dialog)
    assert dialog.summary.text() == ("1 attended, 1 late, 0 apologies, 1 did not attend "
                                     "(3 marks in all)")
    assert dialog.attendance_model.rowCount() == 2
    assert dialog.more_button.isEnabled()
    assert dialog.more_button.text() == "Show &older marks (2 of 3 marks shown)"
    dialog.more_button.click()
    assert dialog.attendance_model.rowCount() == 3
    assert not dialog.more_button.isEnabled()
    assert dialog.more_button.text() == "All 3 marks shown"
    assert [line.day for line in dialog.attendance_model.rows()] == list(reversed(days))


def test_actions_wait_for_a_selection_and_cohorts_read_the_same_way(
        qtbot, context, shown, booked) -> None:
    group_id, _ = booked
    tab = _tab(context, shown)
    tab.select_group(group_id)
    tab.members.clearSelection()
    tab.members.setCurrentIndex(tab.members.model().index(-1, -1))
    assert not tab.end_button.isEnabled()
    assert not any(b.isEnabled() for b in (tab.accept_button, tab.decline_button,
                                           tab.skip_button, tab.up_button, tab.down_button))
    tab.members.setCurrentIndex(tab.members.model().index(0, 0))
    assert tab.end_button.isEnabled()
    proxy = tab.groups.model()
    words = {proxy.index(r, 0).data(): (proxy.index(r, 3).data(), proxy.index(r, 6).data())
             for r in range(proxy.rowCount())}
    assert words["Low Dose Group"] == ("0 (no cohort open)", "None opened")
    assert words["Reduced Drinking Programme"][1] == "Not a closed group"
    assert "Not a closed group" in tab.cohort.text()


def _reads_as_words(pdf, folder) -> None:
    """The readable copy, as its text: the service's name, fields and dates in words, no raw
    JSON, and no word broken across a column (every word in it is a word of the page)."""
    import re
    import shutil
    import subprocess
    import unicodedata
    from html import unescape

    if shutil.which("pdftotext") is None:
        return
    text = unicodedata.normalize("NFKC", subprocess.run(  # ligatures (fi, ff) as letters
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
        check=True).stdout)
    flat = " ".join(text.split())
    for said in ("Information Hackney Recovery Service holds about you", "Your details",
                 "Date of birth", "1 January 1980", "Places in groups", "Place 1 of 1",
                 "Reduced Drinking Programme", "Who viewed or changed your record",
                 "Made on 27 November 2026"):
        assert said in flat, said
    for raw in ("date_of_birth", "_", "{", '"', "2026-11-"):
        assert raw not in text, raw
    from recovery_desk.exports.subject_access import subject_access_html  # the same page
    page = subject_access_html(json.loads(pdf.with_suffix(".json").read_text()),
                               ServiceDetails(), TODAY)
    words = set(re.findall(r"[A-Za-z]+", unescape(re.sub(r"<[^>]+>", " ", page))))
    assert [w for w in re.findall(r"[A-Za-z]+", text) if w not in words] == []
    if shutil.which("pdftoppm"):  # a picture of page 1, for a person to look at
        import os
        from pathlib import Path

        shots = Path(os.environ.get("RECOVERY_DESK_SCREENSHOTS", folder))
        shots.mkdir(parents=True, exist_ok=True)
        subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", str(pdf),
                        str(shots / "subject-access")], check=True)


def test_everything_held_is_saved_owner_only_and_never_over_a_backup(
        qtbot, context, booked, answers, db_path, monkeypatch, tmp_path) -> None:
    """The JSON and the PDF beside it are owner-only even where an older, readable file was;
    a PDF name that is a Recovery Desk backup is refused with a message."""
    import shutil

    from recovery_desk.views.person.person_record_dialog import PersonRecordDialog
    from recovery_desk.views.widgets import dialogs

    dialog = PersonRecordDialog.open(None, context, booked[1][0])
    qtbot.addWidget(dialog)
    chosen = tmp_path / "held.json"
    for old in (chosen, chosen.with_suffix(".pdf")):
        old.write_text("last year's")
        old.chmod(0o644)
    monkeypatch.setattr(dialogs, "choose_save_path", lambda *args: str(chosen))
    qtbot.mouseClick(dialog.access_button, Qt.MouseButton.LeftButton)
    assert answers["saved"] == [f"Saved held.json and held.pdf in {tmp_path}. Keep them safe: "
                                "they hold special-category data."]
    assert {oct(p.stat().st_mode & 0o777) for p in (chosen, chosen.with_suffix(".pdf"))} == \
        {"0o600"}
    _reads_as_words(chosen.with_suffix(".pdf"), tmp_path)
    shutil.copy(db_path, tmp_path / "copy.pdf")
    monkeypatch.setattr(dialogs, "choose_save_path", lambda *args: str(tmp_path / "copy.json"))
    assert dialog.subject_access() is None
    assert "is a Recovery Desk database or backup" in answers["errors"][-1]
    assert not (tmp_path / "copy.json").exists()
