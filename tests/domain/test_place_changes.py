"""Changing a booked place at the desk: cancelling one booked in error (and no figure counting
it), moving one not yet started to another start date, and two desks changing one place."""

from __future__ import annotations

from datetime import date

import pytest

from recovery_desk.domain.places import booking_service as booking
from recovery_desk.domain.places import place_changes, register_service, review_service
from recovery_desk.domain.places import waiting_list_service as waiting
from recovery_desk.domain.places.place_rules import GroupFullError
from recovery_desk.domain.reports.report_service import report
from recovery_desk.domain.service import catalogue_service
from recovery_desk.domain.store.actor import Actor
from recovery_desk.domain.store.database import Database
from recovery_desk.domain.store.errors import DomainError
from recovery_desk.domain.store.models import AuditEvent, Place
from recovery_desk.vocabulary import AttendanceMark, PlaceStatus, StaffRole
from tests.domain.conftest import ON
from tests.domain.queued_desks import queued_behind_group

RDP = "Reduced Drinking Programme"
MONDAY = date(2026, 11, 30)


@pytest.fixture
def reception(actor: Actor) -> Actor:
    return Actor(actor.staff_id, "Jo", StaffRole.RECEPTION)


def _review(db, actor, name: str):
    return next(r for r in review_service.review(db, actor, ON) if r.group == name)


def _report(db, actor, group_id: int) -> dict[str, object]:
    made = report(db, actor, date(2026, 11, 1), date(2026, 12, 31), [group_id], ON)
    return made.groups[0].values


def test_a_booking_cancelled_in_error_counts_in_no_figure(
        db, actor, reception, make_person, group_ids) -> None:
    """Reception cancels with a reason: the place is kept as cancelled, and the report, the
    cohort review, the register and the free places no longer count it."""
    rdp = group_ids[RDP]
    kept = booking.book(db, actor, make_person(), rdp, ON)
    wrong = booking.book(db, actor, make_person(), rdp, ON)
    before = _review(db, actor, RDP)
    place_changes.cancel_in_error(db, reception, wrong.enrolment_id, "Booked the wrong person",
                                  ON)
    with db.reading() as tx:
        place = tx.get(Place, wrong.enrolment_id)
        assert (place.status, place.ended_on, place.end_reason) == (
            PlaceStatus.CANCELLED, ON, "Booked the wrong person")
        audited = tx.query(AuditEvent).filter_by(action="cancel",
                                                 entity_id=wrong.enrolment_id).one()
        assert audited.staff_id == reception.staff_id
    after = _review(db, actor, RDP)
    assert (after.active, after.free) == (before.active - 1, before.free + 1)
    assert [row.enrolment_id for row in register_service.register(
        db, actor, rdp, MONDAY, MONDAY).rows] == [kept.enrolment_id]
    figures = _report(db, actor, rdp)
    assert (figures["starters"], figures["places_at_end"], figures["left_early"]) == (1, 1, 0)


def test_cancelling_needs_a_reason_and_no_register_marks(db, actor, reception, make_person,
                                                         group_ids) -> None:
    """No reason: refused. A place with marks was taken up: refused, with end it instead."""
    place = booking.book(db, actor, make_person(), group_ids[RDP], ON)
    with pytest.raises(DomainError, match="Give a reason"):
        place_changes.cancel_in_error(db, reception, place.enrolment_id, "  ", ON)
    register_service.record(db, actor, group_ids[RDP], MONDAY,
                            {place.enrolment_id: AttendanceMark.ATTENDED}, MONDAY)
    with pytest.raises(DomainError, match="1 register mark, so it was not booked in error: "
                                          "end the place instead"):
        place_changes.cancel_in_error(db, reception, place.enrolment_id, "Wrong", MONDAY)


def test_a_freed_place_is_offered_to_the_waiting_list(db, actor, reception, make_person,
                                                      group_ids) -> None:
    """Cancelling a booking in a full group offers the place to the first person waiting."""
    rdp = group_ids[RDP]
    group = next(g for g in catalogue_service.list_groups(db, actor) if g.id == rdp)
    places = [booking.book(db, actor, make_person(), rdp, ON) for _ in range(group.capacity)]
    waiting.join(db, actor, make_person(), rdp, ON)
    offered = place_changes.cancel_in_error(db, reception, places[0].enrolment_id, "Duplicate",
                                            ON)
    assert offered is not None and offered.startswith("Person")


def test_a_place_not_yet_started_moves_to_another_start(db, actor, reception, make_person,
                                                        group_ids) -> None:
    """Moved from Mon 30 Nov to Wed 9 Dec: the end moves with it; audited with the old start."""
    place = booking.book(db, actor, make_person(), group_ids[RDP], ON)
    start, end = place_changes.move_start(db, reception, place.enrolment_id, date(2026, 12, 9),
                                          ON)
    assert (start, end) == (date(2026, 12, 9), date(2027, 3, 3))
    with db.reading() as tx:
        moved = tx.get(Place, place.enrolment_id)
        assert (moved.start_date, moved.expected_end_date) == (start, end)
        audited = tx.query(AuditEvent).filter_by(action="move",
                                                 entity_id=place.enrolment_id).one()
        assert audited.detail["was"] == "2026-11-30"
    with pytest.raises(DomainError, match="does not meet on Thu 10 Dec 2026"):
        place_changes.move_start(db, reception, place.enrolment_id, date(2026, 12, 10), ON)


