"""The manager's dialog to add or edit a group, with a message beside each field that is wrong.

It checks as the manager types (the schedule is read back in words), but the catalogue service
checks again inside its transaction and its verdict is the one that counts.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from recovery_desk.catalogue.details import GroupDetails, validate
from recovery_desk.catalogue.policies import DEFAULT_CAPACITY, ELIGIBILITY_RULES, policies_for
from recovery_desk.domain.service import catalogue_service
from recovery_desk.schedule import ScheduleError, parse_rule, render_rule
from recovery_desk.schedule.rules import Frequency, Rule
from recovery_desk.views.frame.context import DeskContext
from recovery_desk.views.widgets.form_errors import FieldMessage, add_field_row, show_problems
from recovery_desk.vocabulary import FORMAT_WORDS, JOINING_WORDS, GroupFormat, Joining


def _whole_number(text: str) -> int | str:
    """The int typed, or the text itself so validation can quote it back.

    Plain digits only, and not too many: isdigit() alone also passes superscripts, which int()
    refuses, and int() refuses more than 4,300 digits."""
    stripped = text.strip()
    plain = stripped.isascii() and stripped.isdigit() and len(stripped) <= 9
    return int(stripped) if plain else stripped


def _rule_name(key: str) -> str:
    """An eligibility rule's short name, from its key: 'reduced_drinking' is 'Reduced
    drinking'."""
    return "MSM" if key == "msm" else key.replace("_", " ").capitalize()


