"""The timetable's week grid: a column per day (Monday first), a row per start time, and in each
cell the sessions that start then, each past one saying whether its register is taken. Fed a
Week through set_rows()."""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from recovery_desk.schedule.phrases import format_time
from recovery_desk.schedule.timetable import SessionRow, Week, register_state, session_time
from recovery_desk.schedule.words import closure_reason

SESSIONS_ROLE = Qt.ItemDataRole.UserRole + 1
TODAY_ROLE = Qt.ItemDataRole.UserRole + 2
"""The day the week is shown on, which decides which registers are due."""
TBC_ROW_LABEL = "To be\nconfirmed"
"""The first row's heading, for sessions with no time yet: two short lines keep the time
column narrow."""

Index = QModelIndex | QPersistentModelIndex


def describe_session(row: SessionRow, today: date | None = None) -> str:
    """One session as words: for the cell's text, tooltips and screen readers; given today,
    a past session says whether its register is taken or due."""
    if row.runs:
        register = register_state(row, today) if today is not None else None
        return f"{row.group_name}, {session_time(row)}, {row.booked}/{row.capacity} booked" \
            + (f", {register}" if register else "")
    return f"{row.group_name}, {session_time(row)}, closed: {closure_reason(row.closure)}"


class WeekModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._days: list[date] = []
        self._times: list[time | None] = []
        self._cells: dict[tuple[int, int], list[SessionRow]] = {}
        self.today: date | None = None

    def set_rows(self, week: Week, today: date) -> None:
        self.beginResetModel()
        days = [week.monday + timedelta(days=i) for i in range(7)]
        self._days = [d for d in days if d.weekday() < 5 or any(r.date == d
                                                                for r in week.sessions)]
        starts = sorted({r.start for r in week.sessions if r.start is not None})
        self._times = ([None] if any(r.start is None for r in week.sessions) else []) + starts
        self._cells = {}
        for row in week.sessions:
            key = (self._times.index(row.start), self._days.index(row.date))
            self._cells.setdefault(key, []).append(row)
        self.today = today
        self.endResetModel()

    def day_of(self, column: int) -> date:
        return self._days[column]

    def sessions_at(self, row: int, column: int) -> list[SessionRow]:
        return self._cells.get((row, column), [])

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._times)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._days)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._days):
            day = self._days[section]
            if role == Qt.ItemDataRole.DisplayRole:
                # Day above date, so five days fit a small screen at large text.
                weekday = f"Today, {day.strftime('%a')}" if day == self.today \
                    else day.strftime('%a')
                return f"{weekday}\n{day.day} {day.strftime('%b')}"
            if role == Qt.ItemDataRole.FontRole and day == self.today:
                font = QFont()
                font.setBold(True)
                return font
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._times) \
                and role == Qt.ItemDataRole.DisplayRole:
            start = self._times[section]
            return TBC_ROW_LABEL if start is None \
                else format_time(start)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        rows = self.sessions_at(index.row(), index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole,
                    Qt.ItemDataRole.ToolTipRole):
            return "\n".join(describe_session(r, self.today) for r in rows) or None
        if role == SESSIONS_ROLE:
            return rows
        if role == TODAY_ROLE:
            return self.today
        return None
