"""Booking places: the rules checked inside the transaction, start and end dates, leaving."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from recovery_desk.domain.places import booking_service as booking
from recovery_desk.domain.places import place_rules
from recovery_desk.domain.service import catalogue_service, closure_service
from recovery_desk.domain.store.errors import DomainError
from recovery_desk.domain.store.models import Place, PlaceStatus
from tests.domain.conftest import ON

RDP = "Reduced Drinking Programme"


def test_a_rolling_place_starts_at_the_next_session_and_ends_twelve_weeks_later(
        db, actor, make_person, group_ids) -> None:
    """Booked on a Friday for a Mon/Wed group: starts Monday, ends 12 weeks on."""
    place = booking.book(db, actor, make_person(), group_ids[RDP], ON)
    assert (place.start, place.end) == (date(2026, 11, 30), date(2027, 2, 22))


def test_a_rolling_start_skips_a_bank_holiday(db, actor, make_person, group_ids) -> None:
    """Booked on Christmas Eve: Mon 28 Dec is a bank holiday, so the place starts Wed 30 Dec."""
    place = booking.book(db, actor, make_person(on=date(2026, 12, 24)), group_ids[RDP],
                         date(2026, 12, 24))
    assert (place.start, place.end) == (date(2026, 12, 30), date(2027, 3, 24))


def test_the_msm_groups_twelfth_session_moves_past_a_closure(db, actor, make_person,
                                                             group_ids) -> None:
    msm = make_person(refer_to=(), msm=True, assessment={"goals": ["change_use"]})
    first = booking.book(db, actor, msm, group_ids["MSM Group"], ON)
    assert (first.start, first.end) == (date(2026, 12, 3), date(2027, 5, 20))
    closure_service.add_closure(db, actor, date(2027, 1, 7), date(2027, 1, 7), "Cancelled",
                                group_ids["MSM Group"])
    other = make_person(refer_to=(), msm=True, assessment={"goals": ["change_use"]})
    second = booking.book(db, actor, other, group_ids["MSM Group"], ON)
    assert second.end == date(2027, 6, 3)


def test_no_referral_no_place_for_a_referral_only_group(db, actor, make_person,
                                                       group_ids) -> None:
    person = make_person(refer_to=())
    with pytest.raises(DomainError, match="needs a keyworker referral, and none is on file"):
        booking.book(db, actor, person, group_ids[RDP], ON)


def test_not_eligible_on_the_booking_date_says_why_and_when(db, actor, make_person,
                                                             group_ids) -> None:
    person = make_person(refer_to=("Abstinence Day Programme",), assessment={
        "abstinent_from_illicit_since": "2026-11-25", "goals": ["maintain_abstinence"]})
    with pytest.raises(DomainError, match=r"eligible from Wed 2 Dec 2026\): abstinent 2 days"):
        booking.book(db, actor, person, group_ids["Abstinence Day Programme"], ON)
    place = booking.book(db, actor, person, group_ids["Abstinence Day Programme"],
                         date(2026, 12, 2))
    assert place.start == date(2026, 12, 3)


def test_an_open_group_takes_a_person_whose_outcome_needs_review_as_they_come(
        db, actor, make_person, group_ids) -> None:
    """The MSM Group needs no referral: "needs review" does not stop a booking, with a
    keyworker's justification or without one; not eligible still does."""
    unsure = make_person(refer_to=("MSM Group",), msm=None, justification="Seen by keyworker",
                         assessment={"goals": ["change_use"]})
    assert booking.book(db, actor, unsure, group_ids["MSM Group"], ON).start == date(2026, 12, 3)
    unasked = make_person(refer_to=(), msm=None, assessment={"goals": ["change_use"]})
    assert booking.book(db, actor, unasked, group_ids["MSM Group"], ON).start == date(2026, 12, 3)
    not_msm = make_person(refer_to=(), msm=False, assessment={"goals": ["change_use"]})
    with pytest.raises(DomainError, match="not eligible for MSM Group"):
        booking.book(db, actor, not_msm, group_ids["MSM Group"], ON)


def test_capacity_is_never_exceeded(db, actor, make_person, group_ids) -> None:
    group = next(g for g in catalogue_service.list_groups(db, actor) if g.name == RDP)
    catalogue_service.update_group(db, actor, replace(group, capacity=2))
    for _ in range(2):
        booking.book(db, actor, make_person(), group.id, ON)
    with pytest.raises(place_rules.GroupFullError, match="is full: 2 of 2 places taken"):
        booking.book(db, actor, make_person(), group.id, ON)


