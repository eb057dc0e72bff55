"""Migrations: from the first schema to head, and refusing a database from a newer app."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text

from recovery_desk.domain.operations.setup import open_database
from recovery_desk.domain.store import migrate
from recovery_desk.domain.store.database import make_engine
from recovery_desk.domain.store.models import Base
from tests.conftest import CATALOGUE


def test_head_revision_constant_matches_the_migration_scripts() -> None:
    """The cheap start-up check compares against the real head of the scripts."""
    script = ScriptDirectory.from_config(migrate._alembic_config())
    assert script.get_heads() == [migrate.HEAD_REVISION]


def test_migrations_build_exactly_the_models(tmp_path: Path) -> None:
    """No drift: upgrading an empty database gives the schema the models describe."""
    engine = make_engine(tmp_path / "fresh.sqlite3")
    migrate.upgrade(engine)
    with engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
    engine.dispose()


def test_a_first_schema_database_is_upgraded_on_open_and_keeps_its_data(tmp_path: Path) -> None:
    """A database left at 0001 by an older app opens at head with its groups intact."""
    path = tmp_path / "old.sqlite3"
    engine = make_engine(path)
    migrate.upgrade(engine, "0001_catalogue")
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO groups (name, name_to_be_confirmed, description, who_for, format, "
            "joining, referral_required, referral_note, eligibility_rule, capacity, policies, "
            "schedule_frequency, schedule_weekdays, schedule_positions, active) VALUES "
            "('Old Group', 0, '', '', 'weekly', 'not_stated', 1, '', 'keyworker_judgement', 8,"
            " '{}', 'weekly', '2', '', 1)"))
    engine.dispose()
    db, _ = open_database(path, CATALOGUE, today=date(2026, 11, 27))
    assert migrate.current_revision(db.engine) == migrate.HEAD_REVISION
    with db.reading() as tx:
        names = tx.execute(text("SELECT name FROM groups")).scalars().all()
        assert names == ["Old Group"]  # an existing catalogue is never overwritten
        tx.execute(text("SELECT count(*) FROM enrolments")).scalar()
    db.dispose()


def test_a_database_from_a_newer_app_is_refused_unchanged(db_path, raw_sql) -> None:
    """An unknown schema revision is refused with a clear message, and nothing is written."""
    with raw_sql(db_path) as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0099_future'"))
    with raw_sql(db_path) as connection:
        before = connection.execute(text("SELECT count(*) FROM audit_events")).scalar()
    with pytest.raises(migrate.SchemaTooNewError, match="newer version of Recovery Desk"):
        open_database(db_path, CATALOGUE, today=date(2026, 11, 27))
    with raw_sql(db_path) as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() \
            == "0099_future"
        assert connection.execute(text("SELECT count(*) FROM audit_events")).scalar() == before


@pytest.mark.sqlite_only("the file's bytes")
def test_a_database_file_from_a_newer_app_is_left_byte_for_byte(db_path: Path) -> None:
    engine = make_engine(db_path)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0099_future'"))
    engine.dispose()
    before = db_path.read_bytes()
    with pytest.raises(migrate.SchemaTooNewError, match="newer version of Recovery Desk"):
        open_database(db_path, CATALOGUE, today=date(2026, 11, 27))
    assert db_path.read_bytes() == before
