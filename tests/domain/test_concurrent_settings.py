"""Two desks saving the service's settings or details for the first time at the same moment,
on PostgreSQL: a third connection holds the audit chain's lock while both queue behind it. A
value never saved has no row to lock, so both would insert it; they save in turn instead, and
the second desk's values are the ones kept."""

from __future__ import annotations

import pytest

from recovery_desk.catalogue.service_details import ServiceDetails
from recovery_desk.domain.service import service_settings
from recovery_desk.domain.service.service_details import save_details, service_details
from recovery_desk.domain.store.database import Database
from tests.domain.queued_desks import queued_behind

CHAIN = "SELECT id FROM audit_chain FOR UPDATE"
pytestmark = pytest.mark.parametrize("backend", ["postgresql"], indirect=True)


def test_two_desks_saving_a_setting_at_once_save_in_turn(db, actor, db_path) -> None:
    """Neither save fails; the second one's value stays."""
    desks = [Database.open(db_path) for _ in range(2)]
    try:
        outcomes = queued_behind(str(db_path), CHAIN, {}, [
            lambda: service_settings.save(desks[0], actor, {"retention_years": 5}),
            lambda: service_settings.save(desks[1], actor, {"retention_years": 6})])
    finally:
        for desk in desks:
            desk.dispose()
    assert [o["retention_years"] for o in outcomes] == [5, 6]
    assert service_settings.read(db)["retention_years"] == 6


def test_two_desks_saving_the_service_details_at_once_save_in_turn(db, actor, db_path) -> None:
    """Neither save fails; the second one's details stay."""
    first = ServiceDetails("Hackney Recovery Service", "1 Example Road", "020 7946 0000", 10)
    second = ServiceDetails("Hackney Recovery Service", "2 Example Road", "020 7946 0001", 12)
    desks = [Database.open(db_path) for _ in range(2)]
    try:
        outcomes = queued_behind(str(db_path), CHAIN, {}, [
            lambda: save_details(desks[0], actor, first),
            lambda: save_details(desks[1], actor, second)])
    finally:
        for desk in desks:
            desk.dispose()
    assert outcomes == [first, second]
    assert service_details(db, actor) == second
