"""A date picker that Tab leaves at once: Qt's QDateEdit spends Tab on moving between day,
month and year, which a keyboard user meets as a control that will not let go. Left and Right
still move between the parts, Up and Down change them, and the calendar opens with Alt+Down."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QAbstractSpinBox, QDateEdit, QWidget

from recovery_desk.views.widgets.date_field import DATE_FORMAT


class DateEdit(QDateEdit):
    def __init__(self, label: str, day: date | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDisplayFormat(DATE_FORMAT)
        self.setCalendarPopup(True)
        self.setAccessibleName(label)
        if day is not None:
            self.setDate(QDate(day.year, day.month, day.day))

    def focusNextPrevChild(self, forward: bool) -> bool:
        return QAbstractSpinBox.focusNextPrevChild(self, forward)

    def day(self) -> date:
        shown = self.date()  # toPython() would do, but PySide types it as any object
        return date(shown.year(), shown.month(), shown.day())
