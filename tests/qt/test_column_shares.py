"""Columns that share the table's width: every column is in sight and at least as wide as its
heading, wide or narrow, and the heading-bound columns leave the rest to the others."""

from __future__ import annotations

from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QTableView

from recovery_desk.views.widgets.column_shares import HEADING_PADDING, ColumnShares


def _table(qtbot, width: int) -> QTableView:
    model = QStandardItemModel(3, 3)
    model.setHorizontalHeaderLabels(["Group", "When", "A rather long heading"])
    table = QTableView()
    table.setModel(model)
    ColumnShares(table, {0: 0.45, 1: 0.45, 2: 0.1})
    qtbot.addWidget(table)
    table.resize(width, 300)
    table.show()
    qtbot.waitExposed(table)
    return table


def test_every_column_fits_and_keeps_its_heading(qtbot) -> None:
    table = _table(qtbot, 600)
    header = table.horizontalHeader()
    heading = header.fontMetrics().horizontalAdvance("A rather long heading") + HEADING_PADDING
    assert header.sectionSize(2) == heading  # its 10% would be narrower than its words
    assert header.sectionSize(0) == header.sectionSize(1)  # the rest, shared as asked
    assert sum(header.sectionSize(c) for c in range(3)) <= table.viewport().width()


def test_wider_tables_give_each_column_its_share(qtbot) -> None:
    table = _table(qtbot, 3000)
    header = table.horizontalHeader()
    width = table.viewport().width()
    assert abs(header.sectionSize(2) - width * 0.1) <= 1
    assert abs(header.sectionSize(0) - width * 0.45) <= 1
