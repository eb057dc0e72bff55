"""Messages shown beside form fields: a warning sign and text, so they never rely on colour."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

DARK_RED, LIGHT_RED = "#a4000f", "#ff9c8f"
"""Each at least 4.5:1 against the window colour of a light theme (white) and of a dark one
(#1e1e1e) respectively, as WCAG asks of text."""


def warning_colour(palette: QPalette) -> str:
    """A red that reads on this palette's window colour."""
    return LIGHT_RED if palette.color(QPalette.ColorRole.Window).lightness() < 128 \
        else DARK_RED


class FieldMessage(QLabel):
    """An inline message under a field; empty and hidden while the field is fine."""

    def __init__(self, field: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        # Messages quote what was typed: '<b>' in a name must show as typed, not as markup.
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setObjectName("fieldMessage")
        self.setAccessibleName(f"{field.accessibleName()} problem")
        self.hide()
        self._field = field

    def show_message(self, message: str | None) -> None:
        if message:
            # Chosen as shown, so a dark or high-contrast theme gets a red it can read.
            self.setStyleSheet(f"color: {warning_colour(self.palette())};")
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


def show_problems(form: QWidget, messages: dict[str, FieldMessage],
                  problems: dict[str, str]) -> None:
    """Each field's problem beside it ({} clears them all), and the keyboard focus on the first
    field with one (fields are found by objectName, the key of their message)."""
    for key, message in messages.items():
        message.show_message(problems.get(key))
    first = next((key for key in messages if key in problems), None)
    if first is not None:
        field = form.findChild(QWidget, first)
        if field is not None:
            field.setFocus()
