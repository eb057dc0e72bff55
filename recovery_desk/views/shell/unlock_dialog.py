"""Signing in to an encrypted database, before it is opened: the password unwraps its owner's
key slot (domain/store/key_slots.py, where a failed attempt is counted towards the lock-out),
and only then does the desk open the database with the key. The same name and password then
sign in inside it (accounts.sign_in), so the desk starts signed in. A manager who forgot
their password opens it with their recovery code instead, and then chooses a new password in
the usual form (RecoverDialog). Used by views/shell/app.py.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from recovery_desk.domain.store.key_slots import KeyRefusedError, unlock, unlock_with_recovery

INTRO = ("This desk's database is encrypted: it opens only with a member of staff's "
         "password. Sign in to open it.")


class UnlockDialog(QDialog):
    """User name and password; `key` (and the two fields) once the password opened it."""

    def __init__(self, parent: QWidget | None, database: Path) -> None:
        super().__init__(parent)
        self.setWindowTitle("Recovery Desk: sign in")
        self.database = database
        self.key: bytes | None = None
        self.recovering = False
        """The recovery code opened it (the password field holds the code)."""
        self.username = QLineEdit()
        self.username.setAccessibleName("User name")
        self.password = QLineEdit()
        self.password.setAccessibleName("Password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Sign-in message")
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        form = QFormLayout()
        self.captions = []
        for text, field in (("&User name", self.username), ("&Password", self.password)):
            caption = QLabel(text)
            caption.setBuddy(field)
            form.addRow(caption, field)
            self.captions.append(caption)
        self.forgot_button = QPushButton("&Forgot password? (managers)")
        self.forgot_button.setFlat(True)
        self.forgot_button.clicked.connect(self.use_recovery_code)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.sign_in_button = buttons.addButton("&Sign in",
                                                QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.try_unlock)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.forgot_button)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)
        self.username.setFocus()

    def use_recovery_code(self) -> None:
        """The second field takes the manager's recovery code; a new password comes next."""
        self.recovering = True
        self.captions[1].setText("Recovery &code")
        self.password.setAccessibleName("Recovery code")
        self.password.setEchoMode(QLineEdit.EchoMode.Normal)
        self.password.clear()
        self.forgot_button.hide()
        self.message.setText("Enter your user name and the recovery code you wrote down; you "
                             "choose a new password next.")
        self.username.setFocus()

    def try_unlock(self) -> bool:
        """Accept once the password opens the key; otherwise say why on the dialog."""
        if not self.username.text().strip() or not self.password.text():
            self.message.setText("⚠ Enter your user name and password.")
            return False
        try:
            opening = unlock_with_recovery if self.recovering else unlock
            self.key = opening(self.database, self.username.text(), self.password.text())
        except KeyRefusedError as error:
            self.password.clear()
            self.message.setText(f"⚠ {error}")
            self.password.setFocus()
            return False
        self.accept()
        return True
