"""Opening a database for use: schema up to date, the audit trail's triggers in place
(audit_guard.py), the desk account, the default catalogue, and (only for a demo database) the
fictitious service."""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from recovery_desk.catalogue.file import read_catalogue
from recovery_desk.domain.places.finishing import sweep
from recovery_desk.domain.service.catalogue_service import add_groups
from recovery_desk.domain.store import audit_guard, migrate, server_database, sqlite_files
from recovery_desk.domain.store.actor import (
    SYSTEM_USERNAME,
    Actor,
    actor_for,
    ensure_system_account,
)
from recovery_desk.domain.store.database import Database, sqlite_path
from recovery_desk.domain.store.errors import DomainError
from recovery_desk.domain.store.failures import explain_database_error, explain_file_error
from recovery_desk.domain.store.key_slots import is_encrypted_desk
from recovery_desk.domain.store.models import Group, ServiceUser, Setting, Staff

DEMO_KEY = "demo"
log = logging.getLogger(__name__)


class NotADemoDatabaseError(DomainError):
    """--demo was pointed at a database that holds real records."""


class NotOurDatabaseError(DomainError):
    """The file is another program's SQLite database; it is left exactly as it was."""


class CannotOpenError(DomainError):
    """The database cannot be used; the message says why and what to do."""


def is_demo(tx: Session) -> bool:
    setting = tx.get(Setting, DEMO_KEY)
    return setting is not None and setting.value == "true"


def _ready_to_read(db: Database, demo: bool) -> Actor | None:
    """The app's own account if the database can be read as it is, without a single write;
    None if it still has to be made (new, empty, or a demo still to fill). Raises
    CannotOpenError for a schema that only a writing open would upgrade."""
    revision = migrate.current_revision(db.engine)
    if revision is None:
        return None
    if revision != migrate.HEAD_REVISION:
        migrate.refuse_if_too_new(revision)
        raise CannotOpenError(
            "this database was made by an older version of Recovery Desk and needs upgrading, "
            "which this verb does not do as it only reads: open the database in the window, "
            "or run a verb that changes data, then try again; nothing has been changed")
    with db.reading() as tx:
        system = tx.scalar(select(Staff).where(Staff.username == SYSTEM_USERNAME))
        if system is None or tx.scalar(select(Group.id).limit(1)) is None \
                or (demo and not is_demo(tx)):
            return None
        return actor_for(system)


def open_database(target: str | Path, default_catalogue: Path, *, today: date,
                  demo: bool = False, read_only: bool = False,
                  key: bytes | None = None) -> tuple[Database, Actor]:
    """Open (creating if need be) and prepare a database; returns it and the desk's actor.

    read_only: for a verb that only reads. A database that is ready is then opened without a
    write (no upgrade, no sweep of ended places, whose queries leave them out anyway), so the
    verb answers while another desk holds the write lock; a new one is still made.

    Raises migrate.SchemaTooNewError for a database from a newer app, and
    NotADemoDatabaseError when demo is asked of a database that already holds real records.
    key: an encrypted file's key (operations/encryption.py), unwrapped by a password.
    """
    path = sqlite_path(target)
    if path is not None:
        ready = _open_file(target, path, demo=demo, read_only=read_only, key=key)
        if ready is not None:
            return ready
    db = Database.open(target, key=key)
    try:
        if path is None and server_database.is_server(db.engine):
            with db.engine.connect() as connection:
                server_database.check_is_ours_or_empty(
                    connection, db.engine.url.render_as_string(hide_password=True))
        if read_only and path is None:
            actor = _ready_to_read(db, demo)
            if actor is not None:
                return db, actor
        migrate.ensure_current(db.engine)
        with db.writing() as tx:
            actor = actor_for(ensure_system_account(tx))
            _make_ready(tx, actor, target, default_catalogue, today=today, demo=demo)
        # Places that ran out while the desk was closed finish now, so today's queries see
        # only running places.
        sweep(db, actor, today)
    except Exception:
        db.dispose()
        raise
    return db, actor


def _open_file(target: str | Path, path: Path, *, demo: bool, read_only: bool,
               key: bytes | None) -> tuple[Database, Actor] | None:
    """An SQLite file, refused unless it is ours or new. When only reading, a file that is
    ready is returned open without a write; otherwise None, the file made (private to this
    account) if it did not exist, for open_database to open and prepare."""
    if key is None and is_encrypted_desk(path):
        raise CannotOpenError(f"{path} is encrypted: it opens only when a member of staff "
                              "signs in with their password")
    try:
        if key is None:
            sqlite_files.check_is_ours_or_new(path)
    except sqlite_files.NotOurDatabaseError as error:
        raise NotOurDatabaseError(str(error)) from None
    if read_only and path.exists():
        db = Database.open(target, key=key)
        try:
            actor = _ready_to_read(db, demo)
        except Exception:
            db.dispose()
            raise
        if actor is not None:
            return db, actor
        db.dispose()
    sqlite_files.create_private(path)
    return None


def _make_ready(tx: Session, actor: Actor, target: str | Path, default_catalogue: Path, *,
                today: date, demo: bool) -> None:
    """In the opening transaction: the audit trail checked, the default catalogue added to an
    empty database, and the demo filled in (only ever into a database with no records)."""
    audit_guard.check_on_opening(tx, actor)
    empty = tx.scalar(select(Group.id).limit(1)) is None
    has_people = tx.scalar(select(ServiceUser.id).limit(1)) is not None
    if demo and not is_demo(tx) and (not empty or has_people):
        raise NotADemoDatabaseError(
            f"{target} already holds a real service's records, so it cannot be used "
            "as the demo; the demo only ever fills a new database of its own.")
    if empty:
        add_groups(tx, actor, read_catalogue(default_catalogue), today)
    if demo and not is_demo(tx):
        from recovery_desk.domain.operations.demo import fill_demo

        fill_demo(tx, actor, today)
        tx.add(Setting(key=DEMO_KEY, value="true"))


def open_for_desk(target: str | Path, default_catalogue: Path, *, today: date,
                  demo: bool = False, folder: Path | None = None,
                  read_only: bool = False, key: bytes | None = None) -> tuple[Database, Actor]:
    """open_database, with every reason it can fail given as one CannotOpenError whose message
    is ready to show: the CLI prints it and the window shows it. folder: where the database
    file lives (None for a server), to tell a full disk from other I/O errors."""
    try:
        return open_database(target, default_catalogue, today=today, demo=demo,
                             read_only=read_only, key=key)
    except (migrate.SchemaTooNewError, DomainError) as error:
        raise CannotOpenError(str(error)) from error
    except SQLAlchemyError as error:
        log.debug("opening %s failed", target, exc_info=True)
        raise CannotOpenError(f"cannot open the database {target}: "
                              f"{explain_database_error(error, folder)}") from error
    except OSError as error:
        raise CannotOpenError(f"cannot open the database {target}: "
                              f"{explain_file_error(error)}") from error


def database_is_demo(db: Database) -> bool:
    with db.reading() as tx:
        return is_demo(tx)
