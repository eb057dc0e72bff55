"""Backups: checked before they are kept, thinned by age, copied to a second folder, listed;
and restore: checked first, the current database kept, older backups migrated forward."""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text

from recovery_desk.domain.operations import backup_service
from recovery_desk.domain.operations.backup_service import BackupPolicy
from recovery_desk.domain.operations.setup import open_database
from recovery_desk.domain.service import catalogue_service
from recovery_desk.domain.store import backup_schedule, migrate
from recovery_desk.domain.store.actor import Actor
from recovery_desk.domain.store.errors import DomainError, NotAllowedError
from recovery_desk.domain.store.models import AuditEvent, Group
from recovery_desk.domain.store.timestamps import utc_now
from recovery_desk.vocabulary import StaffRole
from tests.conftest import CATALOGUE

TODAY = date(2026, 11, 27)

pytestmark = pytest.mark.sqlite_only(
    "backups and restore copy SQLite files; a server is backed up with pg_dump")


def _group_count(path: Path) -> int:
    with sqlite3.connect(path) as connection:
        return connection.execute("SELECT count(*) FROM groups").fetchone()[0]


def test_a_backup_is_checked_private_listed_and_audited(db, actor, db_path: Path) -> None:
    made = backup_service.take_backup(db, actor, db_path)
    folder = db_path.parent / "backups"
    assert made.path.parent == folder and made.schema == migrate.HEAD_REVISION
    assert oct(folder.stat().st_mode & 0o777) == "0o700"
    assert oct(made.path.stat().st_mode & 0o777) == "0o600"
    assert [p.name for p in folder.iterdir()] == [made.path.name]
    assert _group_count(made.path) == 7
    assert backup_service.list_backups(folder)[0].as_json()["schema"] == migrate.HEAD_REVISION
    with db.reading() as tx:
        assert tx.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "backup")) == 1


def test_only_a_manager_backs_up_by_hand(db, actor, db_path: Path) -> None:
    reception = Actor(actor.staff_id, "Jo", StaffRole.RECEPTION)
    with pytest.raises(NotAllowedError, match="back up and restore"):
        backup_service.take_backup(db, reception, db_path)
    assert backup_service.take_backup(db, reception, db_path, automatic=True).path.exists()


def test_a_backup_that_fails_midway_leaves_no_file_with_a_backups_name(
        db, actor, db_path: Path) -> None:
    def interrupted(done: int, total: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        backup_service.take_backup(db, actor, db_path, progress=interrupted)
    folder = db_path.parent / "backups"
    assert backup_service.list_backups(folder) == []
    assert list(folder.iterdir()) == []


def test_old_backups_are_thinned_to_days_weeks_and_months(tmp_path: Path, db_path: Path) -> None:
    """The newest of each of the last days, weeks and months stay; the rest go."""
    folder = tmp_path / "backups"
    folder.mkdir()
    for day in range(90):  # one backup a day from 1 Sep to 29 Nov 2026
        taken = datetime.fromordinal(date(2026, 9, 1).toordinal() + day).replace(hour=12)
        made = folder / f"backup-{taken:%Y%m%d-%H%M%S}.sqlite3"
        made.write_bytes(db_path.read_bytes())
        os.utime(made, (taken.replace(tzinfo=UTC).timestamp(),) * 2)
    removed = backup_schedule.thin(folder, BackupPolicy(keep_daily=3, keep_weekly=2,
                                                        keep_monthly=3),
                                   datetime(2026, 11, 29, 13, 0))
    kept = sorted(b.taken_at.date() for b in backup_service.list_backups(folder))
    assert kept == [date(2026, 9, 30), date(2026, 10, 31), date(2026, 11, 22),
                    date(2026, 11, 27), date(2026, 11, 28), date(2026, 11, 29)]
    assert len(removed) == 90 - 6


def test_a_copy_goes_to_the_second_folder_when_it_is_there(db, actor, db_path: Path,
                                                           tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    backup_service.save_policy(db, actor, BackupPolicy(second_folder=str(usb)))
    backup_service.take_backup(db, actor, db_path)  # not plugged in: still backed up here
    usb.mkdir()
    made = backup_service.take_backup(db, actor, db_path)
    assert (usb / made.path.name).read_bytes() == made.path.read_bytes()


def test_bad_backup_settings_are_refused_per_field(db, actor) -> None:
    from recovery_desk.domain.store.errors import InvalidDetailsError

    with pytest.raises(InvalidDetailsError) as caught:
        backup_service.save_policy(db, actor, BackupPolicy(keep_daily=0, warn_after_days=99))
    assert set(caught.value.problems) == {"keep_daily", "warn_after_days"}


def test_restore_keeps_the_current_database_and_puts_the_backup_back(
        db, actor, db_path: Path) -> None:
    made = backup_service.take_backup(db, actor, db_path)
    group = catalogue_service.list_groups(db, actor)[0]
    catalogue_service.set_group_active(db, actor, group.id, False, TODAY)
    db.dispose()
    done = backup_service.restore(db_path, made.path, actor, today=TODAY)
    again, _ = open_database(db_path, CATALOGUE, today=TODAY)
    assert all(g.active for g in catalogue_service.list_groups(again, actor))
    with again.reading() as tx:
        assert tx.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "restore")) == 1
    again.dispose()
    kept = sqlite3.connect(done.kept_copy)
    assert kept.execute("SELECT count(*) FROM groups WHERE active = 0").fetchone()[0] == 1
    kept.close()


