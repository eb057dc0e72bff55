"""Backups of an SQLite database, and restoring one.

A backup is taken with SQLite's online backup API into a temporary name in the backups
folder (beside the database), flushed, checked with integrity_check, and only then renamed to
its real name, so a backup killed midway never leaves a file that looks like a backup. Old
backups are thinned to the newest of each of the last N days, weeks and months (settings). A
second folder (a USB disk or a network share the manager chooses) gets a copy too whenever it
is there.

Restore checks the backup first (sound, Recovery Desk's, a schema this version knows), keeps
the current database as a pre-restore copy, replaces the content, and migrates an older
backup forward. The database must not be open elsewhere in this process while it runs.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import select

from recovery_desk.access import Permission
from recovery_desk.domain import audit, audit_backups, migrate, sqlite_files
from recovery_desk.domain.database import Database
from recovery_desk.domain.errors import DomainError, InvalidDetailsError
from recovery_desk.domain.models import Setting
from recovery_desk.domain.staff import Actor
from recovery_desk.domain.timestamps import utc_now
from recovery_desk.schedule.phrases import format_date

FOLDER_NAME = "backups"
PARTIAL_SUFFIX = ".partial"
NAME = re.compile(r"^(?P<kind>backup|pre-restore)-(?P<stamp>\d{8}-\d{6})(?:-(?P<n>\d+))?"
                  r"\.sqlite3$")
STAMP = "%Y%m%d-%H%M%S"


@dataclass(frozen=True)
class BackupPolicy:
    """How many backups to keep, where else to copy them, and when to warn."""

    keep_daily: int = 7
    keep_weekly: int = 5
    keep_monthly: int = 12
    second_folder: str = ""
    warn_after_days: int = 3


POLICY_KEYS = {"keep_daily": "backup.keep_daily", "keep_weekly": "backup.keep_weekly",
               "keep_monthly": "backup.keep_monthly", "second_folder": "backup.second_folder",
               "warn_after_days": "backup.warn_after_days"}
LIMITS = {"keep_daily": (1, 365), "keep_weekly": (0, 260), "keep_monthly": (0, 240),
          "warn_after_days": (1, 60)}


@dataclass(frozen=True)
class BackupFile:
    path: Path
    taken_at: datetime
    """When it was taken, UTC."""
    number: int
    """Which of the backups taken in the same second (0 for the first)."""
    size_bytes: int
    schema: str | None
    kind: str
    """'backup', or 'pre-restore' for the copy kept by a restore."""

    def as_json(self) -> dict[str, object]:
        return {"path": str(self.path), "taken_at": self.taken_at.isoformat() + "Z",
                "size_bytes": self.size_bytes, "schema": self.schema}


def backups_folder(database: Path) -> Path:
    return database.parent / FOLDER_NAME


# ---------------------------------------------------------------- policy

def read_policy(db: Database) -> BackupPolicy:
    with db.reading() as session:
        stored = {s.key: s.value for s in session.scalars(
            select(Setting).where(Setting.key.in_(POLICY_KEYS.values())))}
    values: dict[str, object] = {}
    for field, key in POLICY_KEYS.items():
        if key in stored:
            values[field] = stored[key] if field == "second_folder" else int(stored[key])
    return BackupPolicy(**values)  # type: ignore[arg-type]


def save_policy(db: Database, actor: Actor, policy: BackupPolicy) -> None:
    actor.require(Permission.BACKUPS)
    problems = {field: f"Choose a whole number from {low} to {high}."
                for field, (low, high) in LIMITS.items()
                if not low <= getattr(policy, field) <= high}
    if problems:
        raise InvalidDetailsError(problems)
    with db.writing() as session:
        for field, key in POLICY_KEYS.items():
            session.merge(Setting(key=key, value=str(getattr(policy, field))))
        audit.record(session, actor, "edit", "backup_policy", None)


# ---------------------------------------------------------------- listing

def _stamp(taken_at: datetime) -> str:
    return taken_at.strftime(STAMP)


def describe(path: Path) -> BackupFile | None:
    match = NAME.match(path.name)
    if match is None or not path.is_file():
        return None
    try:
        schema = sqlite_files.facts(path).revision
    except (sqlite3.DatabaseError, OSError):  # unreadable: listed without a schema
        schema = None
    return BackupFile(path, datetime.strptime(match["stamp"], STAMP), int(match["n"] or 0),
                      path.stat().st_size, schema, match["kind"])


def list_backups(folder: Path) -> list[BackupFile]:
    """Every backup in the folder, newest first."""
    if not folder.is_dir():
        return []
    found = [b for b in (describe(p) for p in folder.iterdir()) if b is not None]
    return sorted(found, key=lambda b: (b.taken_at, b.number), reverse=True)


def last_backup(folder: Path) -> BackupFile | None:
    found = [b for b in list_backups(folder) if b.kind == "backup"]
    return found[0] if found else None


# ---------------------------------------------------------------- taking

def _unique(folder: Path, kind: str, taken_at: datetime) -> Path:
    """A new name that sorts after every backup taken in the same second, even when older
    ones of that second have been thinned away."""
    base = f"{kind}-{_stamp(taken_at)}"
    same_second = [b.number for b in (describe(p) for p in folder.glob(f"{base}*.sqlite3"))
                   if b is not None]
    if not same_second:
        return folder / f"{base}.sqlite3"
    return folder / f"{base}-{max(same_second) + 1}.sqlite3"


STALE_PARTIAL_SECONDS = 3600


def _clear_stale_partials(folder: Path) -> None:
    """Remove what a backup killed midway left (never a file with a backup's name)."""
    cutoff = datetime.now().timestamp() - STALE_PARTIAL_SECONDS
    for leftover in folder.glob(f".*{PARTIAL_SUFFIX}"):
        if leftover.stat().st_mtime < cutoff:
            leftover.unlink(missing_ok=True)


def _copy_checked(database: Path, folder: Path, kind: str, taken_at: datetime,
                  progress: sqlite_files.Progress | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    _clear_stale_partials(folder)
    partial = folder / f".{kind}-{uuid.uuid4().hex}{PARTIAL_SUFFIX}"
    try:
        sqlite_files.copy_online(database, partial, progress)
        problems = sqlite_files.integrity_problems(partial)
        if problems:
            raise DomainError("The backup copy failed its integrity check and was not kept: "
                              + "; ".join(problems[:3]))
        os.chmod(partial, 0o600)
        final = _unique(folder, kind, taken_at)
        os.replace(partial, final)
        sqlite_files.fsync_folder(folder)
        return final
    finally:
        partial.unlink(missing_ok=True)


def take_backup(db: Database, actor: Actor, database: Path, *, target: Path | None = None,
                automatic: bool = False,
                progress: sqlite_files.Progress | None = None) -> BackupFile:
    """Back up now into the backups folder (or to `target`), copy it to the second folder when
    that is there, thin old backups, and audit it. automatic: taken by the app itself on
    opening or closing, which any signed-in role may cause."""
    if not automatic:
        actor.require(Permission.BACKUPS)
    if not db.is_sqlite:
        raise DomainError("This database is on a server: back it up there (pg_dump), as the "
                          "README's 'Several desks' section says.")
    taken_at = utc_now().replace(microsecond=0)
    folder = backups_folder(database)
    if target is not None:
        made = _copy_checked(database, target.parent, "backup", taken_at, progress)
        os.replace(made, target)
        path = target
    else:
        path = _copy_checked(database, folder, "backup", taken_at, progress)
    policy = read_policy(db)
    copied = ""
    if policy.second_folder and target is None:
        second = Path(policy.second_folder)
        if second.is_dir():
            try:
                shutil.copy2(path, second / path.name)
                copied = str(second)
            except OSError:
                copied = ""
    if target is None:
        thin(folder, policy, taken_at.date())
    with db.writing() as session:
        audit.record(session, actor, "backup", "database", None, file=path.name,
                     automatic=automatic, second_copy=bool(copied),
                     **audit_backups.head_detail(path))
    # A backup written to a file of the manager's choosing keeps that name.
    return describe(path) or BackupFile(path, taken_at, 0, path.stat().st_size,
                                        sqlite_files.facts(path).revision, "backup")


def backup_due(folder: Path, today: date) -> bool:
    """Whether the once-a-day backup on opening is still to be taken today."""
    latest = last_backup(folder)
    return latest is None or latest.taken_at.date() < today


def days_without_backup(folder: Path, today: date) -> int | None:
    """Days since the last good backup (None: there has never been one)."""
    latest = last_backup(folder)
    return None if latest is None else (today - latest.taken_at.date()).days


def thin(folder: Path, policy: BackupPolicy, today: date) -> list[Path]:
    """Keep the newest backup of each of the last keep_daily days, keep_weekly weeks and
    keep_monthly months (and always the newest); delete the rest. Returns what was deleted."""
    backups = [b for b in list_backups(folder) if b.kind == "backup"]
    keep: set[Path] = {backups[0].path} if backups else set()
    buckets: list[tuple[int, Callable[[date], object]]] = [
        (policy.keep_daily, lambda d: d),
        (policy.keep_weekly, lambda d: d.isocalendar()[:2]),
        (policy.keep_monthly, lambda d: (d.year, d.month)),
    ]
    for count, bucket in buckets:
        seen: list[object] = []
        for backup in backups:  # newest first: the first in each bucket is its newest
            key = bucket(backup.taken_at.date())
            if key in seen:
                continue
            if len(seen) >= count:
                break
            seen.append(key)
            keep.add(backup.path)
    removed = [b.path for b in backups if b.path not in keep]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


# ---------------------------------------------------------------- restoring

@dataclass(frozen=True)
class Restored:
    backup: Path
    kept_copy: Path
    """The database as it was before the restore."""
    migrated: bool


def check_backup(path: Path) -> sqlite_files.FileFacts:
    """A backup fit to restore, or DomainError saying why not; nothing is changed."""
    if not path.is_file():
        raise DomainError(f"{path} does not exist.")
    try:
        found = sqlite_files.facts(path)
    except (sqlite3.DatabaseError, OSError) as error:
        raise DomainError(f"{path} is not a database backup: {error}.") from error
    if not found.ours:
        raise DomainError(f"{path} is not a Recovery Desk backup.")
    problems = sqlite_files.integrity_problems(path)
    if problems:
        raise DomainError(f"{path} is damaged ({'; '.join(problems[:3])}); choose another "
                          "backup.")
    if found.revision not in migrate.known_revisions():
        raise DomainError(f"{path} was made by a newer version of Recovery Desk (schema "
                          f"'{found.revision}'); install that version to restore it.")
    return found


def restore(database: Path, backup: Path, actor: Actor, *, today: date,
            progress: sqlite_files.Progress | None = None) -> Restored:
    """Replace the database with the backup. The caller has closed its own connections and
    checked the actor may restore (the database may be too damaged to ask)."""
    actor.require(Permission.BACKUPS)
    facts = check_backup(backup)
    folder = backups_folder(database)
    taken_at = utc_now().replace(microsecond=0)
    kept = _copy_checked(database, folder, "pre-restore", taken_at) \
        if database.exists() and _sound_enough(database) else _move_aside(database, folder,
                                                                          taken_at)
    sqlite_files.restore_into(backup, database, progress)
    db = Database.open(database)
    try:
        migrated = migrate.ensure_current(db.engine)
        with db.writing() as session:
            audit.record(session, actor, "restore", "database", None, file=backup.name,
                         schema=facts.revision, kept=kept.name, on=str(today))
    finally:
        db.dispose()
    return Restored(backup, kept, migrated)


def manager_in(backup: Path, username: str, password: str, workstation: str) -> Actor:
    """The manager signing in as the backup knows them: the restore is recorded under an
    account that exists in the restored database, and a damaged current database is never
    needed to say who is restoring."""
    from recovery_desk.domain.accounts import sign_in_read_only

    source = Database.open(f"sqlite:///file:{backup}?mode=ro&immutable=1&uri=true")
    try:
        actor = sign_in_read_only(source, username, password, workstation)
    finally:
        source.dispose()
    actor.require(Permission.BACKUPS)
    return actor


def _sound_enough(database: Path) -> bool:
    return not sqlite_files.integrity_problems(database, quick=True)


def _move_aside(database: Path, folder: Path, taken_at: datetime) -> Path:
    """A damaged database cannot be copied page by page: keep the file itself."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    kept = _unique(folder, "pre-restore", taken_at)
    if database.exists():
        shutil.copy2(database, kept)
        for suffix in ("-wal", "-shm"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)
        database.unlink()
    return kept


def quick_check(database: Path) -> list[str]:
    """Problems SQLite's quick check finds in the database file ([] when sound)."""
    return sqlite_files.integrity_problems(database, quick=True)


def newest_sound_backup(database: Path) -> BackupFile | None:
    for backup in list_backups(backups_folder(database)):
        if not sqlite_files.integrity_problems(backup.path, quick=True):
            return backup
    return None


def timestamp_words(taken_at: datetime) -> str:
    """A backup's UTC time in the desk's local time: 'Fri 27 Nov 2026, 15:30'."""
    local = taken_at.replace(tzinfo=UTC).astimezone()
    return f"{format_date(local.date())}, {local:%H:%M}"
