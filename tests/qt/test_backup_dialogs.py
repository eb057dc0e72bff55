"""Backups in the window: Back up now and Restore… for managers only, the day's first backup
on opening, the warning when backups stop, and a damaged file found on opening."""

from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

from recovery_desk.domain.operations import backup_service
from recovery_desk.domain.service import catalogue_service
from recovery_desk.domain.store.actor import Actor
from recovery_desk.domain.store.timestamps import utc_now
from recovery_desk.views.catalogue.catalogue_tab import CatalogueTab
from recovery_desk.views.frame.context import DeskContext
from recovery_desk.views.manager import backup_dialogs
from recovery_desk.views.shell.main_window import MainWindow
from recovery_desk.vocabulary import StaffRole

TODAY_STAMP = "20261127-090000"


def _backups(db_path: Path) -> list[backup_service.BackupFile]:
    return backup_service.list_backups(db_path.parent / "backups")


def test_back_up_now_from_the_desk_menu(window, db_path: Path) -> None:
    assert window.desk_menu.back_up.isVisible()
    window.desk_menu.back_up.trigger()
    assert len(_backups(db_path)) == 1


def test_reception_has_no_backup_or_restore_in_its_menu(qtbot, db, actor, answers) -> None:
    reception = Actor(actor.staff_id, "Jo", StaffRole.RECEPTION)
    window = MainWindow(DeskContext(db, reception, location="test"))
    qtbot.addWidget(window)
    assert not any(a.isVisible() for a in (window.desk_menu.back_up, window.desk_menu.restore,
                                           window.desk_menu.backup_settings))


def _opened(qtbot, window: MainWindow) -> None:
    """after_open(), and its checks off the window's thread, acted on."""
    checks = window.after_open()
    qtbot.waitUntil(lambda: checks.handled, timeout=10_000)


def test_opening_takes_the_days_first_backup_and_only_one(qtbot, window, db_path: Path) -> None:
    _opened(qtbot, window)
    _opened(qtbot, window)
    assert len(_backups(db_path)) == 1
    assert not window.backup_notice.isVisible()


def test_the_checks_on_opening_leave_the_window_free(qtbot, window, db_path: Path,
                                                    monkeypatch) -> None:
    """While the quick check runs, the window's thread goes on handling events."""
    import threading

    release = threading.Event()
    monkeypatch.setattr(backup_service, "quick_check", lambda path: release.wait(10) and [])
    checks = window.after_open()
    qtbot.wait(50)  # the event loop runs while the check is held
    assert not checks.handled and _backups(db_path) == []
    release.set()
    qtbot.waitUntil(lambda: checks.handled, timeout=10_000)
    assert len(_backups(db_path)) == 1


def _planted(db_path: Path, taken: datetime) -> Path:
    """A backup file named for `taken` (UTC), written then by this computer's clock."""
    folder = db_path.parent / "backups"
    folder.mkdir(exist_ok=True)
    path = folder / f"backup-{taken:%Y%m%d-%H%M%S}.sqlite3"
    shutil.copy(db_path, path)
    os.utime(path, (taken.replace(tzinfo=UTC).timestamp(),) * 2)
    return path


def test_the_desk_is_warned_when_backups_have_stopped(window, db_path: Path) -> None:
    """Counted by this computer's clock, which stamps the backup files."""
    _planted(db_path, utc_now() - timedelta(days=8))
    window.show_backup_warning()
    assert window.backup_notice.text() == ("⚠ No backup for 8 days: a manager can use "
                                           "Desk > Back up now.")
    assert window.backup_notice.isVisible()


def test_a_backup_dated_30_days_ahead_neither_stops_backups_nor_hides_the_warning(
        context, db_path: Path) -> None:
    """The day's backup is still taken; the warning counts from the last good backup and
    names the future-dated one."""
    _planted(db_path, utc_now() - timedelta(days=8))
    ahead = _planted(db_path, utc_now() + timedelta(days=30))
    ahead_time = datetime.now().timestamp()  # copied now: only its name is ahead
    os.utime(ahead, (ahead_time, ahead_time))
    warning = backup_dialogs.backup_warning(context)
    assert warning.startswith("⚠ No backup for 8 days: a manager can use Desk > Back up now. "
                              f"⚠ 1 backup looks future-dated ({ahead.name}): ")
    made = backup_dialogs.automatic_backup(context, once_a_day=True)
    assert made is not None and made.path.exists() and ahead.exists()
    assert "No backup for" not in backup_dialogs.backup_warning(context)


