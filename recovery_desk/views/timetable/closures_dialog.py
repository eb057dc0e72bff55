"""The manager's closures: one day or a range, for the whole service or one group, with a reason.
Bank holidays are added by the app itself and are not listed here. A closure over booked
sessions tells those booked (in the domain); the desk is then told how many get a text or email
and how many are on the "to phone" list, which it can open."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from recovery_desk.access import Permission
from recovery_desk.domain.messages import outbox_service
from recovery_desk.domain.service import catalogue_service, closure_service
from recovery_desk.rows.messages import MessageRow
from recovery_desk.schedule.phrases import format_date
from recovery_desk.views.frame.context import DeskContext
from recovery_desk.views.messages.message_words import told_words
from recovery_desk.views.messages.messages_dialog import MessagesDialog
from recovery_desk.views.widgets import dialogs
from recovery_desk.views.widgets.date_edit import DateEdit
from recovery_desk.views.widgets.form_errors import FieldMessage
from recovery_desk.vocabulary import MessageKind


class ClosuresDialog(QDialog):
    def __init__(self, parent: QWidget | None, context: DeskContext) -> None:
        super().__init__(parent)
        self.setWindowTitle("Closures")
        self.context = context
        today = context.today()
        self.list = QListWidget()
        self.list.setAccessibleName("Upcoming closures")
        self.remove_button = QPushButton("&Remove selected")
        self.remove_button.clicked.connect(self.remove_selected)
        self.first = DateEdit("First day closed", today)
        self.last = DateEdit("Last day closed", today)
        self.group = QComboBox()
        self.group.setAccessibleName("Which group")
        self.group.addItem("The whole service", None)
        for group in context.call(catalogue_service.list_groups, include_retired=False):
            self.group.addItem(group.name, group.id)
        self.reason = QLineEdit()
        self.reason.setAccessibleName("Reason")
        self.reason.setPlaceholderText("e.g. Staff training day")
        self.last_message = FieldMessage(self.last)
        self.reason_message = FieldMessage(self.reason)
        self.add_button = QPushButton("&Add closure")
        self.add_button.clicked.connect(self.add)

        form = QFormLayout()
        form.addRow("&First day", self.first)
        form.addRow("&Last day", self.last)
        form.addRow("", self.last_message)
        form.addRow("&Group", self.group)
        form.addRow("R&eason", self.reason)
        form.addRow("", self.reason_message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        row.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Upcoming closures (bank holidays of England and Wales are "
                                "added automatically):"))
        layout.addWidget(self.list)
        layout.addLayout(form)
        layout.addLayout(row)
        layout.addWidget(buttons)
        self.resize(560, 480)
        self.reload()

    def reload(self) -> None:
        self.list.clear()
        listed = self.context.run(self, "Closures", closure_service.list_closures,
                                  self.context.today())
        for closure in listed.value if listed else []:
            days = format_date(closure.first) if closure.first == closure.last else \
                f"{format_date(closure.first)} to {format_date(closure.last)}"
            item = QListWidgetItem(f"{days}: {closure.group_name or 'whole service'}: "
                                   f"{closure.reason}")
            item.setData(Qt.ItemDataRole.UserRole, closure.id)
            self.list.addItem(item)
        self.remove_button.setEnabled(self.list.count() > 0)

    def add(self) -> bool:
        first, last = self.first.day(), self.last.day()
        before = self._cancellations()
        if self.context.run_form(self, "Cannot add the closure", self.show_problems,
                                 closure_service.add_closure, first, last,
                                 self.reason.text(), self.group.currentData()) is None:
            return False
        self.reason.clear()
        self.reload()
        # The closure told everyone booked into the sessions it closes (in its transaction):
        # the desk hears how, and may open the list of those to ring.
        told = [row for row in self._cancellations() if row.id not in {m.id for m in before}]
        if told:
            dialogs.show_outcome(self, "Closure added", told_words(told), [(
                "Open the \u201cto &phone\u201d list\u2026",
                lambda: MessagesDialog.to_phone_list(self, self.context))])
        return True

    def _cancellations(self) -> list[MessageRow]:
        if not self.context.can(Permission.SEND_MESSAGES):
            return []
        return self.context.call(outbox_service.list_messages, kind=MessageKind.CANCELLED)

    def show_problems(self, problems: dict[str, str]) -> None:
        self.last_message.show_message(problems.get("last"))
        self.reason_message.show_message(problems.get("reason"))

    def remove_selected(self) -> None:
        item = self.list.currentItem()
        if item is None or not dialogs.confirm(self, "Remove closure",
                                               f"Remove this closure?\n{item.text()}", "Remove"):
            return
        self.context.run(self, "Cannot remove the closure", closure_service.remove_closure,
                         item.data(Qt.ItemDataRole.UserRole))
        self.reload()
