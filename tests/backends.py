"""The two homes a desk's database can have, for tests: an SQLite file, or a database on the
PostgreSQL server named by RECOVERY_DESK_TEST_POSTGRESQL.

That variable is a URL for a role that may create databases (the schema's owner in CI), e.g.
postgresql+psycopg://recovery_owner@/postgres?host=/tmp/pg&port=5432. Desks connect as the
role in RECOVERY_DESK_TEST_POSTGRESQL_DESK (a URL; its database is ignored) when it is set, as
in CI, so every domain and CLI test also proves that the desks' least-privilege role is
enough; otherwise as the owner.

A database is made once per kind (the desk with the catalogue, the December of the report
tests) and each test gets a copy: a file copy for SQLite, CREATE DATABASE ... TEMPLATE on the
server, which copies files and costs a fraction of migrating. On the server the next copies are
made in a thread while a test runs, so a test rarely waits for one.
"""

from __future__ import annotations

import os
import queue
import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from itertools import count
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, MetaData, create_engine, insert, select, text
from sqlalchemy.engine import make_url

if TYPE_CHECKING:
    from recovery_desk.domain.store.database import Database
    from recovery_desk.vocabulary import StaffRole

SERVER_VARIABLE = "RECOVERY_DESK_TEST_POSTGRESQL"
DESK_VARIABLE = "RECOVERY_DESK_TEST_POSTGRESQL_DESK"
SERVER = os.environ.get(SERVER_VARIABLE, "")
DESK = os.environ.get(DESK_VARIABLE, "")
NOT_SET = f"{SERVER_VARIABLE} is not set (a PostgreSQL server for the tests)"

Target = Path | str
"""What --db and open_database take: a file path, or a server URL."""
Build = Callable[[Target], None]


class SqliteHome:
    name = "sqlite"

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._templates: dict[str, Path] = {}
        self._numbers = count()

    def template(self, key: str, build: Build) -> Path:
        if key not in self._templates:
            path = self.folder / f"template-{key}.sqlite3"
            build(path)
            self._templates[key] = path
        return self._templates[key]

    def copy(self, key: str, build: Build, folder: Path) -> Path:
        path = folder / "desk.sqlite3"
        shutil.copy(self.template(key, build), path)
        return path

    def new(self, folder: Path, owner: bool = False) -> Path:
        return folder / f"new-{next(self._numbers)}.sqlite3"

    @contextmanager
    def raw(self, target: Target) -> Iterator[Connection]:
        """A connection with every right the file's owner has (any SQL, no app hooks)."""
        engine = create_engine(f"sqlite:///{target}")
        try:
            with engine.begin() as connection:
                yield connection
        finally:
            engine.dispose()

    def discard(self, target: Target) -> None:
        pass  # the test's folder goes with it

    @staticmethod
    def unguard_audit(connection: Connection) -> None:
        """What someone with the file could do: drop the append-only triggers."""
        connection.execute(text("DROP TRIGGER audit_events_no_update"))
        connection.execute(text("DROP TRIGGER audit_events_no_delete"))

    def finish(self) -> None:
        pass


