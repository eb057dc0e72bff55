"""Shared fixtures: headless Qt, and a fresh database per test copied from one made per run,
on each backend.

The domain and CLI suites run every test that uses a database twice: on an SQLite file and on
PostgreSQL (skipped, with the reason, unless RECOVERY_DESK_TEST_POSTGRESQL names a server; see
tests/backends.py). A test of SQLite files themselves is marked `sqlite_only`; a Qt test marked
`both_backends` runs on both too. The summary says how many ran on each.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from recovery_desk.config import resource_path
from recovery_desk.domain.operations.setup import open_database
from recovery_desk.domain.store.actor import Actor
from recovery_desk.domain.store.database import Database
from tests.backends import NOT_SET, SERVER, PostgresqlHome, SqliteHome, Target

CATALOGUE = resource_path("catalogue.json")
BOTH_SUITES = ("domain", "cli")
SQLITE, POSTGRESQL = "sqlite", "postgresql"
Home = SqliteHome | PostgresqlHome


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Every domain and CLI test that uses a database runs on each backend."""
    if "backend" not in metafunc.fixturenames:
        return
    if metafunc.definition.get_closest_marker("sqlite_only"):
        return
    if any("backend" in str(mark.args[0]) for mark in metafunc.definition.iter_markers(
            "parametrize")):
        return  # the test chose its backend itself
    suite = Path(str(metafunc.definition.path)).parent.name
    if suite in BOTH_SUITES or metafunc.definition.get_closest_marker("both_backends"):
        metafunc.parametrize("backend", [SQLITE, POSTGRESQL], indirect=True)


@pytest.fixture(scope="session")
def homes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Home]]:
    made: dict[str, Home] = {SQLITE: SqliteHome(tmp_path_factory.mktemp("templates"))}
    yield made
    for home in made.values():
        home.finish()


@pytest.fixture
def backend(request: pytest.FixtureRequest, homes: dict[str, Home]) -> Home:
    """Where this test's databases live: an SQLite file, or the PostgreSQL server."""
    name = getattr(request, "param", SQLITE)
    if name == POSTGRESQL:
        if not SERVER:
            pytest.skip(NOT_SET)
        if POSTGRESQL not in homes:
            homes[POSTGRESQL] = PostgresqlHome()
    return homes[name]


@pytest.fixture
def postgresql(homes: dict[str, Home]) -> PostgresqlHome:
    """The PostgreSQL server, for tests of the server itself (skipped when none is given)."""
    if not SERVER:
        pytest.skip(NOT_SET)
    if POSTGRESQL not in homes:
        homes[POSTGRESQL] = PostgresqlHome()
    return homes[POSTGRESQL]


def _desk_with_catalogue(target: Target) -> None:
    db, _ = open_database(target, CATALOGUE, today=date(2026, 11, 27))
    db.dispose()


@pytest.fixture
def template_database(homes: dict[str, Home]) -> Path:
    """The SQLite desk every SQLite test copies (for tests of the file itself)."""
    return homes[SQLITE].template("desk", _desk_with_catalogue)


@pytest.fixture
def db_path(backend: Home, tmp_path: Path) -> Iterator[Target]:
    """A desk with the default catalogue and no people: a file, or a server database URL."""
    target = backend.copy("desk", _desk_with_catalogue, tmp_path)
    yield target
    backend.discard(target)


@pytest.fixture
def new_database(backend: Home, tmp_path: Path) -> Iterator[Callable[..., Target]]:
    """Makes an empty database on the test's backend (on a server, for the schema's owner
    unless owner=False)."""
    made: list[Target] = []

    def make(owner: bool = True) -> Target:
        made.append(backend.new(tmp_path, owner))
        return made[-1]

    yield make
    for target in made:
        backend.discard(target)


@pytest.fixture
def raw_sql(backend: Home):
    """raw_sql(target): a connection with the owner's rights, for doing what no desk may (a
    tampered audit row, a schema from a newer app)."""
    return backend.raw


def _backend_of(item: pytest.Item) -> str | None:
    if "postgresql" in getattr(item, "fixturenames", ()):
        return POSTGRESQL
    if "backend" not in getattr(item, "fixturenames", ()):
        return None
    callspec = getattr(item, "callspec", None)
    return callspec.params.get("backend", SQLITE) if callspec else SQLITE


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    report = yield
    report.user_properties.append(("backend", _backend_of(item)))
    if report.skipped and isinstance(report.longrepr, tuple) and NOT_SET in report.longrepr[2]:
        # One line in the summary for every PostgreSQL variant skipped, not one per test.
        report.longrepr = ("tests/backends.py", 0, report.longrepr[2])
    return report


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    """How many tests ran on each backend, for the CI log."""
    counts: dict[str | None, dict[str, int]] = {}
    for outcome in ("passed", "failed", "skipped", "error"):
        for report in terminalreporter.stats.get(outcome, []):
            if report.when != "call" and outcome not in ("skipped", "error"):
                continue
            backend = dict(getattr(report, "user_properties", ())).get("backend")
            tally = counts.setdefault(backend, {})
            tally[outcome] = tally.get(outcome, 0) + 1
    words = {SQLITE: "SQLite", POSTGRESQL: "PostgreSQL", None: "no database"}
    terminalreporter.write_sep("-", "tests per backend")
    for backend in (SQLITE, POSTGRESQL, None):
        tally = counts.get(backend, {})
        said = ", ".join(f"{n} {outcome}" for outcome, n in tally.items()) or "none"
        terminalreporter.write_line(f"Tests run on {words[backend]}: {said}")


@pytest.fixture
def desk(db_path: Target) -> Iterator[tuple[Database, Actor]]:
    """A real database (a file, or on the server) with the default catalogue and no people,
    and the desk's actor."""
    db, actor = open_database(db_path, CATALOGUE, today=date(2026, 11, 27))
    yield db, actor
    db.dispose()


@pytest.fixture
def db(desk: tuple[Database, Actor]) -> Database:
    return desk[0]


@pytest.fixture
def actor(desk: tuple[Database, Actor]) -> Actor:
    return desk[1]


@pytest.fixture
def keyworker_id(db: Database) -> int:
    """A keyworker's staff id, for referrals that need one."""
    from recovery_desk.vocabulary import StaffRole
    from tests.backends import staff_row

    return staff_row(db, "kw", "Kay Worker", StaffRole.KEYWORKER)


@pytest.fixture(autouse=True)
def _private_qsettings(tmp_path: Path) -> None:
    """Window state from tests never touches (or reads) the real user's settings."""
    try:
        from PySide6.QtCore import QSettings
    except ImportError:
        return
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
