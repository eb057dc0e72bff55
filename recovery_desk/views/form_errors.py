"""Messages shown beside form fields: a warning sign and text, so they never rely on colour."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget


class FieldMessage(QLabel):
    """An inline message under a field; empty and hidden while the field is fine."""

    def __init__(self, field: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
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
