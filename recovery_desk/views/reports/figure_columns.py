"""Which of the report's columns the Reports tab shows: every group side by side where the
table has the width for them, otherwise the figures of one column at a time (all chosen
groups together, or one group), chosen in a box above the table. On a small screen at large
text the figures stay in sight and whole instead of sitting right of the table's edge.
Used by reports_tab.py."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QComboBox, QTableView

from recovery_desk.item_models.report_model import FIGURE, ReportModel
from recovery_desk.views.widgets.column_shares import ColumnShares

SIDE_BY_SIDE = "Every group side by side"
FIGURE_SHARE = 0.34
"""The figure's name's share of the table's width; the columns of numbers share the rest."""


class FigureColumns(QObject):
    def __init__(self, table: QTableView, model: ReportModel, box: QComboBox) -> None:
        super().__init__(table)
        self.table, self.model, self.box = table, model, box
        self.chosen_by_hand = self._busy = False
        self.shares = ColumnShares(table, {})
        box.setAccessibleName("Show figures for")
        box.activated.connect(self._chosen)
        table.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Showing columns can resize the view again: that resize is not a new question.
        if event.type() == QEvent.Type.Resize and not self.chosen_by_hand and not self._busy:
            self._busy = True
            try:
                self.show_fitting()
            finally:
                self._busy = False
        return False

    def _numbers(self) -> list[int]:
        """The columns of numbers: one per group, then all chosen groups together."""
        return list(range(FIGURE + 1, self.model.definition_column))

    def _heading(self, column: int) -> str:
        return str(self.model.headerData(column, Qt.Orientation.Horizontal))

    def report_shown(self) -> None:
        """A new report: offer its columns, and show what fits (or what was chosen)."""
        chosen = self.box.currentText()
        self.box.blockSignals(True)
        self.box.clear()
        self.box.addItems([SIDE_BY_SIDE, *(self._heading(c) for c in self._numbers())])
        self.box.blockSignals(False)
        self.table.setColumnHidden(self.model.definition_column, True)  # read below the table
        if self.chosen_by_hand and self.box.findText(chosen) >= 0:
            self.show(chosen)
        else:
            self.chosen_by_hand = False
            self.show_fitting()

    def _chosen(self) -> None:
        self.chosen_by_hand = True
        self.show(self.box.currentText())

    def show_fitting(self) -> None:
        """Every group side by side if the table has the width, else all chosen groups."""
        numbers = self._numbers()
        if not numbers:
            return
        fits = self.shares.needs([FIGURE, *numbers]) <= self.table.width()
        self.show(SIDE_BY_SIDE if fits else self._heading(numbers[-1]))

    def show(self, choice: str) -> None:
        """Show the figure's name and the chosen column (or every column of numbers)."""
        numbers = self._numbers()
        shown = numbers if choice == SIDE_BY_SIDE else \
            [c for c in numbers if self._heading(c) == choice] or numbers[-1:]
        for column in numbers:
            self.table.setColumnHidden(column, column not in shown)
        self.shares.shares = {FIGURE: FIGURE_SHARE,
                              **{c: (1 - FIGURE_SHARE) / len(shown) for c in shown}}
        self.shares.fit()
        self.box.blockSignals(True)
        self.box.setCurrentText(SIDE_BY_SIDE if shown == numbers and len(numbers) > 1
                                else self._heading(shown[0]))
        self.box.blockSignals(False)
