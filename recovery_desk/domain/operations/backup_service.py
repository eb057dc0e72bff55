"""Backups of an SQLite database, and restoring one.

A backup is taken with SQLite's online backup API into an owner-only temporary file in the
backups folder (beside the database), records inside the copy when it was taken, is flushed,
checked with integrity_check, and only then renamed to its real name, so a backup killed midway
never leaves a file that looks like a backup (backup_files.py names and clears the temporary
files). Old backups are thinned to the newest of each of the last N days, weeks and months
(settings; backup_schedule.py decides, from the time inside each copy). A second folder (a USB
disk or a network share the manager chooses) gets a copy too; when it is not there, the backup
says so. A folder that is not there is never made.

Restore checks the backup first (sound, Recovery Desk's, a schema this version knows), keeps
the current database as a pre-restore copy, replaces the content, and migrates an older
backup forward. The database must not be open elsewhere in this process while it runs.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import delete

from recovery_desk.access import Permission
from recovery_desk.domain.store import (
    audit,
    audit_backups,
    backup_schedule,
    chosen_files,
    key_slots,
    migrate,
    sqlite_files,
)
from recovery_desk.domain.store.actor import Actor
from recovery_desk.domain.store.backup_files import (
    TAKEN_AT_KEY,
    BackupFile,
    backups_folder,
    clear_stale_partials,
    describe,
    list_backups,
    new_partial,
    remove_partial,
    stamp,
    unique_name,
)
from recovery_desk.domain.store.backup_files import timestamp_words as timestamp_words
from recovery_desk.domain.store.backup_schedule import POLICY_KEYS, BackupPolicy, read_policy
from recovery_desk.domain.store.database import Database
from recovery_desk.domain.store.errors import DomainError, InvalidDetailsError
from recovery_desk.domain.store.models import Setting
from recovery_desk.domain.store.timestamps import utc_now

LIMITS = {"keep_daily": (1, 365), "keep_weekly": (0, 260), "keep_monthly": (0, 240),
          "warn_after_days": (1, 60)}


# ---------------------------------------------------------------- policy

def save_policy(db: Database, actor: Actor, policy: BackupPolicy) -> None:
    actor.require(Permission.BACKUPS)
    problems = {field: f"Choose a whole number from {low} to {high}."
                for field, (low, high) in LIMITS.items()
                if not low <= getattr(policy, field) <= high}
    if problems:
        raise InvalidDetailsError(problems)
    with db.writing() as tx:
        for field, key in POLICY_KEYS.items():
            tx.merge(Setting(key=key, value=str(getattr(policy, field))))
        audit.record(tx, actor, "edit", "backup_policy", None)


# ---------------------------------------------------------------- taking

def _copy_checked(database: Path, folder: Path, kind: str, taken_at: datetime,
                  progress: sqlite_files.Progress | None = None,
                  target: Path | None = None) -> Path:
    """Copy the database into a temporary file in folder (which must be there), check it, and
    rename it to target, or else to a new backup name in folder."""
    if not folder.is_dir():
        raise DomainError(f"The folder {folder} is not there (is the disk plugged in?); no "
                          "backup was made, and no folder was made.")
    clear_stale_partials(folder, time.time())
    final_name = target.name if target is not None else f"{kind}-{stamp(taken_at)}.sqlite3"
    partial = new_partial(folder, final_name)
    try:
        sqlite_files.copy_online(database, partial, progress,
                                 {TAKEN_AT_KEY: taken_at.isoformat()})
        problems = sqlite_files.integrity_problems(partial)
        if problems:
            raise DomainError("The backup copy failed its integrity check and was not kept: "
                              + "; ".join(problems[:3]))
        final = target if target is not None else unique_name(folder, kind, taken_at)
        os.replace(partial, final)
        sqlite_files.fsync_folder(folder)
        return final
    finally:
        remove_partial(partial)


def _copy_to_second_folder(made: Path, second: Path) -> str:
    """Copy a backup to the second folder; '' when done, or else what went wrong (the folder
    not there is said, never made: an unplugged USB disk is not a backup on the local disk)."""
    if not second.is_dir():
        return (f"The second backup folder {second} is not there (is the disk plugged in?); "
                "no copy was made there.")
    try:
        clear_stale_partials(second, time.time())
        partial = new_partial(second, made.name)
        try:
            shutil.copyfile(made, partial)  # into the owner-only file, keeping its mode
            with open(partial, "rb+") as written:
                os.fsync(written.fileno())
            shutil.copystat(made, partial)
            os.replace(partial, second / made.name)
        finally:
            remove_partial(partial)
        sqlite_files.fsync_folder(second)
    except OSError as error:
        return (f"The copy to the second backup folder {second} failed "
                f"({error.strerror or error}).")
    return ""


def _keep_slots_beside(database: Path, folders: list[Path]) -> None:
    """An encrypted database's key slots copied beside its backups: a backup folder that
    outlives the PC still opens with a member of staff's password (or the recovery code)."""
    slots = key_slots.slots_path(database)
    if key_slots.is_encrypted(database) and slots.exists():
        for folder in folders:
            key_slots.write_atomically(folder / slots.name, slots.read_bytes())


