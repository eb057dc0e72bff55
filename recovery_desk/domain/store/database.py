"""Engine and session set-up: the one place that knows it may be talking to SQLite.

Every SQLite connection runs WAL with foreign keys on, synchronous=FULL and a busy timeout.
Writes open with BEGIN IMMEDIATE so a read-then-write (a capacity check, then the booking) holds
the write lock from its first statement; reads open with a plain BEGIN and do not block other
desks.

A PostgreSQL server (desks sharing one service's database) runs READ COMMITTED: writes lock
the rows they decide on (the group, the audit chain's head) with SELECT ... FOR UPDATE, reads
are READ ONLY transactions, and a desk gives up waiting for another's lock after the same
timeout as on SQLite. Connections are checked before use (pool_pre_ping) and a connection lost
mid-transaction is thrown away, so a restarted server or a dropped network costs one failed
action, not a restart of the app. Connecting gives up after a few seconds, and TCP keepalives
notice a network that went away under an idle connection.

Every write announces what kind of thing it changed, for other desks' screens (changes.py).
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from recovery_desk.domain.store import changes, sqlite_files
from recovery_desk.domain.store.errors import DomainError
from recovery_desk.domain.store.key_slots import cipher_connect, key_pragma

BUSY_TIMEOUT_MS = 10_000
CONNECT_TIMEOUT_S = 5
_READ_ONLY = "recovery_desk_read_only"


def url_for(target: str | Path) -> str:
    """An SQLAlchemy URL for a path, or the URL itself if it already is one."""
    text = str(target)
    if "://" in text:
        return text
    return f"sqlite:///{Path(text).expanduser().resolve()}"


def sqlite_path(target: str | Path) -> Path | None:
    """The file behind an SQLite target (a path or sqlite:/// URL), None for a server."""
    url = make_url(url_for(target))
    if url.get_backend_name() != "sqlite" or not url.database:
        return None
    name = url.database.removeprefix("file:").split("?")[0]
    return Path(name) if name != ":memory:" else None


def _switch_to_wal(cursor: sqlite3.Cursor, busy_timeout_ms: int) -> None:
    """PRAGMA journal_mode = WAL, retried while another connection is busy with the file.

    SQLite answers "database is locked" at once, without waiting the busy timeout, when a
    file still in its first journal mode is being written by another connection: two desks
    opening a brand-new file at the same moment. So this waits the busy timeout itself."""
    deadline = time.monotonic() + busy_timeout_ms / 1000
    pause = 0.005
    while True:
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
            return
        except Exception as error:  # sqlite3's or sqlcipher3's OperationalError
            if type(error).__name__ != "OperationalError" \
                    or getattr(error, "sqlite_errorcode", None) not in (sqlite3.SQLITE_BUSY,
                                                                        sqlite3.SQLITE_LOCKED) \
                    or time.monotonic() >= deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.1)


def _prepare_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        # Take transaction control from the sqlite3 module, which would otherwise run a SELECT
        # outside the transaction; the "begin" listener below opens each one itself.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        _switch_to_wal(cursor, busy_timeout_ms)
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        read_only = connection.get_execution_options().get(_READ_ONLY, False)
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


def _server_connect_args(url: URL, busy_timeout_ms: int) -> dict[str, Any]:
    """libpq settings the URL has not set itself: a name IT can see in pg_stat_activity, how
    long to try to connect, keepalives, and how long to wait for another desk's lock."""
    defaults: dict[str, Any] = {
        "application_name": "recovery-desk", "connect_timeout": CONNECT_TIMEOUT_S,
        "keepalives": 1, "keepalives_idle": 30, "keepalives_interval": 10,
        "keepalives_count": 3,
        "options": f"-c lock_timeout={int(busy_timeout_ms)}",
    }
    return {key: value for key, value in defaults.items() if key not in url.query}


def _encrypted_engine(url: URL, key: bytes, busy_timeout_ms: int) -> Engine:
    """An SQLite engine over SQLCipher: each connection is keyed before its first statement.
    sqlcipher3 is imported only here, so a plain desk never loads it."""
    import sqlcipher3

    name = url.database or ""
    uri = bool(url.query.get("uri"))  # a read-only look at a backup: file:...?mode=ro
    if uri:
        name += "?" + "&".join(f"{option}={value}" for option, value in url.query.items()
                               if option != "uri")

    def connect() -> Any:
        connection = cipher_connect(name, timeout=busy_timeout_ms / 1000,
                                        check_same_thread=False, uri=uri)
        connection.execute(key_pragma(key))
        # SQLCipher decrypts every page it reads from the disk (or the OS's cache): a larger
        # page cache of its own keeps the desk's daily pages decrypted (16 MB at most).
        connection.execute("PRAGMA cache_size = -16384")
        return connection

    return create_engine(url, module=sqlcipher3.dbapi2, creator=connect)


