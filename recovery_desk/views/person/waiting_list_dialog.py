"""A group's waiting list at the desk: who is waiting, in order, the offers open with their
answer-by dates, the note kept on each entry, and the answers to an offer (accepted, declined,
no answer by the date). Opened from the timetable's selected session and the catalogue's
selected group. The order is not changed here: moving people up or down stays with keyworkers
(the Review tab)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from recovery_desk.domain.places import waiting_list_service as waiting
from recovery_desk.domain.store.changes import PEOPLE
from recovery_desk.item_models.review_models import ROW_ROLE
from recovery_desk.item_models.waiting_models import GroupWaitingModel
from recovery_desk.rows.places import WaitingRow
from recovery_desk.views.frame.context import DeskContext
from recovery_desk.views.person.offer_answers import Offer, OfferButtons
from recovery_desk.views.widgets import dialogs
from recovery_desk.views.widgets.tables import filtered_table
from recovery_desk.vocabulary import WaitingStatus

MAX_WIDTH = 1000
"""Within a 1024-pixel screen, with room for the window's frame."""


def count_words(rows: list[WaitingRow]) -> str:
    """'3 on the list: 2 waiting, 1 offered', 'Nobody is waiting.': everyone listed counted,
    so the count matches the rows under it."""
    if not rows:
        return "Nobody is waiting."
    offers = sum(1 for r in rows if r.status is WaitingStatus.OFFERED)
    return (f"{len(rows)} on the list: {len(rows) - offers} waiting, {offers} offered. "
            "Select someone with an offer to record their answer.")


class WaitingListDialog(QDialog):
    # Shadows QDialog.open(), which nothing here calls: the dialog opens for a group or not
    # at all. The override is deliberate, so mypy's objection is silenced here alone.
    @classmethod
    def open(cls, parent: QWidget | None, context: DeskContext,  # type: ignore[override]
             group_id: int, group: str) -> WaitingListDialog | None:
        """The group's list as it stands, or None after saying why it cannot be read."""
        rows = context.run(parent, "No waiting list", waiting.entries, group_id)
        return cls(parent, context, group_id, group, rows.value) if rows else None

    def __init__(self, parent: QWidget | None, context: DeskContext, group_id: int,
                 group: str, rows: list[WaitingRow]) -> None:
        super().__init__(parent)
        self.context, self.group_id, self.group = context, group_id, group
        self.setWindowTitle(f"Waiting list: {group}")
        self.model = GroupWaitingModel(self)
        self.table: QTableView = filtered_table(self.model, f"Waiting list for {group}")
        self.table.selectionModel().currentRowChanged.connect(self._chosen)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setAccessibleName("Note on the selected person's entry")
        self.buttons = OfferButtons(context, self)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.summary, self.table, self.note, self.buttons, close):
            layout.addWidget(widget)
        self._show(rows)
        self._fit_width()
        context.announced.connect(self._announced)

    def _fit_width(self) -> None:
        """Wide enough for every column (names are long, text may be large), within a small
        screen's 1024 pixels."""
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        self.table.resizeColumnsToContents()
        layout = self.layout()
        margins = layout.contentsMargins().left() if layout is not None else 0
        needed = header.length() + self.table.verticalScrollBar().sizeHint().width() \
            + 2 * self.table.frameWidth() + 2 * margins
        header.setStretchLastSection(True)
        self.resize(min(MAX_WIDTH, max(640, needed)), 440)

    def _announced(self, kinds: frozenset[str]) -> None:
        if PEOPLE in kinds:
            self.reload()

    def reload(self) -> None:
        """Read the list again (an answer here or at another desk changed it)."""
        self._show(self.context.call(waiting.entries, self.group_id))

    def _show(self, rows: list[WaitingRow]) -> None:
        chosen = self.selected()
        self.model.set_rows(rows)
        self.summary.setText(count_words(rows))
        keep = next((n for n, r in enumerate(rows) if chosen and r.entry_id == chosen.entry_id),
                    next((n for n, r in enumerate(rows) if r.status is WaitingStatus.OFFERED),
                         0))
        if rows:
            proxy = self.table.model()
            self.table.setCurrentIndex(
                proxy.mapFromSource(self.model.index(keep, 0)))  # type: ignore[attr-defined]
        self.table.setFocus()
        self._chosen()

    def selected(self) -> WaitingRow | None:
        index = self.table.currentIndex()
        return index.data(ROW_ROLE) if index.isValid() else None

    def _chosen(self, *_: object) -> None:
        row = self.selected()
        self.note.setText(f"{row.name}: {row.reason}" if row and row.reason else "")
        self.buttons.set_offer(Offer(row.entry_id, row.name, self.group, row.answer_by)
                               if row and row.status is WaitingStatus.OFFERED else None)


def show_waiting_list(parent: QWidget | None, context: DeskContext,
                      groups: list[tuple[int, str]]) -> WaitingListDialog | None:
    """The waiting list of one of these groups (id, name), asking which when there are
    several (two groups meeting at the selected time), shown until closed."""
    names = list(dict.fromkeys(name for _, name in groups))
    if len(names) > 1:
        choice = dialogs.ask_choice(parent, "Waiting list", "Which group?", names)
        groups = [g for g in groups if g[1] == choice]
    if not groups:
        return None
    group_id, name = groups[0]
    dialog = WaitingListDialog.open(parent, context, group_id, name)
    if dialog is not None:
        dialog.exec()
    return dialog
