"""The manager's staff accounts: who can sign in and in which role, adding staff (with a
temporary password set anew at the first sign-in), resetting a password, deactivating a
leaver; and the sign-in settings (password length, lock-outs, the idle lock)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from recovery_desk.domain.service import service_settings
from recovery_desk.domain.staff import accounts
from recovery_desk.item_models.review_models import ROW_ROLE, RowTableModel
from recovery_desk.views.frame.context import DeskContext
from recovery_desk.views.manager.account_dialogs import FormDialog, line_edit, secret_edit
from recovery_desk.views.widgets import dialogs
from recovery_desk.views.widgets.form_errors import FieldMessage, add_field_row
from recovery_desk.views.widgets.tables import filtered_table
from recovery_desk.vocabulary import ROLE_WORDS, StaffRole

SIGN_IN_SETTINGS = ("password_min_length", "lockout_attempts", "lockout_minutes",
                    "idle_lock_minutes")


class StaffModel(RowTableModel[accounts.StaffLine]):
    columns = (
        ("Name", lambda r: r.name, lambda r: r.name),
        ("User name", lambda r: r.username, lambda r: r.username),
        ("Role", lambda r: ROLE_WORDS[r.role], lambda r: r.role.value),
        ("Account", lambda r: ("Active" if r.active else "Deactivated")
         + ("" if r.has_password else ", no password yet (cannot sign in)")
         + (", locked" if r.locked else "")
         + (", password to change" if r.must_change_password else ""),
         lambda r: (not r.active, r.locked)),
    )


class AddStaffDialog(FormDialog):
    def __init__(self, parent: QWidget | None, context: DeskContext) -> None:
        super().__init__(parent, "Add a member of staff",
                         "They sign in with this temporary password and choose their own.",
                         "Add")
        self.context = context
        self.display_name = line_edit("Their name")
        self.username = line_edit("User name")
        self.role = QComboBox()
        self.role.setAccessibleName("Role")
        for role in StaffRole:
            self.role.addItem(ROLE_WORDS[role], role)
        self.password = secret_edit("Temporary password")
        self.row("display_name", "Their &name", self.display_name)
        self.row("username", "&User name", self.username)
        self.row("role", "&Role", self.role)
        self.row("password", "&Temporary password", self.password)

    def save(self) -> bool:
        if self.context.run_form(self, "Staff member not added", self.show_problems,
                                 accounts.add_staff, self.username.text(),
                                 self.display_name.text(),
                                 # Qt hands item data back as a plain string.
                                 StaffRole(self.role.currentData()),
                                 self.password.text()) is None:
            return False
        self.accept()
        return True


class StaffDialog(QDialog):
    def __init__(self, parent: QWidget | None, context: DeskContext) -> None:
        super().__init__(parent)
        self.setWindowTitle("Staff accounts")
        self.context = context
        self.model = StaffModel(self)
        self.table = filtered_table(self.model, "Staff accounts")
        self.table.selectionModel().currentRowChanged.connect(self._selected)
        self.add_button = QPushButton("&Add…")
        self.add_button.clicked.connect(self.add)
        self.reset_button = QPushButton("&Reset password…")
        self.reset_button.clicked.connect(self.reset_password)
        self.active_button = QPushButton("&Deactivate")
        self.active_button.clicked.connect(self.toggle_active)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.reset_button, self.active_button):
            buttons.addWidget(button)
        buttons.addStretch()
        self.spins: dict[str, QSpinBox] = {}
        self.messages: dict[str, FieldMessage] = {}
        settings_box = QGroupBox("Sign-in settings")
        form = QFormLayout(settings_box)
        values = context.call_unsigned(service_settings.read)
        for key in SIGN_IN_SETTINGS:
            setting = service_settings.SETTINGS[key]
            spin = QSpinBox()
            spin.setRange(setting.minimum, setting.maximum)
            spin.setValue(values[key])
            spin.setSuffix(f" {setting.unit}")
            spin.setAccessibleName(setting.label)
            self.spins[key] = spin
            self.messages[key] = add_field_row(form, setting.label, spin)
        self.save_settings_button = QPushButton("&Save sign-in settings")
        self.save_settings_button.clicked.connect(self.save_settings)
        form.addRow("", self.save_settings_button)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(settings_box)
        layout.addWidget(close)
        self.resize(720, 620)
        self.reload()

    def reload(self) -> None:
        staff = self.context.run(self, "Staff accounts", accounts.list_staff)
        self.model.set_rows(staff.value if staff else [])
        self._selected()

    def current(self) -> accounts.StaffLine | None:
        index = self.table.currentIndex()
        return index.data(ROW_ROLE) if index.isValid() else None

    def select(self, username: str) -> None:
        proxy = self.table.model()
        for row in range(proxy.rowCount()):
            if proxy.index(row, 0).data(ROW_ROLE).username == username:
                self.table.setCurrentIndex(proxy.index(row, 0))

    def _selected(self, *_: object) -> None:
        line = self.current()
        self.reset_button.setEnabled(line is not None)
        self.active_button.setEnabled(line is not None)
        self.active_button.setText("Re&activate" if line and not line.active
                                   else "&Deactivate")

    def add(self) -> None:
        if AddStaffDialog(self, self.context).exec() == QDialog.DialogCode.Accepted:
            self.reload()

    def reset_password(self) -> bool:
        line = self.current()
        if line is None:
            return False
        password = dialogs.ask_text(self, "Reset password",
                                    f"A temporary password for {line.name} (they choose their "
                                    "own at their next sign-in):")
        if password is None:
            return False
        if self.context.run(self, "Reset password", accounts.reset_password, line.staff_id,
                            password) is None:
            return False
        self.reload()
        return True

    def toggle_active(self) -> bool:
        line = self.current()
        if line is None:
            return False
        if line.active and not dialogs.confirm(
                self, "Deactivate", f"Deactivate {line.name}? They can no longer sign in; "
                "everything they did stays in the records and the audit trail.",
                "Deactivate"):
            return False
        if self.context.run(self, "Staff accounts", accounts.set_active, line.staff_id,
                            not line.active) is None:
            return False
        self.reload()
        self.select(line.username)
        return True

    def save_settings(self) -> bool:
        return self.context.run_form(self, "Settings not saved", self._show_setting_problems,
                                     service_settings.save,
                                     {k: s.value() for k, s in self.spins.items()}) is not None

    def _show_setting_problems(self, problems: dict[str, str]) -> None:
        for key, message in self.messages.items():
            message.show_message(problems.get(key))

