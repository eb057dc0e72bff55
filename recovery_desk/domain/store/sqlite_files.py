"""SQLite database files as files: what a file holds, whether it is sound, and copying one
safely while it is in use, and the newest audit row a backup holds. With database.py, the only
place that speaks SQLite's own language (PRAGMAs, the online backup API); backups, restore, the
start-up checks and the audit trail's comparison with backups use it.

Every look at a file that might not be ours opens it read-only and immutable, so looking never
changes it: no journal mode switch, no -wal or -shm file left behind.

An encrypted file (SQLCipher, key_slots.py) is opened through sqlcipher3 with the desk's key,
given once by whoever unwrapped it (`use_key`): backups of an encrypted database share its key,
so a backup is copied between two keyed connections and never exists in plain, not even as a
temporary file. sqlcipher3's errors are turned into sqlite3's, so callers catch one kind.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from recovery_desk.domain.store.key_slots import cipher_connect, is_encrypted, key_pragma

# The tables that make a file Recovery Desk's (present since the first schema).
OUR_TABLES = frozenset({"alembic_version", "groups", "staff", "settings"})
PAGES_PER_STEP = 256


class NotOurDatabaseError(Exception):
    """The file is an SQLite database, but another program's."""


@dataclass(frozen=True)
class FileFacts:
    tables: frozenset[str]
    revision: str | None
    """The schema revision (alembic_version), if the file has one."""
    settings: tuple[tuple[str, str], ...] = ()
    """The rows of a Recovery Desk file's settings table."""

    def setting(self, key: str) -> str | None:
        return dict(self.settings).get(key)

    @property
    def empty(self) -> bool:
        return not self.tables

    @property
    def ours(self) -> bool:
        return self.tables >= OUR_TABLES


_desk_key: list[bytes] = []


def use_key(key: bytes | None) -> None:
    """The key encrypted files are opened with from now on in this process (None: none)."""
    _desk_key[:] = [key] if key is not None else []


def key_for(path: Path) -> bytes | None:
    """The key to open path with: the desk's for an encrypted file, None for a plain one."""
    return _desk_key[0] if _desk_key and is_encrypted(path) else None


def _connect(name: str, encrypted: bool, *, uri: bool = False) -> Any:
    """sqlite3's connection, or sqlcipher3's keyed one for an encrypted file."""
    if not encrypted or not _desk_key:
        # Without a key an encrypted file is, to SQLite, not a database: said as such.
        return sqlite3.connect(name, uri=uri)

    connection = cipher_connect(name, uri=uri)
    connection.execute(key_pragma(_desk_key[0]))
    return connection


@contextmanager
def _translated() -> Iterator[None]:
    try:
        yield
    except sqlite3.Error:
        raise
    except Exception as error:
        if type(error).__module__.startswith("sqlcipher3"):
            raise sqlite3.DatabaseError(str(error)) from None
        raise


@contextmanager
def _untouched(path: Path) -> Iterator[Any]:
    """A read-only connection that never writes, locks or creates anything beside the file.

    A file with a write-ahead log beside it is in use, and its latest content may be in the
    log, which an immutable reader would miss: that one is read through the log instead."""
    in_use = Path(f"{path}-wal").exists()
    uri = f"file:{quote(str(path.resolve()))}?mode=ro" + ("" if in_use else "&immutable=1")
    with _translated(), closing(_connect(uri, is_encrypted(path), uri=True)) as connection:
        yield connection


