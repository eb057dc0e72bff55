"""Booking a person into several groups in one step, as the intake tab and the person record
do: each group is booked, or (when full) the person joins its waiting list; a time clash asks
before booking. Gives a line per group saying what happened, and the places booked, each of
which can have its appointment letter from the message that shows the outcome."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial

from PySide6.QtWidgets import QWidget

from recovery_desk.domain.places import booking_service
from recovery_desk.domain.places import waiting_list_service as waiting
from recovery_desk.domain.places.place_rules import BookedPlace, GroupFullError, TimeClashError
from recovery_desk.domain.store.errors import DomainError
from recovery_desk.schedule.phrases import format_date
from recovery_desk.views.frame.context import DeskContext
from recovery_desk.views.person.letter_dialog import LetterDialog
from recovery_desk.views.widgets import dialogs


@dataclass
class Bookings:
    lines: list[str] = field(default_factory=list)
    places: list[BookedPlace] = field(default_factory=list)
    """The places booked (not the waiting lists joined)."""


def _booked(place: BookedPlace) -> str:
    until = f" to {format_date(place.end)}" if place.end else ", no end date"
    clash = f" (time clash accepted: {'; '.join(place.warnings)})" if place.warnings else ""
    return f"{place.group}: booked from {format_date(place.start)}{until}{clash}."


def book_groups(parent: QWidget | None, context: DeskContext, person_id: int,
                groups: list[tuple[int, str]]) -> Bookings:
    on = context.today()
    result = Bookings()
    lines = result.lines

    def booked(place: BookedPlace) -> str:
        result.places.append(place)
        return _booked(place)

    for group_id, name in groups:
        try:
            lines.append(booked(context.call(booking_service.book, person_id, group_id, on)))
        except TimeClashError as clash:
            if dialogs.confirm(parent, "Time clash", f"{name}: {clash} Book it anyway?",
                               "Book anyway"):
                lines.append(booked(context.call(booking_service.book, person_id, group_id,
                                                 on, accept_clash=True)))
            else:
                lines.append(f"{name}: not booked, because of the time clash.")
        except GroupFullError:
            try:
                position = context.call(waiting.join, person_id, group_id, on)
                lines.append(f"{name}: full, so added to the waiting list at number "
                             f"{position}.")
            except DomainError as error:
                lines.append(f"{name}: full, and not added to the waiting list: {error}")
        except DomainError as error:
            lines.append(f"{name}: not booked. {error}")
    return result


def show_bookings(parent: QWidget | None, context: DeskContext, bookings: Bookings) -> None:
    """What happened to each group, with a button for each booked place's appointment
    letter."""
    def letter(enrolment_id: int) -> None:
        dialog = LetterDialog.open(parent, context, enrolment_id)
        if dialog is not None:
            dialog.exec()

    dialogs.show_outcome(parent, "Bookings", "\n".join(bookings.lines), [
        (f"Appointment letter: {place.group}…", partial(letter, place.enrolment_id))
        for place in bookings.places])
