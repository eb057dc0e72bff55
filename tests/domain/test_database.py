"""The SQLite set-up: pragmas on every connection, and writes that take the lock at once."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from recovery_desk.domain.store.database import Database, make_engine, url_for

pytestmark = pytest.mark.sqlite_only(
    "SQLite's own set-up (pragmas, BEGIN IMMEDIATE); the server's: test_server_database.py")


def test_every_connection_runs_wal_foreign_keys_full_sync_and_busy_timeout(db: Database) -> None:
    """Each pooled connection, not just the first, has the four pragmas."""
    connections = [db.engine.raw_connection() for _ in range(3)]
    try:
        for connection in connections:
            def pragma(name: str, connection=connection) -> object:
                return connection.cursor().execute(f"PRAGMA {name}").fetchone()[0]

            assert pragma("journal_mode") == "wal"
            assert pragma("foreign_keys") == 1
            assert pragma("synchronous") == 2  # FULL
            assert pragma("busy_timeout") >= 5000
    finally:
        for connection in connections:
            connection.close()


def test_a_write_transaction_holds_the_write_lock_from_its_first_statement(
        db: Database, db_path: Path) -> None:
    """BEGIN IMMEDIATE: while a desk is mid-write, another writer cannot start, even to read."""
    other = sqlite3.connect(db_path, timeout=0.1, isolation_level=None)
    with db.writing() as tx:
        tx.execute(text("SELECT count(*) FROM groups"))
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
    other.execute("BEGIN IMMEDIATE")
    other.execute("ROLLBACK")
    other.close()


def test_reads_do_not_block_another_desk_writing(db: Database, db_path: Path) -> None:
    """A reading transaction opens with a plain BEGIN, so WAL lets a writer carry on."""
    other = sqlite3.connect(db_path, timeout=0.1, isolation_level=None)
    with db.reading() as tx:
        tx.execute(text("SELECT count(*) FROM groups"))
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
    other.close()


def test_foreign_keys_are_enforced(db: Database) -> None:
    """A closure pointing at a staff member who does not exist is refused by the database."""
    with pytest.raises(Exception, match="FOREIGN KEY"), db.writing() as tx:
        tx.execute(text("INSERT INTO closures (first_day, last_day, reason, created_by_id)"
                             " VALUES ('2026-12-01', '2026-12-01', 'x', 999)"))


def test_url_for_accepts_paths_and_urls(tmp_path: Path) -> None:
    """A path becomes an absolute sqlite URL; a URL is left alone."""
    assert url_for(tmp_path / "a.sqlite3") == f"sqlite:///{tmp_path / 'a.sqlite3'}"
    assert url_for("postgresql+psycopg://desk@server/recovery") == \
        "postgresql+psycopg://desk@server/recovery"
    assert Database.open(tmp_path / "b.sqlite3").is_sqlite


def test_switching_a_new_file_to_wal_waits_for_another_connection_writing_it(
        tmp_path: Path) -> None:
    """SQLite refuses the switch to WAL at once while a new file is written: it is retried."""
    path = tmp_path / "new.sqlite3"
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    released = threading.Timer(0.3, lambda: (other.rollback(), other.close()))
    released.start()
    engine = make_engine(path)
    try:
        with engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    finally:
        released.join()
        engine.dispose()


def test_the_switch_to_wal_gives_up_after_the_busy_timeout(tmp_path: Path) -> None:
    """A file that stays busy still ends in 'database is locked', once the timeout is spent."""
    path = tmp_path / "new.sqlite3"
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    engine = make_engine(path, busy_timeout_ms=200)
    try:
        with pytest.raises(OperationalError, match="database is locked"), engine.connect():
            pass
    finally:
        other.rollback()
        other.close()
        engine.dispose()