def facts(path: Path) -> FileFacts:
    """What the file holds; sqlite3.DatabaseError if it is not an SQLite database at all."""
    with _untouched(path) as connection:
        tables = frozenset(row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'"))
        revision = None
        if "alembic_version" in tables:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else None
        settings: tuple[tuple[str, str], ...] = ()
        if "settings" in tables:
            settings = tuple(connection.execute("SELECT key, value FROM settings"))
    return FileFacts(tables, revision, settings)


def check_is_ours_or_new(path: Path) -> None:
    """Refuse a file that holds another program's tables, before anything opens it for
    writing; a missing file, an empty one or an empty database is fine (it becomes ours)."""
    if not path.exists() or path.stat().st_size == 0:
        return
    try:
        found = facts(path)
    except sqlite3.DatabaseError as error:
        raise NotOurDatabaseError(
            f"{path} is not a Recovery Desk database (SQLite says: {error}); nothing in it "
            "was changed. If it is a damaged Recovery Desk database, restore a backup with "
            "`recovery-desk restore`.") from None
    if not found.empty and not found.ours:
        listed = ", ".join(sorted(found.tables)[:5])
        raise NotOurDatabaseError(
            f"{path} is another program's database (it holds {listed}), not Recovery "
            "Desk's; nothing in it was changed. Choose Recovery Desk's database, or a new "
            "file name to start one.")


def create_private(path: Path) -> None:
    """A new database file, readable by its owner only (SQLite gives its -wal and -shm files
    the same permissions). An existing file is left as it is; a folder that does not exist is
    not made (a mistyped path is refused, not created)."""
    if path.parent.is_dir() and not path.exists():
        # Another desk may make it in the same moment: then it is theirs, and as private.
        with suppress(FileExistsError):
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def integrity_problems(path: Path, *, quick: bool = False) -> list[str]:
    """SQLite's integrity check (quick_check when quick) and the foreign-key check: [] when
    the file is sound, otherwise what SQLite reported."""
    try:
        with _untouched(path) as connection:
            pragma = "quick_check" if quick else "integrity_check"
            found = [row[0] for row in connection.execute(f"PRAGMA {pragma}")]
            problems = [] if found == ["ok"] else found
            problems += [f"a {table} row points at a missing {parent} row"
                         for table, _row, parent, _key in
                         connection.execute("PRAGMA foreign_key_check")]
            return problems
    except sqlite3.DatabaseError as error:
        return [str(error)]


Progress = Callable[[int, int], None]
"""Called with (pages copied, pages in all) as a copy goes."""


def copy_online(source: Path, target: Path, progress: Progress | None = None,
                settings: dict[str, str] | None = None) -> None:
    """Copy a database that may be in use, page by page with SQLite's online backup API, write
    the given settings rows into the copy, and flush it to disk. The target file is written in
    place: callers copy into a temporary name, check it, and rename."""
    def report(_status: int, remaining: int, total: int) -> None:
        if progress is not None:
            progress(total - remaining, total)

    encrypted = is_encrypted(source)
    with _translated(), closing(_connect(str(source), encrypted)) as src, \
            closing(_connect(str(target), encrypted)) as dest:
        # No journal beside the temporary copy, ever: a copy killed midway is thrown away
        # whole, and a -journal left behind would be a second file to find and clean.
        dest.execute("PRAGMA journal_mode = OFF")
        src.backup(dest, pages=PAGES_PER_STEP, progress=report)
        # A backup is a plain single file: no WAL beside it to lose on a copy or a rename.
        dest.execute("PRAGMA journal_mode = DELETE")
        dest.execute("PRAGMA journal_mode = OFF")  # not stored in the file: this write only
        if settings:
            dest.executemany("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)",
                             list(settings.items()))
            dest.commit()
    with open(target, "rb+") as written:
        os.fsync(written.fileno())


def restore_into(backup: Path, live: Path, progress: Progress | None = None) -> None:
    """Replace the live database's content with the backup's, through SQLite (so a WAL file
    and other connections see the new content, not a half-renamed file)."""
    def report(_status: int, remaining: int, total: int) -> None:
        if progress is not None:
            progress(total - remaining, total)

    encrypted = is_encrypted(backup)
    if live.exists() and live.stat().st_size and encrypted != is_encrypted(live):
        # A plain backup into an encrypted database or the other way round: the online
        # backup API copies only between files alike, so the restore starts a new file (the
        # caller has kept the database as it was, and closed its own connections).
        for gone in (live, Path(f"{live}-wal"), Path(f"{live}-shm")):
            gone.unlink(missing_ok=True)
        create_private(live)
    with _untouched(backup) as src, _translated(), \
            closing(_connect(str(live), encrypted)) as dest:
        src.backup(dest, pages=PAGES_PER_STEP, progress=report)
        dest.execute("PRAGMA wal_checkpoint(TRUNCATE)")


@dataclass(frozen=True)
class AuditHead:
    """The newest audit row a database file holds."""

    last_id: int
    last_hash: str


def audit_head(path: Path) -> AuditHead | None:
    """The file's newest audit row (None when its trail is empty); sqlite3.DatabaseError
    when it cannot be read."""
    with _untouched(path) as connection:
        row = connection.execute("SELECT id, chain_hash FROM audit_events "
                                 "ORDER BY id DESC LIMIT 1").fetchone()
    return AuditHead(row[0], row[1]) if row else None


def audit_rows_after(path: Path, after_id: int) -> tuple[int, int, int, str | None]:
    """The file's audit rows with ids past after_id: (first id, last id, how many), and the
    hash of row after_id itself (None if the file has no such row)."""
    with _untouched(path) as connection:
        first, last, count = connection.execute(
            "SELECT min(id), max(id), count(*) FROM audit_events WHERE id > ?",
            (after_id,)).fetchone()
        at = connection.execute("SELECT chain_hash FROM audit_events WHERE id = ?",
                                (after_id,)).fetchone()
    return first or 0, last or 0, count, at[0] if at else None


def fsync_folder(folder: Path) -> None:
    """Make a rename in folder durable (no-op where folders cannot be opened, as on
    Windows)."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    finally:
        os.close(handle)
