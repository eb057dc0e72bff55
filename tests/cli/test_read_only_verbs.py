"""Verbs that only read (cli/runner.py, domain/setup.py's read-only open): opening never writes,
so a verb that needs no sign-in answers while another desk holds the write lock; a verb that
shows figures signs in, and its audited sign-in waits for the other desk's save to end instead
of failing."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from recovery_desk.__main__ import main
from recovery_desk.domain.operations.setup import open_database
from recovery_desk.domain.store import migrate
from recovery_desk.domain.store.database import make_engine
from tests.backends import Target
from tests.conftest import CATALOGUE, Home

SIGNED_IN_READING_VERBS = [
    ["sessions", "--from", "2026-12-21", "--to", "2026-12-31", "--json"],
    ["capacity", "--on", "2026-12-01", "--json"],
    ["report", "--from", "2026-11-01", "--to", "2026-11-30", "--json"],
]
READING_VERBS = [*SIGNED_IN_READING_VERBS, ["catalogue", "--json"]]
DEMO_MANAGER = ["--user", "demo-manager"]


@contextmanager
def another_desk_saving(backend: Home, target: Target) -> Iterator[None]:
    """A third connection in the middle of a write that holds the write lock: BEGIN IMMEDIATE
    on SQLite; on the server, every table a desk writes locked against writers."""
    if backend.name == "sqlite":
        connection = sqlite3.connect(str(target), isolation_level=None)
        try:
            connection.execute("BEGIN IMMEDIATE")
            connection.execute("UPDATE settings SET value = value")
            yield
        finally:
            connection.rollback()
            connection.close()
        return
    with backend.raw(target) as connection:
        connection.execute(text(
            "LOCK TABLE staff, settings, audit_events, audit_chain, enrolments, groups "
            "IN EXCLUSIVE MODE"))
        yield
        connection.rollback()


def _answer(db_path: Target, arguments: list[str], capsys: pytest.CaptureFixture[str],
            signed: list[str] | None = None) -> tuple[int, object, str]:
    code = main(["--db", str(db_path), *(signed or []), *arguments])
    captured = capsys.readouterr()
    return code, json.loads(captured.out) if code == 0 else None, captured.err


def test_a_verb_needing_no_sign_in_answers_while_another_desk_holds_the_write_lock(
        backend: Home, db_path: Target, capsys: pytest.CaptureFixture[str]) -> None:
    """catalogue answers as usual while another desk saves: opening writes nothing."""
    expected = _answer(db_path, ["catalogue", "--json"], capsys)
    assert expected[0] == 0, expected[2]
    with another_desk_saving(backend, db_path):
        assert _answer(db_path, ["catalogue", "--json"], capsys) == expected


@pytest.mark.sqlite_only("the other desk's save is a second SQLite connection")
@pytest.mark.parametrize("arguments", SIGNED_IN_READING_VERBS, ids=lambda a: a[0])
def test_a_signed_in_reading_verb_waits_for_another_desks_save_and_answers(
        db_path: Target, capsys: pytest.CaptureFixture[str], as_manager,
        arguments: list[str]) -> None:
    """sessions, capacity and report audit their sign-in, so they wait for a save in
    progress (within the busy timeout) and then answer as usual, instead of failing."""
    signed = as_manager(db_path)[2:]
    expected = _answer(db_path, arguments, capsys, signed)
    assert expected[0] == 0, expected[2]
    other = sqlite3.connect(str(db_path), isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    other.execute("UPDATE settings SET value = value")
    ends = threading.Timer(0.5, other.rollback)
    ends.start()
    try:
        assert _answer(db_path, arguments, capsys, signed) == expected
    finally:
        ends.join()
        other.close()


@pytest.mark.sqlite_only("the demo is made in a file of its own")
def test_reading_verbs_write_nothing_on_opening(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """No sweep of ended places: the database is as it was after reading verbs, but for the
    audit rows of who signed in and what they asked for, and their answers leave the ended
    places out all the same."""
    demo = tmp_path / "demo.sqlite3"
    # Made long ago: every place has ended since, so a writing open would sweep them all.
    open_database(demo, CATALOGUE, demo=True, today=date(2025, 1, 6))[0].dispose()

    def snapshot() -> tuple[object, ...]:
        with sqlite3.connect(demo) as connection:
            return tuple(connection.execute(sql).fetchone()[0] for sql in (
                "SELECT count(*) FROM audit_events WHERE action NOT IN ('sign_in', 'view')",
                "SELECT count(*) FROM enrolments WHERE status = 'active'",
                "SELECT count(*) FROM settings"))

    before = snapshot()
    monkeypatch.setenv("RECOVERY_DESK_PASSWORD", "demo")
    answers = [_answer(demo, arguments, capsys, DEMO_MANAGER) for arguments in READING_VERBS]
    assert {answer[0] for answer in answers} == {0}
    assert snapshot() == before
    open_database(demo, CATALOGUE, today=date.today())[0].dispose()
    assert snapshot()[1] < before[1], "the writing open sweeps the ended places"
    assert [_answer(demo, arguments, capsys, DEMO_MANAGER)
            for arguments in READING_VERBS] == answers


@pytest.mark.sqlite_only("an older schema made with the file's own engine")
def test_a_reading_verb_on_an_older_schema_says_it_needs_upgrading(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A schema behind this app is left as it is: exit 2, saying a writing verb upgrades it."""
    path = tmp_path / "old.sqlite3"
    open_database(path, CATALOGUE, today=date(2026, 11, 27))[0].dispose()
    engine = make_engine(path)
    with engine.begin() as connection:  # as an app one version older left it
        connection.execute(text("UPDATE alembic_version SET version_num = '0004_scale'"))
    engine.dispose()
    before = path.read_bytes()
    code = main(["--db", str(path), "sessions", "--from", "2026-12-01", "--to", "2026-12-02"])
    err = capsys.readouterr().err
    assert code == 2
    assert "needs upgrading" in err and err.count("\n") == 1
    assert path.read_bytes() == before
    engine = make_engine(path)
    assert migrate.current_revision(engine) == "0004_scale"
    engine.dispose()


def test_a_reading_verb_still_makes_a_new_database(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A database that does not exist yet is made, with the default catalogue, as before."""
    path = tmp_path / "new.sqlite3"
    code, groups, _ = _answer(path, ["catalogue", "--json"], capsys)
    assert code == 0 and groups
