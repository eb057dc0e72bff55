"""The one check before the desk writes a file where a person chose to write it (a catalogue export,
a subject access file, an audit export, a report, a backup to a chosen file).

A person can mistype or point at the wrong file; the check refuses, always: the live database,
its -wal, -shm and -journal files, anything in its backups folder, and any Recovery Desk
database or backup wherever it is (writing JSON over one destroys it); anything that is not a
regular file (a folder, a FIFO, a device); and a file in a folder that is not there (a folder
is never made: a missing folder is often an unplugged USB disk, and writing to the local disk
instead would only look like success). A regular file that exists is refused too, unless the
person said to replace it (`--force` at the command line; the window's save dialog has
already asked).

Used by every CLI verb that writes a file and by the window's save paths.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

from recovery_desk.domain.store import sqlite_files
from recovery_desk.domain.store.backup_files import backups_folder
from recovery_desk.domain.store.errors import DomainError

COMPANIONS = ("-wal", "-shm", "-journal")
SQLITE_HEADER = b"SQLite format 3\x00"


class RefusedFileError(DomainError):
    """A file the desk will not write; the message says why and that nothing was written."""


def _same(a: Path, b: Path) -> bool:
    return os.path.normcase(str(a)) == os.path.normcase(str(b))


def _is_recovery_desk_database(path: Path) -> bool:
    """Whether the file is a Recovery Desk database or backup (its tables say so). Only a file
    that starts as an SQLite database is opened, read-only."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):  # a pipe would be waited on for ever
            return False
        with path.open("rb") as file:
            if file.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
                return False
        return sqlite_files.facts(path).ours
    except (OSError, sqlite3.DatabaseError):
        return False


def check_output(path: Path, *, database: Path | None, force: bool = False) -> Path:
    """The absolute path to write, or RefusedFileError saying why not. database: the live
    SQLite database file (None for a server database, or where it is not known: any
    Recovery Desk database is still recognised by what it holds). force: replace an existing
    regular file that is not the desk's own."""
    target = Path(os.path.abspath(path))
    resolved = target.resolve()  # through a link to the file it would really write
    if database is not None:
        live = database.resolve()
        protected = [live, *(Path(f"{live}{suffix}") for suffix in COMPANIONS)]
        if any(_same(resolved, p) or _same(target, p) for p in protected):
            raise RefusedFileError(f"{path} is the desk's own database; nothing was written. "
                                   "Choose another file name.")
        backups = backups_folder(live)
        if resolved.parent == backups or target.parent == backups:
            raise RefusedFileError(f"{path} is in the backups folder, which holds only the "
                                   "desk's own backups; nothing was written. Choose another "
                                   "folder.")
    for suffix in COMPANIONS:  # SQLite would read a file of that name as the database's own
        if target.name.endswith(suffix) and _is_recovery_desk_database(
                target.with_name(target.name.removesuffix(suffix))):
            raise RefusedFileError(f"{path} belongs to a Recovery Desk database beside it; "
                                   "nothing was written. Choose another file name.")
    if not target.parent.is_dir():
        raise RefusedFileError(f"the folder {target.parent} is not there (is the disk "
                               "plugged in?); nothing was written, and no folder was made.")
    try:
        found = os.stat(target)
    except FileNotFoundError:
        return target
    if not stat.S_ISREG(found.st_mode):
        what = "a folder" if stat.S_ISDIR(found.st_mode) else "a pipe or a device"
        raise RefusedFileError(f"{path} is {what}, not a file; nothing was written.")
    if _is_recovery_desk_database(target):
        raise RefusedFileError(f"{path} is a Recovery Desk database or backup; nothing was "
                               "written. Choose another file name.")
    if not force:
        raise RefusedFileError(f"{path} already exists; nothing was written. Choose a new "
                               "file name, or add --force to replace it.")
    return target



def make_private(path: Path) -> None:
    """Before writing personal data to path: the file is there and owner-only (0600), made
    so from its creation, so no one else can open it while it is written."""
    handle = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        if hasattr(os, "fchmod"):  # a file replaced with --force keeps its old mode otherwise
            os.fchmod(handle, 0o600)
    finally:
        os.close(handle)
