"""The register being taken: a row per member and their mark, fed RegisterRow through
set_rows(); marks set here are saved by the register dialog through the register service."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from recovery_desk.item_models.rows_model import Index, RowsModel
from recovery_desk.rows.places import RegisterRow
from recovery_desk.vocabulary import MARK_WORDS, AttendanceMark

NAME, MARK = range(2)


class RegisterModel(RowsModel[RegisterRow]):
    headers = ("Name", "Mark")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.marks: dict[int, AttendanceMark] = {}

    def set_rows(self, rows: list[RegisterRow]) -> None:
        self.marks = {r.enrolment_id: r.mark for r in rows if r.mark is not None}
        super().set_rows(rows)

    def set_mark(self, row: int, mark: AttendanceMark) -> None:
        self.marks[self._rows[row].enrolment_id] = mark
        index = self.index(row, MARK)
        self.dataChanged.emit(index, index)

    def changed_marks(self) -> dict[int, AttendanceMark]:
        return {r.enrolment_id: self.marks[r.enrolment_id] for r in self._rows
                if r.enrolment_id in self.marks and self.marks[r.enrolment_id] is not r.mark}

    def unmarked(self) -> list[str]:
        return [r.name for r in self._rows if r.enrolment_id not in self.marks]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self.valid(index):
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
