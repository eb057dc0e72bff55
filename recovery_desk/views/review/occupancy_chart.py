"""A bar chart of places taken per week for the next twelve weeks, drawn with QPainter.

Readable in greyscale and print: bars are hatched, the capacity is a dashed line with its
number, and each bar carries its count, so no colour is needed to read it."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget


class OccupancyChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Occupancy for the next 12 weeks")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.weeks: list[tuple[date, int]] = []
        self.capacity = 0

    def set_data(self, weeks: list[tuple[date, int]], capacity: int) -> None:
        self.weeks, self.capacity = list(weeks), capacity
        self.setAccessibleDescription("; ".join(
            f"week of {monday.day} {monday.strftime('%b')}: {taken} of {capacity}"
            for monday, taken in weeks))
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(480, self.fontMetrics().lineSpacing() * 12)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("#ffffff"))
        if not self.weeks or self.capacity <= 0:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No group selected")
            return
        line = self.fontMetrics().lineSpacing()
        # Room at the top for the title, then for the count above a full bar.
        left, top = self.fontMetrics().horizontalAdvance("100") + 8, line * 2 + 6
        bottom = self.height() - line * 2 - 4
        width = self.width() - left - 8
        top_value = max(self.capacity, max(t for _, t in self.weeks))
        scale = (bottom - top) / top_value
        step = width / len(self.weeks)
        painter.setPen(QPen(QColor("#000000")))
        painter.drawLine(left, bottom, left + int(width), bottom)
        for number, (monday, taken) in enumerate(self.weeks):
            x = left + number * step + step * 0.15
            bar = QRectF(x, bottom - taken * scale, step * 0.7, taken * scale)
            full = taken >= self.capacity
            painter.fillRect(bar, QColor("#d0d0d0"))
            painter.fillRect(bar, QBrush(QColor("#404040"), Qt.BrushStyle.CrossPattern if full
                                         else Qt.BrushStyle.BDiagPattern))
            painter.setPen(QPen(QColor("#000000")))
            painter.drawRect(bar)
            painter.drawText(QRectF(x - 4, bar.top() - line, step * 0.7 + 8, line),
                             Qt.AlignmentFlag.AlignCenter, str(taken))
            painter.drawText(QRectF(left + number * step, bottom + 2, step, line),
                             Qt.AlignmentFlag.AlignCenter, str(monday.day))
            if number == 0 or monday.day <= 7:
                painter.drawText(QRectF(left + number * step, bottom + 2 + line, step * 2, line),
                                 Qt.AlignmentFlag.AlignLeft, monday.strftime("%b"))
        capacity_y = bottom - self.capacity * scale
        painter.setPen(QPen(QColor("#000000"), 2, Qt.PenStyle.DashLine))
        painter.drawLine(left, int(capacity_y), left + int(width), int(capacity_y))
        painter.drawText(QRectF(0, capacity_y - line / 2, left - 4, line),
                         Qt.AlignmentFlag.AlignRight, str(self.capacity))
        painter.drawText(QRectF(left, 0, width, line), Qt.AlignmentFlag.AlignLeft,
                         f"Places taken per week (dashed line: capacity {self.capacity}; "
                         "cross-hatched: full)")
