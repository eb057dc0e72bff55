"""The Reports tab on the hand-counted December (tests/domain/test_report_service.py): who sees
it, the period and groups, the table and chart, exports with the small-number rule, a mistake
shown as a message, and a report cancelled from its progress dialog."""

from __future__ import annotations

import csv
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from recovery_desk.domain.reports.report_figures import Report
from recovery_desk.domain.service import catalogue_service
from recovery_desk.domain.store.actor import Actor
from recovery_desk.item_models.report_model import ReportModel
from recovery_desk.views.frame.background import BackgroundTask
from recovery_desk.views.reports.reports_tab import CHOSEN, ReportsTab
from recovery_desk.views.widgets import dialogs
from recovery_desk.vocabulary import StaffRole
from tests.backends import Target
from tests.domain.test_report_service import december_database  # noqa: F401  (a fixture)

RDP, RS = "Reduced Drinking Programme", "Recovery Skills"


@pytest.fixture
def db_path(december_database: Target) -> Target:  # noqa: F811
    return december_database


@pytest.fixture
def tab(window) -> ReportsTab:
    reports = window.show_tab(ReportsTab)
    reports.set_period(date(2026, 12, 1), date(2026, 12, 31))
    reports.tick_only([RDP, RS])
    reports.make_report()
    return reports


def _cell(tab: ReportsTab, label: str, column: str) -> str:
    model = tab.model
    col = model.headers.index(column)
    row = next(r for r in range(model.rowCount())
               if model.index(r, 0).data().strip() == label)
    return model.index(row, col).data()


