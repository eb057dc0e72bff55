"""The register being taken: a row per member, a column per mark (attended, late, apologies,
did not attend) to click or tap, and a note saying whether the row is saved. Fed RegisterRow
through set_rows(); marks set here are saved by the register dialog through the register
service, which is also where `summary()` is read before saving."""

from __future__ import annotations

from collections import Counter
from typing import Any

from PySide6.QtCore import Qt

from recovery_desk.item_models.rows_model import Index, RowsModel
from recovery_desk.rows.places import RegisterRow
from recovery_desk.schedule.words import counted
from recovery_desk.vocabulary import MARK_WORDS, AttendanceMark

NAME, ATTENDED, LATE, APOLOGIES, DID_NOT_ATTEND, NOTE = range(6)
MARK_COLUMNS = {ATTENDED: AttendanceMark.ATTENDED, LATE: AttendanceMark.LATE,
                APOLOGIES: AttendanceMark.APOLOGIES,
                DID_NOT_ATTEND: AttendanceMark.DID_NOT_ATTEND}
SUMMARY_WORDS = {AttendanceMark.ATTENDED: ("attended", "attended"),
                 AttendanceMark.LATE: ("late", "late"),
                 AttendanceMark.APOLOGIES: ("apology", "apologies"),
                 AttendanceMark.DID_NOT_ATTEND: ("did not attend", "did not attend")}
"""(one, several) for the summary shown before saving: '1 apology', '2 apologies'."""


NOT_MARKED, NOT_SAVED, CORRECTED, SAVED = NOTES = ("Not marked", "Not saved yet", "Corrected",
                                                   "Saved")
"""What the note column can say of a row."""


class RegisterModel(RowsModel[RegisterRow]):
    headers = ("Name", *(MARK_WORDS[mark] for mark in MARK_COLUMNS.values()), "Note")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.marks: dict[int, AttendanceMark] = {}

    def set_rows(self, rows: list[RegisterRow]) -> None:
        self.marks = {r.enrolment_id: r.mark for r in rows if r.mark is not None}
        super().set_rows(rows)

    def set_mark(self, row: int, mark: AttendanceMark) -> None:
        self.marks[self._rows[row].enrolment_id] = mark
        self.dataChanged.emit(self.index(row, 0), self.index(row, NOTE))

    def mark_everyone_unmarked(self, mark: AttendanceMark) -> int:
        """Every row not yet marked given mark; returns how many."""
        rows = [n for n, r in enumerate(self._rows) if r.enrolment_id not in self.marks]
        for number in rows:
            self.marks[self._rows[number].enrolment_id] = mark
        if rows:
            self.dataChanged.emit(self.index(rows[0], 0), self.index(rows[-1], NOTE))
        return len(rows)

    def changed_marks(self) -> dict[int, AttendanceMark]:
        return {r.enrolment_id: self.marks[r.enrolment_id] for r in self._rows
                if r.enrolment_id in self.marks and self.marks[r.enrolment_id] is not r.mark}

    def unmarked(self) -> list[str]:
        return [r.name for r in self._rows if r.enrolment_id not in self.marks]

    def summary(self) -> str:
        """The marks as they will stand, in English: '8 attended, 1 late, 1 apology, 2 did
        not attend'; 'nobody marked' when there are none."""
        counts = Counter(self.marks.get(r.enrolment_id) for r in self._rows)
        words = [counted(counts[mark], *SUMMARY_WORDS[mark]) for mark in MARK_COLUMNS.values()
                 if counts[mark]]
        return ", ".join(words) if words else "nobody marked"

    def note(self, row: RegisterRow) -> str:
        mark = self.marks.get(row.enrolment_id)
        if mark is None:
            return NOT_MARKED
        if mark is not row.mark:
            return NOT_SAVED
        return CORRECTED if row.corrected else SAVED

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not self.valid(index):
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() in MARK_COLUMNS:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Checking a mark's cell (a click, a tap, or Space) gives the row that mark; a mark
        is changed by checking another, never cleared."""
        if not self.valid(index) or index.column() not in MARK_COLUMNS \
                or role != Qt.ItemDataRole.CheckStateRole:
            return False
        if Qt.CheckState(value) == Qt.CheckState.Checked:
            self.set_mark(index.row(), MARK_COLUMNS[index.column()])
        return True

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self.valid(index):
            return None
        row = self._rows[index.row()]
        column = index.column()
        mark = self.marks.get(row.enrolment_id)
        if column in MARK_COLUMNS:
            chosen = mark is MARK_COLUMNS[column]
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if chosen else Qt.CheckState.Unchecked
            if role == Qt.ItemDataRole.AccessibleTextRole:
                return f"{MARK_WORDS[MARK_COLUMNS[column]]}{', chosen' if chosen else ''}"
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"Mark {row.name}: {MARK_WORDS[MARK_COLUMNS[column]].lower()}"
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if column == NAME:
                if role == Qt.ItemDataRole.AccessibleTextRole:  # the mark, heard with the name
                    return f"{row.name}: {MARK_WORDS[mark].lower() if mark else 'not marked'}"
                return row.name
            return self.note(row)
        return None
