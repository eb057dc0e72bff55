"""Encrypting a plain desk from the window: offered to a manager (Desk menu, "Encrypt the
database…"), and done at once after a new database's first manager is made. The work runs off
the window's thread (views/frame/background.py) while the desk's own connections are closed;
the database is then opened again with its key, and the manager's new recovery code shown.
Uses domain/operations/encryption.py."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from recovery_desk.domain.operations import encryption
from recovery_desk.domain.store.database import Database
from recovery_desk.views.frame.background import run_and_wait
from recovery_desk.views.frame.context import DeskContext
from recovery_desk.views.manager.account_dialogs import secret_edit
from recovery_desk.views.widgets import dialogs

OFFER = ("This database is not encrypted: anyone who takes this PC, its disk or a backup "
         "folder can read every service user's records. Encrypting it makes the database "
         "and every backup from now on unreadable without a member of staff's password.\n\n"
         "Close Recovery Desk on the other desks first. After encrypting, reset the other "
         "staff's passwords (Staff accounts) so they can sign in, and write down your new "
         "recovery code. If every password and the recovery code are lost, the records are "
         "lost too: nobody can open them, not even IT.")


class EncryptDialog(QDialog):
    """The offer, in words, and the manager's password to encrypt with."""

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Encrypt the database")
        text = QLabel(OFFER)
        text.setWordWrap(True)
        # A fixed width in text units: the wrapped words then get the height they need, at
        # any text size.
        text.setFixedWidth(self.fontMetrics().averageCharWidth() * 70)
        self.password = secret_edit("Your password")
        form = QFormLayout()
        caption = QLabel("Your &password")
        caption.setBuddy(self.password)
        form.addRow(caption, self.password)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.encrypt_button = buttons.addButton("&Encrypt",
                                                QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(buttons)


def encrypt_now(parent: QWidget | None, context: DeskContext, password: str, *,
                recovery_code: str | None = None) -> encryption.Encrypted | None:
    """Encrypt the context's database as its signed-in manager and open it again with its
    key; None when refused (the reason shown, the database left plain and open)."""
    database = context.db.path
    assert database is not None
    watching = context.watching_other_desks
    context.stop_watching()
    task = run_and_wait(context, parent, "Encrypt the database", encryption.encrypt_desk,
                        password, recovery_code=recovery_code, text="Encrypting…",
                        cancellable=False)
    done: encryption.Encrypted | None = task.result.value if task.result else None
    before = context.db  # closed by encrypting; still open when it was refused
    context.replace_database(done.reopen(database) if done is not None
                             else Database.open(database))
    before.dispose()
    if watching:
        context.watch_other_desks()
    return done


def offer_encryption(parent: QWidget | None, context: DeskContext) -> bool:
    """Ask, encrypt, and say what changed: the new recovery code and who needs a reset."""
    dialog = EncryptDialog(parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    done = encrypt_now(parent, context, dialog.password.text())
    if done is None:
        return False
    dialogs.show_recovery_code(parent, done.recovery_code)
    reset = (" Reset these accounts' passwords (Staff accounts) so they can sign in: "
             + ", ".join(done.without_slot) + ".") if done.without_slot else ""
    dialogs.show_info(parent, "Encrypt the database", "The database is encrypted: it and "
                      "every backup from now on open only with a member of staff's "
                      f"password.{reset}")
    return True
