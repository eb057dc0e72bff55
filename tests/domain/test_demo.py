"""The demo service: the same fictitious records every time it is made on the same day."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import select

from recovery_desk.domain.operations.setup import open_database
from recovery_desk.domain.store.models import (
    Attendance,
    GroupSession,
    Place,
    Referral,
    ServiceUser,
    WaitingListEntry,
)
from tests.conftest import CATALOGUE

TODAY = date(2026, 11, 27)


def _records(path: Path) -> list[tuple[object, ...]]:
    """Who is in the demo, referred where, placed or waiting, and every mark, in id order."""
    db, _ = open_database(path, CATALOGUE, today=TODAY, demo=True)
    try:
        with db.reading() as tx:
            statements = [
                select(ServiceUser.id, ServiceUser.given_name, ServiceUser.family_name,
                       ServiceUser.date_of_birth, ServiceUser.nhs_number, ServiceUser.postcode,
                       ServiceUser.keyworker_id, ServiceUser.profile).order_by(ServiceUser.id),
                select(Referral.id, Referral.service_user_id, Referral.group_id,
                       Referral.made_on, Referral.outcome, Referral.justification)
                .order_by(Referral.id),
                select(Place.id, Place.service_user_id, Place.start_date,
                       Place.expected_end_date, Place.flagged_for_keyworker)
                .order_by(Place.id),
                select(WaitingListEntry.service_user_id, WaitingListEntry.position,
                       WaitingListEntry.added_on).order_by(WaitingListEntry.id),
                select(GroupSession.date, Attendance.enrolment_id, Attendance.mark)
                .join(GroupSession).order_by(Attendance.id),
            ]
            return [tuple(row) for statement in statements for row in tx.execute(statement)]
    finally:
        db.dispose()


def test_two_demos_made_on_the_same_day_hold_the_same_records(tmp_path: Path) -> None:
    """One seeded generator: the same people, referrals, places, waiting list and marks."""
    first = _records(tmp_path / "one.sqlite3")
    assert any(isinstance(row[-1], bool) and row[-1] for row in first)  # someone is flagged
    assert first == _records(tmp_path / "two.sqlite3")


def test_reception_can_book_someone_into_the_demos_msm_group(tmp_path: Path) -> None:
    """The MSM Group needs no referral: the demo holds someone reception may book into it,
    and the booking dialog's list says so before anyone clicks."""
    from recovery_desk.domain.places import booking_options, booking_service
    from recovery_desk.domain.store.actor import actor_for
    from recovery_desk.domain.store.models import Group, Staff

    db, _ = open_database(tmp_path / "demo.sqlite3", CATALOGUE, today=TODAY, demo=True)
    try:
        with db.reading() as tx:
            reception = actor_for(tx.scalar(select(Staff).where(
                Staff.username == "demo-reception")), "front desk")
            msm = tx.scalar(select(Group.id).where(Group.name == "MSM Group"))
            people = list(tx.scalars(select(ServiceUser.id).order_by(ServiceUser.id)))
        bookable = [person for person in people if next(
            c for c in booking_options.group_choices(db, reception, person, TODAY).groups
            if c.group_id == msm).problem is None]
        assert bookable
        place = booking_service.book(db, reception, bookable[0], msm, TODAY)
        assert place.group == "MSM Group"
    finally:
        db.dispose()
