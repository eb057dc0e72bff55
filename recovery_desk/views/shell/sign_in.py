"""The sign-in page: shown in place of every tab before anyone signs in and whenever the desk
locks (idle, or Lock now), so nothing personal is on screen or in the accessibility tree. Any
member of staff may sign in here; the screens then act as them."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from recovery_desk.domain.staff import accounts
from recovery_desk.domain.staff.accounts import SignedIn
from recovery_desk.views.frame.context import DeskContext

DEMO_HINT = ("Demo accounts (fictitious service): demo-manager, demo-keyworker and "
             "demo-reception, each with the password demo. The demo database is not "
             "encrypted (a real desk's is).")


class SignInPage(QWidget):
    signed_in = Signal(object)
    """Emitted with accounts.SignedIn when a password is accepted."""
    forgot = Signal()

    def __init__(self, context: DeskContext, workstation: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context, self.workstation = context, workstation
        self.unlocking = False
        self.heading = QLabel()
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        heading_font = self.heading.font()
        heading_font.setPointSizeF(heading_font.pointSizeF() * 1.5)
        heading_font.setBold(True)
        self.heading.setFont(heading_font)
        self.title = QLabel()
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setWordWrap(True)
        self.username = QLineEdit()
        self.username.setAccessibleName("User name")
        self.password = QLineEdit()
        self.password.setAccessibleName("Password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.returnPressed.connect(self.try_sign_in)
        self.username.returnPressed.connect(self.password.setFocus)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Sign-in message")
        self.button = QPushButton("&Sign in")
        self.button.clicked.connect(self.try_sign_in)
        self.forgot_button = QPushButton("&Forgot password? (managers)")
        self.forgot_button.setFlat(True)
        self.forgot_button.clicked.connect(self.forgot)
        self.hint = hint = QLabel(DEMO_HINT if context.demo else "")
        hint.setWordWrap(True)
        hint.setVisible(context.demo)
        form = QFormLayout()
        caption = QLabel("&User name")
        caption.setBuddy(self.username)
        form.addRow(caption, self.username)
        caption = QLabel("&Password")
        caption.setBuddy(self.password)
        form.addRow(caption, self.password)
        box = QFrame()
        box.setFrameShape(QFrame.Shape.StyledPanel)
        # A fixed width in text units: wrapped labels then get the height they need, at any
        # text size.
        box.setFixedWidth(self.fontMetrics().averageCharWidth() * 60)
        inner = QVBoxLayout(box)
        for widget in (self.heading, self.title, hint):
            inner.addWidget(widget)
        inner.addLayout(form)
        for below in (self.message, self.button, self.forgot_button):
            inner.addWidget(below)
        row = QHBoxLayout()
        row.addStretch()
        row.addWidget(box)
        row.addStretch()
        outer = QVBoxLayout(self)
        outer.addStretch()
        outer.addLayout(row)
        outer.addStretch()
        self.show_for(locked=False)

    def show_for(self, *, locked: bool) -> None:
        """Ready for a sign-in: fresh, or at the lock (where the last name is filled in)."""
        self.unlocking = locked
        name = self.context.actor.name
        self.heading.setText("Recovery Desk is locked" if locked else "Recovery Desk")
        self.title.setText(f"{name} was signed in. Sign in to carry on, or sign in as "
                           "yourself." if locked else "Sign in to start.")
        self.password.clear()
        self.message.clear()
        self.username.setFocus() if not self.username.text() else self.password.setFocus()

    def _refused(self, problems: dict[str, str]) -> None:
        """A refused password is said on the page, and the password typed again."""
        if problems:
            self.password.clear()
            self.message.setText(f"⚠ {' '.join(problems.values())}")
            self.password.setFocus()

    def try_sign_in(self) -> SignedIn | None:
        if not self.username.text().strip() or not self.password.text():
            self.message.setText("⚠ Enter your user name and password.")
            return None
        attempt = accounts.unlock if self.unlocking else accounts.sign_in
        done = self.context.run_unsigned(self, "Sign in", self._refused, attempt,
                                         self.username.text(), self.password.text(),
                                         self.workstation)
        if done is None:
            return None
        signed = done.value
        self.password.clear()
        self.message.clear()
        self.signed_in.emit(signed)
        return signed
