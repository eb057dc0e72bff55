"""Columns that share the table's width: every column is in sight and at least as wide as its
heading's and its cells' longest words (headings wrap between words, the header growing to
fit), wide or narrow, and the word-bound columns leave the rest to the others."""

from __future__ import annotations

from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QTableView

from recovery_desk.views.widgets.column_shares import CELL_PADDING, HEADING_PADDING, ColumnShares
from tests.qt.screens import cut_text


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
    """A narrow column gets its heading's longest word, and the heading wraps in a taller
    header; the rest is shared as asked."""
    table = _table(qtbot, 600)
    header = table.horizontalHeader()
    heading = header.fontMetrics().horizontalAdvance("heading") + HEADING_PADDING
    assert header.sectionSize(2) == heading  # its 10% would be narrower than its words
    assert header.height() > 2 * header.fontMetrics().height()  # three lines
    assert header.sectionSize(0) == header.sectionSize(1)  # the rest, shared as asked
    assert sum(header.sectionSize(c) for c in range(3)) <= table.viewport().width()
    assert cut_text(table) == []


def test_a_long_word_in_a_cell_widens_its_column(qtbot) -> None:
    """A word added to a cell later is never cut: its column grows to hold it."""
    table = _table(qtbot, 600)
    word = "Pneumonoultramicroscopic"
    table.model().setItem(0, 2, QStandardItem(word))
    assert table.horizontalHeader().sectionSize(2) >= \
        table.fontMetrics().horizontalAdvance(word) + CELL_PADDING
    assert cut_text(table) == []


def test_wider_tables_give_each_column_its_share(qtbot) -> None:
    table = _table(qtbot, 3000)
    header = table.horizontalHeader()
    width = table.viewport().width()
    assert abs(header.sectionSize(2) - width * 0.1) <= 1
    assert abs(header.sectionSize(0) - width * 0.45) <= 1
