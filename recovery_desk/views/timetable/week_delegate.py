"""Paints each timetable cell as blocks, one per session: name, time, places and (once the
session's day has come) whether its register is taken or due, the due in bold. A closed session
is hatched and struck through, with its reason in plain text, so nothing relies on colour.

Every line wraps to the cell's width (never an ellipsis), so long names and large text stay
whole; the row grows to fit. A time too wide for a narrow cell breaks after its dash
("11am-" above "12.30pm"), so the week's five days fit a small screen at large text.
Colours come from the desk's palette: a dark or high-contrast theme gets dark tints and its
own text colour, never black text on black.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from recovery_desk.item_models.week_model import SESSIONS_ROLE, TODAY_ROLE
from recovery_desk.schedule.timetable import REGISTER_DUE, SessionRow, register_state, session_time
from recovery_desk.schedule.words import closure_reason

PADDING = 3
UNBOUNDED = 1 << 20
"""A block's width when none is given: every line whole on one line."""
# Soft tints as a second cue only; every block also carries the group's name in words.
TINTS = ("#dbe9f6", "#e4f1dc", "#f6e7d3", "#ebdff3", "#f3dde2", "#dcefee", "#efeed6")
WRAP = Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def tint(palette: QPalette, group_id: int) -> QColor:
    colour = QColor(TINTS[group_id % len(TINTS)])
    return colour.darker(400) if is_dark(palette) else colour


def _time_text(row: SessionRow, font: QFont, inner: int) -> str:
    """The session's time, broken after its dash when the whole does not fit the block."""
    text = session_time(row)
    if inner < UNBOUNDED and "-" in text and QFontMetrics(font).horizontalAdvance(text) > inner:
        return text.replace("-", "-\n", 1)
    return text


def _pieces(row: SessionRow, base: QFont, today: date | None = None, *,
            inner: int = UNBOUNDED) -> list[tuple[str, QFont]]:
    """Each line of a block (inner pixels wide), with its font: the name in bold; a closed
    session's name and time struck through, its reason in italics; a register due in bold."""
    name, time, rest = QFont(base), QFont(base), QFont(base)
    name.setBold(True)
    if not row.runs:
        name.setStrikeOut(True)
        time.setStrikeOut(True)
        rest.setItalic(True)
        return [(row.group_name, name), (_time_text(row, time, inner), time),
                (f"Closed: {closure_reason(row.closure)}", rest)]
    lines = [(row.group_name, name), (_time_text(row, time, inner), time),
             (f"{row.booked}/{row.capacity} booked", rest)]
    register = register_state(row, today) if today is not None else None
    if register is not None:
        words = QFont(base)
        words.setBold(register == REGISTER_DUE)
        lines.append((register.capitalize(), words))
    return lines


def _height(text: str, font: QFont, width: int) -> int:
    return QFontMetrics(font).boundingRect(QRect(0, 0, max(width, 1), 0), WRAP, text).height()


def _block_height(row: SessionRow, font: QFont, width: int, today: date | None = None) -> int:
    inner = width - 4 * PADDING
    return sum(_height(text, f, inner) for text, f in _pieces(row, font, today, inner=inner)) \
        + 2 * PADDING


def narrowest_cell(rows: list[SessionRow], font: QFont, today: date | None = None) -> int:
    """The narrowest cell that shows each of these sessions' words whole (a time may break
    after its dash), for the timetable to share its width by."""
    widest = 0
    for row in rows:
        for text, piece in _pieces(row, font, today, inner=0):
            metrics = QFontMetrics(piece)
            widest = max(widest, *(metrics.horizontalAdvance(w) for w in text.split()))
    return widest + 4 * PADDING + 1


class WeekDelegate(QStyledItemDelegate):
    def sizeHint(self, option: QStyleOptionViewItem,
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        rows = index.data(SESSIONS_ROLE) or []
        width = option.rect.width() if option.rect.width() > 0 else \
            option.fontMetrics.averageCharWidth() * 24
        today = index.data(TODAY_ROLE)
        height = sum(_block_height(r, option.font, width, today) + PADDING
                     for r in rows) + PADDING
        return QSize(option.fontMetrics.averageCharWidth() * 14, max(height, 24))

    def cut_words(self, option: QStyleOptionViewItem,
                  index: QModelIndex | QPersistentModelIndex) -> list[str]:
        """The words this cell cannot show whole at its size: a word wider than its block, or
        blocks taller than the cell (the screenshot tests ask)."""
        rows: list[SessionRow] = index.data(SESSIONS_ROLE) or []
        inner = option.rect.width() - 4 * PADDING
        today = index.data(TODAY_ROLE)
        cut = [word for row in rows for text, font in _pieces(row, option.font, today,
                                                              inner=inner)
               for word in text.split() if QFontMetrics(font).horizontalAdvance(word) > inner]
        height = sum(_block_height(r, option.font, option.rect.width(), today) + PADDING
                     for r in rows) + PADDING
        if rows and height > option.rect.height() + 1:
            cut.append(f"{height - option.rect.height()}px below the cell")
        return cut

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        rows: list[SessionRow] = index.data(SESSIONS_ROLE) or []
        palette = option.palette
        text_colour = palette.color(QPalette.ColorRole.Text)
        painter.save()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected:
            painter.fillRect(option.rect, palette.color(QPalette.ColorRole.Highlight))
        top = option.rect.top() + PADDING
        today = index.data(TODAY_ROLE)
        for row in rows:
            height = _block_height(row, option.font, option.rect.width(), today)
            block = QRect(option.rect.left() + PADDING, top,
                          option.rect.width() - 2 * PADDING, height)
            painter.fillRect(block, tint(palette, row.group_id))
            if not row.runs:
                painter.fillRect(block, QBrush(palette.color(QPalette.ColorRole.Mid),
                                               Qt.BrushStyle.BDiagPattern))
            painter.setPen(QPen(text_colour, 2 if selected else 1,
                                Qt.PenStyle.DashLine if not row.runs else Qt.PenStyle.SolidLine))
            painter.drawRect(block.adjusted(0, 0, -1, -1))
            y = block.top() + PADDING
            inner = block.width() - 2 * PADDING
            painter.setPen(text_colour)
            for text, font in _pieces(row, option.font, today, inner=inner):
                painter.setFont(font)
                line = QRect(block.left() + PADDING, y, inner, _height(text, font, inner))
                painter.drawText(line, WRAP, text)
                y += line.height()
            top += height + PADDING
        if option.state & QStyle.StateFlag.State_HasFocus:
            painter.setPen(QPen(text_colour, 1, Qt.PenStyle.DotLine))
            painter.drawRect(option.rect.adjusted(1, 1, -2, -2))
        painter.restore()
