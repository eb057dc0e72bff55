"""Dialogs for one's own account: the first manager of a new database, a password to change
(at the first sign-in after a reset, or by choice), and a manager's forgotten password
recovered with the one-time code (which views/dialogs.py shows once)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from recovery_desk.domain.service import service_settings
from recovery_desk.domain.staff import accounts
from recovery_desk.domain.store.actor import Actor
from recovery_desk.views.frame.context import FORM, DeskContext, Done
from recovery_desk.views.widgets import dialogs
from recovery_desk.views.widgets.form_errors import FieldMessage, add_field_row


def secret_edit(label: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setAccessibleName(label)
    return edit


def line_edit(label: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setAccessibleName(label)
    return edit


class FormDialog(QDialog):
    """A form with a message per field and OK/Cancel; subclasses add rows and save()."""

    def __init__(self, parent: QWidget | None, title: str, intro: str, ok: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.messages: dict[str, FieldMessage] = {}
        self.form = QFormLayout()
        self.general = QLabel()
        self.general.setWordWrap(True)
        self.general.setAccessibleName("Message")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.addButton(ok, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        text = QLabel(intro)
        text.setWordWrap(True)
        layout.addWidget(text)
        layout.addLayout(self.form)
        layout.addWidget(self.general)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)

    def row(self, key: str, label: str, field: QWidget) -> None:
        self.messages[key] = add_field_row(self.form, label, field)

    def show_problems(self, problems: dict[str, str]) -> None:
        """Each field's problem beside it; a refusal of the form as a whole under it."""
        for key, message in self.messages.items():
            message.show_message(problems.get(key))
        general = problems.get(FORM)
        self.general.setText(f"⚠ {general}" if general else "")

    def save(self) -> bool:
        raise NotImplementedError


class PasswordDialog(FormDialog):
    """A form that ends in a new password typed twice. Subclasses add their rows, then
    password_rows(), and say in submit() what saving does; refusals land beside the fields
    (InvalidDetailsError) or under the form (other DomainErrors), and nothing is closed."""

    def password_rows(self, new: bool) -> None:
        word = "New password" if new else "Password"
        self.password = secret_edit(word)
        self.again = secret_edit(f"{word} again")
        self.row("password", f"&{word}", self.password)
        self.row("again", f"{word} &again", self.again)

    def submit(self) -> Done[str | None] | None:
        """Save through the context; Done(the recovery code to show once, if saving made
        one), or None when refused (the refusal already shown)."""
        raise NotImplementedError

    def save(self) -> bool:
        if self.password.text() != self.again.text():
            self.show_problems({"again": "The two passwords differ."})
            return False
        done = self.submit()
        if done is None:
            return False
        if done.value is not None:
            dialogs.show_recovery_code(self, done.value)
        self.accept()
        return True


class FirstManagerDialog(PasswordDialog):
    """A new database's first account: the service manager."""

    def __init__(self, parent: QWidget | None, context: DeskContext, workstation: str) -> None:
        minimum = context.call_unsigned(service_settings.read)["password_min_length"]
        super().__init__(parent, "Set up Recovery Desk",
                         "This database has no manager yet. Create the service manager's "
                         "account: they add the other staff, and keep the catalogue and "
                         f"backups. Passwords need at least {minimum} characters.",
                         "Create account")
        self.context, self.workstation = context, workstation
        self.signed_in: Actor | None = None
        self.code = ""
        self.display_name = line_edit("Your name")
        self.username = line_edit("User name")
        self.row("display_name", "Your &name", self.display_name)
        self.row("username", "&User name", self.username)
        self.password_rows(new=False)

    def submit(self) -> Done[str | None] | None:
        done = self.context.run_unsigned(
            self, self.windowTitle(), self.show_problems, accounts.create_first_manager,
            self.username.text(), self.display_name.text(), self.password.text(),
            self.workstation)
        if done is None:
            return None
        self.signed_in, self.code = done.value
        return Done(self.code)


class ChangePasswordDialog(PasswordDialog):
    def __init__(self, parent: QWidget | None, context: DeskContext, *, required: bool) -> None:
        intro = ("Your password was set by a manager: choose your own now." if required
                 else "Choose a new password.")
        super().__init__(parent, "Change your password", intro, "Change password")
        self.context = context
        self.current = secret_edit("Current password")
        self.row("current", "&Current password", self.current)
        self.password_rows(new=True)

    def submit(self) -> Done[str | None] | None:
        done = self.context.run_form(self, self.windowTitle(), self.show_problems,
                                     accounts.change_password, self.current.text(),
                                     self.password.text())
        return None if done is None else Done(None)


class RecoverDialog(PasswordDialog):
    """A manager's forgotten password, replaced with their one-time recovery code."""

    def __init__(self, parent: QWidget | None, context: DeskContext, workstation: str) -> None:
        super().__init__(parent, "Forgotten password",
                         "Managers: enter your user name, the recovery code you wrote down "
                         "when your account was made, and a new password. Other staff: ask a "
                         "manager to reset your password.", "Set new password")
        self.context, self.workstation = context, workstation
        self.signed_in: Actor | None = None
        self.username = line_edit("User name")
        self.code = line_edit("Recovery code")
        self.row("username", "&User name", self.username)
        self.row("code", "Recovery &code", self.code)
        self.password_rows(new=True)

    def submit(self) -> Done[str | None] | None:
        done = self.context.run_unsigned(
            self, self.windowTitle(), self.show_problems, accounts.recover,
            self.username.text(), self.code.text(), self.password.text(), self.workstation)
        if done is None:
            return None
        self.signed_in, fresh = done.value
        return Done(fresh)


def ask_new_password(parent: QWidget | None, context: DeskContext) -> bool:
    """At a sign-in after a manager's reset: True once the person has chosen a password."""
    return ChangePasswordDialog(parent, context, required=True).exec() \
        == QDialog.DialogCode.Accepted
