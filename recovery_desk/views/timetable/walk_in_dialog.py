"""Who walked in: find the person (the intake tab's finder) or add them with the fewest details
the intake service accepts (names, date of birth, phone, consent), checked as intake checks
them. Used by the register dialog, which then adds them to the session as a walk-in.

Gives back the person's id (`person_id`) once accepted; nothing else is written here but a new
person's record."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from recovery_desk.domain.people import intake_service as intake
from recovery_desk.views.frame.context import DeskContext
from recovery_desk.views.intake.person_finder import PersonFinder
from recovery_desk.views.widgets.date_field import DateField
from recovery_desk.views.widgets.form_errors import FieldMessage, add_field_row, show_problems


class WalkInDialog(QDialog):
    def __init__(self, parent: QWidget | None, context: DeskContext, group: str) -> None:
        super().__init__(parent)
        self.context = context
        self.person_id: int | None = None
        self.setWindowTitle(f"Walk-in: {group}")
        intro = QLabel("Find the person who walked in and press Enter, or add them as a new "
                       "person. They are marked attended as a walk-in.")
        intro.setWordWrap(True)
        self.finder = PersonFinder(context)
        self.finder.chosen.connect(self._chosen)
        self.finder.new_person.connect(self._show_new_person)
        self.new_person = QWidget()
        self.new_person.setAccessibleName("New person")
        self._build_new_person()
        self.new_person.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.rejected.connect(self.reject)
        self._layout = layout = QVBoxLayout(self)
        for widget in (intro, self.finder, self.new_person):
            layout.addWidget(widget)
        layout.addStretch()
        layout.addWidget(self.buttons)
        # Wide enough for the search box's hint beside the New person button, whatever the
        # text size; the hint says what can be typed.
        search = self.finder.search
        hint = search.fontMetrics().horizontalAdvance(search.placeholderText()) + 40
        self.resize(min(max(560, hint + self.finder.new_button.sizeHint().width()), 1000), 300)
        self.finder.search.setFocus()

    def _build_new_person(self) -> None:
        """The fewest details a record takes, with a message beside each field that is wrong."""
        self.given = QLineEdit()
        self.given.setObjectName("given_name")
        self.given.setAccessibleName("First name")
        self.family = QLineEdit()
        self.family.setObjectName("family_name")
        self.family.setAccessibleName("Last name")
        self.born = DateField("Date of birth")
        self.born.setObjectName("date_of_birth")
        self.phone = QLineEdit()
        self.phone.setObjectName("phone")
        self.phone.setAccessibleName("Phone")
        self.consent = QCheckBox("They agree to their details being &stored")
        self.consent.setObjectName("consent_to_store")
        self.consent.setAccessibleName("Consent to store their details")
        form = QFormLayout(self.new_person)
        self.messages: dict[str, FieldMessage] = {
            "given_name": add_field_row(form, "&First name", self.given),
            "family_name": add_field_row(form, "&Last name", self.family),
            "date_of_birth": add_field_row(form, "&Date of birth", self.born),
            "phone": add_field_row(form, "&Phone", self.phone),
            "consent_to_store": add_field_row(form, "", self.consent),
        }
        self.add_button = QPushButton("&Add and mark attended")
        self.add_button.setAccessibleName("Add the new person and mark them attended")
        self.add_button.clicked.connect(self.add_new_person)
        form.addRow(self.add_button)

    def _show_new_person(self) -> None:
        self.new_person.show()
        self._fit()
        self.given.setFocus()

    def _chosen(self, person_id: int) -> None:
        self.person_id = person_id
        self.accept()

    def add_new_person(self) -> bool:
        """The new person saved through the intake service (no referral: the group needs
        none); a problem is shown beside its field and nothing is saved."""
        try:
            born = self.born.value()
        except ValueError as error:
            self.show_problems({"date_of_birth": str(error)})
            return False
        details = intake.PersonDetails(
            given_name=self.given.text(), family_name=self.family.text(), date_of_birth=born,
            phone=self.phone.text(), consent_to_store=self.consent.isChecked())
        done = self.context.run_form(self, "Not added", self.show_problems, intake.save_intake,
                                     details, [], self.context.today())
        if done is None:
            return False
        self._chosen(done.value)
        return True

    def show_problems(self, problems: dict[str, str]) -> None:
        show_problems(self.new_person, self.messages, problems)
        self._fit()

    def _fit(self) -> None:
        """Tall enough for every line now shown (messages wrap), at the width it has."""
        layout = self._layout
        layout.activate()
        wanted = layout.heightForWidth(self.width()) if layout.hasHeightForWidth() \
            else layout.sizeHint().height()
        self.resize(self.width(), max(self.height(), wanted))
