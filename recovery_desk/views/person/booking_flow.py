"""Booking one place from the window, as the booking dialog does: the place is booked on the
chosen start date, a time clash asks before booking anyway, a group found full (at another
desk, since the dialog was read) offers its waiting list, and any other refusal is shown in
words. What was booked is then said, with a button for the place's appointment letter."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QWidget

from recovery_desk.domain.places import booking_service
from recovery_desk.domain.places import waiting_list_service as waiting
from recovery_desk.domain.places.place_rules import BookedPlace, GroupFullError, TimeClashError
from recovery_desk.domain.store.errors import DomainError
from recovery_desk.schedule.phrases import format_date
from recovery_desk.views.frame.context import DeskContext
from recovery_desk.views.person.letter_dialog import LetterDialog
from recovery_desk.views.widgets import dialogs


def booked_words(place: BookedPlace, when: str) -> str:
    """'Alex Brennan is booked into MSM Group (1st and 3rd Thursday…): first session Thu 17 Dec
    2026, last Thu 3 Jun 2027.'"""
    until = f", last {format_date(place.end)}" if place.end else ", with no end date"
    clash = f" Time clash accepted: {'; '.join(place.warnings)}." if place.warnings else ""
    return (f"{place.person} is booked into {place.group} ({when}): first session "
            f"{format_date(place.start)}{until}.{clash}")


def book_one(parent: QWidget | None, context: DeskContext, person_id: int, group_id: int,
             start: date, group: str) -> BookedPlace | int | None:
    """Book the place starting on `start`: the BookedPlace, the waiting-list position if the
    group was full and the desk chose to add them, or None (refused, or the desk said no;
    the reason has been shown)."""
    try:
        return _book(parent, context, person_id, group_id, start, group)
    except GroupFullError as full:
        if not dialogs.confirm(parent, "Group full", f"{full.full}. Add them to the waiting list?",
                               "Add to the waiting list"):
            return None
        joined = context.run(parent, "Waiting list", waiting.join, person_id, group_id,
                             context.today())
        return joined.value if joined else None
    except DomainError as error:
        context.show_failure(parent, "Cannot book", error)
        return None


def _book(parent: QWidget | None, context: DeskContext, person_id: int, group_id: int,
          start: date, group: str) -> BookedPlace | None:
    today = context.today()
    try:
        return context.call(booking_service.book, person_id, group_id, today, start=start)
    except TimeClashError as clash:
        if not dialogs.confirm(parent, "Time clash", f"{group}: {clash} Book it anyway?",
                               "Book anyway"):
            return None
        return context.call(booking_service.book, person_id, group_id, today,
                            accept_clash=True, start=start)


def show_booked(parent: QWidget | None, context: DeskContext, place: BookedPlace,
                when: str) -> None:
    """What was booked, with a button for the place's appointment letter."""
    def letter() -> None:
        dialog = LetterDialog.open(parent, context, place.enrolment_id)
        if dialog is not None:
            dialog.exec()

    dialogs.show_outcome(parent, "Booked", booked_words(place, when),
                         [(f"Appointment letter: {place.group}…", letter)])
