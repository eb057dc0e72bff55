"""Domain fixtures: people with referrals, made through the intake service as the desk would."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from recovery_desk.domain.people import intake_service as intake
from recovery_desk.domain.service import catalogue_service
from recovery_desk.domain.store.actor import Actor
from recovery_desk.domain.store.database import Database

ON = date(2026, 11, 27)
DRINKER = {"substances": [{"name": "alcohol", "days_used_last_28": 20}],
           "goals": ["reduce_drinking", "change_use"]}


@pytest.fixture
def group_ids(db: Database, actor: Actor) -> dict[str, int]:
    return {g.name: g.id for g in catalogue_service.list_groups(db, actor)}


@pytest.fixture
def make_person(db: Database, actor: Actor, keyworker_id: int,
                group_ids: dict[str, int]) -> Callable[..., int]:
    counter = iter(range(1, 10_000))

    def make(refer_to: tuple[str, ...] = ("Reduced Drinking Programme",),
             assessment: dict[str, Any] | None = None, msm: bool | None = None,
             justification: str = "", on: date = ON) -> int:
        number = next(counter)
        details = intake.PersonDetails(
            given_name=f"Person{number}", family_name="Test", date_of_birth=date(1980, 1, 1),
            sex="male", msm=msm, keyworker_id=keyworker_id, consent_to_store=True,
            assessment=dict(DRINKER if assessment is None else assessment))
        return intake.save_intake(db, actor, details, [
            intake.ReferralRequest(group_ids[name], justification) for name in refer_to], on)

    return make
