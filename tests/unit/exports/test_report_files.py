"""The report's exported files: the small-number rule on counts of people (and on waits drawn
from few people), never on sessions or marks; rates as percentages; definitions beside every
figure; the service's name and the dates on top."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recovery_desk.catalogue.service_details import ServiceDetails
from recovery_desk.domain.reports.report_figures import GroupFigures, Report
from recovery_desk.exports.report_files import (
    NOT_SHOWN,
    figure_text,
    report_csv,
    report_html,
    report_xlsx,
)
from recovery_desk.vocabulary import FigureKind


def _values(**given: int | float | None) -> dict[str, int | float | None]:
    keys = {f.key for f in _report_shell().figures()}
    return {key: 0 for key in keys} | given


def _report_shell(groups: tuple[GroupFigures, ...] = (),
                  total: GroupFigures | None = None, threshold: int = 5) -> Report:
    empty = GroupFigures(None, "All chosen groups", {}, (), {})
    return Report(date(2026, 10, 1), date(2026, 12, 31), date(2027, 1, 4),
                  ServiceDetails("Hackney Recovery Service", small_number=threshold), groups,
                  total or empty)


def _report(threshold: int = 5) -> Report:
    one = GroupFigures(1, "MSM Group", _values(
        sessions_planned=2, sessions_closed=1, starters=3, places_at_end=12, marks=4,
        attended=3, attendance_rate=0.75, waits=3, wait_days_median=8.5, wait_days_p90=13),
        (), {"Staff training": 1})
    two = GroupFigures(2, "Recovery Skills", _values(
        sessions_planned=26, starters=0, places_at_end=1, marks=0, attendance_rate=None,
        waits=7, wait_days_median=10.0, wait_days_p90=27), (), {})
    total = GroupFigures(None, "All chosen groups", _values(
        sessions_planned=28, sessions_closed=1, starters=3, places_at_end=13, marks=4,
        attended=3, attendance_rate=0.75, waits=10, wait_days_median=9.5, wait_days_p90=27),
        (), {"Staff training": 1})
    return _report_shell((one, two), total, threshold)


def _csv_rows(made: Report) -> dict[str, list[str]]:
    rows = list(csv.reader(io.StringIO(report_csv(made))))
    return {row[0]: row[1:] for row in rows}


def test_counts_of_people_from_1_to_4_read_fewer_than_5() -> None:
    rows = _csv_rows(_report())
    assert rows["Figure"] == ["MSM Group", "Recovery Skills", "All chosen groups", "Definition"]
    assert rows["New starters"][:3] == ["fewer than 5", "0", "fewer than 5"]
    # 12 would give the hidden 1 as 13 - 12, so it is hidden too (secondary suppression).
    assert rows["Places at the end"][:3] == ["not shown", "fewer than 5", "13"]


def test_sessions_and_register_marks_are_always_exact() -> None:
    rows = _csv_rows(_report())
    assert rows["Sessions planned"][:3] == ["2", "26", "28"]
    assert rows["Register marks"][:3] == ["4", "0", "4"]
    assert rows["closed: Staff training"][:3] == ["1", "0", "1"]


def test_waits_drawn_from_fewer_than_5_people_are_not_shown() -> None:
    rows = _csv_rows(_report())
    assert rows["Median wait, referral to first session (days)"][:3] == [
        "not shown: fewer than 5 people", "10", "9.5"]
    assert rows["90th percentile wait (days)"][:3] == [
        "not shown: fewer than 5 people", "27", "27"]


def test_rates_are_percentages_and_blank_without_marks() -> None:
    assert _csv_rows(_report())["Attendance rate"][:3] == ["75.0%", "", "75.0%"]


def test_every_figure_has_its_definition_beside_it() -> None:
    made = _report()
    rows = _csv_rows(made)
    for line in made.lines():
        assert rows[line.label.strip()][-1] == line.definition
        assert line.definition


def test_a_threshold_of_1_shows_every_count() -> None:
    rows = _csv_rows(_report(threshold=1))
    assert rows["New starters"][:3] == ["3", "0", "3"]


@pytest.mark.parametrize(("value", "kind", "base", "shown"), [
    (0, FigureKind.PEOPLE, None, "0"),
    (4, FigureKind.PEOPLE, None, "fewer than 5"),
    (5, FigureKind.PEOPLE, None, "5"),
    (3, FigureKind.COUNT, None, "3"),
    (0.0, FigureKind.RATE, None, "0.0%"),
    (None, FigureKind.RATE, None, ""),
    (12.0, FigureKind.DAYS, 5, "12"),
    (12.0, FigureKind.DAYS, 4, "not shown: fewer than 5 people"),
    (None, FigureKind.DAYS, 0, ""),
])
def test_figure_text(value, kind, base, shown) -> None:
    assert figure_text(value, kind, base, threshold=5) == shown


def test_the_workbook_keeps_numbers_as_numbers_and_small_counts_as_words() -> None:
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(report_xlsx(_report()))).active
    assert sheet["A1"].value == ("Group-work report: Hackney Recovery Service, Thu 1 Oct 2026 "
                                 "to Thu 31 Dec 2026")
    assert "Made on Mon 4 Jan 2027" in sheet["A2"].value
    assert "'fewer than 5'" in sheet["A2"].value
    rows = {row[0].value: row for row in sheet.iter_rows() if row[0].value}
    assert [c.value for c in rows["Figure"]][:5] == [
        "Figure", "MSM Group", "Recovery Skills", "All chosen groups", "Definition"]
    starters = rows["New starters"]
    assert [c.value for c in starters[1:4]] == ["fewer than 5", 0, "fewer than 5"]
    rate = rows["Attendance rate"]
    assert rate[1].value == 0.75 and rate[1].number_format == "0.0%" and rate[2].value is None
    assert rows["Sessions planned"][2].value == 26
    assert rows["Places"][1].value is None  # a section heading
    assert sheet.freeze_panes == "B5"


def test_the_pdf_page_is_titled_dated_and_applies_the_rule() -> None:
    page = report_html(_report())
    for words in ("Group-work report: Hackney Recovery Service", "Thu 1 Oct 2026 to Thu 31 Dec "
                  "2026", "Made on Mon 4 Jan 2027", "Counts of people from 1 to 4 are shown "
                  "as &#x27;fewer than 5&#x27;", "<b>Attendance</b>",
                  "(Attended + late) ÷ register marks", "fewer than 5", "75.0%"):
        assert words in page


SEX_KEYS = [f"sex:{key}" for key in ("male", "female", "intersex", "not_stated")]
AGE_KEYS = [f"age:{key}" for key in ("under_25", "25_34", "35_44", "45_54", "55_64",
                                     "65_over")]
starters = st.lists(st.tuples(st.sampled_from(SEX_KEYS), st.sampled_from(AGE_KEYS)),
                    max_size=40)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(starters, st.integers(0, 9), st.integers(0, 9)), min_size=1,
                max_size=4))
def test_no_hidden_count_in_a_file_can_be_worked_out(groups: list) -> None:
    """On random groups, every row of people and every column that adds up (sexes, ages and
    early exits) shows none or at least two of its counts hidden."""
    figures = []
    for number, (people, withdrawn, discharged) in enumerate(groups):
        counts = {key: sum(1 for sex, age in people if key in (sex, age))
                  for key in (*SEX_KEYS, *AGE_KEYS)}
        figures.append(GroupFigures(number, f"Group {number}", _values(
            starters=len(people), waits=len(people), withdrawn=withdrawn,
            discharged=discharged, left_early=withdrawn + discharged, **counts), (), {}))
    total = GroupFigures(None, "All chosen groups", _values(**{
        key: sum(int(g.values[key] or 0) for g in figures) for key in figures[0].values}),
        (), {})
    made = _report_shell(tuple(figures), total)
    rows = _csv_rows(made)
    hidden = ("fewer than 5", NOT_SHOWN)
    people = [line for line in made.lines() if line.kind is FigureKind.PEOPLE]
    for line in people:
        assert sum(text in hidden for text in rows[line.label.strip()][:-1]) != 1, line.label
    labels = {line.key: line.label.strip() for line in people}
    for whole, parts in made.adds_up:
        for column in range(len(made.columns)):
            cells = [rows[labels[key]][column] for key in (whole, *parts)]
            assert sum(text in hidden for text in cells) != 1, (whole, column)


def test_a_retired_group_is_marked_in_every_file() -> None:
    """The column of a group retired since is headed '(retired)' in CSV, workbook and PDF."""
    from openpyxl import load_workbook

    made = _report()
    retired = replace(made.groups[1], retired=True)
    made = replace(made, groups=(made.groups[0], retired))
    assert _csv_rows(made)["Figure"][1] == "Recovery Skills (retired)"
    assert "Recovery Skills (retired)</th>" in report_html(made)
    sheet = load_workbook(io.BytesIO(report_xlsx(made))).active
    assert "Recovery Skills (retired)" in [c.value for c in sheet[4]]
