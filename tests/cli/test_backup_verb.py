"""`backup`, `backups` and `restore` at the command line: what the person sees."""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from recovery_desk.__main__ import main
from recovery_desk.domain.store.migrate import HEAD_REVISION

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


def _set_policy(db_path: Path, **values: str) -> None:
    with sqlite3.connect(db_path) as connection:
        connection.executemany("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)",
                               [(f"backup.{key}", value) for key, value in values.items()])


def test_backing_up_into_a_folder_that_is_not_there_is_refused_and_no_folder_made(
        as_manager, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An unplugged USB disk is never replaced by a folder on the local disk."""
    unplugged = tmp_path / "usb" / "backups"
    assert main([*as_manager(db_path), "backup", str(unplugged / "x.sqlite3")]) == 2
    assert capsys.readouterr().err == (f"recovery-desk: the folder {unplugged} is not there "
                                       "(is the disk plugged in?); nothing was written, and "
                                       "no folder was made.\n")
    assert not (tmp_path / "usb").exists()


def test_backing_up_over_an_existing_file_needs_force(
        as_manager, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Refused with the way to replace it; with --force the file becomes the backup."""
    taken = tmp_path / "old-notes.sqlite3"
    taken.write_text("keep me")
    assert main([*as_manager(db_path), "backup", str(taken)]) == 2
    assert capsys.readouterr().err == (f"recovery-desk: {taken} already exists; nothing was "
                                       "written. Choose a new file name, or add --force to "
                                       "replace it.\n")
    assert main([*as_manager(db_path), "backup", str(taken), "--force"]) == 0
    with sqlite3.connect(taken) as connection:
        assert connection.execute("SELECT count(*) FROM groups").fetchone()[0] == 7
    assert oct(taken.stat().st_mode & 0o777) == "0o600"


@pytest.mark.parametrize("chosen", ["database", "wal", "backups folder", "a backup"])
def test_backing_up_over_the_desks_own_files_is_refused_even_with_force(
        as_manager, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        chosen: str) -> None:
    """The database, its -wal, the backups folder and any backup are never written over."""
    arguments = as_manager(db_path)
    assert main([*arguments, "backup"]) == 0
    made = Path(capsys.readouterr().out.split(" to ")[1].split(" (")[0])
    target = {"database": db_path, "wal": Path(f"{db_path}-wal"),
              "backups folder": made.parent / "new.sqlite3", "a backup": made}[chosen]
    before = made.read_bytes()
    assert main([*arguments, "backup", str(target), "--force"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "nothing was written" in err
    assert made.read_bytes() == before
    assert main(["--db", str(db_path), "catalogue"]) == 0  # the database still opens
    assert sorted(p.name for p in made.parent.iterdir()) == [made.name]


def test_a_second_folder_that_is_not_there_is_said_and_not_made(
        as_manager, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The backup is made here; the missing second folder is a warning, never created."""
    usb = tmp_path / "usb"
    arguments = as_manager(db_path)
    _set_policy(db_path, second_folder=str(usb))
    assert main([*arguments, "backup"]) == 0
    captured = capsys.readouterr()
    assert "Backed up to" in captured.out
    assert captured.err == (f"recovery-desk: warning: The second backup folder {usb} is not "
                            "there (is the disk plugged in?); no copy was made there.\n")
    assert not usb.exists()


def test_with_the_clock_set_back_a_new_backup_is_kept_and_the_verb_succeeds(
        as_manager, db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Backups dated ahead of the clock are kept and reported; the new one survives thinning."""
    from recovery_desk.domain.store.timestamps import utc_now

    arguments = as_manager(db_path)
    _set_policy(db_path, keep_daily="1", keep_weekly="0", keep_monthly="0")
    folder = db_path.parent / "backups"
    folder.mkdir()
    ahead = folder / f"backup-{utc_now() + timedelta(days=300):%Y%m%d-%H%M%S}.sqlite3"
    shutil.copy(db_path, ahead)
    assert main([*arguments, "backup"]) == 0
    made = Path(capsys.readouterr().out.split(" to ")[1].split(" (")[0])
    assert made.exists() and ahead.exists()
    assert main(["--db", str(db_path), "backups"]) == 0
    captured = capsys.readouterr()
    assert f"{ahead} (FUTURE-DATED)" in captured.out
    assert captured.err.startswith("recovery-desk: warning: 1 backup looks future-dated "
                                   f"({ahead.name}): the clock was wrong")
