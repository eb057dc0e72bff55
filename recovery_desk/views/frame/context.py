"""The application context: the one object every tab and dialog is given.

It holds the database, the staff member acting now, the clock, and the change signals. The main
window owns it; nothing else keeps its own copy, so a change of staff member (sign-in, a switch,
the idle lock) or of day (a desk left open past midnight) reaches every screen at once.

The change signals fire for this desk's own changes (the view that made one emits it) and for
other desks' (another window, process or PC): watch_other_desks() polls the database's change
feed (domain/changes.py) twice a second, so other desks' bookings show within a second or so.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QObject, QTimer, Signal

from recovery_desk.access import Permission
from recovery_desk.domain.store.actor import Actor
from recovery_desk.domain.store.changes import CATALOGUE, CLOSURES, PEOPLE, ChangeFeed
from recovery_desk.domain.store.database import Database

DAY_CHECK_MS = 30_000
OTHER_DESKS_MS = 500
log = logging.getLogger(__name__)


class DeskContext(QObject):
    catalogue_changed = Signal()
    people_changed = Signal()
    """Places, referrals, registers, waiting lists: anything about service users."""
    closures_changed = Signal()
    staff_changed = Signal()
    """A different member of staff is acting (or nobody, while the desk is locked)."""
    day_changed = Signal()

    def __init__(self, db: Database, actor: Actor, *, demo: bool = False, location: str = "",
                 clock: Callable[[], date] = date.today, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db, self.demo, self.location = db, demo, location
        self._actor = actor
        self._clock = clock
        self._day = clock()
        self._day_timer = QTimer(self)
        self._day_timer.setInterval(DAY_CHECK_MS)
        self._day_timer.timeout.connect(self.check_day)
        # Writes owed from a full disk (a sign-in, a lock) are made once space is freed,
        # whether or not anyone saves anything.
        self._day_timer.timeout.connect(lambda: self.db.settle_owed())
        self._feed: ChangeFeed | None = None
        self._desks_timer = QTimer(self)
        self._desks_timer.setInterval(OTHER_DESKS_MS)
        self._desks_timer.timeout.connect(self.check_other_desks)

    def replace_database(self, db: Database) -> None:
        """After a restore: every screen reads from the restored database."""
        watching = self._feed is not None
        self.stop_watching()
        self.db = db
        if watching:
            self.watch_other_desks()
        for signal in (self.catalogue_changed, self.people_changed, self.closures_changed):
            signal.emit()

    # ------------------------------------------------------------ other desks
    def watch_other_desks(self) -> None:
        """Reload screens when another desk changes something (the window does this)."""
        if self._feed is None:
            self._feed = self.db.watch_changes()
        if self._feed is not None:
            self._desks_timer.start()

    def check_other_desks(self) -> set[str]:
        """Emit the change signals for what other desks committed since the last look."""
        if self._feed is None:
            return set()
        try:
            kinds = self._feed.poll()
        except Exception:  # a lost database shows when the desk acts; never from a timer
            log.info("looking for other desks' changes failed", exc_info=True)
            return set()
        for kind, signal in ((CATALOGUE, self.catalogue_changed), (PEOPLE, self.people_changed),
                             (CLOSURES, self.closures_changed)):
            if kind in kinds:
                signal.emit()
        return kinds

    def stop_watching(self) -> None:
        self._desks_timer.stop()
        if self._feed is not None:
            self._feed.close()
            self._feed = None

    @property
    def actor(self) -> Actor:
        return self._actor

    def set_actor(self, actor: Actor) -> None:
        if actor != self._actor:
            self._actor = actor
            self.staff_changed.emit()

    def can(self, permission: Permission) -> bool:
        return self._actor.may(permission)

    def today(self) -> date:
        return self._day

    def watch_the_day(self) -> None:
        """Start noticing midnight (the window does this; tests call check_day directly)."""
        self._day_timer.start()

    def check_day(self) -> bool:
        """Move to the clock's day if it has changed; True if it did."""
        day = self._clock()
        if day == self._day:
            return False
        self._day = day
        self.day_changed.emit()
        return True
