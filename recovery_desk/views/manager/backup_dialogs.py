"""Backups in the window: Back up now and Restore… (managers), the settings, the automatic
backup on opening (once a day) and closing, the warning when backups have stopped, and the
offer of the newest good backup when the check on opening (opening_checks.py) finds the
database damaged."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from recovery_desk.domain.operations import backup_service
from recovery_desk.domain.operations.backup_service import BackupFile, BackupPolicy
from recovery_desk.domain.store import backup_schedule, sqlite_files
from recovery_desk.domain.store.actor import Actor
from recovery_desk.domain.store.database import Database
from recovery_desk.domain.store.errors import DomainError
from recovery_desk.domain.store.timestamps import utc_now
from recovery_desk.schedule.words import counted
from recovery_desk.views.frame.background import run_and_wait
from recovery_desk.views.frame.context import DeskContext
from recovery_desk.views.widgets import dialogs
from recovery_desk.views.widgets.form_errors import FieldMessage, add_field_row


def _database_file(context: DeskContext) -> Path | None:
    return context.db.path if context.db.is_sqlite else None


def back_up_now(parent: QWidget | None, context: DeskContext) -> BackupFile | None:
    database = _database_file(context)
    if database is None:
        dialogs.show_error(parent, "Back up", "This database is on a server: it is backed up "
                           "there, by the service's IT.")
        return None
    # Cancel is safe: a half-made copy is a temporary file, removed (backup_service).
    task = run_and_wait(context, parent, "Back up", backup_service.take_backup, database,
                        text="Backing up…")
    if task.result is None:
        return None
    made: BackupFile = task.result.value
    dialogs.show_info(parent, "Back up", f"Backed up and checked: {made.path} "
                      f"({backup_service.timestamp_words(made.taken_at)}). {made.warning}"
                      .strip())
    return made


class ChooseBackupDialog(QDialog):
    """The backups, newest first, or another backup file; the chosen one is restored."""

    def __init__(self, parent: QWidget | None, database: Path) -> None:
        super().__init__(parent)
        self.setWindowTitle("Restore from a backup")
        self.chosen: Path | None = None
        self.list = QListWidget()
        self.list.setAccessibleName("Backups, newest first")
        for backup in backup_service.list_backups(backup_service.backups_folder(database)):
            kind = " (the database as it was before a restore)" \
                if backup.kind == "pre-restore" else ""
            item = QListWidgetItem(f"{backup_service.timestamp_words(backup.taken_at)}, "
                                   f"{backup.size_bytes / 1_000_000:.1f} MB{kind}")
            item.setData(Qt.ItemDataRole.UserRole, str(backup.path))
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        self.list.itemActivated.connect(lambda _item: self._choose())
        other = QPushButton("Choose &another file…")
        other.clicked.connect(self._choose_file)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        restore = buttons.addButton("&Restore", QDialogButtonBox.ButtonRole.AcceptRole)
        restore.setEnabled(self.list.count() > 0)
        buttons.accepted.connect(self._choose)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("The current database is kept as a pre-restore copy, so a "
                                "restore can itself be undone."))
        caption = QLabel("&Backups:")
        caption.setBuddy(self.list)
        layout.addWidget(caption)
        layout.addWidget(self.list)
        layout.addWidget(other, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(buttons)
        self.resize(520, 380)

    def _choose(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.chosen = Path(item.data(Qt.ItemDataRole.UserRole))
            self.accept()

    def _choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Choose a backup", "",
                                              "Recovery Desk backups (*.sqlite3)")
        if path:
            self.chosen = Path(path)
            self.accept()


def _restore_from(_db: Database, actor: Actor, database: Path, backup: Path, *, today: date,
                  progress: sqlite_files.Progress | None = None) -> backup_service.Restored:
    """backup_service.restore in the shape every service has (the database it replaces is
    closed while it runs, so it is named by its file)."""
    return backup_service.restore(database, backup, actor, today=today, progress=progress)


def restore_backup(parent: QWidget | None, context: DeskContext,
                   backup: Path | None = None) -> bool:
    """Ask which backup, confirm, and restore it; every screen then reloads."""
    database = _database_file(context)
    if database is None:
        dialogs.show_error(parent, "Restore", "This database is on a server: it is restored "
                           "there, by the service's IT.")
        return False
    if backup is None:
        chooser = ChooseBackupDialog(parent, database)
        if chooser.exec() != QDialog.DialogCode.Accepted or chooser.chosen is None:
            return False
        backup = chooser.chosen
    try:
        backup_service.check_backup(backup)
    except DomainError as error:
        dialogs.show_error(parent, "Restore", str(error))
        return False
    if not dialogs.confirm(parent, "Restore", f"Replace the database with {backup.name}? "
                           "Everything saved since that backup is set aside (kept in the "
                           "pre-restore copy).", "Restore"):
        return False
    context.db.dispose()
    try:
        # Not cancellable: a restore stopped half-way would leave neither database whole.
        task = run_and_wait(context, parent, "Restore", _restore_from, database, backup,
                            text="Restoring…", cancellable=False)
    finally:
        context.replace_database(backup_service.reopen(database))
    if task.result is None:
        return False
    done: backup_service.Restored = task.result.value
    dialogs.show_info(parent, "Restore", f"Restored from {backup.name}. The database as it "
                      f"was is kept as {done.kept_copy}.")
    return True


class BackupSettingsDialog(QDialog):
    """How many backups to keep, the second folder, and when to warn."""

    def __init__(self, parent: QWidget | None, context: DeskContext) -> None:
        super().__init__(parent)
        self.setWindowTitle("Backup settings")
        self.context = context
        policy = context.call_unsigned(backup_service.read_policy)
        self.spins: dict[str, QSpinBox] = {}
        self.messages: dict[str, FieldMessage] = {}
        form = QFormLayout()
        for key, label, value in (
                ("keep_daily", "Keep the newest backup of each of the last &days",
                 policy.keep_daily),
                ("keep_weekly", "… and of each of the last w&eeks", policy.keep_weekly),
                ("keep_monthly", "… and of each of the last &months", policy.keep_monthly),
                ("warn_after_days", "&Warn when no backup has been made for (days)",
                 policy.warn_after_days)):
            spin = QSpinBox()
            low, high = backup_service.LIMITS[key]
            spin.setRange(low, high)
            spin.setValue(value)
            spin.setAccessibleName(label.replace("&", "").replace("… ", ""))
            self.spins[key] = spin
            self.messages[key] = add_field_row(form, label, spin)
        self.second = QLineEdit(policy.second_folder)
        self.second.setAccessibleName("Second backup folder")
        self.second.setPlaceholderText("e.g. a USB disk or a network share; blank for none")
        browse = QPushButton("Choose…")
        browse.setAccessibleName("Choose the second backup folder")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.second, 1)
        row.addWidget(browse)
        holder = QWidget()
        holder.setLayout(row)
        self.messages["second_folder"] = add_field_row(form, "&Second folder", holder)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Second backup folder",
                                                  self.second.text())
        if folder:
            self.second.setText(folder)

    def _show_problems(self, problems: dict[str, str]) -> None:
        for key, message in self.messages.items():
            message.show_message(problems.get(key))

    def save(self) -> bool:
        policy = BackupPolicy(**{k: s.value() for k, s in self.spins.items()},
                              second_folder=self.second.text().strip())
        if self.context.run_form(self, "Backup settings", self._show_problems,
                                 backup_service.save_policy, policy) is None:
            return False
        self.accept()
        return True


def backup_warning(context: DeskContext) -> str:
    """The status bar's warning when backups have stopped, when backups look future-dated,
    and when the second backup folder is not there ('' when all is well). Backups are files
    stamped by this computer's clock, so they are judged by it, not by the desk's day."""
    database = _database_file(context)
    if database is None:
        return ""
    found = backup_schedule.health(backup_service.backups_folder(database), utc_now())
    policy = context.call_unsigned(backup_service.read_policy)
    warnings = []
    if found.days_without is None:
        warnings.append("⚠ No backup of this database has been made yet.")
    elif found.days_without > policy.warn_after_days:
        warnings.append(f"⚠ No backup for {counted(found.days_without, 'day')}: a manager can "
                        "use "
                        "Desk > Back up now.")
    if found.future:
        warnings.append("⚠ " + backup_schedule.future_dated_words(found.future))
    if policy.second_folder and not Path(policy.second_folder).is_dir():
        warnings.append(f"⚠ The second backup folder {policy.second_folder} is not there (is "
                        "the disk plugged in?): backups are not being copied to it.")
    return " ".join(warnings)


def take_automatic_backup(db: Database, actor: Actor, database: Path, *, once_a_day: bool,
                          progress: sqlite_files.Progress | None = None) -> BackupFile | None:
    """The app's own backup (on opening if none was taken today; on closing), run off the
    window's thread. A failure is reported by the warning, never by stopping the desk."""
    if once_a_day and not backup_schedule.backup_due(backup_service.backups_folder(database),
                                                     utc_now()):
        return None
    try:
        return backup_service.take_backup(db, actor, database, automatic=True,
                                          progress=progress)
    except (DomainError, OSError):
        return None


