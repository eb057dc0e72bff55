"""The cohort review's figures: free places said the same way bookings count them."""

from __future__ import annotations

from datetime import date

from recovery_desk.domain.places import booking_service, review_service
from recovery_desk.domain.store.actor import Actor
from recovery_desk.domain.store.database import Database
from recovery_desk.rows.places import GroupReview
from tests.domain.conftest import ON

FINAL_STAGE = {"substitute_medication": {"drug": "methadone", "daily_dose_mg": 5,
                                         "stage": "final_stage"},
               "goals": ["achieve_abstinence"]}


def _figures(db: Database, actor: Actor, name: str, on: date = ON) -> GroupReview:
    return next(r for r in review_service.review(db, actor, on) if r.group == name)


def test_a_closed_group_with_no_open_cohort_has_no_free_places(db, actor) -> None:
    low_dose = _figures(db, actor, "Low Dose Group")
    assert (low_dose.free, low_dose.joinable) == (0, False)


def test_a_closed_group_counts_only_the_cohort_a_booking_would_join(
        db, actor, group_ids, make_person) -> None:
    group = group_ids["Medication Reduction Group"]
    booking_service.open_cohort(db, actor, group, date(2026, 11, 30), ON)
    for _ in range(3):
        person = make_person(("Medication Reduction Group",),
                             {**FINAL_STAGE, "goals": ["reduce_medication"]})
        booking_service.book(db, actor, person, group, ON)
    figures = _figures(db, actor, "Medication Reduction Group")
    assert (figures.active, figures.free, figures.joinable) == (3, 9, True)
    # Once the first cohort is over, a booking joins the next one, which is empty.
    booking_service.open_cohort(db, actor, group, date(2027, 3, 1), ON)
    later = _figures(db, actor, "Medication Reduction Group", date(2027, 2, 23))
    assert (later.active, later.free, later.next_cohort) == (0, 12, date(2027, 3, 1))


def test_a_cohort_of_the_longest_length_is_still_found_in_its_last_weeks(
        db, actor, group_ids) -> None:
    """Old cohorts are left unread, but never one that can still be running: a 104-week group
    (the catalogue's longest) whose cohort began 103 weeks ago still has it open (the group's
    days are to be confirmed, so no session has been held for a late joiner to miss)."""
    from dataclasses import replace
    from datetime import timedelta

    from recovery_desk.domain.service import catalogue_service
    group = next(g for g in catalogue_service.list_groups(db, actor)
                 if g.name == "Medication Reduction Group")
    catalogue_service.update_group(db, actor, replace(group, length_weeks=104))
    started = ON - timedelta(weeks=103)
    booking_service.open_cohort(db, actor, group.id, started, started)
    figures = _figures(db, actor, "Medication Reduction Group")
    assert figures.joinable and figures.free == 12
