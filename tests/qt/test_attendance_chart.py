"""The attendance chart: a point for each week with marks, at its rate, none for a week
without; groups with no marks named instead of drawn."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor

from recovery_desk.domain.reports.report_figures import WeekRate
from recovery_desk.views.reports.attendance_chart import AttendanceChart, marker_path, style_for

WEEKS = (date(2026, 11, 30), date(2026, 12, 7), date(2026, 12, 14))


def _plot(chart: AttendanceChart) -> tuple[float, float, float, float]:
    """left, top, bottom and the width of a week, as the chart lays out one legend row."""
    area = chart._plot_area(len(WEEKS), 1)
    return area.left, area.top, area.bottom, area.step


def _ink_at(image, x: float, y: float) -> bool:
    return QColor(image.pixel(round(x), round(y))).lightness() < 60


def test_a_week_is_drawn_at_its_rate_and_a_week_without_marks_has_no_point(shown) -> None:
    """Full attendance sits on the 100% line, none on the 0% line, no marks leaves a gap."""
    chart = shown(AttendanceChart())
    chart.resize(640, 400)
    chart.set_data([("Reduced Drinking Programme", (
        WeekRate(WEEKS[0], 4, 4), WeekRate(WEEKS[1], 0, 0), WeekRate(WEEKS[2], 0, 5))),
        ("MSM Group", (WeekRate(WEEKS[0], 0, 0),))])
    image = chart.grab().toImage()
    left, top, bottom, step = _plot(chart)
    assert _ink_at(image, left + step * 0.5, top)  # 4 of 4: a filled circle at 100%
    assert _ink_at(image, left + step * 2.5, bottom)  # 0 of 5: a point at 0%, not left out
    # The week without marks has no point at either end; the line joins across it.
    assert not _ink_at(image, left + step * 1.5, top)
    assert not _ink_at(image, left + step * 1.5, bottom)
    assert _ink_at(image, left + step * 1.5, (top + bottom) / 2)
    assert chart.unmarked == ["MSM Group"]
    assert chart.accessibleDescription() == (
        "Reduced Drinking Programme: week of 30 Nov 100%; week of 7 Dec no marks; week of "
        "14 Dec 0%. No register marks: MSM Group.")


def test_an_empty_chart_says_what_to_do() -> None:
    """Before a report is made the chart invites one and describes nothing."""
    chart = AttendanceChart()
    chart.set_data([])
    assert chart.series == [] and chart.accessibleDescription() == ""


def test_each_group_has_its_own_dash_and_marker() -> None:
    """Greyscale print: the first eight groups differ in marker, neighbours in dash."""
    styles = [style_for(n) for n in range(8)]
    assert len({marker for _, marker, _ in styles}) == 8
    assert all(styles[n][0] != styles[n + 1][0] for n in range(7))
    centre = QPointF(10, 10)
    assert marker_path("circle", centre).contains(centre)
    assert not marker_path("cross", centre).contains(QPointF(10, 14))  # strokes, not a fill


def test_at_large_text_in_a_narrow_chart_the_words_wrap_and_say_when_cut(shown) -> None:
    """The caption and the groups without marks wrap to the chart's width, so a narrow chart
    cuts nothing; one too narrow for a group's name says so to the screenshot tests."""
    chart = shown(AttendanceChart())
    chart.set_data([("Reduced Drinking Programme", (WeekRate(WEEKS[0], 4, 4),)),
                    ("Abstinence Day Programme", (WeekRate(WEEKS[0], 0, 0),)),
                    ("Medication Reduction Group", (WeekRate(WEEKS[0], 0, 0),))])
    chart.resize(420, 400)
    area = chart._plot_area(1, 1)
    assert area.top > 2 * chart.fontMetrics().lineSpacing()  # the caption on two lines or more
    assert chart.cut_words() == []
    chart.resize(160, 400)
    assert chart.cut_words() == ["Reduced Drinking Programme"]
    chart.resize(420, 90)
    assert chart.cut_words() == ["the lines (too short to draw)"]
