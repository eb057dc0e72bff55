"""The application context: the one object every tab and dialog is given.

It holds the database, the staff member acting now, the clock, and the announcements of what
changed. The main window owns it; nothing else keeps its own copy, so a change of staff member
(sign-in, a switch, the idle lock) or of day (a desk left open past midnight) reaches every
screen at once.

Every change made from the window goes one way: a view asks run() to call a domain service; the
context supplies the database, the staff member and (where the service takes it) the day, shows
a refusal or a database failure in words, and announces what the commit touched. `announced`
carries the kinds of change (catalogue, people, closures) from this desk's own commits (the
database tells the context after each commit) and from other desks' (another window, process
or PC), which watch_other_desks() reads from the database's change feed twice a second. Screens
reload from announcements only; no view says "something changed" itself.
"""

from __future__ import annotations

import functools
import inspect
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Concatenate, Generic, ParamSpec, TypeVar, overload

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget
from sqlalchemy.exc import SQLAlchemyError

from recovery_desk.access import Permission
from recovery_desk.domain.store.actor import Actor
from recovery_desk.domain.store.changes import KINDS, ChangeFeed
from recovery_desk.domain.store.database import Database
from recovery_desk.domain.store.errors import DomainError, InvalidDetailsError
from recovery_desk.logs import kind_only
from recovery_desk.logs import log as failure_log
from recovery_desk.views.frame.failure_words import explain
from recovery_desk.views.widgets import dialogs

DAY_CHECK_MS = 30_000
OTHER_DESKS_MS = 500
log = logging.getLogger(__name__)
P = ParamSpec("P")
T = TypeVar("T")
A = TypeVar("A")
B = TypeVar("B")
C = TypeVar("C")
ALL_KINDS = frozenset(KINDS)
FORM = ""
"""run_unsigned()'s key for a refusal about the form as a whole, not one of its fields."""


@functools.cache
@functools.lru_cache(maxsize=256)  # bounded: run_unsigned() makes a new function each time
def takes(service: Callable[..., object], name: str) -> bool:
    """Whether service has a parameter of that name (`today`, `progress`)."""
    return name in inspect.signature(service).parameters


@dataclass(frozen=True)
class Done(Generic[T]):
    """What a service returned, when it did not refuse."""

    value: T


