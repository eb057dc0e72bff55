"""Starting the window: paint first, then open the database and fill the window in.

run_window() shows the main window at once (the tab bar, the tab the person left on, a line
saying the database is opening) without loading the data layer, and returns when the app quits.
Just after that first paint, open_and_fill() loads the data layer, opens the database (running
any migrations) and fills the window in. A database that cannot be used is explained in a
message, and the app quits with status 2. Used by __main__ (and by the self-test, for
application()).
"""

from __future__ import annotations

import gc
import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from recovery_desk.views.shell import start_probe
from recovery_desk.views.shell.main_window import MainWindow

if TYPE_CHECKING:
    from recovery_desk.domain.store.actor import Actor
    from recovery_desk.domain.store.database import Database

EXIT_CANNOT_START = 2
# If the window system never reports a paint (a window opened minimised, say), go on anyway.
FILL_WITHOUT_PAINT_MS = 1000
log = logging.getLogger("recovery_desk")


@dataclass(frozen=True)
class StartRequest:
    """What __main__ decided from the arguments: the database and the paths around it."""

    target: str
    """A database file path or an SQLAlchemy URL."""
    demo: bool
    catalogue: Path
    """The default catalogue a new database starts with."""
    log_dir: Path | None = None
    database_folder: Path | None = None


class StartError(Exception):
    """Start-up cannot go on; the message is ready to show."""


def application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)  # the desk's process makes no other kind
    app.setApplicationName("Recovery Desk")
    app.setOrganizationName("RecoveryDesk")
    return app


def run_window(request: StartRequest) -> int:
    """Show the window, fill it in after its first paint, and run until the app quits."""
    app = application()
    window = MainWindow(location=request.target)

    def first_paint() -> None:
        if start_probe.arrived(start_probe.FIRST_PAINT):
            return
        report_failures(request)
        if open_and_fill(window, request):
            # What starting made (modules, the models, the window) lives all day: keep the
            # collector, which was off while starting (see __main__), from ever scanning it,
            # so switching it back on costs nothing now and less at every collection later.
            gc.freeze()
        gc.enable()
        start_probe.watch_desk(window)

    after_first_paint(window, first_paint)
    window.show()
    code = app.exec()
    if window.context is not None:
        window.context.db.dispose()
    return code


def report_failures(request: StartRequest) -> None:
    """From now on, errors reaching the event loop are shown and logged (views/failure_report.py).
    Installed just after the first paint: the log's machinery is not worth making the window
    wait for, and nothing before the paint can fail but Qt itself."""
    from recovery_desk.logs import install_file_log
    from recovery_desk.views.shell import failure_report
    log_path = install_file_log(request.log_dir) if request.log_dir is not None else None
    failure_report.install(log_path, request.database_folder)


def after_first_paint(widget: QWidget, then: Callable[[], None]) -> None:
    """Call then() once, as soon as the widget's first frame is painted (or after
    FILL_WITHOUT_PAINT_MS, if no paint comes)."""
    watcher = _FirstPaint(widget, then)
    QTimer.singleShot(FILL_WITHOUT_PAINT_MS, watcher.go)


class _FirstPaint(QObject):
    def __init__(self, widget: QWidget, then: Callable[[], None]) -> None:
        super().__init__(widget)
        self._widget, self._then, self._done = widget, then, False
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self._done:
            # Queued, so the whole frame (the window's children too) is painted first.
            QTimer.singleShot(0, self.go)
        return False

    def go(self) -> None:
        if self._done:
            return
        self._done = True
        self._widget.removeEventFilter(self)
        self._then()


def open_and_fill(window: MainWindow, request: StartRequest) -> bool:
    """The database, then the window: open the database, then fill the window in. True if
    the window was filled in; otherwise the reason was shown and the app is quitting.
    open_desk() gives the database and the desk's own account; fill_window() asks who is
    at the desk."""
    try:
        db, actor, credentials = open_desk(request, window)
        try:
            fill_window(window, db, actor, request, credentials)
        except Exception:
            db.dispose()
            raise
    except StartError as error:
        fail_start(window, str(error))
        return False
    except Exception as error:
        fail_start(window, _unexpected(error, request))
        return False
    return True


def _unexpected(error: Exception, request: StartRequest) -> str:
    """The words for an error while filling the window in; logged (without SQL parameters)
    unless it is one the desk can understand."""
    from recovery_desk.logs import format_failure
    from recovery_desk.views.frame.failure_words import explain

    explained = explain(error, request.database_folder)
    if explained is not None:
        return explained
    log.error("the window could not be filled in\n%s",
              format_failure(type(error), error, error.__traceback__))
    where = f" The details are in the log file in {request.log_dir}." if request.log_dir else ""
    return f"Recovery Desk could not start.{where} Tell IT what happened."


