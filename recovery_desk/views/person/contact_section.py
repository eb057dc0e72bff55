"""The person record's "After missed sessions" section: each running place flagged for
missed sessions with its last contact ("Recovery Skills: 3 missed in a row; last contact Thu 3
Dec 2026, called and got no answer"), the contact attempts logged (newest first) and a button
to log another. It reads and reloads itself, so the record around it only places it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from recovery_desk.access import Permission
from recovery_desk.domain.places import contact_service as contacts
from recovery_desk.domain.places.contact_service import ContactLine
from recovery_desk.domain.store.changes import PEOPLE
from recovery_desk.schedule.phrases import format_date
from recovery_desk.views.frame.context import DeskContext
from recovery_desk.views.person.contact_dialog import ContactDialog
from recovery_desk.vocabulary import CONTACT_WORDS

NONE = "No contact attempts logged."


def contact_words(line: ContactLine) -> str:
    """'Thu 10 Dec 2026: called, no answer (missed Mon 7 Dec 2026, Recovery Skills), by Jo:
    will ring back'."""
    said = f": \u201c{line.said}\u201d" if line.said else ""
    return (f"{format_date(line.on)}: {CONTACT_WORDS[line.kind]} (missed "
            f"{format_date(line.session_date)}, {line.group}), by {line.by}{said}")


class ContactSection(QWidget):
    def __init__(self, context: DeskContext, person_id: int, person: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context, self.person_id, self.person = context, person_id, person
        self.flags = QLabel()
        self.flags.setWordWrap(True)
        self.flags.setAccessibleName("Flagged for missed sessions")
        self.attempts = QListWidget()
        self.attempts.setAccessibleName("Contact attempts")
        self.attempts.setWordWrap(True)
        self.log_button = QPushButton("Log a &contact attempt…")
        self.log_button.setAccessibleName("Log a contact attempt after a missed session")
        self.log_button.clicked.connect(self.log_attempt)
        self.log_button.setVisible(context.can(Permission.TAKE_REGISTERS))
        # The flag at the top, the attempts taking the page's height, the button under them.
        self.flags.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.flags)
        layout.addWidget(self.attempts, 1)
        layout.addWidget(self.log_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.reload()
        context.announced.connect(self._announced)

    def _announced(self, kinds: frozenset[str]) -> None:
        if PEOPLE in kinds:
            self.reload()

    def reload(self) -> None:
        flags = self.context.call(contacts.flags, self.person_id)
        self.flags.setText("\n".join(flags))
        self.flags.setVisible(bool(flags))
        lines = self.context.call(contacts.attempts, self.person_id)
        self.attempts.clear()
        self.attempts.addItems([contact_words(line) for line in lines] or [NONE])

    def log_attempt(self) -> ContactDialog | None:
        dialog = ContactDialog.open(self.window(), self.context, self.person_id, self.person)
        if dialog is not None:
            dialog.exec()
        return dialog
