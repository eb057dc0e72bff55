"""A member who missed sessions, for the contact screens' tests: Alex Brennan did not attend
three Reduced Drinking Programme sessions in a row (flagged for the keyworker), Sam Calloway
attended them; the desk's day is Thu 10 Dec 2026, signed in as reception."""

from __future__ import annotations

from datetime import date

import pytest

from recovery_desk.domain.places import register_service
from recovery_desk.domain.store.actor import Actor
from recovery_desk.views.person.contact_dialog import ContactDialog
from recovery_desk.vocabulary import AttendanceMark, StaffRole
from tests.backends import staff_row

MISSED = (date(2026, 11, 30), date(2026, 12, 2), date(2026, 12, 7))
DAY = date(2026, 12, 10)
RDP = "Reduced Drinking Programme"


@pytest.fixture
def missed(db, actor, booked):
    """(group id, Alex's person id, Alex's place id), after the three registers."""
    group_id, (alex, _sam, _dani) = booked
    for day in MISSED:
        sheet = register_service.register(db, actor, group_id, day, day)
        register_service.record(db, actor, group_id, day, {
            row.enrolment_id: AttendanceMark.DID_NOT_ATTEND if row.name == "Alex Brennan"
            else AttendanceMark.ATTENDED for row in sheet.rows}, day)
    place = next(row.enrolment_id for row in sheet.rows if row.name == "Alex Brennan")
    return group_id, alex, place


@pytest.fixture
def reception_desk(make_context, db):
    """Jo Bennett of reception, signed in on Thu 10 Dec 2026."""
    jo = staff_row(db, "jo", "Jo Bennett", StaffRole.RECEPTION)
    return make_context(DAY, Actor(jo, "Jo Bennett", StaffRole.RECEPTION))


@pytest.fixture
def contact_opened(monkeypatch):
    """The contact dialogs the desk opens, shown and not waited on: the test fills them in."""
    seen: list[ContactDialog] = []

    def shown_instead(dialog: ContactDialog) -> int:
        dialog.show()  # the record or register it opened from owns it
        seen.append(dialog)
        return 0

    monkeypatch.setattr(ContactDialog, "exec", shown_instead)
    return seen
