"""The intake tab's eligibility table and, under it, why the chosen group's outcome is what it
is. The reasons sit under the table rather than in a column of it, so on a small screen at
large text each group keeps a row of its own and its reasons have the panel's whole width.
Used by intake_tab.py."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QLabel, QTableView, QWidget

from recovery_desk.eligibility import GroupEligibility
from recovery_desk.item_models.eligibility_model import (
    ELIGIBLE_FROM,
    GROUP,
    OUTCOME,
    REASONS,
    REFER,
    RESULT_ROLE,
    EligibilityModel,
)
from recovery_desk.views.widgets.column_shares import ColumnShares

SHARES = {REFER: 0.1, GROUP: 0.45, OUTCOME: 0.27, ELIGIBLE_FROM: 0.18}
"""Each shown column's share of the table's width (the reasons go under the table); the
'Eligible from' column shows only when some group has a date in it, so in the usual case the
names and outcomes have its width and keep to one line."""
NONE_CHOSEN = "Select a group to see why."


def eligibility_table(model: EligibilityModel) -> QTableView:
    """A row per group: the Refer tick, the group, the outcome and from when; names wrap."""
    table = QTableView()
    table.setAccessibleName("Eligibility for each group")
    table.setTabKeyNavigation(False)  # arrows within, Tab out
    table.setModel(model)
    table.verticalHeader().hide()
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setColumnHidden(REASONS, True)
    shares = ColumnShares(table, dict(SHARES))
    table.setProperty("column_shares", shares)

    def dates_or_not() -> None:
        dated = any(model.index(row, ELIGIBLE_FROM).data() for row in range(model.rowCount()))
        table.setColumnHidden(ELIGIBLE_FROM, not dated)
        shares.shares = {c: share for c, share in SHARES.items()
                         if dated or c != ELIGIBLE_FROM}
        shares.fit()

    model.modelReset.connect(dates_or_not)
    dates_or_not()
    return table


def reasons_text(result: GroupEligibility | None) -> str:
    """The chosen group's outcome and each reason for it, one to a line."""
    if result is None:
        return NONE_CHOSEN
    reasons = "\n".join(f"• {reason}" for reason in result.reasons)
    return f"Why, for {result.group}:\n{reasons}" if reasons else \
        f"{result.group}: nothing stands in the way."


class ReasonsLabel(QLabel):
    """Follows the table's current row and says why that group's outcome is what it is."""

    def __init__(self, table: QTableView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = table
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)  # group names and reasons, as written
        self.setAccessibleName("Why, for the selected group")
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._kept: int | None = None
        table.selectionModel().currentRowChanged.connect(self._follow)
        # The panel is worked out again as the form is typed in: the group chosen stays chosen.
        table.model().modelAboutToBeReset.connect(self._keep)
        table.model().modelReset.connect(self._choose_again)

    def _keep(self) -> None:
        index = self.table.currentIndex()
        self._kept = index.data(RESULT_ROLE).group_id if index.isValid() else None

    def _choose_again(self) -> None:
        model = self.table.model()
        for row in range(model.rowCount()):
            index = model.index(row, GROUP)
            if self._kept is not None and index.data(RESULT_ROLE).group_id == self._kept:
                self.table.setCurrentIndex(index)
                break
        self._follow()

    def _follow(self, *_: object) -> None:
        index: QModelIndex = self.table.currentIndex()
        if not self.table.model().rowCount():
            self.setText("")  # no groups worked out yet: nothing to choose
            return
        self.setText(reasons_text(index.data(RESULT_ROLE) if index.isValid() else None))
