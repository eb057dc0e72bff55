"""Waiting lists: joining a full group, offers to the first eligible person, and the desk's
accept, decline, skip and reorder."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from recovery_desk.domain.places import booking_service as booking
from recovery_desk.domain.places import place_rules
from recovery_desk.domain.places import waiting_list_service as waiting
from recovery_desk.domain.service import catalogue_service
from recovery_desk.domain.store.actor import Actor
from recovery_desk.domain.store.errors import DomainError
from recovery_desk.domain.store.models import StaffRole, WaitingStatus
from tests.domain.conftest import ON

RDP = "Reduced Drinking Programme"


@pytest.fixture
def full_group(db, actor, make_person):
    """The Reduced Drinking Programme with one place, taken."""
    group = next(g for g in catalogue_service.list_groups(db, actor) if g.name == RDP)
    catalogue_service.update_group(db, actor, replace(group, capacity=1))
    place = booking.book(db, actor, make_person(), group.id, ON)
    return group.id, place.enrolment_id


def _statuses(db, actor, group_id):
    return [(row.name, row.status) for row in waiting.entries(db, actor, group_id)]


def test_only_a_full_group_takes_a_waiting_list(db, actor, make_person, group_ids) -> None:
    with pytest.raises(DomainError, match="has 12 free places: book the place instead"):
        waiting.join(db, actor, make_person(), group_ids[RDP], ON)


def test_a_freed_place_is_offered_to_the_first_person_waiting(db, actor, make_person,
                                                              full_group) -> None:
    group_id, place_id = full_group
    first, second = make_person(), make_person()
    assert waiting.join(db, actor, first, group_id, ON) == 1
    assert waiting.join(db, actor, second, group_id, ON) == 2
    with pytest.raises(DomainError, match="already on the waiting list"):
        waiting.join(db, actor, first, group_id, ON)
    offered = booking.leave(db, actor, place_id, booking.Leaving.COMPLETED, "Finished", ON)
    assert offered == "Person2 Test"
    assert _statuses(db, actor, group_id) == [("Person2 Test", WaitingStatus.OFFERED),
                                             ("Person3 Test", WaitingStatus.WAITING)]
    with pytest.raises(place_rules.GroupFullError, match="1 held for waiting-list offers"):
        booking.book(db, actor, make_person(), group_id, ON)
    entry = waiting.entries(db, actor, group_id)[0]
    place = waiting.accept(db, actor, entry.entry_id, ON)
    assert place.person == "Person2 Test"
    assert _statuses(db, actor, group_id) == [("Person3 Test", WaitingStatus.WAITING)]
    assert waiting.entries(db, actor, group_id)[0].position == 1


def test_someone_no_longer_eligible_is_passed_over_with_the_reason_kept(
        db, actor, make_person, full_group) -> None:
    """A person now on methadone is passed over, visibly; the next person is offered."""
    from recovery_desk.domain.people import intake_service as intake
    group_id, place_id = full_group
    changed, next_person = make_person(), make_person()
    waiting.join(db, actor, changed, group_id, ON)
    waiting.join(db, actor, next_person, group_id, ON)
    details, _ = intake.open_person(db, actor, changed)
    intake.save_intake(db, actor, replace(details, assessment={
        **details.assessment, "substitute_medication": {
            "drug": "methadone", "daily_dose_mg": 40, "stage": "maintenance"}}), [], ON)
    assert booking.leave(db, actor, place_id, booking.Leaving.DISCHARGED, "Unsafe", ON) == \
        "Person3 Test"
    rows = waiting.entries(db, actor, group_id)
    assert rows[0].status is WaitingStatus.WAITING
    assert rows[0].reason.startswith("Passed over on Fri 27 Nov 2026: not eligible")
    assert "methadone" in rows[0].reason


def test_decline_and_skip_move_the_offer_on_with_a_reason(db, actor, make_person,
                                                          full_group) -> None:
    group_id, place_id = full_group
    people = [make_person() for _ in range(3)]
    for person in people:
        waiting.join(db, actor, person, group_id, ON)
    booking.leave(db, actor, place_id, booking.Leaving.COMPLETED, "Finished", ON)
    offer = waiting.entries(db, actor, group_id)[0]
    with pytest.raises(DomainError, match="Give a reason"):
        waiting.skip(db, actor, offer.entry_id, "", ON)
    assert waiting.skip(db, actor, offer.entry_id, "No answer by phone", ON) == "Person3 Test"
    rows = waiting.entries(db, actor, group_id)
    assert rows[0].reason == "Skipped on Fri 27 Nov 2026: No answer by phone"
    assert rows[0].status is WaitingStatus.WAITING and rows[0].position == 1
    assert waiting.decline(db, actor, rows[1].entry_id, "Starting work", ON) == "Person4 Test"
    assert [r.name for r in waiting.entries(db, actor, group_id)] == ["Person2 Test",
                                                                     "Person4 Test"]


def test_a_keyworker_reorders_with_a_reason_and_reception_cannot(db, actor, make_person,
                                                                 full_group) -> None:
    group_id, _ = full_group
    for _ in range(3):
        waiting.join(db, actor, make_person(), group_id, ON)
    last = waiting.entries(db, actor, group_id)[-1]
    reception = Actor(actor.staff_id, "Jo", StaffRole.RECEPTION)
    with pytest.raises(DomainError, match="Only keyworker or service manager staff"):
        waiting.move(db, reception, last.entry_id, 1, "urgent")
    with pytest.raises(DomainError, match="Give a reason"):
        waiting.move(db, actor, last.entry_id, 1, "")
    with pytest.raises(DomainError, match="from 1 to 3"):
        waiting.move(db, actor, last.entry_id, 9, "urgent")
    waiting.move(db, actor, last.entry_id, 1, "Risk of relapse; keyworker's judgement")
    assert [r.name for r in waiting.entries(db, actor, group_id)] == [
        "Person4 Test", "Person2 Test", "Person3 Test"]


def _offered(db, actor, make_person, full_group, people=2):
    """people join the full group's list; the place is freed and offered to the first."""
    group_id, place_id = full_group
    for _ in range(people):
        waiting.join(db, actor, make_person(), group_id, ON)
    booking.leave(db, actor, place_id, booking.Leaving.COMPLETED, "Finished", ON)
    return group_id, waiting.entries(db, actor, group_id)[0]