class PostgresqlHome:
    name = "postgresql"

    def __init__(self) -> None:
        self.owner_url = make_url(SERVER)
        self.desk_url = make_url(DESK) if DESK else None
        self.prefix = f"rdtest_{os.getpid()}_"
        self._templates: dict[str, str] = {}
        self._numbers = count()
        self._admin = create_engine(self.owner_url, isolation_level="AUTOCOMMIT",
                                    pool_size=2)
        self._ready: dict[str, queue.SimpleQueue[str]] = {}
        self._jobs: queue.SimpleQueue[str | None] = queue.SimpleQueue()
        self._maker = threading.Thread(target=self._make_ahead, daemon=True)
        self._maker.start()

    def _make_ahead(self) -> None:
        while (template := self._jobs.get()) is not None:
            name = f"{self.prefix}{next(self._numbers)}"
            try:
                self._create(name, template)
            except Exception:  # the test that wants it makes its own
                continue
            self._ready[template].put(name)

    @property
    def desk_role(self) -> str | None:
        return self.desk_url.username if self.desk_url else None

    def url(self, database: str, *, owner: bool = False) -> str:
        url = self.owner_url if owner or self.desk_url is None else self.desk_url
        return url.set(database=database).render_as_string(hide_password=False)

    def _create(self, name: str, template: str | None = None) -> None:
        with self._admin.connect() as connection:
            like = f" TEMPLATE {template}" if template else ""
            connection.execute(text(f"CREATE DATABASE {name}{like}"))

    def drop(self, name: str) -> None:
        with self._admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))

    def template(self, key: str, build: Build) -> str:
        """A database built once (schema by the owner, desk rights granted, then build() as
        a desk), used only as a template from then on."""
        if key not in self._templates:
            from recovery_desk.domain.store import migrate
            from recovery_desk.domain.store.database import make_engine

            name = f"{self.prefix}tpl_{key}"
            self._create(name)
            try:
                engine = make_engine(self.url(name, owner=True))
                try:
                    migrate.upgrade_server(engine, [self.desk_role] if self.desk_role else [])
                finally:
                    engine.dispose()
                build(self.url(name))
            except BaseException:
                self.drop(name)
                raise
            self._templates[key] = name
        return self._templates[key]

    def copy(self, key: str, build: Build, folder: Path) -> str:
        template = self.template(key, build)
        ready = self._ready.setdefault(template, queue.SimpleQueue())
        try:
            name = ready.get_nowait()
        except queue.Empty:
            name = f"{self.prefix}{next(self._numbers)}"
            self._create(name, template)
        self._jobs.put(template)  # the next test's copy, made meanwhile
        return self.url(name)

    def new(self, folder: Path, owner: bool = True) -> str:
        """An empty database; by default for the owner, who may build the schema in it."""
        name = f"{self.prefix}{next(self._numbers)}"
        self._create(name)
        return self.url(name, owner=owner)

    @contextmanager
    def raw(self, target: Target) -> Iterator[Connection]:
        """The owner's connection to a test's database: the rights a desk does not have."""
        database = make_url(str(target)).database
        engine = create_engine(self.url(str(database), owner=True))
        try:
            with engine.begin() as connection:
                yield connection
        finally:
            engine.dispose()

    @staticmethod
    def database(target: Target) -> str:
        return str(make_url(str(target)).database)

    def discard(self, target: Target) -> None:
        self.drop(self.database(target))

    @staticmethod
    def unguard_audit(connection: Connection) -> None:
        """What the schema's owner could do: switch the append-only trigger off."""
        connection.execute(text("ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_change"))

    def finish(self) -> None:
        self._jobs.put(None)
        self._maker.join()
        for ready in self._ready.values():
            while not ready.empty():
                self.drop(ready.get())
        for name in self._templates.values():
            self.drop(name)
        self._admin.dispose()


def contents(connection: Connection) -> dict[str, list[str]]:
    """Every row of every table, read through connection (raw_sql's): the database's whole
    committed contents, to show that something refused changed nothing, on either backend."""
    tables = MetaData()
    tables.reflect(bind=connection)
    return {name: sorted(repr(tuple(row)) for row in connection.execute(select(table)))
            for name, table in sorted(tables.tables.items())}


def staff_row(db: Database, username: str, display_name: str, role: StaffRole) -> int:
    """A staff account without a password (a keyworker to name on referrals, say), written as
    the schema's owner would: on a server the desks' role may not write the staff table, and
    the services add accounts only through a manager."""
    from recovery_desk.domain.store.models import Staff

    row = {"username": username, "display_name": display_name, "role": role, "active": True}
    if db.is_sqlite:
        with db.writing() as tx:
            return int(tx.execute(insert(Staff).values(row).returning(Staff.id))
                       .scalar_one())
    engine = create_engine(make_url(SERVER).set(database=db.engine.url.database))
    try:
        with engine.begin() as connection:
            return int(connection.execute(insert(Staff).values(row).returning(Staff.id))
                       .scalar_one())
    finally:
        engine.dispose()