def test_one_active_place_per_person_per_group(db, actor, make_person, group_ids) -> None:
    person = make_person()
    booking.book(db, actor, person, group_ids[RDP], ON)
    with pytest.raises(DomainError, match="already has a place in Reduced Drinking Programme"):
        booking.book(db, actor, person, group_ids[RDP], ON)


def test_the_database_itself_refuses_a_second_active_place(db, actor, make_person,
                                                           group_ids) -> None:
    person = make_person()
    booking.book(db, actor, person, group_ids[RDP], ON)
    with pytest.raises(IntegrityError, match=r"(?i)unique|one_active_place"), \
            db.writing() as tx:
        tx.add(Place(service_user_id=person, group_id=group_ids[RDP],
                              start_date=ON, status=PlaceStatus.ACTIVE,
                              booked_by_id=actor.staff_id))


def test_a_time_clash_warns_and_names_the_other_group(db, actor, make_person,
                                                      group_ids) -> None:
    rs = next(g for g in catalogue_service.list_groups(db, actor) if g.name == "Recovery Skills")
    catalogue_service.update_group(db, actor, replace(
        rs, schedule=replace(rs.schedule, weekdays=(0, 4))))  # Mon and Fri, 11am-12.30pm
    person = make_person(refer_to=(RDP, "Recovery Skills"))
    booking.book(db, actor, person, group_ids[RDP], ON)
    with pytest.raises(place_rules.TimeClashError) as caught:
        booking.book(db, actor, person, rs.id, ON)
    assert "Reduced Drinking Programme (11am-12.30pm) on" in caught.value.clashes[0]
    place = booking.book(db, actor, person, rs.id, ON, accept_clash=True)
    assert place.warnings == tuple(caught.value.clashes)


def test_leaving_frees_the_place_at_once(db, actor, make_person, group_ids) -> None:
    group = next(g for g in catalogue_service.list_groups(db, actor) if g.name == RDP)
    catalogue_service.update_group(db, actor, replace(group, capacity=1))
    first = booking.book(db, actor, make_person(), group.id, ON)
    with pytest.raises(DomainError, match="Give a reason"):
        booking.leave(db, actor, first.enrolment_id, booking.Leaving.WITHDRAWN, " ", ON)
    booking.leave(db, actor, first.enrolment_id, booking.Leaving.WITHDRAWN, "Moved away", ON)
    booking.book(db, actor, make_person(), group.id, ON)
    with db.reading() as tx:
        ended = tx.get(Place, first.enrolment_id)
        assert (ended.status, ended.end_reason) == (PlaceStatus.WITHDRAWN, "Moved away")


def test_a_closed_cohort_is_joined_only_at_its_start_or_within_the_late_join_setting(
        db, actor, make_person, group_ids) -> None:
    low_dose = next(g for g in catalogue_service.list_groups(db, actor)
                    if g.name == "Low Dose Group")
    catalogue_service.update_group(db, actor, replace(
        low_dose, schedule=replace(low_dose.schedule, weekdays=(2,))))  # Wednesdays
    final = {"substitute_medication": {"drug": "methadone", "daily_dose_mg": 5,
                                       "stage": "final_stage"}, "goals": ["achieve_abstinence"]}
    person = make_person(refer_to=("Low Dose Group",), assessment=final)
    with pytest.raises(DomainError, match="no cohort open to join"):
        booking.book(db, actor, person, low_dose.id, ON)
    booking.open_cohort(db, actor, low_dose.id, date(2026, 12, 2), ON)
    place = booking.book(db, actor, person, low_dose.id, ON)
    assert (place.start, place.end) == (date(2026, 12, 2), date(2027, 2, 17))
    late = make_person(refer_to=("Low Dose Group",), assessment=final, on=date(2026, 12, 3))
    with pytest.raises(DomainError, match="has held more than 0 sessions"):
        booking.book(db, actor, late, low_dose.id, date(2026, 12, 3))
    catalogue_service.update_group(db, actor, replace(
        low_dose, schedule=replace(low_dose.schedule, weekdays=(2,)),
        policies={"late_join_sessions": 1}))
    assert booking.book(db, actor, late, low_dose.id, date(2026, 12, 3)).start == \
        date(2026, 12, 9)


def test_every_booking_is_audited_with_who_made_it(db, actor, make_person, group_ids) -> None:
    from recovery_desk.domain.store.models import AuditEvent

    place = booking.book(db, actor, make_person(), group_ids[RDP], ON)
    with db.reading() as tx:
        event = tx.scalar(select(AuditEvent).where(AuditEvent.action == "book"))
    assert (event.entity_id, event.staff_id) == (place.enrolment_id, actor.staff_id)
