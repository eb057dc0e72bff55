"""The manager's retention review: records with no contact for longer than the retention
period, and anonymising the ones the manager ticks, after confirming."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from recovery_desk.domain.people import retention_service
from recovery_desk.domain.service import service_settings
from recovery_desk.schedule.phrases import format_date
from recovery_desk.schedule.words import counted
from recovery_desk.views.frame.context import DeskContext
from recovery_desk.views.widgets import dialogs


class RetentionDialog(QDialog):
    def __init__(self, parent: QWidget | None, context: DeskContext) -> None:
        super().__init__(parent)
        self.setWindowTitle("Records past retention")
        self.context = context
        years = context.call_unsigned(service_settings.read)["retention_years"]
        intro = QLabel(f"Records with no contact for more than {counted(years, 'year')} (the "
                       "retention "
                       "period, a setting with the sign-in settings). Anonymising removes "
                       "names, identifiers, contact details, notes and the assessment; the "
                       "service's figures stay, and the audit keeps that it happened.")
        intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setAccessibleName("Records past retention; tick to anonymise")
        self.anonymise_button = QPushButton("&Anonymise ticked records…")
        self.anonymise_button.clicked.connect(self.anonymise)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.anonymise_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(close)
        self.resize(560, 480)
        self.reload()

    def reload(self) -> None:
        self.list.clear()
        listed = self.context.run(self, "Records past retention",
                                  retention_service.past_retention)
        for due in listed.value if listed else []:
            item = QListWidgetItem(f"{due.name} (record {due.person_id}), last contact "
                                   f"{format_date(due.last_contact)}")
            item.setData(Qt.ItemDataRole.UserRole, due.person_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.list.addItem(item)
        if not self.list.count():
            self.list.addItem("No record is past the retention period.")
        self.anonymise_button.setEnabled(self.list.count() > 0 and bool(
            self.list.item(0).data(Qt.ItemDataRole.UserRole)))

    def ticked(self) -> list[int]:
        return [self.list.item(row).data(Qt.ItemDataRole.UserRole)
                for row in range(self.list.count())
                if self.list.item(row).checkState() == Qt.CheckState.Checked]

    def anonymise(self) -> int:
        chosen = self.ticked()
        if not chosen:
            dialogs.show_error(self, "Anonymise", "Tick the records to anonymise first.")
            return 0
        if not dialogs.confirm(self, "Anonymise", f"Anonymise {counted(len(chosen), 'record')}? "
                               "This cannot be undone "
                               "(except by restoring a backup).", "Anonymise"):
            return 0
        done = self.context.run(self, "Anonymise", retention_service.anonymise, chosen)
        self.reload()
        return done.value if done else 0