class DeskContext(QObject):
    announced = Signal(frozenset)
    """The kinds of change committed (domain.store.changes: catalogue; people, meaning places,
    referrals, registers, waiting lists, anything about service users; closures), by this desk
    or another."""
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
        self._own: list[frozenset[str]] = []
        """This desk's commits not yet announced, oldest first."""
        self._own_lock = threading.Lock()
        """A background task (views/frame/background.py) commits on its own thread."""
        db.add_commit_listener(self._note_commit)

    def replace_database(self, db: Database) -> None:
        """After a restore: every screen reads from the restored database."""
        watching = self._feed is not None
        self.stop_watching()
        self.db = db
        db.add_commit_listener(self._note_commit)
        if watching:
            self.watch_other_desks()
        self.announce(ALL_KINDS)

    # ------------------------------------------------------------ the operation path
    # The first overloads of run() and run_form() are a service that takes `today` last,
    # given up to three arguments before it: the context gives the day, so the view leaves it
    # out (a parameter list cannot be typed as "the service's, less today").
    @overload
    def run(self, parent: QWidget | None, title: str,
            service: Callable[[Database, Actor, date], T]) -> Done[T] | None: ...
    @overload
    def run(self, parent: QWidget | None, title: str,
            service: Callable[[Database, Actor, A, date], T], a: A, /) -> Done[T] | None: ...
    @overload
    def run(self, parent: QWidget | None, title: str,
            service: Callable[[Database, Actor, A, B, date], T], a: A, b: B,
            /) -> Done[T] | None: ...
    @overload
    def run(self, parent: QWidget | None, title: str,
            service: Callable[[Database, Actor, A, B, C, date], T], a: A, b: B, c: C,
            /) -> Done[T] | None: ...
    @overload
    def run(self, parent: QWidget | None, title: str,
            service: Callable[Concatenate[Database, Actor, P], T],
            *args: P.args, **kwargs: P.kwargs) -> Done[T] | None: ...

    def run(self, parent: QWidget | None, title: str, service: Callable[..., T],
            *args: Any, **kwargs: Any) -> Done[T] | None:
        """Call service(db, actor, *args, **kwargs) for a view; Done(value), or None after
        showing why not (titled `title`, over `parent`). A service that takes `today` is given
        the desk's day unless the view names another.

        A DomainError and a database or file failure are shown in words; the transaction the
        service opened has already rolled back, so nothing is undone by hand. What the commit
        touched is announced to this desk's screens before run() returns. Anything else is a
        fault: it goes on to the window's failure hook (logged with its traceback).
        """
        return self._call(parent, title, None, service, args, kwargs)

    @overload
    def run_form(self, parent: QWidget | None, title: str,
                 show_problems: Callable[[dict[str, str]], None],
                 service: Callable[[Database, Actor, A, date], T],
                 a: A, /) -> Done[T] | None: ...
    @overload
    def run_form(self, parent: QWidget | None, title: str,
                 show_problems: Callable[[dict[str, str]], None],
                 service: Callable[Concatenate[Database, Actor, P], T],
                 *args: P.args, **kwargs: P.kwargs) -> Done[T] | None: ...

    def run_form(self, parent: QWidget | None, title: str,
                 show_problems: Callable[[dict[str, str]], None], service: Callable[..., T],
                 *args: Any, **kwargs: Any) -> Done[T] | None:
        """run() for a form: problems with its fields (InvalidDetailsError) go to
        show_problems, to be shown beside the fields; after a save it is given {} to clear
        them."""
        done = self._call(parent, title, show_problems, service, args, kwargs)
        if done is not None:
            show_problems({})
        return done

    def run_unsigned(self, parent: QWidget | None, title: str,
                     show_problems: Callable[[dict[str, str]], None],
                     service: Callable[Concatenate[Database, P], T],
                     *args: P.args, **kwargs: P.kwargs) -> Done[T] | None:
        """run_form() for a form whose service takes the database but no staff member,
        because nobody is signed in yet or the service signs someone in (signing in, a first
        manager, a recovery code). Such a form says a refusal in place: one about a field
        goes to show_problems under its field's key, any other under FORM (''); a database
        or file failure is shown as run() shows it."""
        def unsigned(db: Database, _actor: Actor, *args: P.args, **kwargs: P.kwargs) -> T:
            try:
                return service(db, *args, **kwargs)
            except InvalidDetailsError:
                raise
            except DomainError as error:
                raise InvalidDetailsError({FORM: str(error)}) from error

        return self.run_form(parent, title, show_problems, unsigned, *args, **kwargs)

    def call(self, service: Callable[Concatenate[Database, Actor, P], T],
             *args: P.args, **kwargs: P.kwargs) -> T:
        """service(db, actor, *args, **kwargs) with the desk's day where it takes `today`, and
        what it committed announced, for a view that handles a refusal itself (the booking flow
        turns a full group into a waiting-list join) and for reads made without a person asking
        (search as you type, following a record): a failure other than the one the view
        catches goes to the window's failure hook instead of a message per keystroke."""
        return self._invoke(service, args, kwargs)

    def call_unsigned(self, service: Callable[Concatenate[Database, P], T],
                      *args: P.args, **kwargs: P.kwargs) -> T:
        """call() for a read that takes the database alone (a setting, the backup policy)."""
        return service(self.db, *args, **kwargs)

    def _call(self, parent: QWidget | None, title: str,
              show_problems: Callable[[dict[str, str]], None] | None,
              service: Callable[..., T], args: tuple[object, ...],
              kwargs: dict[str, object]) -> Done[T] | None:
        try:
            value = self._invoke(service, args, kwargs)
        except (DomainError, OSError, SQLAlchemyError) as error:
            if show_problems is not None and isinstance(error, InvalidDetailsError):
                show_problems(error.problems)
                return None
            if not self.show_failure(parent, title, error):
                raise
            return None
        return Done(value)

    def with_day(self, service: Callable[..., object],
                 kwargs: dict[str, object]) -> dict[str, object]:
        """kwargs with the desk's day as `today` where the service takes one and the view
        named none: the one place the window's services get their day."""
        if "today" not in kwargs and takes(service, "today"):
            return {**kwargs, "today": self._day}
        return kwargs

    def _invoke(self, service: Callable[..., T], args: tuple[object, ...],
                kwargs: dict[str, object]) -> T:
        """service(db, actor, ...) with the day supplied, then what it committed announced
        (refused or not: a refusal commits nothing, so nothing is announced then)."""
        kwargs = self.with_day(service, kwargs)
        since = len(self._own)
        try:
            return service(self.db, self._actor, *args, **kwargs)
        finally:
            self._announce_since(since)

    def show_failure(self, parent: QWidget | None, title: str, error: BaseException) -> bool:
        """Show a refusal or a database or file failure in words, as run() does; False (and
        nothing shown) for anything else, which is a fault for the window's failure hook."""
        if not isinstance(error, DomainError | OSError | SQLAlchemyError):
            return False
        words = explain(error, self._database_folder())
        if words is None:
            return False
        if not isinstance(error, DomainError):  # a failure IT may need to see, in a line
            failure_log.warning("shown to the desk: %s", kind_only(error))
        dialogs.show_error(parent, title, words)
        return True

    def announce(self, kinds: frozenset[str]) -> None:
        if kinds:
            self.announced.emit(frozenset(kinds))

    def flush_announcements(self) -> None:
        """Announce this desk's own commits made since the last announcement."""
        self._announce_since(0)

    def _announce_since(self, since: int) -> None:
        """Announce the commits made since the since'th: those of the service just run, not
        earlier ones (they wait for the next look at other desks), so a screen's read never
        sets that screen reloading inside its own load."""
        with self._own_lock:
            made = self._own[since:]
            del self._own[since:]
        self.announce(frozenset().union(*made))

    def _note_commit(self, kinds: frozenset[str]) -> None:
        with self._own_lock:
            self._own.append(kinds)

    def _database_folder(self) -> Path | None:
        path = self.db.path
        return path.parent if path is not None else None

    # ------------------------------------------------------------ other desks
    def watch_other_desks(self) -> None:
        """Reload screens when another desk changes something (the window does this)."""
        if self._feed is None:
            self._feed = self.db.watch_changes()
        if self._feed is not None:
            self._desks_timer.start()

    def check_other_desks(self) -> set[str]:
        """Announce what other desks committed since the last look (and any of this desk's
        own commits made outside run(), such as the opening checks' sweep)."""
        kinds: set[str] = set()
        if self._feed is not None:
            try:
                kinds = self._feed.poll()
            except Exception:  # a lost database shows when the desk acts; never from a timer
                log.info("looking for other desks' changes failed", exc_info=True)
        with self._own_lock:
            own, self._own = self._own, []
        self.announce(frozenset(kinds).union(*own))
        return kinds

    @property
    def watching_other_desks(self) -> bool:
        return self._feed is not None

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
