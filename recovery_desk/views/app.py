"""Starting the window: the QApplication, failure reporting, the application context, signing
in (the first manager of a new database, the demo's manager, or the sign-in page), and the
message shown if start-up fails."""

from __future__ import annotations

import socket
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QDialog

from recovery_desk.domain.database import Database
from recovery_desk.domain.setup import database_is_demo
from recovery_desk.domain.staff import Actor


def application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Recovery Desk")
    app.setOrganizationName("RecoveryDesk")
    return app  # type: ignore[return-value]


def run_window(db: Database, system: Actor, location: str, log_path: Path | None = None,
               database_folder: Path | None = None) -> int:
    from recovery_desk.domain import accounts
    from recovery_desk.domain.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
    from recovery_desk.views import failure_report
    from recovery_desk.views.account_dialogs import FirstManagerDialog
    from recovery_desk.views.context import DeskContext
    from recovery_desk.views.main_window import MainWindow

    app = application()
    failure_report.install(log_path, database_folder)
    workstation = socket.gethostname()
    context = DeskContext(db, system, demo=database_is_demo(db), location=location)
    signed_in = False
    if context.demo:
        # The demo opens as its manager; the sign-in page offers the other roles' accounts.
        context.set_actor(accounts.sign_in(db, DEMO_ACCOUNTS[0][0], DEMO_PASSWORD,
                                           workstation).actor)
        signed_in = True
    elif accounts.needs_first_manager(db):
        first = FirstManagerDialog(None, context, workstation)
        if first.exec() != QDialog.DialogCode.Accepted or first.signed_in is None:
            return 0
        context.set_actor(first.signed_in)
        signed_in = True
    context.watch_the_day()
    context.watch_other_desks()
    window = MainWindow(context, signed_in=signed_in, workstation=workstation)
    window.backups_on_close = True
    window.show()
    window.after_open()
    return app.exec()


def show_start_error(message: str) -> None:
    from recovery_desk.views import dialogs

    application()
    dialogs.show_error(None, "Recovery Desk cannot start", message)