def test_keyworkers_and_managers_see_the_tab_and_ctrl_6_opens_it(window, context,
                                                                  qtbot, answers) -> None:
    QTest.keyClick(window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    assert isinstance(window.current_tab(), ReportsTab)
    context.set_actor(Actor(context.actor.staff_id, "Kay", StaffRole.KEYWORKER))
    assert window.tabs.isTabVisible(5)
    context.set_actor(Actor(context.actor.staff_id, "Rae", StaffRole.RECEPTION))
    assert not window.tabs.isTabVisible(5)
    assert not isinstance(window.current_tab(), ReportsTab)
    window.tab(ReportsTab).mark_stale()
    window.tab(ReportsTab).refresh()  # even if asked, it counts nothing for reception
    assert answers["errors"] == []


def test_the_default_period_is_the_last_whole_quarter(window) -> None:
    tab = window.show_tab(ReportsTab)
    assert tab.period.currentText() == "Last quarter (Jul to Sep 2026)"
    assert (tab.first.date().toPython(), tab.last.date().toPython()) == (
        date(2026, 7, 1), date(2026, 9, 30))
    assert tab.report is not None and tab.report.first == date(2026, 7, 1)
    assert len(tab.chosen_groups()) == 7
    tab.period.setCurrentText("This quarter so far")
    assert tab.first.date().toPython() == date(2026, 10, 1)
    tab.first.setDate(tab.first.date().addDays(3))
    assert tab.period.currentText() == CHOSEN


def test_the_table_shows_the_hand_counted_figures(tab) -> None:
    assert tab.model.headers == ("Figure", RS, RDP, "All chosen groups", "Definition")
    assert _cell(tab, "Register marks", RDP) == "15"
    assert _cell(tab, "Attendance rate", RDP) == "73.3%"
    assert _cell(tab, "Attendance rate", RS) == ""
    assert _cell(tab, "New starters", "All chosen groups") == "5"  # exact on screen
    assert _cell(tab, "Median wait, referral to first session (days)", RDP) == "8.5"
    assert _cell(tab, "closed: Staff training", RDP) == "1"
    assert "Dec 2026" in tab.summary.text() and "'fewer than 5'" in tab.summary.text()


def test_selecting_a_figure_shows_its_definition(tab) -> None:
    row = next(r for r in range(tab.model.rowCount())
               if tab.model.index(r, 0).data() == "Did-not-attend rate")
    tab.table.setCurrentIndex(tab.table.model().index(row, 0))
    assert tab.definition.text() == ("<b>Did-not-attend rate:</b> Did not attend ÷ register "
                                     "marks; apologies are not did-not-attends. Blank where no "
                                     "marks were taken.")


def test_the_chart_draws_weeks_with_marks_and_names_groups_without(tab) -> None:
    assert [name for name, _ in tab.chart.series] == [RDP]
    assert tab.chart.unmarked == [RS]
    assert "Reduced Drinking Programme: week of 30 Nov 80%; week of 7 Dec 60%" in \
        tab.chart.accessibleDescription()


def test_the_report_model_passes_qt_model_tester(qtmodeltester, tab) -> None:
    model = ReportModel()
    model.set_report(tab.report.columns, tab.report.lines())
    qtmodeltester.check(model)


def test_exports_apply_the_small_number_rule(tab, answers, tmp_path, monkeypatch) -> None:
    saved = iter([tmp_path / "r.csv", tmp_path / "r.xlsx", tmp_path / "r.pdf"])
    monkeypatch.setattr(dialogs, "choose_save_path", lambda *a: str(next(saved)))
    assert tab.save_csv() == tmp_path / "r.csv"
    with open(tmp_path / "r.csv", encoding="utf-8-sig", newline="") as file:
        rows = {row[0]: row[1:] for row in csv.reader(file)}
    assert rows["New starters"][:3] == ["fewer than 5", "fewer than 5", "5"]
    assert rows["Register marks"][:3] == ["0", "15", "15"]
    assert tab.save_excel() == tmp_path / "r.xlsx"
    assert (tmp_path / "r.xlsx").read_bytes()[:2] == b"PK"
    assert tab.save_pdf() == tmp_path / "r.pdf"
    assert (tmp_path / "r.pdf").read_bytes()[:5] == b"%PDF-"
    assert "Saved r.pdf." in tab.summary.text()
    assert answers["saved"] == [f"Saved r.{kind} in {tmp_path}."
                                for kind in ("csv", "xlsx", "pdf")]


def test_a_file_that_cannot_be_written_is_a_message(tab, tmp_path, answers,
                                                    monkeypatch) -> None:
    monkeypatch.setattr(dialogs, "choose_save_path",
                        lambda *a: str(tmp_path / "no such folder" / "r.csv"))
    assert tab.save_csv() is None
    assert answers["errors"][-1].endswith("r.csv: no such file or folder.")


def test_no_groups_ticked_is_a_message_and_the_last_report_stays(tab, answers) -> None:
    tab.tick_only([])
    assert tab.make_report() is None
    assert answers["errors"][-1] == "Choose at least one group to report on."
    assert tab.report is not None and len(tab.report.groups) == 2


def test_cancelling_the_progress_dialog_keeps_the_last_report(tab, monkeypatch) -> None:
    """Cancel, pressed as the count starts, stops it at its next step; the last report stays."""
    start = BackgroundTask.start

    def cancelled_at_once(self):
        assert self.dialog is not None
        self.dialog.canceled.emit()  # as the dialog's Cancel button does
        return start(self)

    monkeypatch.setattr(BackgroundTask, "start", cancelled_at_once)
    tab.tick_only([RDP])
    assert tab.make_report() is None
    assert tab.summary.text() == "Report cancelled; the figures shown are from before."
    assert len(tab.report.groups) == 2


def test_the_chart_needs_no_colour(tab) -> None:
    """Every pixel is a grey, and each of the first eight groups has its own dash and marker."""
    from recovery_desk.views.reports.attendance_chart import style_for

    tab.chart.set_data([(f"Group {n}", tab.report.groups[1].weeks) for n in range(8)])
    image = tab.chart.grab().toImage()
    colours = {image.pixelColor(x, y).getRgb()[:3] for x in range(0, image.width(), 3)
               for y in range(0, image.height(), 3)}
    assert all(r == g == b for r, g, b in colours)
    assert len({style_for(n)[:2] for n in range(8)}) == 8


def test_groups_are_ticked_by_keyboard(window, qtbot) -> None:
    tab = window.show_tab(ReportsTab)
    tab.groups.setFocus()
    tab.groups.setCurrentRow(0)
    qtbot.keyClick(tab.groups, Qt.Key.Key_Space)
    assert len(tab.chosen_groups()) == 6
    qtbot.keyClick(tab.all_button, Qt.Key.Key_Space)
    assert len(tab.chosen_groups()) == 7


def test_a_retired_group_that_met_in_the_period_is_ticked_and_marked(
        window, db, actor, tmp_path, monkeypatch) -> None:
    """Recovery Skills, retired after December, is ticked for December and its column says
    '(retired)' on screen and in the CSV; the MSM Group, retired before, is not ticked until
    a period it met in is chosen; ticks a person chose stay when the period changes."""
    groups = {g.name: g.id for g in catalogue_service.list_groups(db, actor)}
    catalogue_service.set_group_active(db, actor, groups[RS], False, date(2027, 1, 2))
    catalogue_service.set_group_active(db, actor, groups["MSM Group"], False,
                                       date(2026, 11, 28))
    tab = window.show_tab(ReportsTab)
    tab.set_period(date(2026, 12, 1), date(2026, 12, 31))
    ticked = {tab.groups.item(r).text(): tab.groups.item(r).checkState() == Qt.CheckState.Checked
              for r in range(tab.groups.count())}
    assert ticked[f"{RS} (retired)"] and not ticked["MSM Group (retired)"]
    assert sum(ticked.values()) == 6
    made = tab.make_report()
    assert made is not None and f"{RS} (retired)" in tab.model.headers
    saved = tmp_path / "december.csv"
    monkeypatch.setattr(dialogs, "choose_save_path", lambda *a: str(saved))
    tab.save_csv()
    header = next(csv.reader(saved.read_text(encoding="utf-8-sig").splitlines()))
    assert f"{RS} (retired)" in header and "MSM Group (retired)" not in header

    tab.set_period(date(2026, 11, 1), date(2026, 11, 30))  # MSM met on 5 and 19 Nov
    assert "MSM Group (retired)" in _ticked(tab)
    tab.tick_only([RDP])
    tab.set_period(date(2026, 12, 1), date(2026, 12, 31))
    assert _ticked(tab) == [RDP]


def _ticked(tab: ReportsTab) -> list[str]:
    return [tab.groups.item(r).text() for r in range(tab.groups.count())
            if tab.groups.item(r).checkState() == Qt.CheckState.Checked]


def test_a_change_announced_while_the_report_is_counted_counts_it_once_more(
        tab, context, monkeypatch) -> None:
    """A reload asked for while a report is being counted does not start a second count
    inside the first; the report is counted again once, after it."""
    from recovery_desk.domain.reports import report_service
    from recovery_desk.domain.store.changes import PEOPLE

    counts: list[int] = []
    count = report_service.report

    def counted(*args, **kwargs):
        counts.append(len(counts))
        return count(*args, **kwargs)

    monkeypatch.setattr(report_service, "report", counted)
    original = BackgroundTask.start
    reloads: list[Report | None] = []

    def announce_meanwhile(self):
        started = original(self)
        if not reloads:  # once, during the first count, as an announcement's reload would
            reloads.append(tab.make_report())
        return started

    monkeypatch.setattr(BackgroundTask, "start", announce_meanwhile)
    assert tab.make_report() is not None
    assert reloads == [None] and counts == [0, 1] and PEOPLE in tab.reload_on
