"""Booking several groups in one step: a line per group saying what happened, and a letter
button for each place booked."""

from __future__ import annotations

from datetime import date

from recovery_desk.domain.people import intake_service as intake
from recovery_desk.domain.service import catalogue_service
from recovery_desk.views.person.booking_flow import book_groups, show_bookings

RDP = "Reduced Drinking Programme"


def test_each_group_gets_a_line_and_each_place_a_letter(
        qtbot, context, db, actor, keyworker_id, booked, answers) -> None:
    """A group booked says from when; one the person is already in says why not; only the
    booked place offers its appointment letter."""
    group_id, (alex, _sam, _dani) = booked
    person = intake.save_intake(db, actor, intake.PersonDetails(
        given_name="Riley", family_name="Shaw", date_of_birth=date(1985, 4, 2),
        keyworker_id=keyworker_id, consent_to_store=True, assessment={
            "substances": [{"name": "alcohol", "days_used_last_28": 12}],
            "goals": ["reduce_drinking"]}), [intake.ReferralRequest(group_id)],
        date(2026, 11, 27))
    first = book_groups(None, context, person, [(group_id, RDP)])
    assert len(first.places) == 1
    assert first.lines[0].startswith(f"{RDP}: booked from Mon 30 Nov 2026")
    again = book_groups(None, context, alex, [(group_id, RDP)])
    assert again.places == [] and again.lines[0].startswith(f"{RDP}: not booked. ")
    show_bookings(None, context, first)
    [(text, buttons)] = answers["outcomes"]
    assert text == first.lines[0]
    assert list(buttons) == [f"Appointment letter: {RDP}…"]
    assert catalogue_service.list_groups(db, actor)  # the catalogue is untouched