Opened = tuple[str, str, bool]
"""Who opened an encrypted database: user name, password (or recovery code), and whether it
was the recovery code."""


def open_desk(request: StartRequest,
              window: QWidget | None = None) -> tuple[Database, Actor, Opened | None]:
    """Load the data layer and open the database: migrated, with the desk account (and, for
    the demo, the fictitious service). An encrypted database is signed in to first
    (unlock_dialog.py), and the name and password that opened it are returned to sign in
    with. Raises StartError with the reason it cannot."""
    from recovery_desk.domain.operations.setup import CannotOpenError, open_for_desk
    from recovery_desk.domain.store.database import sqlite_path
    from recovery_desk.domain.store.key_slots import is_encrypted_desk
    from recovery_desk.views.shell.unlock_dialog import UnlockDialog

    path, key, credentials = sqlite_path(request.target), None, None
    if path is not None and is_encrypted_desk(path):
        dialog = UnlockDialog(window, path)
        if dialog.exec() != UnlockDialog.DialogCode.Accepted or dialog.key is None:
            raise StartError("Nobody signed in, so the encrypted database stayed closed.")
        key = dialog.key
        credentials = (dialog.username.text(), dialog.password.text(), dialog.recovering)
    try:
        db, actor = open_for_desk(request.target, request.catalogue, today=date.today(),
                                  demo=request.demo, folder=request.database_folder, key=key)
    except CannotOpenError as error:
        raise StartError(str(error)) from error
    return db, actor, credentials


def fill_window(window: MainWindow, db: Database, actor: Actor, request: StartRequest,
                credentials: Opened | None = None) -> None:
    """Give the window its application context and say who is at the desk: the demo opens as
    its manager; a new database asks for its first manager; otherwise the sign-in page shows.
    Then the day's first backup and the watch for midnight."""
    from recovery_desk.domain.operations.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
    from recovery_desk.domain.operations.setup import database_is_demo
    from recovery_desk.domain.staff import accounts
    from recovery_desk.views.frame.context import DeskContext
    from recovery_desk.views.manager.account_dialogs import FirstManagerDialog

    context = DeskContext(db, actor, demo=database_is_demo(db), location=request.target,
                          parent=window)
    signed_in, opened_by = False, None
    if context.demo:
        # The demo opens as its manager; the sign-in page offers the other roles' accounts.
        context.set_actor(accounts.sign_in(db, DEMO_ACCOUNTS[0][0], DEMO_PASSWORD,
                                           window.workstation).actor)
        signed_in = True
    elif credentials is not None and not credentials[2]:
        # The password that opened the encrypted database signs in inside it too, as the
        # sign-in page would (a temporary password is changed first).
        try:
            opened_by = accounts.sign_in(db, *credentials[:2], window.workstation)
        except accounts.SignInError as error:
            raise StartError(str(error)) from error
    elif accounts.needs_first_manager(db):
        first = FirstManagerDialog(window, context, window.workstation)
        if first.exec() != FirstManagerDialog.DialogCode.Accepted or first.signed_in is None:
            raise StartError("No manager account was made, so nobody can sign in. Start "
                             "Recovery Desk again to make the first manager's account.")
        context.set_actor(first.signed_in)
        signed_in = True
        if context.db.path is not None:
            # A real database is encrypted from its first manager on.
            from recovery_desk.views.manager.encrypt_dialog import encrypt_now

            if encrypt_now(window, context, first.password.text(),
                           recovery_code=first.code) is None:
                raise StartError("The manager's account was made, but the database could "
                                 "not be encrypted: start Recovery Desk again, sign in, and "
                                 "choose Desk > Encrypt the database.")
    window.attach(context, signed_in=signed_in)
    if opened_by is not None:
        window.sign_in_page.signed_in.emit(opened_by)
    elif credentials is not None:  # opened with the recovery code: a new password now
        window.recover(*credentials[:2])
    window.backups_on_close = True
    window.after_open()
    context.watch_the_day()
    context.watch_other_desks()


def fail_start(window: QWidget | None, message: str) -> None:
    """Say why start-up stopped (stderr and a message box), then quit with status 2."""
    print(f"recovery-desk: {message}", file=sys.stderr)
    if isinstance(window, MainWindow):
        window.set_waiting("Recovery Desk could not start.")
    show_start_error(message, window)
    QApplication.exit(EXIT_CANNOT_START)


def show_start_error(message: str, parent: QWidget | None = None) -> None:
    from recovery_desk.views.widgets import dialogs
    application()
    dialogs.show_error(parent, "Recovery Desk cannot start", message)
