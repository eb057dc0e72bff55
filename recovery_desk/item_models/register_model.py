"""The register being taken: a row per member and their mark, fed RegisterRow through
set_rows(); marks set here are saved by the register dialog through the register service."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from recovery_desk.domain.models import AttendanceMark
from recovery_desk.domain.register_service import MARK_WORDS, RegisterRow

NAME, MARK = range(2)
HEADERS = ("Name", "Mark")
Index = QModelIndex | QPersistentModelIndex


class RegisterModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[RegisterRow] = []
        self.marks: dict[int, AttendanceMark] = {}

    def set_rows(self, rows: list[RegisterRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.marks = {r.enrolment_id: r.mark for r in rows if r.mark is not None}
        self.endResetModel()

    def set_mark(self, row: int, mark: AttendanceMark) -> None:
        self.marks[self._rows[row].enrolment_id] = mark
        index = self.index(row, MARK)
        self.dataChanged.emit(index, index)

    def changed_marks(self) -> dict[int, AttendanceMark]:
        return {r.enrolment_id: self.marks[r.enrolment_id] for r in self._rows
                if r.enrolment_id in self.marks and self.marks[r.enrolment_id] is not r.mark}

    def unmarked(self) -> list[str]:
        return [r.name for r in self._rows if r.enrolment_id not in self.marks]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(HEADERS):
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if index.column() == NAME:
                return row.name
            mark = self.marks.get(row.enrolment_id)
            if mark is None:
                return "Not marked"
            corrected = " (corrected)" if row.corrected and mark is row.mark else ""
            changed = " (changed, not saved)" if mark is not row.mark else ""
            return MARK_WORDS[mark] + corrected + changed
        return None
