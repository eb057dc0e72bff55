"""How a person may be reached, as the desk records it: mobile, email, consent to texts and to
emails (with the day and who recorded each, read-only) and named or discreet wording (discreet
the default, and the form says why). Used by the person record's "Texts and emails" page, where
reception (EDIT_CONTACT) saves them with contact_details.save_contact, and by the intake form,
which saves them with the person (PersonDetails.contact); a refusal is shown beside the field
and what was typed stays."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from recovery_desk.access import Permission
from recovery_desk.domain.people import contact_details
from recovery_desk.rows.messages import ContactChoices
from recovery_desk.schedule.phrases import format_date
from recovery_desk.views.frame.context import DeskContext
from recovery_desk.views.widgets.form_errors import FieldMessage, add_field_row, show_problems
from recovery_desk.vocabulary import Wording

WHY_DISCREET = ("Discreet messages say only \u201cyour appointment\u201d: a phone seen by a "
                "partner or family must not reveal treatment.")
WORDING_CHOICES = (("Discreet", Wording.DISCREET), ("Named: may name the group", Wording.NAMED))
"""Short, so the form fits a narrow pane at large text; WHY_DISCREET says what each means."""


def recorded_words(agreed: bool, on: date | None, by: str) -> str:
    """'Agreed on Thu 10 Dec 2026 by Jo Bennett', 'Withdrawn on …', or 'Not recorded yet'."""
    if on is None:
        return "Not recorded yet"
    said = "Agreed" if agreed else "Withdrawn"
    who = f" by {by}" if by else ""
    return f"{said} on {format_date(on)}{who}"


class ContactChoicesBox(QWidget):
    """The fields; choices() reads them, show_choices() fills them, save() stores them."""

    def __init__(self, context: DeskContext | None, person_id: int | None,
                 parent: QWidget | None = None) -> None:
        """With a person, it reads and saves their choices (the record); without one (the
        intake form, which saves them with the person) it only holds what is typed."""
        super().__init__(parent)
        self.context, self.person_id = context, person_id
        self.mobile = self._line("mobile", "Mobile number for texts", "07…")
        self.email = self._line("email", "Email address", "name@example.org")
        self.texts = QCheckBox("Agrees to texts")
        self.texts.setObjectName("texts")
        self.texts.setAccessibleName("Agrees to texts")
        self.emails = QCheckBox("Agrees to emails")
        self.emails.setObjectName("emails")
        self.emails.setAccessibleName("Agrees to emails")
        self.texts_recorded, self.emails_recorded = QLabel(), QLabel()
        for label, name in ((self.texts_recorded, "Texts consent recorded"),
                            (self.emails_recorded, "Emails consent recorded")):
            label.setAccessibleName(name)
            label.setWordWrap(True)
        self.wording = QComboBox()
        self.wording.setObjectName("wording")
        self.wording.setAccessibleName("What messages may say")
        for words, value in WORDING_CHOICES:
            self.wording.addItem(words, value.value)
        # No Alt letters: the intake form and the window's menus use every letter these
        # words offer; the fields are a Tab away.
        why = QLabel(WHY_DISCREET)
        why.setWordWrap(True)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.messages: dict[str, FieldMessage] = {
            "mobile": add_field_row(form, "Mobile phone", self.mobile),
            "email": add_field_row(form, "Email address", self.email),
            "texts": add_field_row(form, "Texts", self.texts, self.texts_recorded),
            "emails": add_field_row(form, "Emails", self.emails, self.emails_recorded),
            "wording": add_field_row(form, "Wording", self.wording, why)}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        self.save_button = QPushButton("Sa&ve contact choices")
        self.save_button.setAccessibleName("Save how this person may be reached")
        self.save_button.clicked.connect(self.save)
        self.save_button.setVisible(context is not None and person_id is not None
                                    and context.can(Permission.EDIT_CONTACT))
        layout.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        if context is not None and person_id is not None:
            self.show_choices(context.call(contact_details.contact_choices, person_id))
        else:
            self.show_choices(ContactChoices())

    def _line(self, key: str, name: str, hint: str) -> QLineEdit:
        line = QLineEdit()
        line.setObjectName(key)
        line.setAccessibleName(name)
        line.setPlaceholderText(hint)
        line.setMaxLength(254)
        return line

    def choices(self) -> ContactChoices:
        return ContactChoices(self.mobile.text(), self.email.text(), self.texts.isChecked(),
                              self.emails.isChecked(), Wording(self.wording.currentData()))

    def show_choices(self, choices: ContactChoices) -> None:
        self.mobile.setText(choices.mobile)
        self.email.setText(choices.email)
        self.texts.setChecked(choices.texts)
        self.emails.setChecked(choices.emails)
        self.wording.setCurrentIndex(self.wording.findData(Wording(choices.wording).value))
        self.texts_recorded.setText(recorded_words(choices.texts, choices.texts_recorded_on,
                                                   choices.texts_recorded_by))
        self.emails_recorded.setText(recorded_words(choices.emails,
                                                    choices.emails_recorded_on,
                                                    choices.emails_recorded_by))

    def show_problems(self, problems: dict[str, str]) -> None:
        show_problems(self, self.messages, problems)

    def show_messages(self, problems: dict[str, str]) -> None:
        """Each field's problem beside it, leaving the keyboard focus alone (the intake form
        chooses where it goes)."""
        for key, message in self.messages.items():
            message.show_message(problems.get(key))

    def save(self) -> bool:
        """Store the choices; a wrong field is named beside it and nothing typed is lost."""
        if self.context is None or self.person_id is None:
            return False
        done = self.context.run_form(self, "Contact choices not saved", self.show_problems,
                                     contact_details.save_contact, self.person_id,
                                     self.choices(), self.context.today())
        if done is None:
            return False
        self.show_choices(done.value)
        return True
