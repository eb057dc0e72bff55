"""Booking one place from the window: a time clash asks before booking anyway, a group found
full offers the waiting list, and what was booked is said with its letter button."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from recovery_desk.domain.people import intake_service as intake
from recovery_desk.domain.service import catalogue_service
from recovery_desk.views.person.booking_flow import book_one, show_booked

RDP = "Reduced Drinking Programme"
MONDAY = date(2026, 11, 30)


def _referred(db, actor, keyworker_id, group_ids: list[int], given: str = "Riley") -> int:
    return intake.save_intake(db, actor, intake.PersonDetails(
        given_name=given, family_name="Shaw", date_of_birth=date(1985, 4, 2),
        keyworker_id=keyworker_id, consent_to_store=True, assessment={
            "substances": [{"name": "alcohol", "days_used_last_28": 12}],
            "goals": ["reduce_drinking", "change_use"]}),
        [intake.ReferralRequest(g) for g in group_ids], date(2026, 11, 27))


def test_a_clash_asks_and_a_booked_place_offers_its_letter(
        context, db, actor, keyworker_id, answers) -> None:
    """A twin of a group the person is in clashes: the desk is asked, says yes, and the place
    is booked with the clash named; the outcome offers the place's letter."""
    rdp = next(g for g in catalogue_service.list_groups(db, actor) if g.name == RDP)
    twin = catalogue_service.add_group(db, actor, replace(rdp, id=None, name="Twin group"),
                                       date(2026, 11, 27))
    person = _referred(db, actor, keyworker_id, [rdp.id, twin.id])
    first = book_one(None, context, person, rdp.id, MONDAY, RDP)
    assert first is not None and not isinstance(first, int)
    second = book_one(None, context, person, twin.id, MONDAY, "Twin group")
    assert answers["asked"][0].startswith("Twin group: This place clashes in time with: "
                                          "Reduced Drinking Programme")
    assert second is not None and not isinstance(second, int) and second.warnings
    show_booked(None, context, second, "Mon and Wed, 11am-12.30pm")
    [(text, buttons)] = answers["outcomes"]
    assert text.startswith("Riley Shaw is booked into Twin group (Mon and Wed, 11am-12.30pm): "
                           "first session Mon 30 Nov 2026, last Mon 22 Feb 2027. Time clash "
                           "accepted:")
    assert list(buttons) == ["Appointment letter: Twin group…"]


def test_a_group_found_full_offers_the_waiting_list(context, db, actor, keyworker_id,
                                                    answers) -> None:
    """Full since the dialog was read: the desk is asked, and the person joins the list."""
    rdp = next(g for g in catalogue_service.list_groups(db, actor) if g.name == RDP)
    catalogue_service.update_group(db, actor, replace(rdp, capacity=1))
    book_one(None, context, _referred(db, actor, keyworker_id, [rdp.id]), rdp.id, MONDAY, RDP)
    other = _referred(db, actor, keyworker_id, [rdp.id], given="Sam")
    assert book_one(None, context, other, rdp.id, MONDAY, RDP) == 1
    assert answers["asked"][-1] == ("Reduced Drinking Programme is full: 1 of 1 place taken. "
                                    "Add them to the waiting list?")
