"""Engine and session set-up: the one place that knows it may be talking to SQLite.

Every SQLite connection runs WAL with foreign keys on, synchronous=FULL and a busy timeout.
Writes open with BEGIN IMMEDIATE so a read-then-write (a capacity check, then the booking) holds
the write lock from its first statement; reads open with a plain BEGIN and do not block other
desks. Any other SQLAlchemy URL (a shared PostgreSQL server) gets the driver's defaults.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

BUSY_TIMEOUT_MS = 10_000
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


def _prepare_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        # Take transaction control from the sqlite3 module, which would otherwise run a SELECT
        # outside the transaction; the "begin" listener below opens each one itself.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:  # type: ignore[no-untyped-def]
        read_only = connection.get_execution_options().get(_READ_ONLY, False)
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


def make_engine(target: str | Path, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> Engine:
    """busy_timeout_ms: how long a desk waits for another desk's write before giving up."""
    url = make_url(url_for(target))
    if url.get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"timeout": busy_timeout_ms / 1000})
        _prepare_sqlite(engine, busy_timeout_ms)
        return engine
    return create_engine(url, pool_pre_ping=True)


class Database:
    """An engine with a writing and a reading session factory. Only services use it."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._write = sessionmaker(bind=engine, expire_on_commit=False)
        self._read = sessionmaker(bind=engine.execution_options(**{_READ_ONLY: True}),
                                  expire_on_commit=False)

    @classmethod
    def open(cls, target: str | Path, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> Database:
        return cls(make_engine(target, busy_timeout_ms))

    @property
    def is_sqlite(self) -> bool:
        return self.engine.url.get_backend_name() == "sqlite"

    @property
    def path(self) -> Path | None:
        """The database file, for an SQLite database."""
        return sqlite_path(self.engine.url.render_as_string(hide_password=False))

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """One write transaction: committed when the block ends, rolled back if it raises."""
        with self._write() as session, session.begin():
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with self._read() as session, session.begin():
            yield session

    def dispose(self) -> None:
        self.engine.dispose()
