"""The checks on opening, off the window's thread: SQLite's quick check of the database file,
then the day's first backup. On years of records these take seconds (a quick check reads the
whole file, a backup copies and checks it), so the desk is usable while they run; when they
finish, back on the window's thread, a damaged file is said plainly with the newest good backup
offered, and the status bar's backup warning is brought up to date.

Used by main_window.py (after_open, and closeEvent, which waits for them before the closing
backup)."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from recovery_desk.domain.operations import backup_service
from recovery_desk.views.manager import backup_dialogs

log = logging.getLogger("recovery_desk")

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from PySide6.QtWidgets import QWidget

    from recovery_desk.views.frame.context import DeskContext


@dataclass(frozen=True)
class Found:
    problems: list[str]
    """What SQLite's quick check found ([] when sound)."""


class OpeningChecks(QObject):
    _finished = Signal(object)

    def __init__(self, window: QWidget, context: DeskContext,
                 then: Callable[[], None]) -> None:
        """then: called on the window's thread once the results are acted on."""
        super().__init__(window)
        self.window, self.context, self._then = window, context, then
        self.handled = False
        """True once the results have been acted on, on the window's thread."""
        self._thread: threading.Thread | None = None
        self._finished.connect(self._act)

    def start(self) -> None:
        database = self.context.db.path if self.context.db.is_sqlite else None
        if database is None:  # a server's own backups and checks are IT's (README)
            self._act(Found([]))
            return
        self._thread = threading.Thread(target=self._run, args=(database,),
                                        name="opening checks", daemon=True)
        self._thread.start()

    def wait(self, seconds: float | None = None) -> None:
        """Until the work off the window's thread is done (the results may still be queued)."""
        if self._thread is not None:
            self._thread.join(seconds)

    def _run(self, database: Path) -> None:
        problems: list[str] = []
        try:
            problems = backup_service.quick_check(database)
            if not problems:
                backup_dialogs.automatic_backup(self.context, once_a_day=True)
        except Exception:  # off the window's thread, nothing else would ever see it
            log.exception("the checks on opening failed")
        finally:
            # Always answered, so the backup warning is brought up to date whatever happened.
            self._finished.emit(Found(problems))

    def _act(self, found: Found) -> None:
        self.handled = True
        if found.problems:
            backup_dialogs.offer_restore(self.window, self.context, found.problems)
        self._then()
