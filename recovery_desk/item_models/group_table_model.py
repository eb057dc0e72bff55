"""The catalogue's list of groups: one row per group, given as GroupDetails through set_rows()."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from recovery_desk.catalogue.details import GroupDetails
from recovery_desk.item_models.rows_model import Index, RowsModel

NAME, SCHEDULE, FORMAT, CAPACITY, STATUS = range(5)
HEADERS = ("Group", "When", "Format", "Capacity", "Status")
GROUP_ROLE = Qt.ItemDataRole.UserRole + 1
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 2


class GroupTableModel(RowsModel[GroupDetails]):
    headers = HEADERS

    def row_of(self, group_id: int) -> int | None:
        return next((i for i, g in enumerate(self._rows) if g.id == group_id), None)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self.valid(index):
            return None
        group = self._rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            name = f"{group.name} (name to be confirmed)" if group.name_to_be_confirmed \
                else group.name
            return (name, group.schedule_words, group.format_words,
                    str(group.capacity), "Active" if group.active else "Retired")[column]
        if role == Qt.ItemDataRole.EditRole:
            return (group.name, group.schedule_words, group.format_words, group.capacity,
                    group.active)[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column == CAPACITY:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return group.who_for or None
        if role == GROUP_ROLE:
            return group
        if role == SEARCH_ROLE:
            return " ".join((group.display_name, group.schedule_words, group.format_words,
                             group.who_for, group.description)).casefold()
        if role == Qt.ItemDataRole.FontRole and not group.active:
            from PySide6.QtGui import QFont

            font = QFont()
            font.setItalic(True)
            return font
        return None
