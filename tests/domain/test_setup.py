"""Opening databases: a real one gets the catalogue and no people; only a demo gets people."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from recovery_desk.domain.operations.setup import (
    NotADemoDatabaseError,
    database_is_demo,
    open_database,
)
from recovery_desk.domain.store.models import Group, Place, ServiceUser, WaitingListEntry
from tests.conftest import CATALOGUE


def _count(db, model) -> int:
    with db.reading() as tx:
        return tx.scalar(select(func.count()).select_from(model))


def test_a_new_real_database_has_the_catalogue_and_nobody_in_it(tmp_path: Path) -> None:
    db, actor = open_database(tmp_path / "real.sqlite3", CATALOGUE, today=date(2026, 11, 27))
    assert _count(db, Group) == 7 and _count(db, ServiceUser) == 0
    assert not database_is_demo(db) and actor.role.value == "manager"
    db.dispose()


def test_the_demo_is_a_living_service_marked_as_demo(tmp_path: Path) -> None:
    """Fictitious people with places and a waiting list, dated around the day it is made."""
    db, _ = open_database(tmp_path / "demo.sqlite3", CATALOGUE, demo=True,
                          today=date(2026, 11, 27))
    assert database_is_demo(db)
    assert _count(db, ServiceUser) >= 30 and _count(db, Place) >= 30
    assert _count(db, WaitingListEntry) >= 1
    db.dispose()
    again, _ = open_database(tmp_path / "demo.sqlite3", CATALOGUE,
            today=date(2026, 11, 27), demo=True)
    assert _count(again, ServiceUser) == 42  # opening it again adds nobody
    again.dispose()


def test_the_demo_never_fills_a_real_database(db_path: Path) -> None:
    """--demo pointed at a real database is refused and the database is left alone."""
    with pytest.raises(NotADemoDatabaseError, match="real service's records"):
        open_database(db_path, CATALOGUE, today=date(2026, 11, 27), demo=True)
    db, _ = open_database(db_path, CATALOGUE, today=date(2026, 11, 27))
    assert _count(db, ServiceUser) == 0 and not database_is_demo(db)
    db.dispose()
