"""When a backup is due, how long since the last good one, and which old ones to thin away,
decided from the time each backup carries inside it (backup_files.py) and `now` from the
caller (pure time: nothing here reads the clock).

A clock that was wrong once must not stop the backups: a backup dated ahead of now (beyond a
few minutes' tolerance between desks) is future-dated. It is never counted as a recent backup
(so the daily backup stays due and the "no backup for N days" warning still shows), never
thinned away on account of its date, and reported. Thinning never removes the newest good
backup, nor the backup just made, whatever their names say.

Used by backup_service.py, the `backups` verb and the window's backup warning.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from recovery_desk.domain.store.backup_files import BackupFile, list_backups
from recovery_desk.domain.store.database import Database
from recovery_desk.domain.store.models import Setting

FUTURE_TOLERANCE = timedelta(minutes=10)
"""Desks' clocks differ by a little; more than this ahead is a clock that was wrong."""


POLICY_KEYS = {"keep_daily": "backup.keep_daily", "keep_weekly": "backup.keep_weekly",
               "keep_monthly": "backup.keep_monthly", "second_folder": "backup.second_folder",
               "warn_after_days": "backup.warn_after_days"}


@dataclass(frozen=True)
class BackupPolicy:
    """How many backups to keep, where else to copy them, and when to warn."""

    keep_daily: int = 7
    keep_weekly: int = 5
    keep_monthly: int = 12
    second_folder: str = ""
    warn_after_days: int = 3



def read_policy(db: Database) -> BackupPolicy:
    with db.reading() as tx:
        stored = {s.key: s.value for s in tx.scalars(
            select(Setting).where(Setting.key.in_(POLICY_KEYS.values())))}
    values: dict[str, object] = {}
    for field, key in POLICY_KEYS.items():
        if key in stored:
            values[field] = stored[key] if field == "second_folder" else int(stored[key])
    # mypy checks a ** mapping's values against every field; each here goes to its own.
    return BackupPolicy(**values)  # type: ignore[arg-type]

def future_dated(backup: BackupFile, now: datetime) -> bool:
    """Whether the backup's recorded time or its file's modification time is ahead of now."""
    return backup.latest_time() > now + FUTURE_TOLERANCE


@dataclass(frozen=True)
class BackupHealth:
    last_good: BackupFile | None
    """The newest backup that is not future-dated."""
    days_without: int | None
    """Days since last_good was taken (None: there is none)."""
    future: list[BackupFile]
    """Backups dated ahead of now, newest first."""


def health(folder: Path, now: datetime) -> BackupHealth:
    backups = [b for b in list_backups(folder) if b.kind == "backup"]
    future = [b for b in backups if future_dated(b, now)]
    good = [b for b in backups if b not in future]
    last = good[0] if good else None
    days = None if last is None else (now.date() - last.taken_at.date()).days
    return BackupHealth(last, days, future)


def backup_due(folder: Path, now: datetime) -> bool:
    """Whether the once-a-day backup on opening is still to be taken today."""
    last = health(folder, now).last_good
    return last is None or last.taken_at.date() < now.date()


def days_without_backup(folder: Path, now: datetime) -> int | None:
    """Days since the last good backup (None: there has never been one)."""
    return health(folder, now).days_without


def future_dated_words(future: list[BackupFile]) -> str:
    """'' when none; otherwise one sentence naming them, for the verb and the window."""
    if not future:
        return ""
    names = ", ".join(b.path.name for b in future[:3]) + (" …" if len(future) > 3 else "")
    several = len(future) > 1
    return (f"{len(future)} backup{'s look' if several else ' looks'} future-dated "
            f"({names}): the clock was wrong when they were taken, or is wrong now. They are "
            "kept, but not counted as recent backups.")


def thin(folder: Path, policy: BackupPolicy, now: datetime,
         keep: Collection[Path] = ()) -> list[Path]:
    """Keep the newest good backup of each of the last keep_daily days, keep_weekly weeks and
    keep_monthly months, the newest good one, those in keep (the one just made) and every
    future-dated one; delete the rest. Returns what was deleted."""
    backups = [b for b in list_backups(folder) if b.kind == "backup"]
    good = [b for b in backups if not future_dated(b, now)]
    kept: set[Path] = {b.path for b in backups if b not in good} | set(keep)
    if good:
        kept.add(good[0].path)
    buckets: list[tuple[int, Callable[[date], object]]] = [
        (policy.keep_daily, lambda d: d),
        (policy.keep_weekly, lambda d: d.isocalendar()[:2]),
        (policy.keep_monthly, lambda d: (d.year, d.month)),
    ]
    for count, bucket in buckets:
        seen: list[object] = []
        for backup in good:  # newest first: the first in each bucket is its newest
            key = bucket(backup.taken_at.date())
            if key in seen:
                continue
            if len(seen) >= count:
                break
            seen.append(key)
            kept.add(backup.path)
    removed = [b.path for b in good if b.path not in kept]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed
