"""Starting the window: the QApplication, the main window, and the error shown if start-up fails."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication

from recovery_desk.domain.database import Database
from recovery_desk.domain.setup import database_is_demo
from recovery_desk.domain.staff import Actor


def application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Recovery Desk")
    app.setOrganizationName("RecoveryDesk")
    return app  # type: ignore[return-value]


def run_window(db: Database, actor: Actor, location: str) -> int:
    from recovery_desk.views.main_window import MainWindow

    app = application()
    window = MainWindow(db, actor, location, database_is_demo(db))
    window.show()
    return app.exec()


def show_start_error(message: str) -> None:
    from recovery_desk.views import dialogs

    application()
    dialogs.show_error(None, "Recovery Desk cannot start", message)