class GroupEditor(QDialog):
    def __init__(self, parent: QWidget | None, context: DeskContext, other_names: set[str],
                 group: GroupDetails | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Edit {group.name}" if group else "Add a group")
        self.setObjectName("groupEditor")
        self.context, self._other_names, self._group = context, other_names, group
        self.saved: GroupDetails | None = None
        self._messages: dict[str, FieldMessage] = {}
        self._policy_edits: dict[str, QLineEdit] = {}
        self._policy_switches: dict[str, QCheckBox] = {}
        self._switches_touched: set[str] = set()
        """Switches the manager changed: kept when the rule changes; the others follow the
        new rule's default."""

        self._build_fields()
        form = self._form_rows()
        self._lay_out(form)
        self._load(group)
        self.schedule.textChanged.connect(self._read_schedule)
        self.rule.currentIndexChanged.connect(self._rebuild_policies)
        self.format.currentIndexChanged.connect(self._rebuild_policies)
        self._read_schedule()

    def _build_fields(self) -> None:
        """One field for each of the group's details; the policies' form is filled per rule."""
        self.name = self._line("name", "Name")
        self.name_tbc = QCheckBox("Name to be confirmed by the service")
        self.schedule = self._line("schedule", "When it meets",
                                   "e.g. Mon, Tues, Thurs, Friday 1.30-3pm")
        self.schedule_reading = QLabel()
        self.schedule_reading.setAccessibleName("Schedule as read")
        self.schedule_reading.setWordWrap(True)  # a long schedule wraps rather than cuts
        self.format = self._combo("format", "Format", FORMAT_WORDS)
        self.joining = self._combo("joining", "Joining", JOINING_WORDS)
        self.length_weeks = self._line("length_weeks", "Length in weeks", "blank if not stated")
        self.length_sessions = self._line("length_sessions", "Length in sessions",
                                          "blank if not stated")
        self.referral_required = QCheckBox("A keyworker referral is required to book")
        self.referral_required.setAccessibleName("Referral required")
        self.referral_note = self._line("referral_note", "Referral note")
        # The rules by short name; who each lets in reads in full, wrapping, under the box.
        self.rule = self._combo("eligibility_rule", "Eligibility rule",
                                {key: _rule_name(key) for key in ELIGIBILITY_RULES})
        for index, words in enumerate(ELIGIBILITY_RULES.values()):
            self.rule.setItemData(index, words, Qt.ItemDataRole.ToolTipRole)
        self.rule_words = QLabel()
        self.rule_words.setWordWrap(True)
        self.rule_words.setAccessibleName("Who the rule lets in")
        self.rule.currentIndexChanged.connect(
            lambda _: self.rule_words.setText(
                f"Lets in: {ELIGIBILITY_RULES.get(self.rule.currentData(), '')}"))
        self.capacity = self._line("capacity", "Capacity", "1 to 100")
        self.who_for = self._text("who_for", "Who it is for")
        self.description = self._text("description", "Description")
        self._policy_form = QFormLayout()

    def _form_rows(self) -> QFormLayout:
        """The group's details, a row each with its message, then its policies."""
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        # A field too wide beside its caption goes under it, so the form fits at large text.
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self._row(form, "&Name", self.name, "name")
        form.addRow("", self.name_tbc)
        self._row(form, "&When it meets", self.schedule, "schedule")
        form.addRow("", self.schedule_reading)
        self._row(form, "&Format", self.format, "format")
        self._row(form, "&Joining", self.joining, "joining")
        self._row(form, "Length in wee&ks", self.length_weeks, "length_weeks")
        self._row(form, "Length in &sessions", self.length_sessions, "length_sessions")
        form.addRow("", self.referral_required)
        self._row(form, "Referral no&te", self.referral_note, "referral_note")
        self._row(form, "&Eligibility rule", self.rule, "eligibility_rule")
        form.addRow("", self.rule_words)
        self._row(form, "&Capacity", self.capacity, "capacity")
        self._row(form, "Wh&o it is for", self.who_for, "who_for")
        self._row(form, "&Description", self.description, "description")
        policies = QLabel("<b>Policies</b> (settings the service's page leaves open)")
        policies.setWordWrap(True)
        form.addRow(policies)
        form.addRow(self._policy_form)
        return form

    def _lay_out(self, form: QFormLayout) -> None:
        """The form, scrolling, above Save and Cancel."""
        inner = QWidget()
        inner.setLayout(form)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        # Scrolls both ways: on a small screen at large text nothing is cut off unseen.
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        scroll.setWidget(inner)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.try_save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        layout.addWidget(self.buttons)
        # Grows with the text size, but never past a small screen (1024x700).
        chars = self.fontMetrics().averageCharWidth()
        self.resize(min(max(640, 84 * chars), 1000), 680)

    # ------------------------------------------------------------ building
    def _line(self, key: str, label: str, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(key)
        edit.setAccessibleName(label)
        edit.setPlaceholderText(placeholder)
        return edit

    def _text(self, key: str, label: str) -> QPlainTextEdit:
        edit = QPlainTextEdit()
        edit.setObjectName(key)
        edit.setAccessibleName(label)
        edit.setTabChangesFocus(True)
        edit.setFixedHeight(edit.fontMetrics().lineSpacing() * 4 + 12)
        return edit

    def _combo(self, key: str, label: str, choices: dict) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(key)
        combo.setAccessibleName(label)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(24)
        for value, words in choices.items():
            combo.addItem(words, value)
        return combo

    def _row(self, form: QFormLayout, label: str, field: QWidget, key: str) -> None:
        self._messages[key] = add_field_row(form, label, field)

    def _rebuild_policies(self) -> None:
        current = {k: e.text() for k, e in self._policy_edits.items()}
        switched = {k: box.isChecked() for k, box in self._policy_switches.items()
                    if k in self._switches_touched}
        while self._policy_form.rowCount():
            self._policy_form.removeRow(0)
        self._policy_edits.clear()
        self._policy_switches.clear()
        stored = self._group.policies if self._group else {}
        rule = self.rule.currentData()
        for policy in policies_for(rule, self.format.currentData()):
            if policy.switch:
                # The long words go in the caption, which wraps; the box says yes.
                box = QCheckBox("Yes")
                box.setAccessibleName(policy.label)
                box.setChecked(switched.get(policy.key, bool(
                    stored.get(policy.key, policy.default_for(rule)))))
                box.toggled.connect(lambda _, key=policy.key: self._switches_touched.add(key))
                self._policy_switches[policy.key] = box
                self._row(self._policy_form, policy.label, box, f"policy:{policy.key}")
                continue
            edit = self._line(f"policy:{policy.key}", policy.label)
            edit.setText(current.get(policy.key, str(stored.get(policy.key,
                                                                policy.default_for(rule)))))
            edit.setToolTip(f"Default {policy.default_for(rule)} {policy.unit}; "
                            f"{policy.minimum} to {policy.maximum}.")
            self._policy_edits[policy.key] = edit
            self._row(self._policy_form, f"{policy.label} ({policy.unit})", edit,
                      f"policy:{policy.key}")

    def _load(self, group: GroupDetails | None) -> None:
        if group is None:
            self.capacity.setText(str(DEFAULT_CAPACITY))
            self.referral_required.setChecked(True)
            self.rule.setCurrentIndex(self.rule.findData("keyworker_judgement"))
            self._rebuild_policies()
            return
        self.name.setText(group.name)
        self.name_tbc.setChecked(group.name_to_be_confirmed)
        self.schedule.setText(group.schedule_words)
        self.format.setCurrentIndex(self.format.findData(group.format))
        self.joining.setCurrentIndex(self.joining.findData(group.joining))
        self.length_weeks.setText(str(group.length_weeks or ""))
        self.length_sessions.setText(str(group.length_sessions or ""))
        self.referral_required.setChecked(group.referral_required)
        self.referral_note.setText(group.referral_note)
        self.rule.setCurrentIndex(self.rule.findData(group.eligibility_rule))
        self.capacity.setText(str(group.capacity))
        self.who_for.setPlainText(group.who_for)
        self.description.setPlainText(group.description)
        self._rebuild_policies()

    # ------------------------------------------------------------ checking and saving
    def _read_schedule(self) -> None:
        try:
            rule = parse_rule(self.schedule.text())
        except ScheduleError as error:
            self.schedule_reading.setText("")
            self._messages["schedule"].show_message(f"{str(error)[0].upper()}{str(error)[1:]}.")
            return
        self._messages["schedule"].show_message(None)
        self.schedule_reading.setText(f"Reads as: {render_rule(rule)}")

    def message(self, key: str) -> str:
        """The message shown beside a field, '' if none (for tests and screen readers)."""
        return self._messages[key].message if key in self._messages else ""

    def _gather(self) -> tuple[GroupDetails | None, dict[str, str]]:
        problems: dict[str, str] = {}
        try:
            schedule = parse_rule(self.schedule.text())
        except ScheduleError as error:
            # Keep checking the other fields so every mistake is shown at once.
            problems["schedule"] = f"{str(error)[0].upper()}{str(error)[1:]}."
            schedule = Rule(Frequency.UNKNOWN)

        def optional(edit: QLineEdit) -> int | str | None:
            return _whole_number(edit.text()) if edit.text().strip() else None

        lengths = {"length_weeks": optional(self.length_weeks),
                   "length_sessions": optional(self.length_sessions)}
        for key, value in lengths.items():
            if isinstance(value, str):
                problems[key] = f"Write a whole number of {key.split('_')[1]}, or leave it blank."
        # Numbers that are not whole numbers go in as the text typed, against the declared int,
        # so that validate() can quote them back beside their field.
        details = GroupDetails(
            id=self._group.id if self._group else None,
            name=self.name.text(), name_to_be_confirmed=self.name_tbc.isChecked(),
            schedule=schedule, format=GroupFormat(self.format.currentData()),
            joining=Joining(self.joining.currentData()),
            referral_required=self.referral_required.isChecked(),
            referral_note=self.referral_note.text(), eligibility_rule=self.rule.currentData(),
            capacity=_whole_number(self.capacity.text()),  # type: ignore[arg-type]
            length_weeks=None if isinstance(lengths["length_weeks"], str) else
            lengths["length_weeks"],
            length_sessions=None if isinstance(lengths["length_sessions"], str) else
            lengths["length_sessions"],
            who_for=self.who_for.toPlainText(), description=self.description.toPlainText(),
            policies={**{k: _whole_number(e.text()) for k, e in  # type: ignore[misc]
                         self._policy_edits.items()},
                      **{k: int(box.isChecked()) for k, box in self._policy_switches.items()}},
            active=self._group.active if self._group else True,
        )
        problems.update(validate(details, self._other_names))
        return (None if problems else details), problems

    def _show(self, problems: dict[str, str]) -> None:
        show_problems(self, self._messages, problems)

    def try_save(self) -> bool:
        details, problems = self._gather()
        if details is None or problems:
            self._show(problems)
            return False
        save = catalogue_service.add_group if self._group is None \
            else catalogue_service.update_group
        done = self.context.run_form(self, "Group not saved", self._show, save, details)
        if done is None:
            return False
        self.saved = done.value
        self.accept()
        return True
