"""What the Desk menu needs of the main window, in a module of its own: the main window derives
from it at start-up, before the menu (built once the database is open) and what the menu
loads are imported."""

from __future__ import annotations

from PySide6.QtWidgets import QMainWindow


class DeskWindow(QMainWindow):
    """A main window the Desk menu can drive: MainWindow is the one."""

    def shown_tab_titles(self) -> list[str]:
        """Each tab's title in Ctrl+number order, '' for those the role cannot see."""
        raise NotImplementedError

    def lock(self, *, idle: bool) -> None:
        raise NotImplementedError

    def show_backup_warning(self) -> None:
        raise NotImplementedError

    def show_new_person(self) -> None:
        """Go to the intake form, cleared for a new person (if the role may)."""
        raise NotImplementedError
