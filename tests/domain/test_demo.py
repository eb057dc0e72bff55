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
