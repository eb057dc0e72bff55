"""The report's SQL on PostgreSQL: the hand-counted December again, on a real server.

Skipped unless RECOVERY_DESK_POSTGRES_URL names a scratch database (its public schema is
dropped and made again), for example
postgresql+psycopg://postgres@/desk?host=/tmp/pg&port=54329, with a driver installed.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import text

from recovery_desk.domain.database import Database
from recovery_desk.domain.models import Staff
from recovery_desk.domain.report_service import report
from recovery_desk.domain.setup import open_database
from recovery_desk.domain.staff import Actor
from recovery_desk.vocabulary import StaffRole
from tests.conftest import CATALOGUE
from tests.domain.test_report_service import RDP, RS, _build_december

URL = os.environ.get("RECOVERY_DESK_POSTGRES_URL")
pytestmark = pytest.mark.skipif(not URL, reason="RECOVERY_DESK_POSTGRES_URL is not set")


@pytest.fixture
def server() -> Iterator[tuple[Database, Actor]]:
    assert URL is not None
    scratch = Database.open(URL)
    with scratch.engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    scratch.dispose()
    db, actor = open_database(URL, CATALOGUE, today=date(2026, 11, 27))
    yield db, actor
    db.dispose()


def test_the_december_figures_on_postgresql(server, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    db, actor = server
    with db.writing() as session:
        keyworker = Staff(username="kw", display_name="Kay Worker", role=StaffRole.KEYWORKER)
        session.add(keyworker)
        session.flush()
        keyworker_id = keyworker.id
    ids = _build_december(db, actor, keyworker_id, monkeypatch)
    made = report(db, actor, date(2026, 12, 1), date(2026, 12, 31), [ids["rdp"], ids["rs"]],
                  date(2027, 1, 4))
    figures = {g.group: g.values for g in (*made.groups, made.total)}
    shape = made.as_json()
    assert shape["groups"][1] == {
        "group": RDP, "sessions_planned": 9, "sessions_run": 3, "sessions_closed": 2,
        "starters": 4, "completed": 1, "left_early": 2, "marks": 15, "attended": 10, "late": 1,
        "apologies": 1, "did_not_attend": 3, "attendance_rate": 0.7333, "dna_rate": 0.2,
        "wait_days_median": 8.5, "wait_days_p90": 13, "waiting_at_end": 0}
    assert (figures[RS]["waiting_at_end"], figures[RS]["longest_wait_at_end"]) == (1, 26)
    assert figures["All chosen groups"]["wait_days_median"] == 10
    assert figures[RDP]["age:25_34"] == 1 and figures[RDP]["age:under_25"] == 1
    rdp = next(g for g in made.groups if g.group == RDP)
    assert [w.marks for w in rdp.weeks] == [5, 5, 5, 0, 0]
