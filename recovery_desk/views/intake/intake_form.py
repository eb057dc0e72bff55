"""The intake form: what a keyworker learns at assessment, with a message beside each field
that is wrong. It reads and fills PersonDetails; saving is the intake tab's job."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from recovery_desk.domain.people.intake_service import PersonDetails, normalise
from recovery_desk.eligibility.profile import GOALS, SUBSTANCES, read_daily_dose, substance_words
from recovery_desk.eligibility.rules import GOAL_WORDS
from recovery_desk.identifiers import format_nhs_number, format_phone
from recovery_desk.rows.messages import ContactChoices
from recovery_desk.views.person.contact_choices_box import ContactChoicesBox
from recovery_desk.views.widgets.date_field import DateField
from recovery_desk.views.widgets.form_errors import FieldMessage, add_field_row

SEX_CHOICES = (("not_stated", "Not stated"), ("female", "Female"), ("male", "Male"),
               ("intersex", "Intersex"))
MSM_CHOICES = ((None, "Not asked, or declined to say"), (True, "Yes"), (False, "No"))
MSM_EXPLANATION = ("Optional. We ask so we can offer the MSM Group, which supports men who have "
                   "sex with men, including around chemsex. The person may decline to answer.")
SOURCES = ("Keyworker assessment", "Self-referral", "GP", "Hospital", "Probation",
           "Social care", "Other")
DRUG_CHOICES = ((None, "None"), ("methadone", "Methadone"), ("buprenorphine", "Buprenorphine"))
STAGE_CHOICES = (("maintenance", "Maintenance"), ("reducing", "Reducing"),
                 ("final_stage", "Final stage"))


def _combo(label: str, choices: tuple[tuple[Any, str], ...]) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(label)
    for value, words in choices:
        combo.addItem(words, value)
    return combo


class IntakeForm(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._messages: dict[str, FieldMessage] = {}
        self.person_id: int | None = None
        self._build_person_fields()
        self._build_assessment_fields()
        person = self._person_rows()
        assessment = self._assessment_rows()
        other = self._other_rows()
        layout = QVBoxLayout(self)
        self.sections: dict[str, QGroupBox] = {}
        for title, form in (("Person", person), ("Assessment", assessment), ("Other", other)):
            # A field too wide beside its caption goes under it: the form fits a narrow pane.
            form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
            section = QGroupBox(title)
            section.setLayout(form)
            layout.addWidget(section)
            self.sections[title] = section
        self._add_reach(layout)
        self._connect()
        self.clear()

    def _build_person_fields(self) -> None:
        """The fields about the person: names, birth, contact details, keyworker, consent."""
        self.given_name = self._line("First name")
        self.family_name = self._line("Last name")
        self.preferred_name = self._line("Preferred name")
        self.date_of_birth = DateField("Date of birth")
        self.sex = _combo("Sex", SEX_CHOICES)
        self.msm = _combo("Man who has sex with men", MSM_CHOICES)
        self.nhs_number = self._line("NHS number", "10 digits, e.g. 943 476 5919")
        self.postcode = self._line("Postcode", "e.g. E8 1DY")
        self.phone = self._line("Phone", "e.g. 020 7946 0000")
        self.emergency_contact = self._line("Emergency contact", "name, relationship, phone")
        self.keyworker = _combo("Keyworker", ((None, "No keyworker yet"),))
        self.referral_source = _combo("Referral source", tuple((s, s) for s in SOURCES))
        self.consent = QCheckBox("They &consent to the service storing their data")
        self.consent.setAccessibleName("Consent to store their data")

    def _add_reach(self, layout: QVBoxLayout) -> None:
        """Texts and emails, under the person: saved with them (PersonDetails.contact)."""
        self.reach = ContactChoicesBox(None, None)
        section = QGroupBox("Texts and emails")
        box = QVBoxLayout(section)
        box.addWidget(self.reach)
        layout.insertWidget(1, section)
        self.sections[section.title()] = section

    def _build_assessment_fields(self) -> None:
        """The fields of the assessment (use, abstinence, medication, goals) and the notes."""
        self.substances: dict[str, QSpinBox] = {}
        for name in SUBSTANCES:
            spin = QSpinBox()
            spin.setRange(0, 28)
            spin.setAccessibleName(f"Days used {substance_words(name)} in the last 28")
            spin.setSuffix(" days")
            self.substances[name] = spin
        self.illicit_since = DateField("Abstinent from illicit substances since")
        self.all_since = DateField("Abstinent from all substances since")
        self.drug = _combo("Substitute medication", DRUG_CHOICES)
        self.dose = self._line("Daily dose in mg", "mg a day")
        self.stage = _combo("Medication stage", STAGE_CHOICES)
        self.goals: dict[str, QCheckBox] = {}
        for goal in GOALS:
            box = QCheckBox(GOAL_WORDS[goal][0].upper() + GOAL_WORDS[goal][1:])
            box.setAccessibleName(f"Goal: {GOAL_WORDS[goal]}")
            self.goals[goal] = box
        self.access_needs = self._text("Access needs")
        self.notes = self._text("Notes")

    def _person_rows(self) -> QFormLayout:
        """The Person section's rows, each with its field's message."""
        person = QFormLayout()
        self._row(person, "&First name *", self.given_name, "given_name")
        self._row(person, "&Last name *", self.family_name, "family_name")
        self._row(person, "Preferred na&me", self.preferred_name, "preferred_name")
        self._row(person, "Date of &birth *", self.date_of_birth, "date_of_birth")
        self._row(person, "Se&x", self.sex, "sex")
        self._row(person, "Man who has sex with men?", self.msm, "msm")
        self._msm_rows = (person, person.rowCount() - 1)
        explanation = QLabel(MSM_EXPLANATION)
        explanation.setWordWrap(True)
        person.addRow("", explanation)
        self._row(person, "&NHS number", self.nhs_number, "nhs_number")
        self._row(person, "Pos&tcode", self.postcode, "postcode")
        self._row(person, "&Phone", self.phone, "phone")
        self._row(person, "&Emergency contact", self.emergency_contact, "emergency_contact")
        self._row(person, "&Keyworker", self.keyworker, "keyworker")
        self._row(person, "&Referral source", self.referral_source, "referral_source")
        self._row(person, "", self.consent, "consent_to_store")
        return person

    def _assessment_rows(self) -> QFormLayout:
        """The Assessment section: days used, a substance to a row (a pane narrow enough for
        a small screen at large text has room for one), then the rest."""
        grid = QGridLayout()
        for number, (name, spin) in enumerate(self.substances.items()):
            words = substance_words(name)
            caption = QLabel(words[0].upper() + words[1:])
            caption.setWordWrap(True)
            caption.setBuddy(spin)
            grid.addWidget(caption, number, 0)
            grid.addWidget(spin, number, 1)
        grid.setColumnStretch(2, 1)
        assessment = QFormLayout()
        days = QLabel("Days used in the last 28 (Treatment Outcomes Profile count):")
        days.setWordWrap(True)
        assessment.addRow(days)
        assessment.addRow(grid)
        self._row(assessment, "Abstinent from &illicit substances since", self.illicit_since,
                  "abstinent_from_illicit_since")
        self._row(assessment, "Abstinent from &all substances since", self.all_since,
                  "abstinent_from_all_since")
        self._row(assessment, "Substit&ute medication", self.drug, "drug")
        self._row(assessment, "Dail&y dose (mg)", self.dose, "daily_dose_mg")
        self._row(assessment, "Sta&ge", self.stage, "stage")
        goals = QVBoxLayout()
        for box in self.goals.values():
            goals.addWidget(box)
        assessment.addRow("Goals", goals)
        self._messages["assessment"] = FieldMessage(self.drug)
        assessment.addRow(self._messages["assessment"])
        return assessment

    def _other_rows(self) -> QFormLayout:
        """The Other section; its notes row is kept so show_clinical can hide it from reception."""
        other = QFormLayout()
        self._row(other, "Access needs", self.access_needs, "access_needs")
        self._row(other, "Notes", self.notes, "notes")
        self._other, self.notes_row = other, other.rowCount() - 1
        return other

    # ------------------------------------------------------------ building
    def _line(self, label: str, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit()
        edit.setAccessibleName(label)
        edit.setPlaceholderText(placeholder)
        return edit

    def _text(self, label: str) -> QPlainTextEdit:
        edit = QPlainTextEdit()
        edit.setAccessibleName(label)
        edit.setTabChangesFocus(True)
        edit.setFixedHeight(edit.fontMetrics().lineSpacing() * 3 + 12)
        return edit

    def _row(self, form: QFormLayout, label: str, field: QWidget, key: str) -> None:
        reading = None
        if isinstance(field, DateField):
            reading = QLabel()
            reading.setAccessibleName(f"{field.accessibleName()} as read")
            field.textChanged.connect(lambda _t, f=field, r=reading: r.setText(f.reading()))
        self._messages[key] = add_field_row(form, label, field, reading)

    def _connect(self) -> None:
        for line in self.findChildren(QLineEdit):
            line.textEdited.connect(self.changed)
        for text in self.findChildren(QPlainTextEdit):
            text.textChanged.connect(self.changed)
        for combo in self.findChildren(QComboBox):
            combo.activated.connect(self.changed)
        for box in self.findChildren(QCheckBox):
            box.toggled.connect(self.changed)
        for spin in self.substances.values():
            spin.valueChanged.connect(self.changed)
        self.drug.currentIndexChanged.connect(self._medication_enabled)

    def set_keyworkers(self, keyworkers: list[tuple[int, str]]) -> None:
        """The keyworkers to choose from; the one chosen stays chosen if still listed."""
        chosen = self.keyworker.currentData()
        self.keyworker.blockSignals(True)
        self.keyworker.clear()
        for value, words in ((None, "No keyworker yet"), *keyworkers):
            self.keyworker.addItem(words, value)
        self.keyworker.setCurrentIndex(max(0, self.keyworker.findData(chosen)))
        self.keyworker.blockSignals(False)

    def show_clinical(self, shown: bool) -> None:
        """Reception sees no assessment and no notes: the boxes are hidden, not just empty.
        The MSM question is an assessment answer (sexual orientation is special-category
        data), so it goes too, with its explanation."""
        self.sections["Assessment"].setVisible(shown)
        self._other.setRowVisible(self.notes_row, shown)
        form, row = self._msm_rows
        form.setRowVisible(row, shown)
        form.setRowVisible(row + 1, shown)

    def _medication_enabled(self) -> None:
        on = self.drug.currentData() is not None
        self.dose.setEnabled(on)
        self.stage.setEnabled(on)

    # ------------------------------------------------------------ reading and filling
    def message(self, key: str) -> str:
        return self._messages[key].message if key in self._messages else ""

    def show_problems(self, problems: dict[str, str]) -> None:
        for key, message in self._messages.items():
            message.show_message(problems.get(key))
        self.reach.show_messages(problems)

    def details(self, today: date) -> tuple[PersonDetails, dict[str, str]]:
        """What the form says, and a message for each field that is wrong."""
        problems: dict[str, str] = {}
        dates: dict[str, date | None] = {}
        for key, field in (("date_of_birth", self.date_of_birth),
                           ("abstinent_from_illicit_since", self.illicit_since),
                           ("abstinent_from_all_since", self.all_since)):
            try:
                dates[key] = field.value()
            except ValueError as error:
                problems[key] = str(error)
                dates[key] = None
        for key in ("abstinent_from_illicit_since", "abstinent_from_all_since"):
            since = dates[key]
            if since and since > today:
                problems[key] = "This date is in the future."
        medication = None
        if self.drug.currentData() is not None:
            try:
                medication = {"drug": self.drug.currentData(),
                              "daily_dose_mg": read_daily_dose(self.dose.text()),
                              "stage": self.stage.currentData()}
            except ValueError as error:
                problems["daily_dose_mg"] = str(error)
        assessment = {
            "substances": [{"name": n, "days_used_last_28": s.value()}
                           for n, s in self.substances.items() if s.value()],
            "abstinent_from_illicit_since": _iso(dates["abstinent_from_illicit_since"]),
            "abstinent_from_all_since": _iso(dates["abstinent_from_all_since"]),
            "substitute_medication": medication,
            "goals": [g for g, box in self.goals.items() if box.isChecked()],
        }
        details = PersonDetails(
            id=self.person_id, given_name=self.given_name.text(),
            family_name=self.family_name.text(), preferred_name=self.preferred_name.text(),
            date_of_birth=dates["date_of_birth"], sex=self.sex.currentData(),
            msm=self.msm.currentData(), nhs_number=self.nhs_number.text(),
            postcode=self.postcode.text(), phone=self.phone.text(),
            emergency_contact=self.emergency_contact.text(),
            keyworker_id=self.keyworker.currentData(),
            referral_source=self.referral_source.currentData(),
            consent_to_store=self.consent.isChecked(),
            access_needs=self.access_needs.toPlainText(), notes=self.notes.toPlainText(),
            assessment=assessment, contact=self.reach.choices())
        normalised, found = normalise(details, today)
        if "date_of_birth" in problems:
            found.pop("date_of_birth", None)
        return replace(normalised, id=self.person_id), {**found, **problems}

    def load(self, details: PersonDetails) -> None:
        self.person_id = details.id
        self.given_name.setText(details.given_name)
        self.family_name.setText(details.family_name)
        self.preferred_name.setText(details.preferred_name)
        self.date_of_birth.set_value(details.date_of_birth)
        self.sex.setCurrentIndex(self.sex.findData(details.sex))
        self.msm.setCurrentIndex([v for v, _ in MSM_CHOICES].index(details.msm))
        self.nhs_number.setText(format_nhs_number(details.nhs_number)
                                if details.nhs_number else "")
        self.postcode.setText(details.postcode)
        self.phone.setText(format_phone(details.phone) if details.phone else "")
        self.emergency_contact.setText(details.emergency_contact)
        self.keyworker.setCurrentIndex(max(0, self.keyworker.findData(details.keyworker_id)))
        index = self.referral_source.findData(details.referral_source)
        self.referral_source.setCurrentIndex(max(0, index))
        self.consent.setChecked(details.consent_to_store)
        used = {s["name"]: s["days_used_last_28"]
                for s in details.assessment.get("substances") or []}
        for name, spin in self.substances.items():
            spin.setValue(used.get(name, 0))
        self.illicit_since.set_value(_from_iso(details.assessment.get(
            "abstinent_from_illicit_since")))
        self.all_since.set_value(_from_iso(details.assessment.get("abstinent_from_all_since")))
        medication = details.assessment.get("substitute_medication")
        self.drug.setCurrentIndex(self.drug.findData(medication["drug"]) if medication else 0)
        self.dose.setText(f"{medication['daily_dose_mg']:g}" if medication else "")
        if medication:
            self.stage.setCurrentIndex(self.stage.findData(medication["stage"]))
        chosen = set(details.assessment.get("goals") or [])
        for goal, box in self.goals.items():
            box.setChecked(goal in chosen)
        self.access_needs.setPlainText(details.access_needs)
        self.notes.setPlainText(details.notes)
        self.reach.show_choices(details.contact or ContactChoices())
        self.show_problems({})
        self._medication_enabled()

    def clear(self) -> None:
        self.load(PersonDetails("", "", None))


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _from_iso(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None
