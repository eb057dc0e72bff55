"""Setting up texts and emails (Desk menu, managers: SET_UP_MESSAGES): Notify's base URL, the
template id of each kind of message, the API key typed into a password field (stored by
notify_setup.save_setup in a file only this account can read; never shown again, never
logged; left empty it stays as it is) and the hour from which the desk queues tomorrow's
reminders (a service setting). A wrong field is named beside it and nothing typed is lost."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from recovery_desk import config
from recovery_desk.domain.messages import notify_setup
from recovery_desk.domain.service import service_settings
from recovery_desk.views.frame.context import DeskContext
from recovery_desk.views.widgets.form_errors import FieldMessage, add_field_row, show_problems
from recovery_desk.vocabulary import MESSAGE_KIND_WORDS, MessageKind

KEY_STORED = "A key is stored on this computer; type a new one only to replace it."
NO_KEY = "No key is stored on this computer yet: messages wait until one is."


def _line(key: str, name: str) -> QLineEdit:
    line = QLineEdit()
    line.setObjectName(key)
    line.setAccessibleName(name)
    return line


class SetupDialog(QDialog):
    def __init__(self, parent: QWidget | None, context: DeskContext) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle("Texts and emails set-up")
        settings = context.call(notify_setup.notify_settings)
        self.base_url = _line("base_url", "Notify base URL")
        self.base_url.setText(settings.base_url)
        self.templates: dict[MessageKind, QLineEdit] = {}
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.messages: dict[str, FieldMessage] = {
            "base_url": add_field_row(form, "&Base URL", self.base_url)}
        last = len(MessageKind) - 1
        for n, kind in enumerate(MessageKind):
            # The domain names a wrong template in one message ("templates"): it shows under
            # the last template, closing the block it speaks of.
            line = _line("templates" if n == last else f"template_{kind.value}",
                         f"{MESSAGE_KIND_WORDS[kind]} template id")
            line.setText(settings.templates.get(kind, ""))
            line.setPlaceholderText("template id, copied from its page in Notify")
            self.templates[kind] = line
            # Short captions (a long one wraps and is cut at large text): the field's
            # accessible name and placeholder say it is the template's id.
            label = f"{MESSAGE_KIND_WORDS[kind]} &id" if n == 0 \
                else f"{MESSAGE_KIND_WORDS[kind]} id"
            message = add_field_row(form, label, line)
            if n == last:
                self.messages["templates"] = message
        self.api_key = _line("api_key", "Notify API key")
        self.api_key.setEchoMode(QLineEdit.EchoMode.Password)
        stored = notify_setup.key_is_stored(config.notify_key_file())
        self.key_state = QLabel(KEY_STORED if stored else NO_KEY)
        self.key_state.setWordWrap(True)
        self.messages["api_key"] = add_field_row(form, "API &key", self.api_key, self.key_state)
        self.hour = QSpinBox()
        self.hour.setObjectName("reminder_hour")
        self.hour.setAccessibleName("Hour from which tomorrow's reminders are queued")
        self.hour.setRange(0, 23)
        self.hour.setSuffix(":00")
        self.hour.setValue(context.call_unsigned(service_settings.read)["reminder_hour"])
        self.messages["reminder_hour"] = add_field_row(form, "&Reminders from", self.hour)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(min(max(560, 70 * self.fontMetrics().averageCharWidth()), 1000))

    def show_problems(self, problems: dict[str, str]) -> None:
        show_problems(self, self.messages, problems)

    def save(self) -> bool:
        """Store the set-up (and the key, if one was typed), then the reminder hour."""
        templates = {kind.value: line.text() for kind, line in self.templates.items()
                     if line.text().strip()}
        key = self.api_key.text() or None
        done = self.context.run_form(self, "Set-up not saved", self.show_problems,
                                     notify_setup.save_setup, self.base_url.text(), templates,
                                     key, config.notify_key_file())
        if done is None:
            return False
        self.api_key.clear()  # never shown again
        if self.context.run_form(self, "Reminder hour not saved", self.show_problems,
                                 service_settings.save,
                                 {"reminder_hour": self.hour.value()}) is None:
            return False
        self.accept()
        return True
