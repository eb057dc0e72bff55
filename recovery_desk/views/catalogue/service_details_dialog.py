"""The manager's dialog for the service's own details: its name (it heads every report), the
address and phone an appointment letter gives, and the small-number rule for exported reports.
A message beside each field that is wrong; the settings service has the last word."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from recovery_desk.catalogue.service_details import (
    MAX_SMALL_NUMBER,
    MIN_SMALL_NUMBER,
    ServiceDetails,
    small_number_words,
)
from recovery_desk.domain.service import service_details
from recovery_desk.views.frame.context import DeskContext
from recovery_desk.views.widgets.form_errors import FieldMessage, add_field_row


class ServiceDetailsDialog(QDialog):
    def __init__(self, parent: QWidget | None, context: DeskContext,
                 current: ServiceDetails) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle("Service details")
        self.saved: ServiceDetails | None = None
        self.name = QLineEdit(current.name)
        self.name.setAccessibleName("Service name")
        self.name.setObjectName("name")
        self.address = QPlainTextEdit(current.address)
        self.address.setAccessibleName("Address where the groups meet")
        self.address.setObjectName("address")
        self.address.setTabChangesFocus(True)
        self.address.setFixedHeight(self.address.fontMetrics().lineSpacing() * 5 + 12)
        self.phone = QLineEdit(current.phone)
        self.phone.setAccessibleName("Phone number for service users")
        self.phone.setObjectName("phone")
        self.phone.setPlaceholderText("e.g. 020 7946 0000")
        self.small_number = QSpinBox()
        self.small_number.setRange(MIN_SMALL_NUMBER, MAX_SMALL_NUMBER)
        self.small_number.setValue(current.small_number)
        self.small_number.setAccessibleName("Small-number rule for exported reports")
        self.small_number.setObjectName("small_number")
        self.rule_words = QLabel()
        self.rule_words.setWordWrap(True)
        self.small_number.valueChanged.connect(
            lambda value: self.rule_words.setText(small_number_words(value)))
        self.rule_words.setText(small_number_words(current.small_number))

        form = QFormLayout()
        self._messages: dict[str, FieldMessage] = {
            "name": add_field_row(form, "Service &name", self.name),
            "address": add_field_row(form, "&Address where the groups meet", self.address,
                                     QLabel("Printed on appointment letters, one line each.")),
            "phone": add_field_row(form, "&Phone for service users", self.phone,
                                   QLabel("Letters tell people to call this if they cannot "
                                          "come.")),
            "small_number": add_field_row(form, "&Smallest count shown in exported reports",
                                          self.small_number, self.rule_words),
        }
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.try_save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(560, 0)

    def message(self, key: str) -> str:
        """The message beside a field, '' if none (for tests and screen readers)."""
        return self._messages[key].message

    def _show(self, problems: dict[str, str]) -> None:
        for key, message in self._messages.items():
            message.show_message(problems.get(key))
        first = next((k for k in self._messages if k in problems), None)
        field = self.findChild(QWidget, first) if first else None
        if field is not None:
            field.setFocus()

    def try_save(self) -> bool:
        details = ServiceDetails(self.name.text(), self.address.toPlainText(), self.phone.text(),
                                 self.small_number.value())
        done = self.context.run_form(self, "Service details not saved", self._show,
                                     service_details.save_details, details)
        if done is None:
            return False
        self.saved = done.value
        self.accept()
        return True
