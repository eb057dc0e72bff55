"""Logging a contact attempt after a did-not-attend: which missed session (chosen from the
person's newest ones, or given by the register it was opened from), how the desk tried (called
and spoke to them, left a message, no answer, letter sent) and a few words of what was said.
What was said is non-clinical (reception reads it back): the form says so."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from recovery_desk.domain.places import contact_service as contacts
from recovery_desk.domain.places.contact_service import SAID_LENGTH, MissedSession
from recovery_desk.schedule.phrases import format_date
from recovery_desk.views.frame.context import DeskContext
from recovery_desk.views.widgets import dialogs
from recovery_desk.vocabulary import CONTACT_WORDS, ContactKind

NOT_CLINICAL = ("A few words, such as \u201cwill come on Thursday\u201d or \u201cnumber not in "
                "use\u201d. No clinical details: those go in the keyworker\u2019s notes.")


def _session_words(missed: MissedSession) -> str:
    return f"{format_date(missed.session_date)}, {missed.group}"


class ContactDialog(QDialog):
    # Shadows QDialog.open(), which nothing here calls: the dialog opens for a person or a
    # register row. The override is deliberate, so mypy's objection is silenced here alone.
    @classmethod
    def open(cls, parent: QWidget | None, context: DeskContext,  # type: ignore[override]
             person_id: int, person: str) -> ContactDialog | None:
        """For the person's newest missed sessions, or None after saying there are none."""
        missed = context.call(contacts.missed_sessions, person_id)
        if not missed:
            dialogs.show_info(parent, "Log a contact attempt", f"{person} has no missed "
                              "sessions (did-not-attend marks) to log a contact for.")
            return None
        return cls(parent, context, person, missed)

    @classmethod
    def for_session(cls, parent: QWidget | None, context: DeskContext, enrolment_id: int,
                    person: str, group: str, day: date) -> ContactDialog:
        """For one missed session, as the register names it."""
        return cls(parent, context, person, [MissedSession(enrolment_id, group, day)])

    def __init__(self, parent: QWidget | None, context: DeskContext, person: str,
                 missed: list[MissedSession]) -> None:
        super().__init__(parent)
        self.context, self.missed = context, missed
        self.setWindowTitle(f"Contact attempt: {person}")
        self.logged = False
        self.session = QComboBox()
        self.session.setAccessibleName("The missed session")
        self.session.addItems([_session_words(m) for m in missed])
        self.kind = QComboBox()
        self.kind.setAccessibleName("How the desk tried to reach them")
        for kind in ContactKind:
            self.kind.addItem(CONTACT_WORDS[kind].capitalize(), kind.value)
        self.said = QLineEdit()
        self.said.setMaxLength(SAID_LENGTH)
        self.said.setAccessibleName("What was said, in a few non-clinical words")
        hint = QLabel(NOT_CLINICAL)
        hint.setWordWrap(True)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        for label, field in (("Missed &session", self.session), ("&How", self.kind),
                             ("&What was said (optional)", self.said)):
            form.addRow(label, field)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.buttons)
        self.resize(480, self.sizeHint().height())

    def save(self) -> bool:
        """Log the attempt; a refusal is shown and the dialog stays open with what was typed."""
        missed = self.missed[self.session.currentIndex()]
        done = self.context.run(self, "Contact attempt not logged", contacts.record,
                                missed.enrolment_id, missed.session_date,
                                ContactKind(self.kind.currentData()), self.said.text(),
                                today=self.context.today())
        if done is None:
            return False
        self.logged = True
        self.accept()
        return True
