"""Reasons typed in a dialog (a closure, ending a place, declining or skipping an offer, moving
someone on a waiting list) are kept as text: a control character pasted into one gets a
message saying which and where, and nothing changes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from recovery_desk.domain.places import booking_service
from recovery_desk.domain.places import waiting_list_service as waiting
from recovery_desk.domain.service import closure_service
from recovery_desk.domain.store.actor import Actor
from recovery_desk.domain.store.database import Database
from recovery_desk.domain.store.errors import DomainError, InvalidDetailsError
from tests.backends import Target, contents

ON = date(2026, 11, 27)
REASON = "Staff\x00training"
MESSAGE = "A reason cannot contain control characters: character 6 is U+0000 (NUL)."
NO_SUCH_ID = 999_999  # the reason is checked before anything is looked up

ACTIONS: dict[str, Callable[[Database, Actor], object]] = {
    "ending a place": lambda db, actor: booking_service.leave(
        db, actor, NO_SUCH_ID, booking_service.Leaving.WITHDRAWN, REASON, ON),
    "declining an offer": lambda db, actor: waiting.decline(db, actor, NO_SUCH_ID, REASON, ON),
    "skipping an offer": lambda db, actor: waiting.skip(db, actor, NO_SUCH_ID, REASON, ON),
    "moving on the list": lambda db, actor: waiting.move(db, actor, NO_SUCH_ID, 1, REASON),
}


def _contents(raw_sql, target: Target) -> dict[str, list[str]]:
    """Every row of every table: the database's whole committed contents."""
    with raw_sql(target) as connection:
        return contents(connection)


@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_a_reason_with_a_control_character_is_refused_saying_where(
        db: Database, actor: Actor, raw_sql, db_path: Target, action: str) -> None:
    before = _contents(raw_sql, db_path)
    with pytest.raises(DomainError) as caught:
        ACTIONS[action](db, actor)
    assert str(caught.value) == MESSAGE
    assert _contents(raw_sql, db_path) == before


def test_a_closure_reason_with_a_control_character_is_refused_beside_the_field(
        db: Database, actor: Actor, raw_sql, db_path: Target) -> None:
    before = _contents(raw_sql, db_path)
    with pytest.raises(InvalidDetailsError) as caught:
        closure_service.add_closure(db, actor, ON, ON, REASON, None)
    assert caught.value.problems == {"reason": MESSAGE}
    assert _contents(raw_sql, db_path) == before


def test_a_closure_reason_in_any_script_is_kept(db: Database, actor: Actor) -> None:
    record = closure_service.add_closure(db, actor, ON, ON, "Eid al-Fitr عيد الفطر 🌙", None)
    assert record.reason == "Eid al-Fitr عيد الفطر 🌙"
