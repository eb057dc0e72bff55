"""The manager's view of the audit trail: search by day, staff member, action and record,
page through the newest first, check the chain, and export what was found as CSV."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from recovery_desk.domain.staff import accounts, audit_service
from recovery_desk.domain.staff.audit_service import AuditFilter, AuditLine
from recovery_desk.item_models.review_models import RowTableModel
from recovery_desk.schedule.phrases import format_date
from recovery_desk.schedule.words import counted, plural
from recovery_desk.views.frame.context import DeskContext
from recovery_desk.views.widgets import dialogs
from recovery_desk.views.widgets.date_edit import DateEdit
from recovery_desk.views.widgets.saved_files import say_saved
from recovery_desk.views.widgets.tables import filtered_table

ANY = "(any)"


class AuditModel(RowTableModel[AuditLine]):
    columns = (
        ("Time (UTC)", lambda r: f"{format_date(r.at.date())} {r.at:%H:%M:%S}",
         lambda r: r.event_id),
        ("Staff", lambda r: r.staff, lambda r: r.staff),
        ("Workstation", lambda r: r.workstation, lambda r: r.workstation),
        ("Action", lambda r: r.action.replace("_", " "), lambda r: r.action),
        ("Record", lambda r: f"{r.entity.replace('_', ' ')} {r.entity_id or ''}".strip(),
         lambda r: (r.entity, r.entity_id or 0)),
        ("Outcome", lambda r: r.outcome, lambda r: r.outcome),
        ("Detail", lambda r: r.detail, lambda r: r.detail),
    )


class AuditDialog(QDialog):
    def __init__(self, parent: QWidget | None, context: DeskContext) -> None:
        super().__init__(parent)
        self.setWindowTitle("Audit trail")
        self.context = context
        today = context.today()
        self.first = DateEdit("From", today - timedelta(days=7))
        self.last = DateEdit("To", today)
        self.staff = QComboBox()
        self.staff.setAccessibleName("Staff member")
        self.staff.addItem(ANY, None)
        for line in context.call(accounts.list_staff):
            self.staff.addItem(line.name, line.staff_id)
        actions, records = context.call(audit_service.actions_and_records)
        self.action = self._choices("Action", actions)
        self.record = self._choices("Record type", records)
        self.record_id = QLineEdit()
        self.record_id.setAccessibleName("Record id")
        self.record_id.setPlaceholderText("any")
        self.search_button = QPushButton("&Search")
        self.search_button.setDefault(True)
        self.search_button.clicked.connect(self.search)
        self.model = AuditModel(self)
        self.table = filtered_table(self.model, "Audit rows, newest first")
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.count = QLabel()
        self.count.setAccessibleName("Rows found")
        self.more_button = QPushButton("Show &more")
        self.more_button.clicked.connect(self.more)
        self.verify_button = QPushButton("&Check the chain")
        self.verify_button.clicked.connect(self.verify)
        self.export_button = QPushButton("&Export as CSV…")
        self.export_button.clicked.connect(self.export)
        form = QFormLayout()
        for label, widget in (("&From", self.first), ("&To", self.last),
                              ("Staff mem&ber", self.staff), ("&Action", self.action),
                              ("&Record type", self.record), ("Record &id", self.record_id)):
            caption = QLabel(label)
            caption.setBuddy(widget)
            form.addRow(caption, widget)
        form.addRow("", self.search_button)
        buttons = QHBoxLayout()
        for button in (self.more_button, self.verify_button, self.export_button):
            buttons.addWidget(button)
        buttons.addStretch()
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.count)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(close)
        self.resize(980, 640)
        self.total = 0
        self.search()

    def _choices(self, label: str, values: list[str]) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(label)
        combo.addItem(ANY, "")
        for value in values:
            combo.addItem(value.replace("_", " "), value)
        return combo

    def chosen(self) -> AuditFilter | None:
        text = self.record_id.text().strip()
        if text and not text.isdigit():
            dialogs.show_error(self, "Audit trail", "A record id is a whole number.")
            return None
        return AuditFilter(self.first.day(), self.last.day(),
                           self.staff.currentData(), self.action.currentData(),
                           self.record.currentData(), int(text) if text else None)

    def search(self) -> None:
        chosen = self.chosen()
        if chosen is None:
            return
        found = self.context.run(self, "Audit trail", audit_service.search, chosen)
        if found is None:
            return
        rows, self.total = found.value
        self.model.set_rows(rows)
        self._count()

    def more(self) -> None:
        chosen = self.chosen()
        if chosen is None:
            return
        found = self.context.run(self, "Audit trail", audit_service.search, chosen,
                                 self.model.rowCount())
        if found is None:
            return
        rows, self.total = found.value
        self.model.set_rows(self.model.rows() + rows)
        self._count()

    def _count(self) -> None:
        shown = self.model.rowCount()
        self.count.setText(f"{counted(self.total, 'row')} found; {shown} shown, newest "
                           "first.")
        self.more_button.setEnabled(shown < self.total)

    def verify(self) -> bool:
        verified = self.context.run(self, "Audit trail", audit_service.verify)
        if verified is None:
            return False
        check = verified.value
        backups = counted(check.backups_read, "backup")
        if check.holds:
            dialogs.show_info(self, "Audit trail", f"{counted(check.rows, 'row')} checked, "
                              f"and held against {backups}: the chain holds. Nothing has been "
                              "changed or removed since the backups were taken.")
        elif check.broken_at is not None:
            dialogs.show_error(self, "Audit trail", f"Row {check.broken_at} breaks the chain "
                               f"({check.reason}). {counted(check.rows, 'row')} before it "
                               f"{plural('is', check.rows)} sound. "
                               "Tell IT and keep the backups.")
        else:
            dialogs.show_error(self, "Audit trail", "The trail has been cut: "
                               + "; ".join(check.missing) + ". Tell IT and keep the backups.")
        return check.holds

    def export(self) -> Path | None:
        chosen = self.chosen()
        if chosen is None:
            return None
        path = dialogs.choose_save_path(self, "Export the audit trail",
                                        f"audit-{self.context.today().isoformat()}.csv",
                                        "CSV (*.csv)")
        if path is None:
            return None
        exported = self.context.run(self, "Audit trail", audit_service.export, chosen,
                                    Path(path))
        if exported is None:
            return None
        say_saved(self, "Audit trail", [Path(path)],
                  f"It holds {counted(exported.value, 'row')} of the trail.")
        return Path(path)
