"""The Desk menu: finding anyone (Ctrl+F, from every tab), the Messages window, locking and
switching staff, one's own password, and the manager's tools
(staff accounts, the audit trail, records past retention, importing from spreadsheets and
exporting everything, backups); and the Help menu (the
keyboard shortcuts, F1, and what this copy is and where its files are). Each action is shown only
to roles that may use it, and none is usable while the desk is locked."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from PySide6.QtGui import QAction, QKeySequence

from recovery_desk.access import Permission
from recovery_desk.views.frame.context import DeskContext
from recovery_desk.views.manager import backup_dialogs
from recovery_desk.views.manager.account_dialogs import ChangePasswordDialog
from recovery_desk.views.shell.desk_window import DeskWindow


class DeskMenu:
    def __init__(self, window: DeskWindow, context: DeskContext) -> None:
        """Made once the window has its context (MainWindow.attach)."""
        self.window, self.context = window, context
        menu = window.menuBar().addMenu("&Desk")
        self._needs: dict[QAction, Permission | None] = {}

        def add(text: str, handler: Callable[[], object], needs: Permission | None = None,
                keys: str | None = None) -> QAction:
            action = menu.addAction(text, handler)
            if keys:
                action.setShortcut(QKeySequence(keys))
            self._needs[action] = needs
            return action

        self.find = add("&Find a person…", self.find_person, Permission.FIND_PEOPLE, "Ctrl+F")
        self.messages = add("&Messages…", self.show_messages, Permission.SEND_MESSAGES)
        self.messages_setup = add("Texts and emails set-&up…", self.set_up_messages,
                                  Permission.SET_UP_MESSAGES)
        menu.addSeparator()
        self.lock = add("&Lock now", lambda: window.lock(idle=False), keys="Ctrl+L")
        self.switch = add("S&witch staff member…", lambda: window.lock(idle=False))
        self.password = add("&Change my password…", self.change_password)
        menu.addSeparator()
        self.staff = add("S&taff accounts…", self.staff_accounts, Permission.MANAGE_STAFF)
        self.audit = add("&Audit trail…", self.audit_trail, Permission.VIEW_AUDIT)
        self.retention = add("Records past &retention…", self.retention_review,
                             Permission.RETENTION)
        self.import_ = add("&Import from a spreadsheet…", self.import_records,
                           Permission.MOVE_RECORDS)
        self.export_all = add("E&xport everything…", self.export_everything,
                              Permission.MOVE_RECORDS)
        menu.addSeparator()
        self.back_up = add("&Back up now", self.back_up_now, Permission.BACKUPS)
        self.restore = add("&Restore from a backup…", self.restore_backup, Permission.BACKUPS)
        self.backup_settings = add("Backup &settings…", self.edit_backup_settings,
                                   Permission.BACKUPS)
        self.encrypt = add("&Encrypt the database…", self.encrypt_database,
                           Permission.MANAGE_STAFF)
        menu.addSeparator()
        menu.addAction("&Quit", QKeySequence.StandardKey.Quit, window.close)
        help_menu = window.menuBar().addMenu("&Help")
        self.shortcuts = help_menu.addAction("&Keyboard shortcuts…", self.show_shortcuts)
        self.shortcuts.setShortcut(QKeySequence.StandardKey.HelpContents)  # F1
        self.about = help_menu.addAction("&About Recovery Desk…", self.show_about)

    def update(self, *, locked: bool) -> None:
        context = self.context
        for action, needs in self._needs.items():
            allowed = needs is None or context.can(needs)
            if action in (self.back_up, self.restore, self.backup_settings):
                allowed = allowed and context.db.is_sqlite
            if action is self.encrypt:  # offered while a desk's own file is plain
                allowed = allowed and context.db.is_sqlite and context.db.key is None
            action.setVisible(allowed)
            action.setEnabled(not locked)
            action.setProperty("locked", locked)

    # ------------------------------------------------------------ handlers
    def show_shortcuts(self) -> None:
        from recovery_desk.views.shell.shortcuts_dialog import (
            EVERYWHERE,
            ShortcutsDialog,
            window_keys,
        )
        from recovery_desk.views.timetable import timetable_tab

        sections = [("Anywhere in the window", window_keys(self.window,
                                                         self.window.shown_tab_titles())),
                    ("In forms, lists and tables", list(EVERYWHERE))]
        if "Timetable" in self.window.shown_tab_titles():
            sections.append(("On the Timetable tab", [
                (QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText), what)
                for keys, what in timetable_tab.SHORTCUTS]))
        ShortcutsDialog(self.window, sections).exec()

    def find_person(self) -> None:
        from recovery_desk.views.intake.find_person_dialog import find_person

        if find_person(self.window, self.context).wants_new:
            self.window.show_new_person()

    def show_about(self) -> None:
        from recovery_desk import __version__, config
        from recovery_desk.views.widgets import dialogs
        context = self.context
        dialogs.show_info(self.window, "About Recovery Desk", (
            f"Recovery Desk {__version__}\n\nDatabase: {context.location}\n"
            f"Log files: {config.log_dir()}\n\nSigned in as {context.actor.name} "
            f"({context.actor.role.value})."))

    def show_messages(self) -> None:
        from recovery_desk.views.messages.messages_dialog import MessagesDialog

        MessagesDialog(self.window, self.context).exec()

    def set_up_messages(self) -> None:
        from recovery_desk.views.messages.setup_dialog import SetupDialog

        SetupDialog(self.window, self.context).exec()

    def change_password(self) -> None:
        ChangePasswordDialog(self.window, self.context, required=False).exec()

    def staff_accounts(self) -> None:
        from recovery_desk.views.manager.staff_dialog import StaffDialog

        StaffDialog(self.window, self.context).exec()

    def audit_trail(self) -> None:
        from recovery_desk.views.manager.audit_dialog import AuditDialog

        AuditDialog(self.window, self.context).exec()

    def retention_review(self) -> None:
        from recovery_desk.views.manager.retention_dialog import RetentionDialog

        RetentionDialog(self.window, self.context).exec()

    def import_records(self) -> None:
        from recovery_desk.views.manager.import_wizard import ImportWizard

        ImportWizard(self.window, self.context).exec()

    def export_everything(self) -> None:
        from recovery_desk.views.manager.export_everything import export_everything

        export_everything(self.window, self.context)

    def back_up_now(self) -> None:
        with _while_running(self.back_up, self.restore):
            backup_dialogs.back_up_now(self.window, self.context)
        self.window.show_backup_warning()

    def restore_backup(self) -> None:
        with _while_running(self.back_up, self.restore):
            backup_dialogs.restore_backup(self.window, self.context)
        self.window.show_backup_warning()

    def encrypt_database(self) -> None:
        from recovery_desk.views.manager.encrypt_dialog import offer_encryption

        with _while_running(self.back_up, self.restore, self.encrypt):
            if offer_encryption(self.window, self.context):
                self.update(locked=False)

    def edit_backup_settings(self) -> None:
        backup_dialogs.BackupSettingsDialog(self.window, self.context).exec()
        self.window.show_backup_warning()


@contextmanager
def _while_running(*actions: QAction) -> Iterator[None]:
    """The actions are off while one of them runs: the window's events are handled while a
    backup is made, and a second press of Back up now (before its progress dialog shows)
    would otherwise start a second backup beside the first."""
    before = [(action, action.isEnabled()) for action in actions]
    for action in actions:
        action.setEnabled(False)
    try:
        yield
    finally:
        for action, enabled in before:  # a lock meanwhile left them off: keep them so
            action.setEnabled(enabled and not action.property("locked"))
