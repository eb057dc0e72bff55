"""The append-only triggers are checked each time a database is opened: one dropped, switched
off or rewritten is put back (by the schema's owner on a server) and the opening is audited."""

from __future__ import annotations

import importlib
from datetime import date

import pytest
from sqlalchemy import create_engine, select, text

from recovery_desk.domain.operations.setup import open_database
from recovery_desk.domain.store import audit_guard, migrate
from recovery_desk.domain.store.models import AuditEvent
from tests.conftest import CATALOGUE

TODAY = date(2026, 11, 27)


def _guard_rows(db) -> list[AuditEvent]:
    with db.reading() as tx:
        return list(tx.scalars(select(AuditEvent).where(
            AuditEvent.action == "audit_guard").order_by(AuditEvent.id)))


def _guard(target, raw_sql) -> audit_guard.GuardCheck:
    with raw_sql(target) as raw:
        return audit_guard.check(raw)


def test_the_migrations_make_exactly_the_triggers_the_guard_expects(
        db, db_path, raw_sql) -> None:
    """A database fresh from the migrations is sound, and opening it audits nothing."""
    assert _guard(db_path, raw_sql).sound
    assert _guard_rows(db) == []


def test_a_dropped_trigger_is_restored_and_audited_on_opening(
        db, db_path, raw_sql, backend) -> None:
    """Dropped (SQLite) or switched off (a server's owner): the next opening notices and says
    so in the trail; a desk that may not change the schema says the owner must put it back."""
    db.dispose()
    with raw_sql(db_path) as raw:
        backend.unguard_audit(raw)
    assert not _guard(db_path, raw_sql).sound
    reopened, _ = open_database(db_path, CATALOGUE, today=TODAY)
    try:
        [row] = _guard_rows(reopened)
    finally:
        reopened.dispose()
    if backend.name == "sqlite" or not getattr(backend, "desk_role", None):
        assert row.outcome == "restored"
        assert row.detail["what"] == "audit triggers were missing and have been restored"
        assert sorted(row.detail["missing"]) == sorted(audit_guard.SQLITE_TRIGGERS)
        assert _guard(db_path, raw_sql).sound
    else:  # a least-privilege desk: audited as refused, then the owner's upgrade restores
        assert row.outcome == "refused" and row.detail["altered"] == ["audit_events_no_change"]
        engine = create_engine(backend.url(backend.database(db_path), owner=True))
        try:
            migrate.upgrade_server(engine, [])
        finally:
            engine.dispose()
        assert _guard(db_path, raw_sql).sound


@pytest.mark.sqlite_only("SQLite keeps a trigger's definition as written")
def test_a_rewritten_trigger_that_lets_deletes_through_is_replaced(
        db, db_path, raw_sql) -> None:
    """A trigger with the right name that no longer refuses is as good as missing."""
    db.dispose()
    with raw_sql(db_path) as raw:
        raw.execute(text("DROP TRIGGER audit_events_no_delete"))
        raw.execute(text("CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events "
                         "BEGIN SELECT 1; END"))
    assert _guard(db_path, raw_sql).altered == ("audit_events_no_delete",)
    reopened, _ = open_database(db_path, CATALOGUE, today=TODAY)
    reopened.dispose()
    assert _guard(db_path, raw_sql).sound
    with pytest.raises(Exception, match="audit trail cannot be changed"), \
            raw_sql(db_path) as raw:
        raw.execute(text("DELETE FROM audit_events"))


@pytest.mark.sqlite_only("a trigger written in SQLite's own language")
def test_an_extra_trigger_that_swallows_new_rows_is_removed(db, db_path, raw_sql) -> None:
    """A trigger not made by the migrations (here one that silently drops every new audit
    row) is removed on opening, and the opening's own audit row is kept."""
    db.dispose()
    with raw_sql(db_path) as raw:
        raw.execute(text("CREATE TRIGGER audit_events_quiet BEFORE INSERT ON audit_events "
                         "BEGIN SELECT RAISE(IGNORE); END"))
    assert _guard(db_path, raw_sql).altered == ("audit_events_quiet",)
    reopened, _ = open_database(db_path, CATALOGUE, today=TODAY)
    try:
        [row] = _guard_rows(reopened)
    finally:
        reopened.dispose()
    assert row.detail["altered"] == ["audit_events_quiet"] and _guard(db_path, raw_sql).sound


def test_the_guard_expects_what_migration_0005_made() -> None:
    """The definitions compared on opening are the ones the schema was built with."""
    access = importlib.import_module("recovery_desk.domain.store.migrations.versions.0005_access")
    assert tuple(audit_guard.SQLITE_TRIGGERS.values()) == access.SQLITE_TRIGGERS
    assert access.POSTGRESQL_TRIGGERS[0].replace(
        "CREATE FUNCTION", "CREATE OR REPLACE FUNCTION") == audit_guard.POSTGRESQL_FUNCTION
