"""Finding a service user on the intake tab: the search box, the people found, and the New
person button. Searching waits for a short pause in typing; the audit trail records a search
once it has settled (or a record is opened from it), not every keystroke.

Used by intake_tab.py, which opens the person chosen (`chosen`) or starts a new one
(`new_person`)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from recovery_desk.domain.people import intake_service as intake
from recovery_desk.schedule.phrases import format_date
from recovery_desk.views.frame.context import DeskContext

SEARCH_DELAY_MS = 150
SEARCH_SETTLED_MS = 2000


class PersonFinder(QWidget):
    chosen = Signal(int)
    """A person found was opened (Enter or double-click): their id."""
    new_person = Signal()

    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.search = QLineEdit()
        self.search.setPlaceholderText("Find a service user: name, date of birth (2/4/1985) "
                                       "or NHS number")
        self.search.setAccessibleName("Find a service user")
        self.search.setClearButtonEnabled(True)
        self.results = QListWidget()
        self.results.setAccessibleName("Service users found")
        self.results.setMaximumHeight(self.fontMetrics().lineSpacing() * 5 + 8)
        self.results.itemActivated.connect(self._open_item)
        self.new_button = QPushButton("Ne&w person")
        self.new_button.clicked.connect(self.new_person)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(lambda: self.run_search(self.search.text()))
        self.search.textChanged.connect(self._search_timer.start)
        self._unrecorded_search: int | None = None
        self._settled_timer = QTimer(self)
        self._settled_timer.setSingleShot(True)
        self._settled_timer.setInterval(SEARCH_SETTLED_MS)
        self._settled_timer.timeout.connect(self.record_search)

        row = QHBoxLayout()
        row.addWidget(self.search, 1)
        row.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.results)
        self.results.hide()
        self.setTabOrder(self.search, self.new_button)

    def run_search(self, text: str) -> None:
        self.results.clear()
        people = self.context.call(intake.search_people, text) if text.strip() else []
        if text.strip():
            self._unrecorded_search = len(people)
            self._settled_timer.start()
        for person in people:
            item = QListWidgetItem(f"{person.name}, born {format_date(person.date_of_birth)}"
                                   + (f", NHS {person.nhs_number}" if person.nhs_number else ""))
            item.setData(Qt.ItemDataRole.UserRole, person.id)
            self.results.addItem(item)
        if text.strip() and not people:
            self.results.addItem("No one found. Use New person to start a record.")
        self.results.setVisible(bool(text.strip()))

    def record_search(self) -> None:
        """Audit the search now showing, once."""
        self._settled_timer.stop()
        if self._unrecorded_search is not None:
            found, self._unrecorded_search = self._unrecorded_search, None
            self.context.call(intake.record_search, found)

    def _open_item(self, item: QListWidgetItem) -> None:
        self.record_search()
        person_id = item.data(Qt.ItemDataRole.UserRole)
        if person_id is not None:
            self.chosen.emit(person_id)
