"""The one check before a file the person chose is written: what is always refused, what
needs --force, and that a missing folder is never made."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from recovery_desk.domain.store.chosen_files import RefusedFileError, check_output, make_private

pytestmark = pytest.mark.sqlite_only("the database as a file")


def test_a_new_file_in_a_folder_that_is_there_is_fine(db_path: Path, tmp_path: Path) -> None:
    """The absolute path comes back, nothing is made."""
    assert check_output(tmp_path / "new.json", database=db_path) == tmp_path / "new.json"
    assert not (tmp_path / "new.json").exists()


@pytest.mark.parametrize("name", ["desk.sqlite3-journal", "desk.sqlite3-shm",
                                  "backups/notes.txt"])
def test_the_databases_companions_and_the_backups_folder_are_refused(
        db_path: Path, name: str) -> None:
    """Even where the file is not there yet, and even with force."""
    (db_path.parent / "backups").mkdir()
    with pytest.raises(RefusedFileError, match="nothing was written"):
        check_output(db_path.parent / name, database=db_path, force=True)


def test_a_copy_of_the_database_is_recognised_without_being_told_the_database(
        db_path: Path, tmp_path: Path) -> None:
    """What the file holds is enough: the window does not pass the database."""
    copy = tmp_path / "elsewhere.db"
    shutil.copy(db_path, copy)
    with pytest.raises(RefusedFileError, match="is a Recovery Desk database or backup"):
        check_output(copy, database=None, force=True)
    with pytest.raises(RefusedFileError, match="belongs to a Recovery Desk database"):
        check_output(tmp_path / "elsewhere.db-wal", database=None, force=True)


def test_another_programs_sqlite_file_is_replaced_only_with_force(tmp_path: Path) -> None:
    """Not the desk's: an ordinary existing file."""
    import sqlite3

    other = tmp_path / "other.db"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE invoices (id)")
    with pytest.raises(RefusedFileError, match="add --force to replace it"):
        check_output(other, database=None)
    assert check_output(other, database=None, force=True) == other


def test_a_link_to_the_database_is_refused(db_path: Path, tmp_path: Path) -> None:
    """The file a link leads to is the one that would be written."""
    link = tmp_path / "harmless.json"
    link.symlink_to(db_path)
    with pytest.raises(RefusedFileError, match="is the desk's own database"):
        check_output(link, database=db_path, force=True)


def test_a_missing_folder_is_refused_and_not_made(db_path: Path, tmp_path: Path) -> None:
    """An unplugged disk's mount point stays as it was."""
    with pytest.raises(RefusedFileError, match="is not there"):
        check_output(tmp_path / "usb" / "x.json", database=db_path, force=True)
    assert not (tmp_path / "usb").exists()


def test_a_pipe_is_refused_without_waiting(db_path: Path, tmp_path: Path) -> None:
    """Even with force: writing to a FIFO would wait for a reader."""
    fifo = tmp_path / "out.json"
    os.mkfifo(fifo)
    with pytest.raises(RefusedFileError, match="is a pipe or a device, not a file"):
        check_output(fifo, database=db_path, force=True)


def test_a_private_file_is_owner_only_even_when_it_was_not(tmp_path: Path) -> None:
    """A file replaced with --force loses its old, wider mode before anything is written."""
    path = tmp_path / "held.json"
    path.write_text("old")
    path.chmod(0o644)
    make_private(path)
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    previous = os.umask(0)
    try:
        make_private(tmp_path / "new.json")
    finally:
        os.umask(previous)
    assert oct((tmp_path / "new.json").stat().st_mode & 0o777) == "0o600"