def backup_key(database: Path, backup: Path, username: str, password: str) -> bytes:
    """The key of an encrypted backup, from the database's slots, or the copy beside the
    backup when the database's are gone; key_slots.KeyRefusedError when it does not open."""
    live = key_slots.slots_path(database)
    return key_slots.unlock(database if live.exists() else backup.parent / database.name,
                            username, password)


def take_backup(db: Database, actor: Actor, database: Path, *, target: Path | None = None,
                force: bool = False, automatic: bool = False, now: datetime | None = None,
                progress: sqlite_files.Progress | None = None) -> BackupFile:
    """Back up now into the backups folder (or to `target`, an existing file there replaced
    only with `force`), copy it to the second folder (a warning on the result when that is
    not there), thin old backups, and audit it. automatic: taken by the app itself on opening
    or closing, which any signed-in role may cause. now: the moment of the backup (UTC; by
    default the clock's)."""
    if not automatic:
        actor.require(Permission.BACKUPS)
    if not db.is_sqlite:
        raise DomainError("This database is on a server: back it up there (pg_dump), as the "
                          "README's 'Several desks' section says.")
    taken_at = (now or utc_now()).replace(microsecond=0)
    folder = backups_folder(database)
    if target is not None:
        target = chosen_files.check_output(target, database=database, force=force)
        path = _copy_checked(database, target.parent, "backup", taken_at, progress, target)
    else:
        folder.mkdir(exist_ok=True, mode=0o700)  # beside the database, which is there
        path = _copy_checked(database, folder, "backup", taken_at, progress)
    policy = read_policy(db)
    warning = ""
    if policy.second_folder and target is None:
        warning = _copy_to_second_folder(path, Path(policy.second_folder))
    if target is None:
        backup_schedule.thin(folder, policy, taken_at, keep=[path])
        _keep_slots_beside(database, [folder] + ([Path(policy.second_folder)]
                                                 if policy.second_folder and not warning
                                                 else []))
    with db.writing() as tx:
        audit.record(tx, actor, "backup", "database", None, file=path.name,
                     automatic=automatic, second_copy=bool(policy.second_folder and target
                                                           is None and not warning),
                     **audit_backups.head_detail(path))
    # A backup written to a file of the manager's choosing keeps that name.
    made = describe(path) or BackupFile(path, taken_at, 0, path.stat().st_size,
                                        sqlite_files.facts(path).revision, "backup")
    return replace(made, warning=warning)


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
    if database.exists() and _sound_enough(database):
        folder.mkdir(exist_ok=True, mode=0o700)
        kept = _copy_checked(database, folder, "pre-restore", taken_at)
    else:
        kept = _move_aside(database, folder, taken_at)
    sqlite_files.restore_into(backup, database, progress)
    kept_slots = key_slots.slots_path(backup.parent / database.name)
    if key_slots.is_encrypted(database) and not key_slots.slots_path(database).exists() \
            and kept_slots.exists():
        # The database was lost with its slots: the backup folder's copy opens it again.
        key_slots.write_atomically(key_slots.slots_path(database), kept_slots.read_bytes())
    db = Database.open(database, key=sqlite_files.key_for(database))
    try:
        migrated = migrate.ensure_current(db.engine)
        with db.writing() as tx:
            # The backup's own record of when it was taken belongs to the copy, not to the
            # database it becomes again.
            tx.execute(delete(Setting).where(Setting.key == TAKEN_AT_KEY))
            audit.record(tx, actor, "restore", "database", None, file=backup.name,
                         schema=facts.revision, kept=kept.name, on=str(today))
    finally:
        db.dispose()
    return Restored(backup, kept, migrated)


def reopen(database: Path) -> Database:
    """The database after a restore, opened with the desk's key if it is encrypted."""
    return Database.open(database, key=sqlite_files.key_for(database))


def manager_in(backup: Path, username: str, password: str, workstation: str) -> Actor:
    """The manager signing in as the backup knows them: the restore is recorded under an
    account that exists in the restored database, and a damaged current database is never
    needed to say who is restoring."""
    from recovery_desk.domain.staff.accounts import sign_in_read_only

    source = Database.open(f"sqlite:///file:{backup}?mode=ro&immutable=1&uri=true",
                           key=sqlite_files.key_for(backup))
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
    folder.mkdir(exist_ok=True, mode=0o700)
    kept = unique_name(folder, "pre-restore", taken_at)
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
