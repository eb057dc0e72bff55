"""The Timetable tab: navigation by buttons and keys, closed sessions, PDF and .ics exports."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from icalendar import Calendar
from PySide6.QtCore import Qt

from recovery_desk.domain.service import closure_service
from recovery_desk.views.timetable.timetable_tab import TimetableTab
from recovery_desk.views.widgets import dialogs

TODAY = date(2026, 11, 27)  # a Friday


@pytest.fixture
def tab(context, shown, qtbot, db, actor, answers):

    widget = shown(TimetableTab(context))
    qtbot.addWidget(widget)
    widget.show()
    return widget


def _cell_text(tab: TimetableTab, group: str, day: date) -> str:
    model = tab.model
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            if model.day_of(column) == day:
                for session in model.sessions_at(row, column):
                    if session.group_name == group:
                        return model.index(row, column).data()
    raise AssertionError(f"{group} not on {day}")


def test_it_opens_on_this_week_with_today_marked(tab) -> None:
    assert tab.monday == date(2026, 11, 23)
    headers = [tab.model.headerData(c, Qt.Orientation.Horizontal) for c in range(5)]
    assert headers[0] == "Mon\n23 Nov" and headers[4] == "Today, Fri\n27 Nov"
    assert "(this week)" in tab.title.text()


def test_buttons_and_shortcuts_move_between_weeks(tab, qtbot) -> None:
    tab.next_button.click()
    assert tab.monday == date(2026, 11, 30)
    qtbot.keyClick(tab.grid, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert tab.monday == date(2026, 12, 7)
    qtbot.keyClick(tab.grid, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    tab.previous_button.click()
    assert tab.monday == date(2026, 11, 23)
    tab.show_week(date(2027, 3, 3))
    qtbot.keyClick(tab.grid, Qt.Key.Key_Home, Qt.KeyboardModifier.AltModifier)
    assert tab.monday == date(2026, 11, 23)


def test_the_date_picker_jumps_to_that_week_and_the_next_window_opens_on_this_week(
        context, shown, tab, qtbot, db, actor) -> None:
    """A week looked at is not remembered: the tab opens on this week every time."""
    from PySide6.QtCore import QDate

    tab.picker.setDate(QDate(2026, 12, 31))
    assert tab.monday == date(2026, 12, 28)

    again = shown(TimetableTab(context))
    qtbot.addWidget(again)
    assert again.monday == date(2026, 11, 23)


def test_sessions_show_group_time_and_places(tab) -> None:
    assert _cell_text(tab, "Abstinent Emotions", date(2026, 11, 24)) == \
        "Abstinent Emotions, 5-6.30pm, 0/12 booked"
    assert "Low Dose Group" in tab.undated.text()


def test_a_closed_session_stays_visible_with_its_reason(tab) -> None:
    tab.show_week(date(2026, 12, 25))
    assert _cell_text(tab, "Recovery Skills", date(2026, 12, 25)) == \
        "Recovery Skills, 11am-12.30pm, closed: Bank holiday: Christmas Day"


def test_adding_a_closure_redraws_the_week(tab, db, actor) -> None:
    closure_service.add_closure(db, actor, date(2026, 11, 24), date(2026, 11, 24),
                                "Staff training", None)
    tab.context.flush_announcements()
    assert "closed: Staff training" in _cell_text(tab, "Abstinent Emotions", date(2026, 11, 24))


def test_save_week_as_pdf_writes_a_pdf(tab, qtbot, answers, tmp_path, monkeypatch) -> None:
    """Save week as PDF… by mouse writes the PDF and says so by the file's name."""
    target = tmp_path / "week.pdf"
    monkeypatch.setattr(dialogs, "choose_save_path", lambda *a: str(target))
    qtbot.mouseClick(tab.pdf_button, Qt.MouseButton.LeftButton)
    data = target.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 2000
    assert answers["saved"] == [f"Saved week.pdf in {tmp_path}."]


def test_a_pdf_that_cannot_be_written_is_never_said_saved(tab, answers, tmp_path,
                                                          monkeypatch) -> None:
    """Qt's PDF writer fails silently on a missing folder: the desk says so, not 'Saved'."""
    target = tmp_path / "no such folder" / "week.pdf"
    monkeypatch.setattr(dialogs, "choose_save_path", lambda *a: str(target))
    assert tab.save_pdf() is None
    assert answers["saved"] == []
    assert answers["errors"] == [f"week.pdf could not be saved in {target.parent}: that "
                                 "folder does not exist. Choose another folder."]


def test_the_week_exports_to_ics_without_closed_sessions(tab, qtbot, answers, tmp_path,
                                                         monkeypatch) -> None:
    tab.show_week(date(2026, 12, 24))
    target = tmp_path / "week.ics"
    monkeypatch.setattr(dialogs, "choose_save_path", lambda *a: str(target))
    qtbot.mouseClick(tab.ics_button, Qt.MouseButton.LeftButton)
    assert answers["saved"] == [f"Saved week.ics in {tmp_path}."]
    events = Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    days = {event.decoded("dtstart").day for event in events}
    assert 25 not in days and 24 in days
    tbc = [e for e in events if "time to be confirmed" in str(e.get("summary"))]
    assert not tbc  # the MSM Group meets on 1st and 3rd Thursdays, not this week