def test_an_offer_has_an_answer_by_date_from_the_groups_policy(db, actor, make_person,
                                                               full_group) -> None:
    """Offered on Fri 27 Nov with the default 7 days: answer by Fri 4 Dec, shown on the
    entry, on the person's own list of lists, and gone once answered."""
    _group_id, offer = _offered(db, actor, make_person, full_group)
    assert offer.answer_by == date(2026, 12, 4)
    assert offer.reason == "Offered a place on Fri 27 Nov 2026; answer by Fri 4 Dec 2026."
    mine = waiting.person_entries(db, actor, offer.person_id)
    assert [(r.group, r.position, r.of, r.status, r.answer_by) for r in mine] == [
        (RDP, 1, 2, WaitingStatus.OFFERED, date(2026, 12, 4))]
    waiting.accept(db, actor, offer.entry_id, ON)
    assert waiting.person_entries(db, actor, offer.person_id) == []


def test_no_answer_is_refused_before_the_date_then_moves_the_offer_on(
        db, actor, make_person, full_group) -> None:
    """Before the answer-by date the offer stays open; on the date, no answer closes it, the
    person keeps their position (the default) and the next person is offered the place."""
    group_id, offer = _offered(db, actor, make_person, full_group)
    with pytest.raises(DomainError, match="open until Fri 4 Dec 2026"):
        waiting.no_answer(db, actor, offer.entry_id, today=date(2026, 12, 3))
    assert waiting.no_answer(db, actor, offer.entry_id, today=date(2026, 12, 4)) == \
        waiting.NoAnswer(True, "Person3 Test")
    rows = waiting.entries(db, actor, group_id)
    assert [(r.name, r.position, r.status) for r in rows] == [
        ("Person2 Test", 1, WaitingStatus.WAITING), ("Person3 Test", 2, WaitingStatus.OFFERED)]
    assert rows[0].reason == "No answer to the offer by Fri 4 Dec 2026; kept their position."
    assert rows[0].answer_by is None and rows[1].answer_by == date(2026, 12, 11)
    with pytest.raises(DomainError, match="That offer is no longer open"):
        waiting.no_answer(db, actor, offer.entry_id, today=date(2026, 12, 4))


def test_no_answer_takes_them_off_the_list_where_the_group_says_so(
        db, actor, make_person, full_group) -> None:
    """With the policy off, the person who did not answer leaves the list."""
    group_id, _ = full_group
    group = next(g for g in catalogue_service.list_groups(db, actor) if g.id == group_id)
    catalogue_service.update_group(db, actor, replace(group, policies={
        **group.policies, "no_answer_keeps_position": 0, "offer_answer_days": 2}))
    group_id, offer = _offered(db, actor, make_person, full_group)
    assert offer.answer_by == date(2026, 11, 29)
    assert waiting.no_answer(db, actor, offer.entry_id, today=date(2026, 11, 30)) == \
        waiting.NoAnswer(False, "Person3 Test")
    assert [(r.name, r.position) for r in waiting.entries(db, actor, group_id)] == [
        ("Person3 Test", 1)]
    assert waiting.person_entries(db, actor, offer.person_id) == []


def test_reception_answers_offers_but_a_person_with_no_lists_has_none(
        db, actor, make_person, full_group) -> None:
    """Reception may record no answer; someone on no list has an empty list of lists."""
    _group_id, offer = _offered(db, actor, make_person, full_group)
    reception = Actor(actor.staff_id, "Jo", StaffRole.RECEPTION)
    assert waiting.no_answer(db, reception, offer.entry_id,
                             today=date(2026, 12, 4)).offered_to == "Person3 Test"
    assert waiting.person_entries(db, reception, make_person()) == []
