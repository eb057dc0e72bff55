"""The Messages window (Desk menu, Messages…; SEND_MESSAGES: reception and up): tomorrow's
reminders, the outbox newest first with each message's status and Notify's reason for a
refusal, and the "to phone" list of people no text or email can reach, with their number and
a Phoned… button that logs the call (outbox_service.record_phoned). The line at the top says
how many messages wait to go and since when. It reloads whenever a message, a booking or a
cancellation is committed (here or at another desk)."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from recovery_desk.access import Permission
from recovery_desk.domain.messages import outbox_service
from recovery_desk.domain.store.changes import PEOPLE
from recovery_desk.rows.messages import MessageRow, ToPhoneRow
from recovery_desk.schedule.phrases import format_date
from recovery_desk.views.frame.context import DeskContext
from recovery_desk.views.messages.message_words import (
    CHANNEL_WORDS,
    local_time,
    status_words,
    waiting_words,
)
from recovery_desk.views.widgets import dialogs
from recovery_desk.views.widgets.column_shares import ColumnShares
from recovery_desk.vocabulary import MESSAGE_KIND_WORDS, MessageKind

REMINDERS_PAGE, OUTBOX_PAGE, TO_PHONE_PAGE = 0, 1, 2
OUTBOX_HEADERS = ("Queued", "Kind", "Channel", "To", "Status", "Reason")
PHONE_HEADERS = ("Name", "Number", "About", "Session", "Group")


def _table(parent: QWidget, name: str, headers: tuple[str, ...],
           shares: tuple[float, ...]) -> QTableView:
    # The model belongs to the dialog, so it outlives the table as the dialog closes.
    model = QStandardItemModel(0, len(headers), parent)
    model.setHorizontalHeaderLabels(list(headers))
    table = QTableView()
    table.setModel(model)
    table.setAccessibleName(name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().hide()
    # Columns share the width and wrap, so every column stays in sight at large text.
    ColumnShares(table, dict(enumerate(shares)))  # kept alive by the table, its parent
    return table


def _fill(table: QTableView, rows: list[list[str]], none: str) -> None:
    model = table.model()
    assert isinstance(model, QStandardItemModel)
    model.removeRows(0, model.rowCount())
    for cells in rows or [[none] + [""] * (model.columnCount() - 1)]:
        items = [QStandardItem(text) for text in cells]
        for item in items:
            item.setEditable(False)
        model.appendRow(items)


def _message_cells(message: MessageRow) -> list[str]:
    return [local_time(message.created_at), MESSAGE_KIND_WORDS[message.kind],
            CHANNEL_WORDS[message.channel], message.to, status_words(message.status),
            message.error]


def _phone_cells(row: ToPhoneRow) -> list[str]:
    return [row.name, row.phone or "No number on file", MESSAGE_KIND_WORDS[row.kind],
            format_date(row.session_date) if row.session_date else "", row.group]


class MessagesDialog(QDialog):
    def __init__(self, parent: QWidget | None, context: DeskContext) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle("Messages")
        self.waiting = QLabel()
        self.waiting.setAccessibleName("Messages waiting to go")
        self.waiting.setWordWrap(True)
        shares = (0.17, 0.15, 0.1, 0.2, 0.14, 0.24)
        self.reminders = _table(self, "Tomorrow's reminders", OUTBOX_HEADERS, shares)
        self.outbox = _table(self, "Outbox, newest first", OUTBOX_HEADERS, shares)
        self.to_phone = _table(self, "People to phone", PHONE_HEADERS,
                               (0.24, 0.2, 0.18, 0.17, 0.21))
        self.phoned_button = QPushButton("&Phoned…")
        self.phoned_button.setAccessibleName("Log the call to the selected person")
        self.phoned_button.clicked.connect(self.phoned)
        self.phoned_button.setVisible(context.can(Permission.EDIT_CONTACT))
        self.pages = QTabWidget()
        self.pages.setAccessibleName("Messages")
        for title, table in (("Tomorrow's &reminders", self.reminders),
                             ("&Outbox", self.outbox), ("&To phone", self.to_phone)):
            page = QWidget()
            box = QVBoxLayout(page)
            box.addWidget(table, 1)
            if table is self.to_phone:
                box.addWidget(self.phoned_button, 0, Qt.AlignmentFlag.AlignLeft)
            self.pages.addTab(page, title)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.waiting)
        layout.addWidget(self.pages, 1)
        layout.addWidget(buttons)
        metrics = self.fontMetrics()
        self.resize(min(max(720, 100 * metrics.averageCharWidth()), 1000),
                    min(max(480, 28 * metrics.lineSpacing()), 680))
        self.phone_rows: list[ToPhoneRow] = []
        self.reload()
        context.announced.connect(self._announced)

    @classmethod
    def to_phone_list(cls, parent: QWidget | None, context: DeskContext) -> MessagesDialog:
        """The window opened on its "to phone" page (after cancelling a session)."""
        dialog = cls(parent, context)
        dialog.pages.setCurrentIndex(TO_PHONE_PAGE)
        dialog.exec()
        return dialog

    def _announced(self, kinds: frozenset[str]) -> None:
        if PEOPLE in kinds:
            self.reload()

    def reload(self) -> None:
        """Read the three lists and the waiting line again."""
        call = self.context.call
        tomorrow = self.context.today() + timedelta(days=1)
        _fill(self.reminders, [_message_cells(m) for m in call(
            outbox_service.list_messages, kind=MessageKind.REMINDER, session_date=tomorrow)],
            f"No reminders queued for {format_date(tomorrow)} yet.")
        _fill(self.outbox, [_message_cells(m) for m in call(outbox_service.list_messages)],
              "No messages yet.")
        self.phone_rows = call(outbox_service.to_phone)
        _fill(self.to_phone, [_phone_cells(row) for row in self.phone_rows],
              "Nobody to phone.")
        self.phoned_button.setEnabled(bool(self.phone_rows))
        waiting = waiting_words(call(outbox_service.waiting))
        self.waiting.setText(waiting or "Nothing waiting to go.")
        self.pages.setTabText(TO_PHONE_PAGE, f"&To phone ({len(self.phone_rows)})"
                              if self.phone_rows else "&To phone")

    def phoned(self) -> bool:
        """Log the call to the selected person on the list, with a few words of how it went."""
        row = self.to_phone.currentIndex().row()
        if not 0 <= row < len(self.phone_rows):
            dialogs.show_error(self, "Phoned", "Choose the person you rang first.")
            return False
        chosen = self.phone_rows[row]
        said = dialogs.ask_text(self, f"Phoned {chosen.name}",
                                "How did it go, in a few non-clinical words?")
        if said is None:
            return False
        done = self.context.run(self, "Call not logged", outbox_service.record_phoned,
                                chosen.message_id, said)
        return done is not None
