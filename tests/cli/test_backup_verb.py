"""`backup`, `backups` and `restore` at the command line: what the person sees."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from recovery_desk.__main__ import main
from recovery_desk.domain.migrate import HEAD_REVISION

pytestmark = pytest.mark.sqlite_only(
    "backups and restore copy SQLite files; a server is backed up with pg_dump")


def test_back_up_list_and_restore(as_manager, db_path: Path, tmp_path: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*as_manager(db_path), "backup"]) == 0
    assert "bytes, checked)." in capsys.readouterr().out
    chosen = tmp_path / "to-take-home.sqlite3"
    assert main([*as_manager(db_path), "backup", str(chosen)]) == 0
    assert chosen.exists()
    assert main(["--db", str(db_path), "backups", "--json"]) == 0
    (listed,) = json.loads(capsys.readouterr().out.split("\n", 1)[1])
    assert set(listed) == {"path", "taken_at", "size_bytes", "schema", "future_dated"}
    assert listed["future_dated"] is False
    assert listed["schema"] == HEAD_REVISION and listed["taken_at"].endswith("Z")
    with sqlite3.connect(db_path) as connection:
        connection.execute("UPDATE groups SET capacity = 3")
    assert main([*as_manager(db_path), "restore", listed["path"], "--yes"]) == 0
    assert "kept as" in capsys.readouterr().out
    with sqlite3.connect(db_path) as connection:
        assert connection.execute("SELECT max(capacity) FROM groups").fetchone()[0] == 12


def test_restore_without_yes_and_without_a_terminal_changes_nothing(
        as_manager, db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*as_manager(db_path), "backup"]) == 0
    made = capsys.readouterr().out.split(" to ")[1].split(" (")[0]
    before = db_path.read_bytes()
    assert main([*as_manager(db_path), "restore", made]) == 2
    assert "add --yes" in capsys.readouterr().err
    assert db_path.read_bytes() == before


def test_backing_up_onto_an_existing_file_is_refused(as_manager, db_path: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    taken = tmp_path / "mine.sqlite3"
    taken.write_text("keep me")
    assert main([*as_manager(db_path), "backup", str(taken)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert taken.read_text() == "keep me"


def test_restoring_a_file_that_is_not_a_backup_is_one_line_and_exit_2(
        as_manager, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*as_manager(db_path), "restore", str(tmp_path / "none.sqlite3"), "--yes"]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_another_programs_database_is_refused_and_left_byte_for_byte(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """No Recovery Desk tables are added, the journal mode stays, no -wal or -shm appears."""
    other = tmp_path / "x.db"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE invoices (id)")
    before = other.read_bytes()
    assert main(["--db", str(other), "catalogue"]) == 2
    assert "another program's database (it holds invoices)" in capsys.readouterr().err
    assert other.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.db"]
