"""Starting the window: the QApplication, the application context and main window, failure
reporting, and the message shown if start-up fails."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from recovery_desk.domain.database import Database
from recovery_desk.domain.setup import database_is_demo
from recovery_desk.domain.staff import Actor


def application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Recovery Desk")
    app.setOrganizationName("RecoveryDesk")
    return app  # type: ignore[return-value]


def run_window(db: Database, actor: Actor, location: str, log_path: Path | None = None,
               database_folder: Path | None = None) -> int:
    from recovery_desk.views import failure_report
    from recovery_desk.views.context import DeskContext
    from recovery_desk.views.main_window import MainWindow

    app = application()
    failure_report.install(log_path, database_folder)
    context = DeskContext(db, actor, demo=database_is_demo(db), location=location)
    context.watch_the_day()
    window = MainWindow(context)
    window.backups_on_close = True
    window.show()
    window.after_open()
    return app.exec()


def show_start_error(message: str) -> None:
    from recovery_desk.views import dialogs

    application()
    dialogs.show_error(None, "Recovery Desk cannot start", message)
