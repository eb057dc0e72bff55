"""Backups judged by the time recorded inside each copy and `now` from the caller: a backup
dated ahead of now (a clock that was wrong once) neither stops the daily backup nor hides the
warning, is never thinned away on account of its date, and is reported; the newest good
backup and the one just made are never thinned."""

from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from recovery_desk.domain.operations import backup_service
from recovery_desk.domain.store import backup_schedule
from recovery_desk.domain.store.backup_schedule import BackupPolicy

NOW = datetime(2026, 11, 27, 9, 0, 0)

pytestmark = pytest.mark.sqlite_only("backups copy SQLite files")


def _planted(db_path: Path, taken: datetime, *, modified: datetime | None = None) -> Path:
    """A backup file named for `taken`, its file time `modified` (default: the same)."""
    folder = db_path.parent / "backups"
    folder.mkdir(exist_ok=True)
    path = folder / f"backup-{taken:%Y%m%d-%H%M%S}.sqlite3"
    shutil.copy(db_path, path)
    stamp = (modified or taken).replace(tzinfo=UTC).timestamp()
    os.utime(path, (stamp, stamp))
    return path


def test_a_backup_stamped_30_days_ahead_leaves_the_daily_backup_due(db_path: Path) -> None:
    """...and the days without a good backup are still counted, from the good one."""
    _planted(db_path, NOW - timedelta(days=5))
    ahead = _planted(db_path, NOW + timedelta(days=30))
    folder = db_path.parent / "backups"
    assert backup_schedule.backup_due(folder, NOW)
    found = backup_schedule.health(folder, NOW)
    assert found.days_without == 5
    assert [b.path for b in found.future] == [ahead]
    assert "1 backup looks future-dated (backup-20261227-090000.sqlite3)" in \
        backup_schedule.future_dated_words(found.future)


def test_a_file_time_ahead_makes_a_backup_future_dated_whatever_its_name(
        db_path: Path) -> None:
    """An older backup, named rightly, whose file was written by a clock that was ahead."""
    _planted(db_path, NOW - timedelta(hours=1), modified=NOW + timedelta(days=2))
    assert backup_schedule.backup_due(db_path.parent / "backups", NOW)
    assert backup_schedule.days_without_backup(db_path.parent / "backups", NOW) is None


def test_a_few_minutes_between_desks_clocks_are_tolerated(db_path: Path) -> None:
    """A backup five minutes ahead of this desk's clock counts as today's."""
    _planted(db_path, NOW + timedelta(minutes=5))
    assert not backup_schedule.backup_due(db_path.parent / "backups", NOW)


def test_the_time_inside_the_copy_wins_over_its_name(db, actor, db_path: Path) -> None:
    """A backup renamed to look newer is judged by when it was really taken."""
    made = backup_service.take_backup(db, actor, db_path, now=NOW - timedelta(days=9))
    renamed = made.path.with_name(f"backup-{NOW:%Y%m%d-%H%M%S}.sqlite3")
    made.path.rename(renamed)
    os.utime(renamed, ((NOW - timedelta(days=9)).replace(tzinfo=UTC).timestamp(),) * 2)
    assert backup_schedule.days_without_backup(db_path.parent / "backups", NOW) == 9


def test_with_the_clock_set_back_a_new_backup_survives_thinning(db, actor,
                                                                db_path: Path) -> None:
    """The real backups look future-dated and are kept; the one just made is kept too."""
    real = [_planted(db_path, NOW + timedelta(days=days)) for days in (300, 301, 302)]
    made = backup_service.take_backup(db, actor, db_path, now=NOW)
    assert made.path.exists()
    assert all(path.exists() for path in real)
    os.utime(made.path, (NOW.replace(tzinfo=UTC).timestamp(),) * 2)  # this desk's clock
    assert not backup_schedule.backup_due(db_path.parent / "backups", NOW)


def test_thinning_never_removes_the_newest_good_backup_nor_the_one_just_made(
        db_path: Path) -> None:
    """Even when every count would leave them out."""
    newest = _planted(db_path, NOW - timedelta(days=400))
    older = _planted(db_path, NOW - timedelta(days=800))
    just_made = _planted(db_path, NOW - timedelta(days=900))
    removed = backup_schedule.thin(db_path.parent / "backups",
                                   BackupPolicy(keep_daily=1, keep_weekly=0, keep_monthly=0),
                                   NOW, keep=[just_made])
    assert removed == [older]
    assert newest.exists() and just_made.exists()
