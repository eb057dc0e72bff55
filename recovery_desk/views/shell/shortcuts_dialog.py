"""Help > Keyboard shortcuts (F1): every key the desk answers to, read from the window itself
(the tab keys, the menus' shortcuts) and from each tab's own table, so the list cannot fall
behind the keys. Used by desk_menu.py."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMenu,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

EVERYWHERE: tuple[tuple[str, str], ...] = (
    ("Tab, Shift+Tab", "Move to the next or the previous control"),
    ("Alt+underlined letter", "Go to the control or press the button whose label shows it"),
    ("Arrow keys", "Move within a list, a table or the timetable; Tab leaves it"),
    ("Enter", "Open the selected session's register, or the chosen person's record"),
    ("Space", "Tick or untick a box; press the button that has focus"),
    ("Alt+Down", "Open the calendar of a date box (Left and Right move between its parts)"),
    ("Escape", "Close a dialog without saving"),
)


def _keys(sequence: QKeySequence | str) -> str:
    """Keys as this system writes them (Ctrl+L; on a Mac, its own symbols)."""
    return QKeySequence(sequence).toString(QKeySequence.SequenceFormat.NativeText)


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").strip()


def window_keys(window: QMainWindow, tab_titles: list[str]) -> list[tuple[str, str]]:
    """The keys of the window: one per tab shown, then every menu action with a shortcut."""
    rows = [(_keys(f"Ctrl+{number}"), f"Show the {title} tab")
            for number, title in enumerate(tab_titles, start=1) if title]
    for top in window.menuBar().actions():
        menu = top.menu()
        for action in menu.actions() if isinstance(menu, QMenu) else ():
            if action.isVisible() and not action.shortcut().isEmpty():
                rows.append((_keys(action.shortcut()),
                             f"{_plain(top.text())} > {_plain(action.text())}"))
    return rows


class ShortcutsDialog(QDialog):
    def __init__(self, parent: QWidget | None,
                 sections: list[tuple[str, list[tuple[str, str]]]]) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.table = QTableWidget(0, 2)
        self.table.setAccessibleName("Keyboard shortcuts")
        self.table.setHorizontalHeaderLabels(["Keys", "What they do"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for heading, rows in sections:
            shown = self._add(heading, "")
            bold = shown.font()
            bold.setBold(True)
            shown.setFont(bold)
            for keys, what in rows:
                self._add(keys, what)
        self.table.resizeRowsToContents()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Everything at the desk can be done from the keyboard."))
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(720, 560)

    def _add(self, keys: str, what: str) -> QTableWidgetItem:
        """Add a row; its first cell is returned (a heading's is set in bold)."""
        row = self.table.rowCount()
        self.table.insertRow(row)
        first = QTableWidgetItem(keys)
        self.table.setItem(row, 0, first)
        self.table.setItem(row, 1, QTableWidgetItem(what))
        return first

    def rows(self) -> list[tuple[str, str]]:
        return [(self._text(r, 0), self._text(r, 1)) for r in range(self.table.rowCount())]

    def _text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text() if item is not None else ""
