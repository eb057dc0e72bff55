"""Plain-row table models for the cohort review: groups with their figures, a group's members,
and its waiting list. Each takes rows through set_rows(); none queries the database."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from recovery_desk.domain.review_service import GroupReview, MemberRow
from recovery_desk.domain.waiting_list_service import WaitingRow
from recovery_desk.schedule.phrases import format_date

Row = TypeVar("Row")
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex


def _day(value: date | None, empty: str = "") -> str:
    return format_date(value) if value else empty


class RowTableModel(QAbstractTableModel, Generic[Row]):
    """Columns are (header, text of a row, sort key of a row); EditRole gives the sort key."""

    columns: Sequence[tuple[str, Callable[[Any], str], Callable[[Any], Any]]] = ()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Row] = []

    def set_rows(self, rows: list[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row(self, number: int) -> Row:
        return self._rows[number]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self.columns):
            return self.columns[section][0]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        _, text, key = self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return text(row)
        if role == Qt.ItemDataRole.EditRole:
            return key(row)
        if role == ROW_ROLE:
            return row
        return None


class GroupReviewModel(RowTableModel[GroupReview]):
    columns = (
        ("Group", lambda r: r.group, lambda r: r.group),
        ("Capacity", lambda r: str(r.capacity), lambda r: r.capacity),
        ("Active", lambda r: str(r.active), lambda r: r.active),
        ("Free", lambda r: str(r.free) + (f" ({r.offers} offered)" if r.offers else ""),
         lambda r: r.free),
        ("Waiting", lambda r: str(r.waiting), lambda r: r.waiting),
        ("Finishing in 4 weeks", lambda r: str(len(r.finishing)), lambda r: len(r.finishing)),
        ("Next cohort", lambda r: _day(r.next_cohort, "-" if not r.closed_cohort else "none"),
         lambda r: r.next_cohort.isoformat() if r.next_cohort else ""),
    )


class MemberModel(RowTableModel[MemberRow]):
    columns = (
        ("Name", lambda r: r.name, lambda r: r.name),
        ("Start", lambda r: _day(r.start), lambda r: r.start.isoformat()),
        ("Expected end", lambda r: _day(r.end, "no end date"),
         lambda r: r.end.isoformat() if r.end else "9999"),
        ("Keyworker flag", lambda r: "Flagged: missed sessions" if r.flagged else "",
         lambda r: r.flagged),
    )


class WaitingModel(RowTableModel[WaitingRow]):
    columns = (
        ("#", lambda r: str(r.position), lambda r: r.position),
        ("Name", lambda r: r.name, lambda r: r.name),
        ("Status", lambda r: r.status.value.capitalize(), lambda r: r.status.value),
        ("Added", lambda r: _day(r.added_on), lambda r: r.added_on.isoformat()),
        ("Note", lambda r: r.reason, lambda r: r.reason),
    )
