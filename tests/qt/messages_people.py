"""People with messages, for the Messages window's tests: Alex Brennan agreed to texts, Sam
Calloway and Dani Ellery gave no consent; all three have places in the Reduced Drinking
Programme from Mon 30 Nov 2026. The desk is reception (Jo Bennett) on Sun 29 Nov 2026."""

from __future__ import annotations

from datetime import date

import pytest

from recovery_desk.domain.people import contact_details
from recovery_desk.domain.store.actor import Actor
from recovery_desk.rows.messages import ContactChoices
from recovery_desk.vocabulary import StaffRole
from tests.backends import staff_row

SUNDAY, MONDAY = date(2026, 11, 29), date(2026, 11, 30)
ALEX_TEXTS = ContactChoices(mobile="07400 123001", texts=True)


@pytest.fixture
def reachable(db, actor, booked):
    """(group id, [Alex, Sam, Dani]) with Alex's consent to texts recorded."""
    group_id, people = booked
    contact_details.save_contact(db, actor, people[0], ALEX_TEXTS, date(2026, 11, 27))
    return group_id, people


@pytest.fixture
def reception(make_context, db):
    """Jo Bennett of reception, signed in on Sun 29 Nov 2026."""
    jo = staff_row(db, "jo", "Jo Bennett", StaffRole.RECEPTION)
    return make_context(SUNDAY, Actor(jo, "Jo Bennett", StaffRole.RECEPTION))
