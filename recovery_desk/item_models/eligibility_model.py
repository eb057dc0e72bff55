"""The intake tab's eligibility panel: a row per active group with its outcome and reasons, and
a tick for each group the keyworker refers to. Fed GroupEligibility rows through set_rows().

The reasons read as a keyworker says them: what stands in the way first, then the criteria met,
each marked as met (why_lines), so the two are never confused.
The tab shows the reasons under the table (views/intake/eligibility_table.py), not in their
column; a screen reader hears them with the group's name."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal

from recovery_desk.eligibility import GroupEligibility
from recovery_desk.item_models.rows_model import Index, RowsModel
from recovery_desk.schedule.phrases import format_date
from recovery_desk.vocabulary import OUTCOME_WORDS

REFER, GROUP, OUTCOME, REASONS, ELIGIBLE_FROM = range(5)
HEADERS = ("Refer", "Group", "Outcome", "Why", "Eligible\nfrom")
RESULT_ROLE = Qt.ItemDataRole.UserRole + 1


def why_lines(result: GroupEligibility) -> list[str]:
    """The reasons as bullet lines: each that stands in the way, then each criterion met."""
    return [*(f"• {reason}" for reason in result.reasons),
            *(f"✓ met: {criterion}" for criterion in result.met)]


class EligibilityModel(RowsModel[GroupEligibility]):
    referrals_changed = Signal()
    headers = HEADERS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._referred: set[int] = set()

    def set_rows(self, rows: list[GroupEligibility]) -> None:
        """New results; ticks stay on groups that can still be referred to."""
        self.beginResetModel()
        self._rows = list(rows)
        allowed = {r.group_id for r in rows if r.can_refer}
        before = set(self._referred)
        self._referred &= allowed
        self.endResetModel()
        if before != self._referred:
            self.referrals_changed.emit()

    def clear_referrals(self) -> None:
        self.beginResetModel()
        self._referred.clear()
        self.endResetModel()
        self.referrals_changed.emit()

    def referred(self) -> list[GroupEligibility]:
        return [r for r in self._rows if r.group_id in self._referred]

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == REFER and self._rows[index.row()].can_refer:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self.valid(index):
            return None
        result = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.CheckStateRole and column == REFER:
            if not result.can_refer:
                return None
            return Qt.CheckState.Checked if result.group_id in self._referred \
                else Qt.CheckState.Unchecked
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                    Qt.ItemDataRole.AccessibleTextRole):
            if column == REFER:
                return ("Referral required" if result.referral_required else "Open group") \
                    if role != Qt.ItemDataRole.DisplayRole else None
            if column == GROUP and role == Qt.ItemDataRole.AccessibleTextRole:
                return f"{result.group}: {OUTCOME_WORDS[result.outcome]}. " \
                    + " ".join(result.reasons)
            return (None, result.group, OUTCOME_WORDS[result.outcome],
                    "\n".join(why_lines(result)),
                    format_date(result.eligible_from) if result.eligible_from else "")[column]
        if role == RESULT_ROLE:
            return result
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or index.column() != REFER \
                or not self._rows[index.row()].can_refer:
            return False
        group_id = self._rows[index.row()].group_id
        assert group_id is not None
        checked = Qt.CheckState(value) == Qt.CheckState.Checked
        if checked:
            self._referred.add(group_id)
        else:
            self._referred.discard(group_id)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.referrals_changed.emit()
        return True