def test_an_older_backup_is_migrated_forward(db_path: Path, tmp_path: Path, actor) -> None:
    old = tmp_path / "old.sqlite3"
    engine = create_engine(f"sqlite:///{old}")
    migrate.upgrade(engine, "0003_places")
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO staff (username, display_name, role, active) "
                                "VALUES ('manager', 'Service manager', 'manager', 1)"))
    engine.dispose()
    done = backup_service.restore(db_path, old, actor, today=TODAY)
    assert done.migrated
    assert migrate.current_revision(create_engine(f"sqlite:///{db_path}")) == \
        migrate.HEAD_REVISION


@pytest.mark.parametrize(("prepare", "message"), [
    ("missing", "does not exist"),
    ("not sqlite", "is not a database backup"),
    ("another program", "is not a Recovery Desk backup"),
    ("newer", "made by a newer version of Recovery Desk"),
])
def test_a_backup_unfit_to_restore_is_refused_and_nothing_changes(
        db_path: Path, tmp_path: Path, actor, prepare: str, message: str) -> None:
    backup = tmp_path / "candidate.sqlite3"
    if prepare == "not sqlite":
        backup.write_text("shopping list\n" * 300)
    elif prepare == "another program":
        with sqlite3.connect(backup) as connection:
            connection.execute("CREATE TABLE invoices (id)")
    elif prepare == "newer":
        backup.write_bytes(db_path.read_bytes())
        with sqlite3.connect(backup) as connection:
            connection.execute("UPDATE alembic_version SET version_num = '0099_future'")
    before = db_path.read_bytes()
    with pytest.raises(DomainError, match=message):
        backup_service.restore(db_path, backup, actor, today=TODAY)
    assert db_path.read_bytes() == before
    assert not (db_path.parent / "backups").exists()


def test_a_damaged_database_is_found_on_opening_and_the_newest_good_backup_offered(
        db, actor, db_path: Path) -> None:
    made = backup_service.take_backup(db, actor, db_path)
    db.dispose()
    with open(db_path, "r+b") as damaged:
        damaged.seek(4096 * 2)
        damaged.write(os.urandom(4096 * 3))
    assert backup_service.quick_check(db_path) != []
    assert backup_service.newest_sound_backup(db_path).path == made.path
    done = backup_service.restore(db_path, made.path, actor, today=TODAY)
    assert backup_service.quick_check(db_path) == []
    assert done.kept_copy.exists() and _group_count(db_path) == 7
    assert Group  # the restored file is the app's own again


def test_backups_in_the_same_second_keep_their_order_after_thinning(
        db, actor, db_path: Path) -> None:
    """The newest stays the newest (and is kept) however many share a second."""
    frozen = utc_now().replace(microsecond=0)
    made = [backup_service.take_backup(db, actor, db_path, now=frozen) for _ in range(4)]
    assert all(b.path.exists() for b in made[-1:])
    assert [b.number for b in backup_service.list_backups(db_path.parent / "backups")] == [3]
