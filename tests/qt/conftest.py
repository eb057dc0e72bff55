"""Qt fixtures: the main window built on the test's own database, and dialogs answered."""

from __future__ import annotations

from datetime import date

import pytest

from recovery_desk.domain.store.actor import Actor
from recovery_desk.domain.store.database import Database
from recovery_desk.views.frame.context import DeskContext
from recovery_desk.views.widgets import dialogs

TODAY = date(2026, 11, 27)


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    """Replaces the dialog functions: confirm returns answers['confirm']; errors, files said
    to be saved and outcomes (with their follow-up buttons) are kept."""
    state: dict[str, object] = {"confirm": True, "errors": [], "asked": [], "outcomes": []}

    def confirm(parent, title, text, action="OK"):
        state["asked"].append(text)
        return state["confirm"]

    monkeypatch.setattr(dialogs, "confirm", confirm)
    monkeypatch.setattr(dialogs, "show_error",
                        lambda parent, title, text: state["errors"].append(text))
    monkeypatch.setattr(dialogs, "show_info", lambda parent, title, text: None)
    state["saved"] = []  # each "Saved <file name> in <folder>." said after a save
    monkeypatch.setattr(dialogs, "show_saved",
                        lambda parent, title, text: state["saved"].append(text))
    state["codes"] = []
    monkeypatch.setattr(dialogs, "show_recovery_code",
                        lambda parent, code: state["codes"].append(code))
    monkeypatch.setattr(dialogs, "show_outcome",  # kept: (text, {button label: action})
                        lambda parent, title, text, actions=(): state["outcomes"].append(
                            (text, dict(actions))))
    return state


@pytest.fixture
def context(db: Database, actor: Actor) -> DeskContext:
    """The application context on the test's database, its clock fixed on Fri 27 Nov 2026."""
    return DeskContext(db, actor, location="test.sqlite3", clock=lambda: TODAY)


@pytest.fixture
def make_context(db: Database, actor: Actor):
    """A context whose day is chosen by the test."""
    return lambda today=TODAY, who=actor: DeskContext(db, who, location="test.sqlite3",
                                                      clock=lambda: today)


@pytest.fixture
def shown(qtbot):
    """Show a widget (tabs load when first shown) and hand it back."""
    def show(widget):
        qtbot.addWidget(widget)
        widget.show()
        return widget

    return show


@pytest.fixture
def window(qtbot, context: DeskContext, answers):
    from recovery_desk.views.shell.main_window import MainWindow

    main = MainWindow(context)
    qtbot.addWidget(main)
    main.show()
    return main


@pytest.fixture
def booked(db: Database, actor: Actor, keyworker_id: int):
    """Three people with places in the Reduced Drinking Programme from Mon 30 Nov 2026."""
    from datetime import date

    from recovery_desk.domain.people import intake_service as intake
    from recovery_desk.domain.places import booking_service
    from recovery_desk.domain.service import catalogue_service
    keyworker = keyworker_id
    group = next(g for g in catalogue_service.list_groups(db, actor)
                 if g.name == "Reduced Drinking Programme")
    people = []
    for given, family in (("Alex", "Brennan"), ("Sam", "Calloway"), ("Dani", "Ellery")):
        person = intake.save_intake(db, actor, intake.PersonDetails(
            given_name=given, family_name=family, date_of_birth=date(1980, 1, 1),
            keyworker_id=keyworker, consent_to_store=True, assessment={
                "substances": [{"name": "alcohol", "days_used_last_28": 12}],
                "goals": ["reduce_drinking"]}), [intake.ReferralRequest(group.id)],
            date(2026, 11, 27))
        booking_service.book(db, actor, person, group.id, date(2026, 11, 27))
        people.append(person)
    return group.id, people