def test_a_groups_next_twelve_weeks_export(tab, qtbot, answers, tmp_path, monkeypatch) -> None:
    index = next(tab.model.index(r, c) for r in range(tab.model.rowCount())
                 for c in range(tab.model.columnCount())
                 if any(s.group_name == "Abstinent Emotions" for s in tab.model.sessions_at(r, c)))
    tab.grid.setCurrentIndex(index)
    assert "Abstinent Emotions" in tab.members_title.text()
    target = tmp_path / "ae.ics"
    monkeypatch.setattr(dialogs, "choose_save_path", lambda *a: str(target))
    qtbot.mouseClick(tab.group_ics_button, Qt.MouseButton.LeftButton)
    assert answers["saved"] == [f"Saved ae.ics in {tmp_path}."]
    events = Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    assert len(events) == 12
    assert {str(e.get("summary")) for e in events} == {"Abstinent Emotions"}
    assert Path(target).read_bytes().count(b"BEGIN:VEVENT") == 12


def test_enter_on_a_session_opens_its_register(tab, qtbot, monkeypatch) -> None:
    opened: list[tuple[int, date]] = []

    class StandIn:
        saved = False

        @classmethod
        def open(cls, parent, context, group_id, day):
            opened.append((group_id, day))
            return cls()

        def exec(self) -> int:
            return 0

    from recovery_desk.views.timetable.register_dialog import RegisterDialog
    monkeypatch.setattr(RegisterDialog, "open", StandIn.open)
    index = next(tab.model.index(r, c) for r in range(tab.model.rowCount())
                 for c in range(tab.model.columnCount())
                 if any(s.runs for s in tab.model.sessions_at(r, c)))
    tab.grid.setCurrentIndex(index)
    tab.grid.setFocus()
    qtbot.keyClick(tab.grid, Qt.Key.Key_Return)
    assert len(opened) == 1 and opened[0][1] == tab.model.day_of(index.column())


def test_saturday_and_sunday_appear_only_for_a_group_that_meets_then(
        tab, context) -> None:
    from dataclasses import replace

    from recovery_desk.domain.service import catalogue_service
    from recovery_desk.schedule import parse_rule

    assert [tab.model.day_of(c).weekday() for c in range(tab.model.columnCount())] == \
        [0, 1, 2, 3, 4]
    rdp = next(g for g in catalogue_service.list_groups(context.db, context.actor)
               if g.name == "Reduced Drinking Programme")
    catalogue_service.add_group(context.db, context.actor, replace(
        rdp, id=None, name="Weekend Support", schedule=parse_rule("Saturday 10-11.30am")),
        TODAY)
    context.flush_announcements()
    days = [tab.model.day_of(c).strftime("%a") for c in range(tab.model.columnCount())]
    assert days == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]


def test_a_booked_name_opens_that_persons_record(context, shown, qtbot, booked,
                                                 answers) -> None:
    """Enter on a name in the session's booked list, or a double click on it, opens their
    record."""
    from recovery_desk.views.person.person_record_dialog import PersonRecordDialog
    from tests.qt.modal import when_shown

    tab = shown(TimetableTab(context))
    tab.show_week(date(2026, 11, 30))
    index = next(tab.model.index(r, c) for r in range(tab.model.rowCount())
                 for c in range(tab.model.columnCount())
                 if any(s.group_name == "Reduced Drinking Programme"
                        for s in tab.model.sessions_at(r, c)))
    tab.grid.setCurrentIndex(index)
    assert tab.members.count() == 3
    seen: list[PersonRecordDialog] = []
    tab.members.setFocus()
    tab.members.setCurrentRow(1)
    when_shown(PersonRecordDialog, lambda d: d.reject(), seen)
    qtbot.keyClick(tab.members, Qt.Key.Key_Return)
    assert [d.windowTitle() for d in seen] == ["Record: Dani Ellery"]
    first = tab.members.visualItemRect(tab.members.item(0)).center()
    when_shown(PersonRecordDialog, lambda d: d.reject(), seen)
    qtbot.mouseClick(tab.members.viewport(), Qt.MouseButton.LeftButton, pos=first)
    qtbot.mouseDClick(tab.members.viewport(), Qt.MouseButton.LeftButton, pos=first)
    assert [d.windowTitle() for d in seen] == ["Record: Dani Ellery", "Record: Alex Brennan"]


def test_past_sessions_say_register_taken_or_due(make_context, shown, booked, db, actor,
                                                 answers) -> None:
    """Looking back from Wed 2 Dec: Monday's session with people booked says its register is
    due until it is taken."""
    from recovery_desk.domain.places import register_service
    from recovery_desk.vocabulary import AttendanceMark

    group_id, _ = booked
    wednesday = date(2026, 12, 2)
    context = make_context(wednesday)
    tab = shown(TimetableTab(context))
    monday = date(2026, 11, 30)
    assert _cell_text(tab, "Reduced Drinking Programme", monday).endswith(", register due")
    assert "register" not in _cell_text(tab, "Recovery Skills", date(2026, 12, 1))
    sheet = register_service.register(db, actor, group_id, monday, monday)
    register_service.record(db, actor, group_id, monday, {
        row.enrolment_id: AttendanceMark.ATTENDED for row in sheet.rows}, monday)
    context.flush_announcements()  # as the desk does after a commit
    assert _cell_text(tab, "Reduced Drinking Programme", monday).endswith(", register taken")
