"""People waiting for a place, for the waiting-list screens' tests: a full group with an offer
open, a desk signed in as reception, what the desk tells the person, and Alt letters typed."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import Qt

from recovery_desk.domain.people import intake_service as intake
from recovery_desk.domain.places import booking_service, review_service
from recovery_desk.domain.places import waiting_list_service as waiting
from recovery_desk.domain.service import catalogue_service
from recovery_desk.domain.store.actor import Actor
from recovery_desk.views.widgets import dialogs
from recovery_desk.vocabulary import StaffRole
from tests.qt.conftest import TODAY

RDP = "Reduced Drinking Programme"
DUE = date(2026, 12, 4)
"""The first offer's answer-by date: a week after it was made."""


def make_waiting_person(db, actor, keyworker_id, group_id, given, family) -> int:
    """A person referred to the group, made through the intake service."""
    return intake.save_intake(db, actor, intake.PersonDetails(
        given_name=given, family_name=family, date_of_birth=date(1984, 6, 1),
        keyworker_id=keyworker_id, consent_to_store=True, assessment={
            "substances": [{"name": "alcohol", "days_used_last_28": 14}],
            "goals": ["reduce_drinking"]}), [intake.ReferralRequest(group_id)], TODAY)


@pytest.fixture
def offered(db, actor, booked, keyworker_id):
    """The Reduced Drinking Programme full at three places, Riley Shaw and Morgan Hale
    waiting; Alex Brennan leaves, so Riley is offered the place (answer by Fri 4 Dec)."""
    group_id, _people = booked
    group = next(g for g in catalogue_service.list_groups(db, actor) if g.id == group_id)
    catalogue_service.update_group(db, actor, replace(group, capacity=3))
    riley = make_waiting_person(db, actor, keyworker_id, group_id, "Riley", "Shaw")
    morgan = make_waiting_person(db, actor, keyworker_id, group_id, "Morgan", "Hale")
    for person in (riley, morgan):
        waiting.join(db, actor, person, group_id, TODAY)
    alex = next(m for m in review_service.members(db, actor, group_id, TODAY)
                if m.name == "Alex Brennan")
    booking_service.leave(db, actor, alex.enrolment_id, booking_service.Leaving.WITHDRAWN,
                          "Moved away", TODAY)
    return group_id, riley, morgan


@pytest.fixture
def reception(make_context, actor):
    """A desk signed in as reception, on a day of the test's choosing."""
    return lambda today=TODAY: make_context(today, Actor(actor.staff_id, "Jo",
                                                         StaffRole.RECEPTION))


@pytest.fixture
def told(monkeypatch):
    """What the desk tells the person (show_info), and the reason it is given when it asks."""
    state: dict[str, object] = {"info": [], "reason": "Starting a new job"}
    monkeypatch.setattr(dialogs, "show_info",
                        lambda parent, title, text: state["info"].append(text))
    monkeypatch.setattr(dialogs, "ask_text", lambda parent, title, label: state["reason"])
    return state


def press_alt(qtbot, window, key: Qt.Key) -> None:
    """Alt and a letter, as typed in the active window (the button clicks a moment later)."""
    qtbot.keyClick(window.focusWidget() or window, key, Qt.KeyboardModifier.AltModifier)
