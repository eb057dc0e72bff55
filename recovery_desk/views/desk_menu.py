"""The Desk menu: locking and switching staff, one's own password, and the manager's tools
(staff accounts, the audit trail, records past retention, backups). Each action is shown only
to roles that may use it, and none is usable while the desk is locked."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow

from recovery_desk.access import Permission
from recovery_desk.views import backup_dialogs
from recovery_desk.views.account_dialogs import ChangePasswordDialog
from recovery_desk.views.context import DeskContext


class DeskWindow(QMainWindow):
    """What the menu needs of the main window (which imports this module)."""

    context: DeskContext

    def lock(self, *, idle: bool) -> None:
        raise NotImplementedError

    def show_backup_warning(self) -> None:
        raise NotImplementedError


class DeskMenu:
    def __init__(self, window: DeskWindow) -> None:
        self.window = window
        menu = window.menuBar().addMenu("&Desk")
        self._needs: dict[QAction, Permission | None] = {}

        def add(text: str, handler: Callable[[], object], needs: Permission | None = None,
                keys: str | None = None) -> QAction:
            action = menu.addAction(text, handler)
            if keys:
                action.setShortcut(QKeySequence(keys))
            self._needs[action] = needs
            return action

        self.lock = add("&Lock now", lambda: window.lock(idle=False), keys="Ctrl+L")
        self.switch = add("S&witch staff member…", lambda: window.lock(idle=False))
        self.password = add("&Change my password…", self.change_password)
        menu.addSeparator()
        self.staff = add("S&taff accounts…", self.staff_accounts, Permission.MANAGE_STAFF)
        self.audit = add("&Audit trail…", self.audit_trail, Permission.VIEW_AUDIT)
        self.retention = add("Records past &retention…", self.retention_review,
                             Permission.RETENTION)
        menu.addSeparator()
        self.back_up = add("&Back up now", self.back_up_now, Permission.BACKUPS)
        self.restore = add("&Restore from a backup…", self.restore_backup, Permission.BACKUPS)
        self.backup_settings = add("Backup &settings…", self.edit_backup_settings,
                                   Permission.BACKUPS)
        menu.addSeparator()
        menu.addAction("&Quit", QKeySequence.StandardKey.Quit, window.close)

    def update(self, *, locked: bool) -> None:
        context = self.window.context
        for action, needs in self._needs.items():
            allowed = needs is None or context.can(needs)
            if action in (self.back_up, self.restore, self.backup_settings):
                allowed = allowed and context.db.is_sqlite
            action.setVisible(allowed)
            action.setEnabled(not locked)

    # ------------------------------------------------------------ handlers
    def change_password(self) -> None:
        ChangePasswordDialog(self.window, self.window.context, required=False).exec()

    def staff_accounts(self) -> None:
        from recovery_desk.views.staff_dialog import StaffDialog

        StaffDialog(self.window, self.window.context).exec()

    def audit_trail(self) -> None:
        from recovery_desk.views.audit_dialog import AuditDialog

        AuditDialog(self.window, self.window.context).exec()

    def retention_review(self) -> None:
        from recovery_desk.views.retention_dialog import RetentionDialog

        RetentionDialog(self.window, self.window.context).exec()

    def back_up_now(self) -> None:
        backup_dialogs.back_up_now(self.window, self.window.context)
        self.window.show_backup_warning()

    def restore_backup(self) -> None:
        backup_dialogs.restore_backup(self.window, self.window.context)
        self.window.show_backup_warning()

    def edit_backup_settings(self) -> None:
        backup_dialogs.BackupSettingsDialog(self.window, self.window.context).exec()
        self.window.show_backup_warning()
