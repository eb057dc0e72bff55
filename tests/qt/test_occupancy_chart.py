"""The occupancy chart: a bar per week as tall as the places taken, the capacity named, and
the figures in words for a screen reader."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtGui import QColor

from recovery_desk.views.review.occupancy_chart import OccupancyChart

MONDAYS = [date(2026, 11, 30) + timedelta(weeks=n) for n in range(4)]


def _blank(image, x: float, y: float) -> bool:
    return QColor(image.pixel(round(x), round(y))) == QColor("#ffffff")


def test_weeks_with_places_have_bars_and_an_empty_week_has_none(shown) -> None:
    """12 of 12 and 3 of 12 draw bars; a week with none leaves the space white."""
    chart = shown(OccupancyChart())
    chart.resize(480, 240)
    chart.set_data([(MONDAYS[0], 12), (MONDAYS[1], 3), (MONDAYS[2], 0), (MONDAYS[3], 6)], 12)
    image = chart.grab().toImage()
    metrics = chart.fontMetrics()
    left = metrics.horizontalAdvance("100") + 8
    bottom = chart.height() - metrics.lineSpacing() * 2 - 4
    step = (chart.width() - left - 8) / 4
    inside = [left + n * step + step * 0.75 for n in range(4)]  # within each bar, off its label
    assert not _blank(image, inside[0], bottom - 3)
    assert not _blank(image, inside[1], bottom - 3)
    assert _blank(image, inside[2], bottom - 3)
    assert chart.accessibleDescription() == (
        "week of 30 Nov: 12 of 12; week of 7 Dec: 3 of 12; week of 14 Dec: 0 of 12; "
        "week of 21 Dec: 6 of 12")


def test_no_group_chosen_draws_no_bars(shown) -> None:
    """Before a group is chosen the chart has nothing to describe."""
    chart = shown(OccupancyChart())
    chart.set_data([], 0)
    assert chart.weeks == [] and chart.accessibleDescription() == ""
