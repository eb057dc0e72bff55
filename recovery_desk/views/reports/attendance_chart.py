"""A line chart of each group's attendance rate by week, drawn with QPainter, for the Reports tab.

Readable in greyscale and print: every group has its own dash pattern and marker shape (never
colour alone), the legend repeats both beside the group's name, and a week with no register
marks has no point rather than a misleading zero. Groups with no marks at all are named under
the legend instead of drawn. The figures are also in the accessible description, week by week.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from recovery_desk.domain.reports.report_figures import WeekRate

DASHES = (Qt.PenStyle.SolidLine, Qt.PenStyle.DashLine, Qt.PenStyle.DotLine,
          Qt.PenStyle.DashDotLine, Qt.PenStyle.DashDotDotLine)
MARKERS = ("circle", "square", "triangle", "diamond", "cross", "plus", "down", "star")
INK = QColor("#000000")
GRID = QColor("#b0b0b0")
MARK_SIZE = 4.5
CAPTION = ("Attendance rate by week: (attended + late) ÷ register marks. Only weeks with marks "
           "have a point.")
WRAP = int(Qt.TextFlag.TextWordWrap)


def marker_path(shape: str, centre: QPointF, size: float = MARK_SIZE) -> QPainterPath:
    """The outline of a marker; crosses and pluses are strokes, the rest filled shapes."""
    x, y, s = centre.x(), centre.y(), size
    path = QPainterPath()
    if shape == "circle":
        path.addEllipse(centre, s, s)
    elif shape == "square":
        path.addRect(QRectF(x - s, y - s, 2 * s, 2 * s))
    elif shape in ("triangle", "down"):
        sign = 1 if shape == "triangle" else -1
        path.addPolygon(QPolygonF([QPointF(x, y - sign * s * 1.2), QPointF(x + s, y + sign * s),
                                   QPointF(x - s, y + sign * s), QPointF(x, y - sign * s * 1.2)]))
    elif shape == "diamond":
        path.addPolygon(QPolygonF([QPointF(x, y - s * 1.3), QPointF(x + s, y),
                                   QPointF(x, y + s * 1.3), QPointF(x - s, y),
                                   QPointF(x, y - s * 1.3)]))
    elif shape == "star":
        points = [QPointF(x + (s * 1.3 if i % 2 == 0 else s * 0.55) * math.sin(i * math.pi / 5),
                          y - (s * 1.3 if i % 2 == 0 else s * 0.55) * math.cos(i * math.pi / 5))
                  for i in range(11)]
        path.addPolygon(QPolygonF(points))
    else:
        ends = ((-s, -s, s, s), (-s, s, s, -s)) if shape == "cross" else \
            ((-s, 0, s, 0), (0, -s, 0, s))
        for x1, y1, x2, y2 in ends:
            path.moveTo(x + x1, y + y1)
            path.lineTo(x + x2, y + y2)
    return path


def style_for(number: int) -> tuple[Qt.PenStyle, str, bool]:
    """The dash, the marker and whether it is filled, for the number-th group."""
    return (DASHES[number % len(DASHES)], MARKERS[number % len(MARKERS)],
            number % 2 == 0)


@dataclass(frozen=True)
class PlotArea:
    """Where the lines are drawn, in pixels, and the width given to each week."""

    left: float
    top: float
    right: float
    bottom: float
    step: float


class AttendanceChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Attendance rate by week, per group")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.series: list[tuple[str, tuple[WeekRate, ...]]] = []
        self.unmarked: list[str] = []

    def set_data(self, series: Sequence[tuple[str, Sequence[WeekRate]]]) -> None:
        self.series = [(name, tuple(weeks)) for name, weeks in series
                       if any(w.marks for w in weeks)]
        self.unmarked = [name for name, weeks in series if not any(w.marks for w in weeks)]
        self.setAccessibleDescription(" ".join(
            f"{name}: " + "; ".join(
                f"week of {w.monday.day} {w.monday.strftime('%b')} "
                + (f"{w.rate:.0%}" if w.rate is not None else "no marks") for w in weeks) + "."
            for name, weeks in self.series) + (
            f" No register marks: {', '.join(self.unmarked)}." if self.unmarked else ""))
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(640, self.fontMetrics().lineSpacing() * 18)

    def _legend_rows(self, width: float) -> list[list[int]]:
        metrics = self.fontMetrics()
        rows: list[list[int]] = [[]]
        used = 0.0
        for number, (name, _) in enumerate(self.series):
            entry = 44 + metrics.horizontalAdvance(name) + 18
            if rows[-1] and used + entry > width:
                rows.append([])
                used = 0.0
            rows[-1].append(number)
            used += entry
        return rows

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("#ffffff"))
        painter.setPen(QPen(INK))
        weeks = max((len(w) for _, w in self.series), default=0)
        if not weeks:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter,
                             "No register marks in this period for the groups chosen."
                             if self.unmarked else "Make a report to see attendance by week.")
            return
        line = self.fontMetrics().lineSpacing()
        legend = self._legend_rows(self.width() - 16)
        area = self._plot_area(weeks, len(legend))
        if area.bottom - area.top < line * 3:
            return  # too short to read: better blank than squashed
        self._draw_caption(painter, area)
        self._draw_axes(painter, area, weeks)
        self._draw_lines(painter, area)
        self._draw_legend(painter, legend, area.bottom + line + 12)

    def _wrapped(self, text: str, width: float) -> int:
        """The height of text wrapped between words to width."""
        return self.fontMetrics().boundingRect(QRect(0, 0, max(int(width), 1), 0), WRAP,
                                               text).height()

    def unmarked_text(self) -> str:
        return f"No register marks: {', '.join(self.unmarked)}." if self.unmarked else ""

    def _plot_area(self, weeks: int, legend_rows: int) -> PlotArea:
        """The room left for the lines once the percentages, caption and legend have theirs
        (the caption and the groups without marks wrap to the chart's width)."""
        metrics = self.fontMetrics()
        line = metrics.lineSpacing()
        left = metrics.horizontalAdvance("100%") + 10
        right = self.width() - 12
        caption = self._wrapped(CAPTION, right - left)
        unmarked = self._wrapped(self.unmarked_text(), self.width() - 16) if self.unmarked \
            else 0
        return PlotArea(left=left, top=caption + line * 0.5 + 4, right=right,
                        bottom=self.height() - line * (2 + legend_rows) - unmarked - 10,
                        step=(right - left) / max(weeks, 1))

    def cut_words(self) -> list[str]:
        """The words this chart cannot show whole at its size (the screenshot tests ask): a
        name wider than the chart, or lines too short to read."""
        weeks = max((len(w) for _, w in self.series), default=0)
        if not weeks:
            return []
        metrics = self.fontMetrics()
        cut = [name for name, _ in self.series
               if 62 + metrics.horizontalAdvance(name) > self.width() - 16]
        area = self._plot_area(weeks, len(self._legend_rows(self.width() - 16)))
        if area.bottom - area.top < metrics.lineSpacing() * 3:
            cut.append("the lines (too short to draw)")
        return cut

    def _draw_caption(self, painter: QPainter, area: PlotArea) -> None:
        """What the rate is, above the lines."""
        painter.drawText(QRectF(area.left, 0, area.right - area.left, area.top),
                         Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap, CAPTION)

    def _draw_axes(self, painter: QPainter, area: PlotArea, weeks: int) -> None:
        """Gridlines at each quarter with their percentages; the weeks' dates along the foot,
        as many as fit without overlapping."""
        metrics = self.fontMetrics()
        line = metrics.lineSpacing()
        left, top, right, bottom, step = area.left, area.top, area.right, area.bottom, area.step
        for percent in (0, 25, 50, 75, 100):
            y = bottom - (bottom - top) * percent / 100
            painter.setPen(QPen(GRID, 1, Qt.PenStyle.SolidLine if percent in (0, 100)
                                else Qt.PenStyle.DotLine))
            painter.drawLine(QPointF(left, y), QPointF(right, y))
            painter.setPen(QPen(INK))
            painter.drawText(QRectF(0, y - line / 2, left - 6, line), Qt.AlignmentFlag.AlignRight,
                             f"{percent}%")
        label_every = max(1, math.ceil((metrics.horizontalAdvance("30 Nov") + 8) / step))
        mondays = next(w for _, w in self.series if len(w) == weeks)
        for index, week in enumerate(mondays):
            if index % label_every:
                continue
            x = left + step * (index + 0.5)
            painter.drawLine(QPointF(x, bottom), QPointF(x, bottom + 4))
            painter.drawText(QRectF(x - step * label_every / 2, bottom + 4, step * label_every,
                                    line), Qt.AlignmentFlag.AlignCenter,
                             f"{week.monday.day} {week.monday.strftime('%b')}")

    def _draw_lines(self, painter: QPainter, area: PlotArea) -> None:
        """Each group's line in its own dash, with its marker at every week that has marks."""
        left, top, bottom, step = area.left, area.top, area.bottom, area.step
        for number, (_, series) in enumerate(self.series):
            dash, shape, filled = style_for(number)
            points: list[QPointF | None] = [
                QPointF(left + step * (i + 0.5), bottom - (bottom - top) * w.rate)
                if w.rate is not None else None for i, w in enumerate(series)]
            painter.setPen(QPen(INK, 1.6, dash))
            # Joined across weeks without marks (the MSM Group meets fortnightly); only the
            # weeks with marks have a point.
            for one, two in itertools.pairwise(p for p in points if p is not None):
                painter.drawLine(one, two)
            for point in points:
                if point is not None:
                    self._marker(painter, shape, filled, point)

    def _draw_legend(self, painter: QPainter, legend: list[list[int]], y: float) -> None:
        """Each group's dash and marker beside its name, row by row from y; then the groups
        with no marks, which have no line."""
        metrics = self.fontMetrics()
        line = metrics.lineSpacing()
        for row in legend:
            x = 8.0
            for number in row:
                name = self.series[number][0]
                dash, shape, filled = style_for(number)
                painter.setPen(QPen(INK, 1.6, dash))
                painter.drawLine(QPointF(x, y + line / 2), QPointF(x + 36, y + line / 2))
                self._marker(painter, shape, filled, QPointF(x + 18, y + line / 2))
                painter.setPen(QPen(INK))
                painter.drawText(QRectF(x + 42, y, metrics.horizontalAdvance(name) + 4, line),
                                 Qt.AlignmentFlag.AlignLeft, name)
                x += 44 + metrics.horizontalAdvance(name) + 18
            y += line
        if self.unmarked:
            painter.drawText(QRectF(8, y, self.width() - 16, self.height() - y),
                             Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap,
                             self.unmarked_text())

    @staticmethod
    def _marker(painter: QPainter, shape: str, filled: bool, centre: QPointF) -> None:
        painter.save()
        painter.setPen(QPen(INK, 1.4))
        solid = filled and shape not in ("cross", "plus")
        painter.setBrush(QBrush(INK if solid else QColor("#ffffff")))
        painter.drawPath(marker_path(shape, centre))
        painter.restore()
