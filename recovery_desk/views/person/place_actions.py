"""What the desk does to a booked place from a person's record: cancel it as booked in error
(with a reason), move it to another start date (before it starts), or end it (left, moved
away, completed, discharged). Each asks once, naming the person, the group and the date, then
says what happened; the record (and every other open screen) shows the change from the
context's announcement."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QWidget

from recovery_desk.domain.places import booking_service, place_changes
from recovery_desk.domain.places.booking_options import start_options
from recovery_desk.domain.places.booking_service import Leaving
from recovery_desk.domain.places.place_rules import TimeClashError
from recovery_desk.domain.store.errors import DomainError
from recovery_desk.rows.people import PlaceLine
from recovery_desk.schedule.phrases import format_date
from recovery_desk.views.frame.context import DeskContext
from recovery_desk.views.widgets import dialogs

ENDINGS = {
    "Left the group": Leaving.WITHDRAWN,
    "Moved away": Leaving.WITHDRAWN,
    "Completed the group": Leaving.COMPLETED,
    "Discharged by the service": Leaving.DISCHARGED,
}
"""How a place ends, in the desk's words, with the status each is recorded as."""


def _offered(name: str | None) -> str:
    return f" The freed place is offered to {name} from the waiting list." if name else ""


def cancel_place(parent: QWidget | None, context: DeskContext, person: str,
                 place: PlaceLine) -> bool:
    """Cancel a booking made in error: one question, naming the place and what cancelling
    does, answered with the reason (a blank one is refused before anything happens); then
    what happened."""
    title = "Cancel a booking made in error"
    reason = dialogs.ask_text(parent, title, f"Cancel {person}'s place in {place.group} from "
                              f"{format_date(place.start)} as booked in error? It will count "
                              "in no figures. Why was it booked in error?")
    if reason is None:
        return False
    if not reason.strip():
        dialogs.show_error(parent, title, "Give a reason for cancelling the booking; it is "
                           "still booked.")
        return False
    done = context.run(parent, title, place_changes.cancel_in_error, place.enrolment_id,
                       reason)
    if done is None:
        return False
    dialogs.show_info(parent, title, f"{person}'s booking in {place.group} is cancelled."
                      + _offered(done.value))
    return True


def move_place(parent: QWidget | None, context: DeskContext, person: str,
               place: PlaceLine) -> date | None:
    """Move a place not yet started to another of the group's start dates."""
    title = "Move the start date"
    read = context.run(parent, title, start_options, place.group_id, today=context.today(),
                       moving=place.enrolment_id)
    if read is None:
        return None
    # Only starts the move would take: open, with a place free then (full ones are refused).
    days = {format_date(o.day): o.day for o in read.value
            if o.closure is None and o.free > 0 and o.day != place.start}
    if not days:
        dialogs.show_error(parent, title, f"{place.group} has no other session with a free "
                           "place to start at; the place still starts "
                           f"{format_date(place.start)}.")
        return None
    chosen = dialogs.ask_choice(parent, title, f"{person}'s place in {place.group} starts "
                                f"{format_date(place.start)}. Start instead on:", list(days))
    if chosen is None or not dialogs.confirm(
            parent, title, f"Move {person}'s place in {place.group} to start {chosen}?",
            "Move the start"):
        return None
    try:
        start, _end = context.call(place_changes.move_start, place.enrolment_id, days[chosen],
                                   today=context.today())
    except TimeClashError as clash:
        if not dialogs.confirm(parent, "Time clash", f"{clash} Move it anyway?", "Move anyway"):
            return None
        moved = context.run(parent, title, place_changes.move_start, place.enrolment_id,
                            days[chosen], today=context.today(), accept_clash=True)
        if moved is None:
            return None
        start = moved.value[0]
    except DomainError as error:
        context.show_failure(parent, title, error)
        return None
    dialogs.show_info(parent, title, f"{person}'s place in {place.group} now starts "
                      f"{format_date(start)}.")
    return start


def end_place(parent: QWidget | None, context: DeskContext, person: str,
              place: PlaceLine) -> bool:
    """End a place today: how it ended (its reason), one question, then what happened."""
    title = "End the place"
    today = context.today()
    how = dialogs.ask_choice(parent, title, f"How did {person}'s place in {place.group} end?",
                             list(ENDINGS))
    if how is None or not dialogs.confirm(
            parent, title, f"End {person}'s place in {place.group} today "
            f"({format_date(today)}): {how.lower()}?", "End the place"):
        return False
    done = context.run(parent, title, booking_service.leave, place.enrolment_id, ENDINGS[how],
                       how, today)
    if done is None:
        return False
    dialogs.show_info(parent, title, f"{person}'s place in {place.group} ended "
                      f"{format_date(today)}: {how.lower()}." + _offered(done.value))
    return True
