"""Paints each timetable cell as blocks, one per session: name, time and places. A closed session
is hatched and struck through, with its reason in plain text, so nothing relies on colour."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from recovery_desk.item_models.week_model import SESSIONS_ROLE
from recovery_desk.schedule.timetable import SessionRow, session_time

PADDING = 4
# Soft tints as a second cue only; every block also carries the group's name in words.
TINTS = ("#dbe9f6", "#e4f1dc", "#f6e7d3", "#ebdff3", "#f3dde2", "#dcefee", "#efeed6")


def _bold(font: QFont) -> QFont:
    bold = QFont(font)
    bold.setBold(True)
    return bold


def _wraps(font: QFont, text: str, width: int) -> bool:
    """Whether text needs a second line at this width (it then gets one, not an ellipsis)."""
    return width > 0 and QFontMetrics(font).horizontalAdvance(text) > width - 4 * PADDING


def _lines(row: SessionRow, name_wraps: bool) -> list[tuple[str, bool, bool]]:
    """(text, bold, struck) per line of a block; an empty text is room for the line above."""
    name = [(row.group_name, True, not row.runs)] + ([("", True, False)] if name_wraps else [])
    if row.runs:
        return [*name, (session_time(row), False, False),
                (f"{row.booked}/{row.capacity} booked", False, False)]
    return [*name, (session_time(row), False, True),
            (f"Closed: {row.closure}", False, False), ("", False, False)]


class WeekDelegate(QStyledItemDelegate):
    def _lines_for(self, option: QStyleOptionViewItem, row: SessionRow,
                   width: int) -> list[tuple[str, bool, bool]]:
        return _lines(row, _wraps(_bold(option.font), row.group_name, width))

    def _block_height(self, option: QStyleOptionViewItem, row: SessionRow, width: int) -> int:
        return option.fontMetrics.lineSpacing() * len(self._lines_for(option, row, width)) \
            + 2 * PADDING

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        rows = index.data(SESSIONS_ROLE) or []
        width = option.rect.width()
        height = sum(self._block_height(option, r, width) + PADDING for r in rows) + PADDING
        return QSize(option.fontMetrics.averageCharWidth() * 24, max(height, 24))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        rows: list[SessionRow] = index.data(SESSIONS_ROLE) or []
        painter.save()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected:
            painter.fillRect(option.rect, option.palette.color(QPalette.ColorRole.Highlight))
        top = option.rect.top() + PADDING
        for row in rows:
            height = self._block_height(option, row, option.rect.width())
            block = QRect(option.rect.left() + PADDING, top,
                          option.rect.width() - 2 * PADDING, height)
            painter.fillRect(block, QColor(TINTS[row.group_id % len(TINTS)]))
            if not row.runs:
                painter.fillRect(block, QBrush(QColor("#9a9a9a"), Qt.BrushStyle.BDiagPattern))
            painter.setPen(QPen(QColor("#303030"), 2 if selected else 1,
                                Qt.PenStyle.DashLine if not row.runs else Qt.PenStyle.SolidLine))
            painter.drawRect(block.adjusted(0, 0, -1, -1))
            y = block.top() + PADDING
            for text, bold, struck in self._lines_for(option, row, option.rect.width()):
                font = QFont(option.font)
                font.setBold(bold)
                font.setStrikeOut(struck)
                font.setItalic(not row.runs and not struck)
                painter.setFont(font)
                painter.setPen(QColor("#000000"))
                if not text:  # room taken by the line above
                    y += option.fontMetrics.lineSpacing()
                    continue
                # A name or a closure's reason may take two lines: the empty line after it.
                lines = 2 if bold and _wraps(font, text, option.rect.width()) else \
                    1 if row.runs or struck or bold else 2
                line = QRect(block.left() + PADDING, y, block.width() - 2 * PADDING,
                             option.fontMetrics.lineSpacing() * lines)
                if lines == 1:
                    text = painter.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight,
                                                            line.width())
                painter.drawText(line, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
                                 | Qt.TextFlag.TextWordWrap, text)
                y += option.fontMetrics.lineSpacing()
            top += height + PADDING
        if option.state & QStyle.StateFlag.State_HasFocus:
            painter.setPen(QPen(option.palette.color(QPalette.ColorRole.Text), 1,
                                Qt.PenStyle.DotLine))
            painter.drawRect(option.rect.adjusted(1, 1, -2, -2))
        painter.restore()
