"""Messages shown beside form fields: a warning sign and text, so they never rely on colour."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget


class FieldMessage(QLabel):
    """An inline message under a field; empty and hidden while the field is fine."""

    def __init__(self, field: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        # Messages quote what was typed: '<b>' in a name must show as typed, not as markup.
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setObjectName("fieldMessage")
        self.setStyleSheet("color: #a4000f;")
        self.setAccessibleName(f"{field.accessibleName()} problem")
        self.hide()
        self._field = field

    def show_message(self, message: str | None) -> None:
        if message:
            self.setText(f"⚠ {message}")
            self.show()
            self._field.setAccessibleDescription(message)
        else:
            self.clear()
            self.hide()
            self._field.setAccessibleDescription("")

    @property
    def message(self) -> str:
        return self.text().removeprefix("⚠ ")


def add_field_row(form: QFormLayout, label: str, field: QWidget,
                  below: QWidget | None = None) -> FieldMessage:
    """A labelled row: the field, an optional line under it, and its (hidden) message.

    The caption is the field's buddy, so its mnemonic (&) moves focus to the field.
    """
    message = FieldMessage(field)
    box = QVBoxLayout()
    box.setContentsMargins(0, 0, 0, 0)
    box.addWidget(field)
    if below is not None:
        box.addWidget(below)
    box.addWidget(message)
    caption = QLabel(label)
    caption.setWordWrap(len(label) > 24)
    caption.setMaximumWidth(260)
    caption.setBuddy(field)
    form.addRow(caption, box)
    return message
