"""Backup files as files: their names, when each was taken, and the temporary files a backup
is made in.

A backup's time is recorded three ways: in its name, inside the copy (the settings row
`backup.taken_at`, written into the copy before it is checked) and in the file's modification
time. A clock that was wrong once leaves a name that lies; the time inside the copy is the one
used, and a backup whose time or modification time is ahead of now is future-dated: listed,
reported, but never trusted as a recent backup (backup_schedule.py).

A backup is made in a temporary file beside its final name, created owner-only (0600) from the
start and named `.<final name>.recovery-desk-partial-<random>`, so that clearing what a killed
backup left removes only files of that pattern, never another program's `*.partial`.

Used by backup_service.py (taking and restoring), backup_schedule.py and chosen_files.py.
"""

from __future__ import annotations

import os
import re
import sqlite3
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from recovery_desk.domain.store import sqlite_files
from recovery_desk.schedule.phrases import format_date

FOLDER_NAME = "backups"
NAME = re.compile(r"^(?P<kind>backup|pre-restore)-(?P<stamp>\d{8}-\d{6})(?:-(?P<n>\d+))?"
                  r"\.sqlite3$")
STAMP = "%Y%m%d-%H%M%S"
TAKEN_AT_KEY = "backup.taken_at"
"""The settings row, inside a backup copy, that records when it was taken (UTC, ISO)."""
PARTIAL_MARK = ".recovery-desk-partial-"
PARTIAL = re.compile(r"^(?:\..+" + re.escape(PARTIAL_MARK) + r"[A-Za-z0-9_]+"
                     # as earlier versions named them: a kind and a 32-digit uuid
                     r"|\.(?:backup|pre-restore)-[0-9a-f]{32}\.partial)(?:-journal|-wal|-shm)?$")
STALE_PARTIAL_SECONDS = 3600
"""A partial file older than this is a killed backup's (a backup in progress is younger)."""


@dataclass(frozen=True)
class BackupFile:
    path: Path
    taken_at: datetime
    """When it was taken, UTC: recorded inside the copy, or else read from its name."""
    number: int
    """Which of the backups taken in the same second (0 for the first)."""
    size_bytes: int
    schema: str | None
    kind: str
    """'backup', or 'pre-restore' for the copy kept by a restore."""
    modified_at: datetime | None = None
    """The file's modification time, UTC."""
    recorded: bool = False
    """Whether taken_at was read from inside the copy (not only from the name)."""
    warning: str = ""
    """For a backup just taken: what went wrong beside it (the second folder not there)."""

    def latest_time(self) -> datetime:
        """The latest of the times the backup carries: a clock that was ahead shows here."""
        return max(t for t in (self.taken_at, self.modified_at) if t is not None)

    def as_json(self) -> dict[str, object]:
        return {"path": str(self.path), "taken_at": self.taken_at.isoformat() + "Z",
                "size_bytes": self.size_bytes, "schema": self.schema}


def backups_folder(database: Path) -> Path:
    return database.parent / FOLDER_NAME


def stamp(taken_at: datetime) -> str:
    return taken_at.strftime(STAMP)


def _recorded_time(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        found = datetime.fromisoformat(text)
    except ValueError:
        return None
    return found.astimezone(UTC).replace(tzinfo=None) if found.tzinfo else found


def describe(path: Path) -> BackupFile | None:
    """The backup at path, or None if it is not one of ours or has gone (another desk's
    thinning can remove it between the folder being listed and the file being read)."""
    match = NAME.match(path.name)
    if match is None or not path.is_file():
        return None
    schema, recorded = None, None
    try:
        found = sqlite_files.facts(path)
        schema, recorded = found.revision, _recorded_time(found.setting(TAKEN_AT_KEY))
    except (sqlite3.DatabaseError, OSError):  # unreadable: listed without a schema
        pass
    named = datetime.strptime(match["stamp"], STAMP)
    try:
        facts = path.stat()
    except FileNotFoundError:
        return None
    modified = datetime.fromtimestamp(facts.st_mtime, UTC).replace(tzinfo=None)
    return BackupFile(path, recorded or named, int(match["n"] or 0), facts.st_size, schema,
                      match["kind"], modified, recorded is not None)


def list_backups(folder: Path) -> list[BackupFile]:
    """Every backup in the folder, newest first (by the time each carries inside)."""
    if not folder.is_dir():
        return []
    found = [b for b in (describe(p) for p in folder.iterdir()) if b is not None]
    return sorted(found, key=lambda b: (b.taken_at, b.number), reverse=True)


def unique_name(folder: Path, kind: str, taken_at: datetime) -> Path:
    """A new name that sorts after every backup taken in the same second, even when older
    ones of that second have been thinned away."""
    base = f"{kind}-{stamp(taken_at)}"
    same_second = [int(m["n"] or 0) for m in (NAME.match(p.name) for p in
                                              folder.glob(f"{base}*.sqlite3")) if m]
    if not same_second:
        return folder / f"{base}.sqlite3"
    return folder / f"{base}-{max(same_second) + 1}.sqlite3"


def new_partial(folder: Path, final_name: str) -> Path:
    """An empty temporary file in folder, owner-only from its creation, named as ours.
    FileNotFoundError if the folder is not there: it is never made here."""
    handle, name = tempfile.mkstemp(prefix=f".{final_name}{PARTIAL_MARK}", dir=folder)
    os.close(handle)
    return Path(name)


def remove_partial(partial: Path) -> None:
    """The temporary file and anything SQLite kept beside it."""
    for suffix in ("", "-journal", "-wal", "-shm"):
        Path(f"{partial}{suffix}").unlink(missing_ok=True)


def clear_stale_partials(folder: Path, now_timestamp: float) -> list[Path]:
    """Remove what backups killed midway left in folder: only files named as ours, and only
    those old enough not to be another backup still being made. Returns what was removed."""
    removed = []
    for leftover in folder.iterdir():
        if PARTIAL.match(leftover.name) and leftover.is_file() \
                and leftover.stat().st_mtime < now_timestamp - STALE_PARTIAL_SECONDS:
            leftover.unlink(missing_ok=True)
            removed.append(leftover)
    return removed


def timestamp_words(taken_at: datetime) -> str:
    """A backup's UTC time in the desk's local time: 'Fri 27 Nov 2026, 15:30'."""
    local = taken_at.replace(tzinfo=UTC).astimezone()
    return f"{format_date(local.date())}, {local:%H:%M}"