def test_a_started_place_does_not_move(db, actor, reception, make_person, group_ids) -> None:
    """Once the first session has passed, moving is refused and ending is suggested."""
    place = booking.book(db, actor, make_person(), group_ids[RDP], ON)
    with pytest.raises(DomainError, match="only a place not yet started can move"):
        place_changes.move_start(db, reception, place.enrolment_id, date(2026, 12, 9),
                                 date(2026, 12, 2))


def test_a_move_needs_a_free_place_at_the_new_start(db, actor, reception, make_person,
                                                    group_ids) -> None:
    """A full group at the new start refuses the move; the place keeps its start."""
    rdp = group_ids[RDP]
    group = next(g for g in catalogue_service.list_groups(db, actor) if g.id == rdp)
    first = booking.book(db, actor, make_person(), rdp, ON)
    for _ in range(group.capacity - 1):
        booking.book(db, actor, make_person(), rdp, ON)
    start, _ = place_changes.move_start(db, reception, first.enrolment_id, date(2026, 12, 2),
                                        ON)  # its own place is not counted twice
    assert start == date(2026, 12, 2)
    other = make_person()
    waiting.join(db, actor, other, rdp, ON)
    with pytest.raises(GroupFullError):
        booking.book(db, actor, other, rdp, ON)


def test_reception_books_the_msm_group_without_a_referral_on_a_chosen_date(
        db, reception, make_person, group_ids) -> None:
    """The MSM Group needs no referral: reception books it, starting at the second session."""
    person = make_person(refer_to=(), msm=True, assessment={"goals": ["change_use"]})
    place = booking.book(db, reception, person, group_ids["MSM Group"], ON,
                         start=date(2026, 12, 17))
    assert (place.start, place.end) == (date(2026, 12, 17), date(2027, 6, 3))


def test_a_referral_only_group_tells_reception_who_can_refer(db, reception, make_person,
                                                            group_ids) -> None:
    """Without a referral the refusal names the roles that may make one."""
    with pytest.raises(DomainError, match=r"needs a keyworker referral, and none is on file "
                                          r"\(a keyworker or service manager can refer\)"):
        booking.book(db, reception, make_person(refer_to=()), group_ids[RDP], ON)


def test_reception_is_not_told_the_clinical_reason(db, reception, make_person,
                                                   group_ids) -> None:
    """Not eligible: reception reads that, and to ask the keyworker, not the assessment."""
    person = make_person(refer_to=("Abstinence Day Programme",), assessment={
        "abstinent_from_illicit_since": "2026-11-25", "goals": ["maintain_abstinence"]})
    with pytest.raises(DomainError) as refused:
        booking.book(db, reception, person, group_ids["Abstinence Day Programme"], ON)
    assert "their keyworker can say why" in str(refused.value)
    assert "abstinent" not in str(refused.value)


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_two_desks_cancelling_one_place_cancel_it_once(db, actor, db_path, make_person,
                                                       group_ids) -> None:
    """Both desks read the place before the lock; the second, reading it again under the
    lock, is told it was cancelled; one cancel is audited."""
    place = booking.book(db, actor, make_person(), group_ids[RDP], ON)
    desks = [Database.open(db_path) for _ in range(2)]
    try:
        outcomes = queued_behind_group(str(db_path), group_ids[RDP], [
            lambda: place_changes.cancel_in_error(desks[0], actor, place.enrolment_id,
                                                  "Duplicate", ON),
            lambda: place_changes.cancel_in_error(desks[1], actor, place.enrolment_id,
                                                  "Wrong group", ON)])
    finally:
        for desk in desks:
            desk.dispose()
    assert outcomes[0] is None
    assert isinstance(outcomes[1], DomainError)
    assert "no longer booked: it was cancelled (booked in error)" in str(outcomes[1])
    with db.reading() as tx:
        assert tx.query(AuditEvent).filter_by(action="cancel").count() == 1
        assert tx.get(Place, place.enrolment_id).end_reason == "Duplicate"


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_a_move_and_a_cancel_at_once_do_one_then_refuse_the_other(
        db, actor, db_path, make_person, group_ids) -> None:
    """One desk moves the place while another cancels it: the move goes first, and the
    cancel, reading the place under the lock, cancels the moved place; the other order,
    a cancel then a move, refuses the move."""
    place = booking.book(db, actor, make_person(), group_ids[RDP], ON)
    desks = [Database.open(db_path) for _ in range(2)]
    try:
        outcomes = queued_behind_group(str(db_path), group_ids[RDP], [
            lambda: place_changes.cancel_in_error(desks[0], actor, place.enrolment_id,
                                                  "Duplicate", ON),
            lambda: place_changes.move_start(desks[1], actor, place.enrolment_id,
                                             date(2026, 12, 9), ON)])
    finally:
        for desk in desks:
            desk.dispose()
    assert outcomes[0] is None
    assert isinstance(outcomes[1], DomainError) and "no longer booked" in str(outcomes[1])
    with db.reading() as tx:
        assert tx.get(Place, place.enrolment_id).start_date == MONDAY
