"""Bring a database's schema up to this version of the app, or refuse one that is newer.

Start-up stays light: the current revision is read with one query, and Alembic is imported
only when there is something to upgrade.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, inspect, text

HEAD_REVISION = "0013_messages_by_day"
MIGRATIONS = Path(__file__).parent / "migrations"


class SchemaTooNewError(RuntimeError):
    """The database was written by a newer Recovery Desk than this one."""


def current_revision(engine: Engine) -> str | None:
    # Read in a reading transaction: on SQLite a writing one would wait for any other desk's
    # write, and a verb that only reads must answer while one is under way.
    from recovery_desk.domain.store.database import for_reading

    with for_reading(engine).connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _alembic_config():
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(_alembic_config())
    return {script.revision for script in scripts.walk_revisions()}


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    config = _alembic_config()
    with engine.connect() as connection:
        # The transaction is open (BEGIN IMMEDIATE on SQLite: the write lock, waited for)
        # before Alembic reads the revision, so Alembic reads it under the lock and runs every
        # step in this one transaction. Two desks opening a new file at once then migrate it
        # one after the other: the second finds it at head and does nothing.
        connection.begin()
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
        connection.commit()


def refuse_if_too_new(revision: str | None) -> None:
    """SchemaTooNewError for a revision this app does not know (a newer app wrote it)."""
    if revision is not None and revision != HEAD_REVISION \
            and revision not in known_revisions():
        raise SchemaTooNewError(
            f"This database was made by a newer version of Recovery Desk (schema '{revision}'). "
            "Install the newer version to open it; nothing has been changed."
        )


def ensure_current(engine: Engine) -> bool:
    """Upgrade an older database to head. Returns True if anything was upgraded."""
    revision = current_revision(engine)
    if revision == HEAD_REVISION:
        return False
    refuse_if_too_new(revision)
    if engine.dialect.name == "postgresql":
        from recovery_desk.domain.store.server_database import check_can_upgrade

        with engine.connect() as connection:
            check_can_upgrade(connection, engine.url.render_as_string(hide_password=True))
    upgrade(engine)
    return True


@dataclass(frozen=True)
class Upgraded:
    before: str | None
    after: str
    granted: tuple[Any, ...]
    """server_database.Granted, one per desks' role."""


def upgrade_server(engine: Engine, desk_roles: list[str]) -> Upgraded:
    """As the schema's owner: refuse another program's database, migrate to head, then give
    the desks' roles (those named, and those granted before) their rights on every table."""
    from recovery_desk.domain.store import server_database as server
    where = engine.url.render_as_string(hide_password=True)
    with engine.connect() as connection:
        server.check_is_ours_or_empty(connection, where)
    before = current_revision(engine)
    ensure_current(engine)
    with engine.begin() as connection:
        # The owner puts back audit triggers a desk found missing but could not restore.
        from recovery_desk.domain.store import audit_guard
        found = audit_guard.check(connection)
        if not found.sound:
            audit_guard.restore(connection, found)
        roles = sorted(set(desk_roles) | server.granted_roles(connection))
        granted = tuple(server.grant_desk_role(connection, role) for role in roles)
    return Upgraded(before, HEAD_REVISION, granted)
