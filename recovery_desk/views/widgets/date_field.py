"""A date typed the way people write them ('2/4/1985', '2 Apr 1985', '1985-04-02'), read back in
words as they type. A date that cannot be read exactly is a message, never a guess."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QLineEdit, QWidget

from recovery_desk.schedule.phrases import format_date, read_date

DATE_FORMAT = "ddd d MMM yyyy"
"""How Qt's date pickers show a date: the British way, 'Tue 1 Dec 2026'."""


class DateField(QLineEdit):
    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(accessible_name)
        self.setPlaceholderText("e.g. 2/4/1985")

    def value(self) -> date | None:
        """The date, None when empty; raises ValueError when it cannot be read."""
        return read_date(self.text()) if self.text().strip() else None

    def set_value(self, value: date | None) -> None:
        self.setText(format_date(value) if value else "")

    def reading(self) -> str:
        """'Tue 2 Apr 1985', '' when empty, or the problem."""
        try:
            value = self.value()
        except ValueError as error:
            return str(error)
        return format_date(value) if value else ""
