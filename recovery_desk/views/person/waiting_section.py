"""The person record's "Waiting lists" section: each list the person is on, their position,
any open offer with its answer-by date, and the desk's answers to it (accepted, declined, no
answer by the date). It reads and reloads itself, so the record around it only places it."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QTableView, QVBoxLayout, QWidget

from recovery_desk.domain.places import waiting_list_service as waiting
from recovery_desk.domain.store.changes import PEOPLE
from recovery_desk.item_models.review_models import ROW_ROLE
from recovery_desk.item_models.waiting_models import PersonWaitingModel
from recovery_desk.rows.places import PersonWaitingRow
from recovery_desk.views.frame.context import DeskContext
from recovery_desk.views.person.offer_answers import Offer, OfferButtons
from recovery_desk.views.widgets.tables import filtered_table
from recovery_desk.vocabulary import WaitingStatus

NONE = "Not on any waiting list."


class WaitingSection(QWidget):
    def __init__(self, context: DeskContext, person_id: int, person: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context, self.person_id, self.person = context, person_id, person
        self.model = PersonWaitingModel(self)
        self.table: QTableView = filtered_table(self.model, "Waiting lists")
        self.table.selectionModel().currentRowChanged.connect(self._chosen)
        self.empty = QLabel(NONE)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setAccessibleName("Note on the selected waiting list")
        self.buttons = OfferButtons(context, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.empty, self.table, self.note, self.buttons):
            layout.addWidget(widget)
        layout.addStretch(1)  # on its own page: the lists, note and answers from the top
        self.reload()
        # An answer here or at another desk, a booking or a freed place: shown at once.
        context.announced.connect(self._announced)

    def _announced(self, kinds: frozenset[str]) -> None:
        if PEOPLE in kinds:
            self.reload()

    def reload(self) -> None:
        """Read the person's lists again, keeping the open offer chosen where there is one."""
        rows = self.context.call(waiting.person_entries, self.person_id)
        self.model.set_rows(rows)
        self.empty.setVisible(not rows)
        self.table.setVisible(bool(rows))
        self.buttons.setVisible(bool(rows))
        self.table.setMaximumHeight(self._table_height(len(rows)))
        offered = next((n for n, r in enumerate(rows) if r.status is WaitingStatus.OFFERED), 0)
        proxy = self.table.model()
        if rows:
            source = self.model.index(offered, 0)
            self.table.setCurrentIndex(proxy.mapFromSource(source))  # type: ignore[attr-defined]
        self._chosen()

    def _table_height(self, rows: int) -> int:
        """Tall enough for the header and every list (people wait for a handful at most)."""
        header = self.table.horizontalHeader().sizeHint().height()
        row = self.table.verticalHeader().defaultSectionSize()
        return header + row * max(rows, 1) + 2 * self.table.frameWidth() + 2

    def selected(self) -> PersonWaitingRow | None:
        index = self.table.currentIndex()
        return index.data(ROW_ROLE) if index.isValid() else None

    def _chosen(self, *_: object) -> None:
        row = self.selected()
        self.note.setText(row.reason if row and row.reason else "")
        self.note.setVisible(bool(row and row.reason))
        self.buttons.set_offer(Offer(row.entry_id, self.person, row.group, row.answer_by)
                               if row and row.status is WaitingStatus.OFFERED else None)
