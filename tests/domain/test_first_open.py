"""Two desks making the same brand-new SQLite file at once (domain/setup.py, migrate.py and the
engine set-up in database.py): one makes it, the other waits and finds it made."""

from __future__ import annotations

import multiprocessing
import sqlite3
import threading
import time
from collections.abc import Callable
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest

from recovery_desk.domain.operations.setup import open_database
from recovery_desk.domain.store import migrate
from recovery_desk.domain.store.actor import SYSTEM_USERNAME
from tests.conftest import CATALOGUE

pytestmark = pytest.mark.sqlite_only("making a new SQLite file")

ROUNDS = 24


def _desks_open_together(path: Path, before: Callable[[], None] | None = None) -> list[str]:
    """Two desks (threads, each with its own engine) open path at the same moment; what each
    ended with: 'ok' or the error. before(), if given, runs once both are on their way."""
    start = threading.Barrier(3 if before else 2)
    outcomes: list[str] = []

    def desk() -> None:
        start.wait()
        try:
            db, _ = open_database(path, CATALOGUE, today=date(2026, 11, 27))
            db.dispose()
            outcomes.append("ok")
        except Exception as error:
            outcomes.append(f"{type(error).__name__}: {error}")

    desks = [threading.Thread(target=desk) for _ in range(2)]
    for thread in desks:
        thread.start()
    if before:
        start.wait()
        before()
    for thread in desks:
        thread.join(timeout=60)
    return outcomes


def _made_once(path: Path) -> None:
    """The file is at the newest schema with one catalogue and one app account."""
    with closing(sqlite3.connect(path)) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchall() \
            == [(migrate.HEAD_REVISION,)]
        assert connection.execute("SELECT count(*) FROM groups").fetchone() == (7,)
        assert connection.execute("SELECT count(*) FROM staff WHERE username = ?",
                                  (SYSTEM_USERNAME,)).fetchone() == (1,)


def test_two_desks_queued_behind_a_third_on_a_new_file_both_open_it(tmp_path: Path) -> None:
    """While a third connection writes the new file, both desks wait, then open it made once."""
    path = tmp_path / "new.sqlite3"
    third = sqlite3.connect(path, isolation_level=None)
    third.execute("BEGIN IMMEDIATE")

    def release_once_both_wait() -> None:
        time.sleep(0.3)  # not a measurement: gives both desks the time to queue
        third.rollback()
        third.close()

    assert _desks_open_together(path, release_once_both_wait) == ["ok", "ok"]
    _made_once(path)


def desk(paths: list[str], start, results) -> None:
    """One desk's process: round after round, open the round's new file with the other desk."""
    for number, path in enumerate(paths):
        start.wait(timeout=60)
        try:
            db, _ = open_database(path, CATALOGUE, today=date(2026, 11, 27))
            db.dispose()
            results.put((number, "ok"))
        except Exception as error:
            results.put((number, f"{type(error).__name__}: {error}"))


def test_rounds_of_two_processes_opening_a_new_file_together_all_succeed(
        tmp_path: Path) -> None:
    """Round after round, two desks' processes starting together on a fresh file both open it."""
    paths = [str(tmp_path / f"new-{number}.sqlite3") for number in range(ROUNDS)]
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(2)
    results = context.Queue()
    desks = [context.Process(target=desk, args=(paths, start, results)) for _ in range(2)]
    for process in desks:
        process.start()
    try:
        outcomes = [results.get(timeout=60) for _ in range(2 * ROUNDS)]
    finally:
        for process in desks:
            process.join(timeout=5)
            if process.is_alive():
                process.kill()
    failed = sorted(outcome for outcome in outcomes if outcome[1] != "ok")
    assert failed == []
    for path in paths:
        _made_once(Path(path))
