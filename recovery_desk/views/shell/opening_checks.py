"""The checks on opening, off the window's thread (views/frame/background.py): SQLite's quick
check of the database file, then the day's first backup. On years of records these take
seconds (a quick check reads the whole file, a backup copies and checks it), so the desk is
usable while they run; when they finish, back on the window's thread, a damaged file is said
plainly with the newest good backup offered, and the status bar's backup warning is brought up
to date.

Used by main_window.py (after_open, and closeEvent, which waits for them before the closing
backup)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from recovery_desk.domain.operations import backup_service
from recovery_desk.views.frame.background import BackgroundTask, run_in_background
from recovery_desk.views.manager import backup_dialogs

log = logging.getLogger("recovery_desk")

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from PySide6.QtWidgets import QWidget

    from recovery_desk.domain.store.actor import Actor
    from recovery_desk.domain.store.database import Database
    from recovery_desk.views.frame.context import DeskContext, Done


def check_and_back_up(db: Database, actor: Actor, database: Path) -> list[str]:
    """What SQLite's quick check found ([] when sound), and the day's first backup if the file
    is sound. A failure is logged, never shown: nobody asked for these, and the backup warning
    says what matters."""
    try:
        problems = backup_service.quick_check(database)
        if not problems:
            backup_dialogs.take_automatic_backup(db, actor, database, once_a_day=True)
        return problems
    except Exception:  # logged with its traceback; the desk carries on
        log.exception("the checks on opening failed")
        return []


class OpeningChecks(QObject):
    def __init__(self, window: QWidget, context: DeskContext,
                 then: Callable[[], None]) -> None:
        """then: called on the window's thread once the results are acted on."""
        super().__init__(window)
        self.window, self.context, self._then = window, context, then
        self.handled = False
        """True once the results have been acted on, on the window's thread."""
        self.task: BackgroundTask | None = None

    def start(self) -> None:
        database = self.context.db.path if self.context.db.is_sqlite else None
        if database is None:  # a server's own backups and checks are IT's (README)
            self._act([])
            return
        self.task = run_in_background(self.context, self.window, "Opening checks",
                                      check_and_back_up, database, quiet=True,
                                      on_done=self._done)

    def wait(self, seconds: float | None = None) -> None:
        """Until the work off the window's thread is done (the results may still be queued)."""
        if self.task is not None:
            self.task.wait(seconds)

    def _done(self, done: Done[list[str]]) -> None:
        self._act(done.value)

    def _act(self, problems: list[str]) -> None:
        self.handled = True
        if problems:
            backup_dialogs.offer_restore(self.window, self.context, problems)
        self._then()
