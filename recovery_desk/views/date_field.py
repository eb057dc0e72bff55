"""A date typed the way people write them ('2/4/1985', '2 Apr 1985', '1985-04-02'), read back in
words as they type. A date that cannot be read exactly is a message, never a guess."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtWidgets import QLineEdit, QWidget

from recovery_desk.schedule.phrases import format_date

FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%d %b %Y", "%d %B %Y",
           "%a %d %b %Y", "%A %d %B %Y")


def read_date(text: str) -> date:
    """The date written, or ValueError with a message for the person typing."""
    cleaned = " ".join(text.replace(",", " ").split())
    for form in FORMATS:
        try:
            return datetime.strptime(cleaned, form).date()
        except ValueError:
            continue
    raise ValueError(f"'{text.strip()}' is not a date; write it like 2/4/1985 or 2 Apr 1985.")


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
