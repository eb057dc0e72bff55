"""Recording the answer to a waiting-list offer at the desk: accepted (the place is booked),
declined (with the reason, kept on the list), or no answer by the answer-by date (the place goes
to the next person). The person record's waiting-list section and a group's waiting-list dialog
both answer through here, so the questions and the words after are the same in each.

Moving people up or down the list is not here: that stays with keyworkers (the Review tab).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from recovery_desk.domain.places import waiting_list_service as waiting
from recovery_desk.domain.places.place_rules import BookedPlace, TimeClashError
from recovery_desk.domain.store.errors import DomainError
from recovery_desk.schedule.phrases import format_date
from recovery_desk.views.frame.context import DeskContext
from recovery_desk.views.widgets import dialogs


@dataclass(frozen=True)
class Offer:
    """An open offer, as the screen showing it knows it."""

    entry_id: int
    person: str
    group: str
    answer_by: date | None


def _next(offered_to: str | None) -> str:
    return f"The place is now offered to {offered_to}." if offered_to else \
        "Nobody else on the list can be offered the place now."


def _booked(place: BookedPlace) -> str:
    until = f" to {format_date(place.end)}" if place.end else ", no end date"
    return f"{place.person} is booked into {place.group} from {format_date(place.start)}{until}."


def accepted(parent: QWidget | None, context: DeskContext, offer: Offer) -> bool:
    """The person takes the place: asks once, books it, says from when. A time clash with
    another of their places asks before booking anyway."""
    title = "Offer accepted"
    if not dialogs.confirm(parent, title, f"{offer.person} accepts the place in {offer.group}: "
                           "book it from the next session?", "Book the place"):
        return False
    on = context.today()
    try:
        place = context.call(waiting.accept, offer.entry_id, on)
    except TimeClashError as clash:
        if not dialogs.confirm(parent, "Time clash", f"{clash} Book it anyway?", "Book anyway"):
            return False
        done = context.run(parent, "Place not booked", waiting.accept, offer.entry_id, on,
                           accept_clash=True)
        if done is None:
            return False
        place = done.value
    except DomainError as error:
        context.show_failure(parent, "Place not booked", error)
        return False
    dialogs.show_info(parent, title, _booked(place))
    return True


def declined(parent: QWidget | None, context: DeskContext, offer: Offer) -> bool:
    """The person turns the place down and leaves the list; the reason is kept."""
    title = "Offer declined"
    reason = dialogs.ask_text(parent, title, f"Why did {offer.person} decline the place in "
                              f"{offer.group}? (kept on the waiting list)")
    if reason is None:
        return False
    done = context.run(parent, "Answer not recorded", waiting.decline, offer.entry_id, reason,
                       context.today())
    if done is None:
        return False
    dialogs.show_info(parent, title, f"{offer.person} declined and has left the waiting list "
                      f"for {offer.group}. {_next(done.value)}")
    return True


def no_answer(parent: QWidget | None, context: DeskContext, offer: Offer) -> bool:
    """Nobody answered by the date: the offer closes and the place goes to the next person;
    the person keeps their position or leaves the list, as the group's setting says."""
    title = "No answer to the offer"
    by = f" by {format_date(offer.answer_by)}" if offer.answer_by else ""
    if not dialogs.confirm(parent, title, f"No answer from {offer.person}{by}? The offer of a "
                           f"place in {offer.group} closes and the place is offered to the "
                           "next person.", "Close the offer"):
        return False
    done = context.run(parent, "Answer not recorded", waiting.no_answer, offer.entry_id)
    if done is None:
        return False
    stays = "keeps their position on the waiting list" if done.value.kept_position else \
        "has left the waiting list"
    dialogs.show_info(parent, title, f"{offer.person} {stays} for {offer.group}. "
                      f"{_next(done.value.offered_to)}")
    return True


class OfferButtons(QWidget):
    """The three answers as buttons, enabled while an open offer is chosen. Alt letters: A, D,
    N (the screens that hold these use none of them elsewhere)."""

    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.offer: Offer | None = None
        self.accept_button = QPushButton("Offer &accepted…")
        self.decline_button = QPushButton("Offer &declined…")
        self.no_answer_button = QPushButton("&No answer by the date…")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for button, answer, name in (
                (self.accept_button, accepted, "The person accepted the offer: book the place"),
                (self.decline_button, declined, "The person declined the offer"),
                (self.no_answer_button, no_answer, "No answer to the offer by its date")):
            button.setAccessibleName(name)
            button.clicked.connect(lambda _=False, answer=answer: self._answer(answer))
            layout.addWidget(button)
        layout.addStretch(1)
        self.set_offer(None)

    def set_offer(self, offer: Offer | None) -> None:
        """The offer the answers are for; None (nothing chosen, or not an offer) disables
        them. No answer stays off until the answer-by date, saying from when."""
        self.offer = offer
        tip = "" if offer is not None else "Select an open offer first."
        for button in (self.accept_button, self.decline_button, self.no_answer_button):
            button.setEnabled(offer is not None)
            button.setToolTip(tip)
            button.setAccessibleDescription(tip)
        due = offer.answer_by if offer is not None else None
        if due is not None and self.context.today() < due:
            early = (f"The offer is open until {format_date(due)}; no answer can be recorded "
                     "from that day.")
            self.no_answer_button.setEnabled(False)
            self.no_answer_button.setToolTip(early)
            self.no_answer_button.setAccessibleDescription(early)

    def _answer(self, answer: Callable[[QWidget | None, DeskContext, Offer], bool]) -> None:
        if self.offer is not None:
            answer(self.window(), self.context, self.offer)