def make_engine(target: str | Path, busy_timeout_ms: int = BUSY_TIMEOUT_MS,
                key: bytes | None = None) -> Engine:
    """busy_timeout_ms: how long a desk waits for another desk's write before giving up.
    key: the database key of an encrypted SQLite file (key_slots.py)."""
    url = make_url(url_for(target))
    if url.get_backend_name() == "sqlite":
        engine = _encrypted_engine(url, key, busy_timeout_ms) if key is not None else \
            create_engine(url, connect_args={"timeout": busy_timeout_ms / 1000})
        _prepare_sqlite(engine, busy_timeout_ms)
        return engine
    connect_args = _server_connect_args(url, busy_timeout_ms) \
        if url.get_backend_name() == "postgresql" else {}
    try:
        return create_engine(url, pool_pre_ping=True, connect_args=connect_args)
    except ImportError as error:
        # The offline bundle carries no server driver; nor does a plain `pip install .`.
        raise DomainError(
            f"This copy of Recovery Desk cannot reach a {url.get_backend_name()} server: its "
            f"driver is not installed ({error.name or error}). A desk that shares a server "
            "runs from a Python install with `pip install 'recovery-desk[postgresql]'`, as "
            "the README's 'Several desks' section says.") from error


def for_reading(engine: Engine) -> Engine:
    """The engine with its transactions opened for reading only: a plain BEGIN on SQLite,
    which waits for no other desk's write, and READ ONLY on PostgreSQL."""
    reading: dict[str, Any] = {_READ_ONLY: True}
    if engine.dialect.name == "postgresql":
        reading["postgresql_readonly"] = True
    return engine.execution_options(**reading)


class Database:
    """An engine with a writing and a reading session factory. Only services use it."""

    def __init__(self, engine: Engine, key: bytes | None = None) -> None:
        self.engine = engine
        self.key = key
        """The key of an encrypted SQLite database (its backups take it too), else None."""
        if key is not None:
            sqlite_files.use_key(key)
        self._write = sessionmaker(bind=engine, expire_on_commit=False)
        self._read = sessionmaker(bind=for_reading(engine), expire_on_commit=False)
        self._owed: list[Callable[[Session], None]] = []
        self._owed_lock = threading.Lock()
        self.sender = changes.new_sender()
        self.own_changes: Counter[str] = Counter()
        """The kinds of change this desk has committed, so its feed can leave them out."""
        self._commit_listeners: list[Callable[[frozenset[str]], None]] = []
        changes.track(self._write, self._announce)
        event.listen(self._write, "after_commit", self._committed)

    def _announce(self, tx: Session, kinds: list[str]) -> None:
        if self.is_sqlite:
            changes.announce_sqlite(tx, kinds)
        elif self.engine.dialect.name == "postgresql":
            changes.announce_postgresql(tx, kinds, self.sender)
        tx.info["recovery_desk_announced"] = kinds

    def _committed(self, tx: Session) -> None:
        kinds = tx.info.pop("recovery_desk_announced", ())
        self.own_changes.update(kinds)
        if kinds:
            for listener in self._commit_listeners:
                listener(frozenset(kinds))

    def add_commit_listener(self, listener: Callable[[frozenset[str]], None]) -> None:
        """Call listener(kinds) after each commit of this Database that changed what desks
        show: the window's context announces this desk's own changes from here."""
        self._commit_listeners.append(listener)

    def watch_changes(self) -> changes.ChangeFeed | None:
        """A feed of other desks' changes, or None where the database cannot tell."""
        if self.is_sqlite:
            return changes.SqliteFeed(self.engine, self.own_changes)
        if self.engine.dialect.name == "postgresql":
            return changes.PostgresqlFeed(self.engine, self.sender)
        return None

    @classmethod
    def open(cls, target: str | Path, busy_timeout_ms: int = BUSY_TIMEOUT_MS,
             key: bytes | None = None) -> Database:
        return cls(make_engine(target, busy_timeout_ms, key), key)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.url.get_backend_name() == "sqlite"

    @property
    def path(self) -> Path | None:
        """The database file, for an SQLite database."""
        return sqlite_path(self.engine.url.render_as_string(hide_password=False))

    def owe(self, write: Callable[[Session], None]) -> None:
        """Keep a write the database could not take (its disk was full) in memory: it is made
        in the next write transaction, and kept owed until one commits."""
        with self._owed_lock:
            self._owed.append(write)

    @property
    def owes_writes(self) -> bool:
        return bool(self._owed)

    def settle_owed(self) -> bool:
        """Make the owed writes now if the database takes them (space has been freed); True
        once nothing is owed. A desk that only reads calls this from time to time."""
        if not self._owed:
            return True
        try:
            with self.writing():
                pass
        except SQLAlchemyError:
            return False  # still full (or unreachable): they stay owed
        return True

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """One write transaction: committed when the block ends, rolled back if it raises.
        Writes still owed go first, so they are saved with it exactly once."""
        with self._owed_lock:
            owed, self._owed = self._owed, []
        try:
            with self._write() as tx, tx.begin():
                for write in owed:
                    write(tx)
                yield tx
        except BaseException:
            with self._owed_lock:
                self._owed[:0] = owed
            raise

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with self._read() as tx, tx.begin():
            yield tx

    def dispose(self) -> None:
        self.engine.dispose()
