"""A service user's record for the desk: places with end dates, attendance history, waiting-list
positions, and the referred groups they hold no place in yet, with a button to book them; and
the appointment letter for a running or booked place."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from recovery_desk.domain import person_record_service
from recovery_desk.domain.errors import DomainError
from recovery_desk.domain.person_record_service import PlaceLine
from recovery_desk.item_models.review_models import AttendanceModel
from recovery_desk.schedule.phrases import format_date
from recovery_desk.views import dialogs
from recovery_desk.views.booking_flow import book_groups, show_bookings
from recovery_desk.views.context import DeskContext
from recovery_desk.views.letter_dialog import LetterDialog
from recovery_desk.views.tables import filter_box, filtered_table


def _list(name: str, lines: list[str], empty: str) -> QListWidget:
    widget = QListWidget()
    widget.setAccessibleName(name)
    widget.addItems(lines or [empty])
    return widget


class PersonRecordDialog(QDialog):
    def __init__(self, parent: QWidget | None, context: DeskContext, person_id: int) -> None:
        super().__init__(parent)
        self.context, self.person_id = context, person_id
        db, actor = context.db, context.actor
        record = person_record_service.person_record(db, actor, person_id)
        self.setWindowTitle(f"Record: {record.name}")
        places = []
        for place in record.places:
            until = format_date(place.end) if place.end else "no end date"
            state = "" if place.status.value == "active" else (
                f", {place.status.value} {format_date(place.ended_on)}: {place.end_reason}"
                if place.ended_on else f", {place.status.value}")
            flag = ", FLAGGED for the keyworker (missed sessions)" if place.flagged else ""
            places.append(f"{place.group}: {format_date(place.start)} to {until}{state}{flag}")
        waiting = [f"{w.group}: number {w.position}, {w.status.value}"
                   + (f" ({w.reason})" if w.reason else "") for w in record.waiting]
        self.places = _list("Places", places, "No places yet.")
        self.place_lines = list(record.places)
        self.today = context.today()
        self.letter_button = QPushButton("Appointment &letter…")
        self.letter_button.setAccessibleName("Appointment letter for the selected place")
        self.letter_button.clicked.connect(self.open_letter)
        self.places.currentRowChanged.connect(self._place_chosen)
        self.places.setCurrentRow(0)
        self._place_chosen()
        self.attendance_model = AttendanceModel(self)
        self.attendance_model.set_rows(record.attendance)
        self.attendance_filter = filter_box("Filter attendance")
        self.attendance = filtered_table(self.attendance_model, "Attendance history",
                                         self.attendance_filter)
        self.attendance.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.waiting = _list("Waiting lists", waiting, "Not on any waiting list.")
        self.booked_lines: list[str] = []
        self.unbooked = person_record_service.unbooked_referrals(db, actor, person_id)
        names = ", ".join(name for _, name in self.unbooked)
        self.book_button = QPushButton(f"&Book referred groups ({names})" if names
                                       else "&Book referred groups (none waiting to book)")
        self.book_button.setEnabled(bool(self.unbooked))
        self.book_button.clicked.connect(self.book)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for title, widget in (("Places", self.places), ("Attendance", self.attendance),
                              ("Waiting lists", self.waiting)):
            caption = QLabel(f"<b>{title}</b>")
            caption.setBuddy(widget)
            layout.addWidget(caption)
            if widget is self.attendance:
                layout.addWidget(self.attendance_filter)
            layout.addWidget(widget)
            if widget is self.places:
                layout.addWidget(self.letter_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.book_button)
        layout.addWidget(buttons)
        self.resize(640, 560)

    def selected_place(self) -> PlaceLine | None:
        row = self.places.currentRow()
        return self.place_lines[row] if 0 <= row < len(self.place_lines) else None

    def _place_chosen(self, *_: object) -> None:
        place = self.selected_place()
        running = place is not None and place.status.value == "active" and (
            place.end is None or place.end >= self.today)
        self.letter_button.setEnabled(running)
        self.letter_button.setToolTip("" if running else
                                      "Select a place that is running or booked.")

    def open_letter(self) -> LetterDialog | None:
        place = self.selected_place()
        if place is None:
            return None
        try:
            dialog = LetterDialog(self, self.context, place.enrolment_id)
        except DomainError as error:
            dialogs.show_error(self, "Appointment letter", str(error))
            return None
        dialog.exec()
        return dialog

    def book(self) -> list[str]:
        """Book each referred group, or join its waiting list when full."""
        bookings = book_groups(self, self.context, self.person_id, self.unbooked)
        self.booked_lines = bookings.lines
        self.book_button.setEnabled(False)
        show_bookings(self, self.context, bookings)
        return self.booked_lines