def test_the_desk_is_warned_when_the_second_backup_folder_is_not_there(
        context, db_path: Path, tmp_path: Path) -> None:
    """A USB disk left unplugged is said, and no folder is made for it."""
    usb = tmp_path / "usb"
    backup_service.save_policy(context.db, context.actor,
                               backup_service.BackupPolicy(second_folder=str(usb)))
    made = backup_dialogs.automatic_backup(context, once_a_day=True)
    assert made is not None and "is not there" in made.warning
    assert backup_dialogs.backup_warning(context) == (
        f"⚠ The second backup folder {usb} is not there (is the disk plugged in?): backups are "
        "not being copied to it.")
    assert not usb.exists()


def test_restore_puts_a_backup_back_and_every_screen_reloads(window, context, db_path: Path,
                                                             answers) -> None:
    made = backup_service.take_backup(context.db, context.actor, db_path)
    catalogue = window.show_tab(CatalogueTab)
    group = catalogue_service.list_groups(context.db, context.actor)[0]
    catalogue_service.set_group_active(context.db, context.actor, group.id, False,
                                       context.today())
    context.flush_announcements()
    assert any(not g.active for g in catalogue.model.rows())
    assert backup_dialogs.restore_backup(window, context, made.path)
    assert all(g.active for g in catalogue.model.rows())
    assert any(b.kind == "pre-restore" for b in _backups(db_path))


def test_a_damaged_file_on_opening_offers_the_newest_good_backup(
        qtbot, db, actor, db_path: Path, answers) -> None:
    made = backup_service.take_backup(db, actor, db_path)
    db.dispose()
    with open(db_path, "r+b") as damaged:
        damaged.seek(4096 * 2)
        damaged.write(os.urandom(4096 * 3))
    context = DeskContext(db, actor, location="test")
    window = MainWindow(context)
    qtbot.addWidget(window)
    _opened(qtbot, window)
    assert "is damaged" in answers["asked"][0]
    assert backup_service.timestamp_words(made.taken_at) in answers["asked"][0]
    assert backup_service.quick_check(db_path) == []


def test_backup_settings_are_saved(qtbot, context) -> None:
    dialog = backup_dialogs.BackupSettingsDialog(None, context)
    qtbot.addWidget(dialog)
    dialog.spins["keep_daily"].setValue(10)
    dialog.second.setText("/media/usb")
    assert dialog.save()
    policy = backup_service.read_policy(context.db)
    assert (policy.keep_daily, policy.second_folder) == (10, "/media/usb")


def test_a_check_on_opening_that_fails_is_logged_and_the_warning_still_shown(
        qtbot, window, monkeypatch, caplog) -> None:
    def broken(path):
        raise OSError("the disk went away")

    monkeypatch.setattr(backup_service, "quick_check", broken)
    checks = window.after_open()
    qtbot.waitUntil(lambda: checks.handled, timeout=10_000)
    assert "the checks on opening failed" in caplog.text
    assert window.backup_notice.text() == "⚠ No backup of this database has been made yet."


def test_back_up_now_pressed_twice_makes_one_backup(qtbot, window, db_path: Path,
                                                    monkeypatch) -> None:
    """A second press while the first backup is under way (before its progress dialog shows)
    starts nothing: the actions are off until the backup is over, then on again."""
    import time

    from PySide6.QtCore import QTimer

    made = []
    real = backup_service.take_backup

    def slow(*args, **kwargs):
        time.sleep(0.3)
        made.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(backup_service, "take_backup", slow)
    QTimer.singleShot(50, window.desk_menu.back_up.trigger)
    window.desk_menu.back_up.trigger()
    qtbot.wait(100)
    assert made == [1]
    assert len(_backups(db_path)) == 1
    assert window.desk_menu.back_up.isEnabled() and window.desk_menu.restore.isEnabled()
