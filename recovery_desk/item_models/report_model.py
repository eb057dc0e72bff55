"""The group-work report's table for the Reports tab: a heading row per section, then a row per
figure with its exact value in each group's column and the total, and its definition last.
Fed plain rows (the report's lines) through set_report(); never queries."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from recovery_desk.exports.report_files import figure_text
from recovery_desk.item_models.rows_model import Index, RowsModel
from recovery_desk.rows.reports import ReportLine

FIGURE = 0
LINE_ROLE = Qt.ItemDataRole.UserRole + 1


class ReportModel(RowsModel[ReportLine | str]):
    """Rows are figures (ReportLine) or section headings (str)."""

    headers: tuple[str, ...] = ("Figure", "Definition")

    def set_report(self, columns: Sequence[str], lines: Sequence[ReportLine]) -> None:
        self.headers = ("Figure", *columns, "Definition")
        rows: list[ReportLine | str] = []
        for line in lines:
            if not rows or line.section != getattr(rows[-1], "section", rows[-1]):
                rows.append(line.section)
            rows.append(line)
        self.set_rows(rows)

    @property
    def definition_column(self) -> int:
        return len(self.headers) - 1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self.valid(index):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if isinstance(row, str):
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                return row if column == FIGURE else ""
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
            return None
        if role == LINE_ROLE:
            return row
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.definition
        if role == Qt.ItemDataRole.TextAlignmentRole and FIGURE < column < \
                self.definition_column:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return None
        if column == FIGURE:
            return row.label
        if column == self.definition_column:
            return row.definition
        number = column - 1
        text = figure_text(row.values[number], row.kind,
                           row.bases[number] if row.bases else None)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{row.label.strip()}, {self.headers[column]}: {text or 'none'}"
        return text
