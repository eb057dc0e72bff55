"""Moving an SQLite database onto the PostgreSQL server: the demo and three years of a busy
service's history arrive whole (counts and checksums of every table, the audit chain), ids go
on past the highest, and the desk then shows the same week, capacity and person records from
either. A target that is not empty, not ours or not a server is refused and left alone."""

from __future__ import annotations

import importlib
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from recovery_desk.domain.operations import transfer_service
from recovery_desk.domain.operations.setup import open_database
from recovery_desk.domain.operations.transfer_service import TransferError, tables_in_order
from recovery_desk.domain.people import intake_service, person_record_service
from recovery_desk.domain.places import review_service, timetable_service
from recovery_desk.domain.staff import audit_service
from recovery_desk.domain.store import audit
from recovery_desk.domain.store.database import Database
from recovery_desk.domain.store.models import AuditChain, AuditEvent, ServiceUser
from tests.backends import PostgresqlHome, Target
from tests.benchmarks.history import fill_history
from tests.conftest import CATALOGUE

TODAY = date(2026, 11, 27)
YEARS = 3
ACCESS = importlib.import_module("recovery_desk.domain.store.migrations.versions.0005_access")


def _demo(target: Target) -> None:
    open_database(target, CATALOGUE, today=TODAY, demo=True)[0].dispose()


def _history(target: Target) -> None:
    """A busy service's three years, written in bulk, with its audit trail chained as the
    desk would have chained it (the bulk writer leaves the hashes empty)."""
    db, actor = open_database(target, CATALOGUE, today=TODAY)
    with db.writing() as tx:
        fill_history(tx, actor.staff_id, TODAY - timedelta(days=365 * YEARS), TODAY)
    db.dispose()
    raw = Database.open(target).engine
    with raw.begin() as connection:
        for trigger in ("audit_events_no_update", "audit_events_no_delete"):
            connection.execute(text(f"DROP TRIGGER {trigger}"))
        previous = audit.GENESIS
        for event in connection.execute(select(AuditEvent.__table__).order_by(AuditEvent.id)):
            previous = audit.chain_hash(previous, event.at, event.staff_id, event.workstation,
                                        event.action, event.entity, event.entity_id,
                                        event.outcome, event.detail)
            connection.execute(AuditEvent.__table__.update().where(AuditEvent.id == event.id)
                               .values(chain_hash=previous))
        connection.execute(AuditChain.__table__.update().values(last_hash=previous))
        for statement in ACCESS.SQLITE_TRIGGERS:
            connection.execute(text(statement))
    raw.dispose()


@pytest.fixture(params=["demo", "history"])
def source(request, homes, tmp_path: Path):
    """The SQLite file to move: the demo, or three years of history."""
    build = _demo if request.param == "demo" else _history
    path = homes["sqlite"].copy(request.param, build, tmp_path)
    db, actor = open_database(path, CATALOGUE, today=TODAY)
    yield db, actor, request.param
    db.dispose()


@pytest.fixture
def empty_server(postgresql: PostgresqlHome):
    target = postgresql.new(None)
    yield target
    postgresql.discard(target)


def _counts(db: Database) -> dict[str, int]:
    with db.reading() as tx:
        return {table.name: tx.scalar(select(func.count()).select_from(table)) or 0
                for table in tables_in_order()}


def test_a_database_moves_whole_and_shows_the_same_from_either(source, empty_server) -> None:
    db, actor, kind = source
    done = transfer_service.transfer(db, actor, empty_server)
    server = Database.open(empty_server)
    try:
        assert _counts(server) == _counts(db) == {t.name: t.rows for t in done.tables}
        assert done.rows > (30_000 if kind == "history" else 200)
        check = audit_service.verify(server, actor)
        assert check.holds and check.rows == done.audit_rows == _counts(db)["audit_events"]

        monday = TODAY - timedelta(days=TODAY.weekday())
        for week in (monday, monday - timedelta(weeks=30), monday + timedelta(weeks=2)):
            assert timetable_service.week_of(server, actor, week) == \
                timetable_service.week_of(db, actor, week)
        assert review_service.review(server, actor, TODAY) == \
            review_service.review(db, actor, TODAY)
        with db.reading() as tx:
            people = tx.scalars(select(ServiceUser.id).order_by(ServiceUser.id)).all()
        for person in (people[0], people[len(people) // 2], people[-1]):
            assert person_record_service.person_record(server, actor, person) == \
                person_record_service.person_record(db, actor, person)

        # New rows take ids past the highest copied (the sequences were moved).
        newcomer = intake_service.save_intake(server, actor, intake_service.PersonDetails(
            given_name="New", family_name="Arrival", date_of_birth=date(1990, 1, 1),
            consent_to_store=True), [], TODAY)
        assert newcomer == people[-1] + 1
        assert audit_service.verify(server, actor).holds
    finally:
        server.dispose()


def test_a_target_that_is_not_empty_is_refused_and_left_alone(
        homes, postgresql, empty_server, tmp_path: Path) -> None:
    db, actor = open_database(homes["sqlite"].copy("demo", _demo, tmp_path), CATALOGUE,
                              today=TODAY)
    transfer_service.transfer(db, actor, empty_server)
    server = Database.open(empty_server)
    before = _counts(server)
    server.dispose()
    with pytest.raises(TransferError, match="is not empty: it holds groups"):
        transfer_service.transfer(db, actor, empty_server)
    server = Database.open(empty_server)
    assert _counts(server) == before
    server.dispose()
    db.dispose()


def test_a_target_that_is_another_programs_or_not_a_server_is_refused(
        postgresql, empty_server, tmp_path: Path) -> None:
    db, actor = open_database(tmp_path / "desk.sqlite3", CATALOGUE, today=TODAY)
    with postgresql.raw(empty_server) as owner:
        owner.execute(text("CREATE TABLE invoices (id integer)"))
    with pytest.raises(Exception, match="another program's tables"):
        transfer_service.transfer(db, actor, empty_server)
    with pytest.raises(TransferError, match="is not a PostgreSQL server database"):
        transfer_service.transfer(db, actor, str(tmp_path / "other.sqlite3"))
    db.dispose()