def automatic_backup(context: DeskContext, *, once_a_day: bool,
                     parent: QWidget | None = None) -> BackupFile | None:
    """take_automatic_backup() for the window, which waits for it: on closing, with a
    progress bar over parent if it takes more than a moment."""
    database = _database_file(context)
    if database is None:
        return None
    task = run_and_wait(context, parent, "Closing backup", take_automatic_backup, database,
                        once_a_day=once_a_day, text="Taking the closing backup…",
                        cancellable=False, quiet=parent is None)
    return task.result.value if task.result is not None else None


def offer_restore(parent: QWidget | None, context: DeskContext, problems: list[str]) -> None:
    """A damaged file, found by the quick check on opening (opening_checks.py), said plainly,
    with the newest good backup offered."""
    database = _database_file(context)
    if database is None:
        return
    good = backup_service.newest_sound_backup(database)
    text = (f"The database file {database} is damaged (SQLite reports: "
            f"{'; '.join(problems[:2])}). ")
    if good is None:
        dialogs.show_error(parent, "The database is damaged", text + "There is no good "
                           "backup in the backups folder: ask IT before anything else.")
        return
    if dialogs.confirm(parent, "The database is damaged", text + "Restore the newest good "
                       f"backup, from {backup_service.timestamp_words(good.taken_at)}?",
                       "Restore"):
        restore_backup(parent, context, good.path)
