"""Searchable, sortable tables over the plain-row models, shared by the tabs and dialogs."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLineEdit, QTableView


def filtered_table(model: QAbstractItemModel, name: str, filter_box: QLineEdit | None = None,
           sort_column: int = 0) -> QTableView:
    proxy = QSortFilterProxyModel(model)
    proxy.setSourceModel(model)
    proxy.setSortRole(Qt.ItemDataRole.EditRole)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    proxy.setFilterKeyColumn(-1)
    if filter_box is not None:
        filter_box.textChanged.connect(proxy.setFilterFixedString)
    table = QTableView()
    table.setAccessibleName(name)
    table.setModel(proxy)
    table.setSortingEnabled(True)
    table.sortByColumn(sort_column, Qt.SortOrder.AscendingOrder)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    # Arrow keys move within the table; Tab leaves it, as in every other control.
    table.setTabKeyNavigation(False)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def filter_box(label: str) -> QLineEdit:
    box = QLineEdit()
    box.setPlaceholderText(label)
    box.setAccessibleName(label)
    box.setClearButtonEnabled(True)
    return box
