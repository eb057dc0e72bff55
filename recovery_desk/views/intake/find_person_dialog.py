"""Find anyone from anywhere (Ctrl+F, or Desk > Find a person…): the intake tab's search (name,
date of birth or NHS number) in a small dialog; the person chosen has their record opened, and
New person goes to the intake form. Used by the Desk menu (shell/desk_menu.py)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from recovery_desk.views.frame.context import DeskContext
from recovery_desk.views.intake.person_finder import PersonFinder
from recovery_desk.views.person.person_record_dialog import PersonRecordDialog

HELP = ("Type a name, a date of birth (2/4/1985) or an NHS number. Down arrow moves to the "
        "people found; Enter or a double click opens a record.")


class FindPersonDialog(QDialog):
    def __init__(self, parent: QWidget | None, context: DeskContext) -> None:
        super().__init__(parent)
        self.setWindowTitle("Find a person")
        self.person_id: int | None = None
        self.wants_new = False
        self.finder = PersonFinder(context, self)
        # The dialog has the room for more than the intake tab's five rows.
        self.finder.results.setMaximumHeight(16_777_215)
        self.finder.chosen.connect(self._chosen)
        self.finder.new_person.connect(self._new)
        self.finder.search.installEventFilter(self)
        help_text = QLabel(HELP)
        help_text.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(help_text)
        layout.addWidget(self.finder, 1)
        layout.addStretch()
        layout.addWidget(buttons)
        self.resize(560, 420)
        self.finder.search.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """In the search box, Down goes to the people found, and Enter opens the one found
        (or goes to the list when several are)."""
        if watched is self.finder.search and event.type() == QEvent.Type.KeyPress \
                and isinstance(event, QKeyEvent) \
                and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.finder.run_search(self.finder.search.text())  # what is typed, not a pause
            found = [self.finder.results.item(n) for n in range(self.finder.results.count())]
            people = [item for item in found if item.data(Qt.ItemDataRole.UserRole) is not None]
            if len(people) == 1 and event.key() != Qt.Key.Key_Down:
                self.finder.results.itemActivated.emit(people[0])
            elif people:
                self.finder.results.setCurrentItem(people[0])
                self.finder.results.setFocus()
            return True
        return super().eventFilter(watched, event)

    def _chosen(self, person_id: int) -> None:
        self.person_id = person_id
        self.accept()

    def _new(self) -> None:
        self.wants_new = True
        self.accept()


def find_person(parent: QWidget, context: DeskContext) -> FindPersonDialog:
    """Ask who, then open their record over parent; the dialog, answered (its person_id, or
    wants_new when New person was pressed)."""
    dialog = FindPersonDialog(parent, context)
    if dialog.exec() == QDialog.DialogCode.Accepted and dialog.person_id is not None:
        record = PersonRecordDialog.open(parent, context, dialog.person_id)
        if record is not None:
            record.exec()
    return dialog
