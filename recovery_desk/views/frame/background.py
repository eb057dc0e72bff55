"""Long work off the window's thread: the one way the desk runs a service that takes seconds
(the checks on opening, a backup, a restore, a report) without freezing the window.

run_in_background() calls service(db, actor, *args) on a worker thread, as DeskContext.run()
would on the window's: the context supplies the database, the staff member and (where the
service takes it) the day. A service that takes `progress` is given a callback (the shape of
sqlite_files.Progress: done, total) that moves a progress dialog; Cancel makes the next call of
that callback raise Cancelled inside the service, so its unit of work rolls back and nothing is
committed. The outcome comes back on the window's thread: Done(value) to on_done, a refusal or
a database or file failure shown in words (DeskContext.show_failure), anything else raised
there for the window's failure hook; then what the work committed is announced.

run_and_wait() is the same for a person who asked and waits for the answer (Make report,
Back up now, Restore): it returns once the work is over, the window's events handled meanwhile.

Used by the opening checks (views/shell), the backup dialogs (views/manager) and the Reports
tab."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from recovery_desk.views.frame.context import DeskContext, Done, takes

PROGRESS_AFTER_MS = 400
"""Work quicker than this shows no progress dialog."""


class Cancelled(Exception):
    """The person pressed Cancel: raised inside the service from its progress callback."""


_RUNNING: set[_Worker] = set()
"""Every worker until its thread is over, so none is destroyed while it runs (Qt aborts)."""


class _Worker(QThread):
    def __init__(self, work: Callable[[], object]) -> None:
        super().__init__()
        self._work = work
        self.value: object = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.value = self._work()
        except BaseException as error:  # handed to the window's thread
            self.error = error


class BackgroundTask(QObject):
    """One service running off the window's thread; see the module docstring."""

    finished = Signal()
    """Emitted on the window's thread once the outcome has been acted on."""
    _moved = Signal(int, int)

    def __init__(self, context: DeskContext, parent: QWidget | None, title: str,
                 service: Callable[..., Any], args: tuple[object, ...],
                 kwargs: dict[str, object], *, on_done: Callable[[Done[Any]], None] | None,
                 cancellable: bool, text: str, quiet: bool) -> None:
        super().__init__(parent)
        self.context, self.parent_widget, self.title = context, parent, title
        self.on_done, self.cancellable = on_done, cancellable
        self.result: Done[Any] | None = None
        """Done(value) once the service has returned; None while it runs or if it did not."""
        self.cancelled = False
        """True if the work stopped at the person's Cancel (nothing it did was committed)."""
        self.is_finished = False
        self._cancel = threading.Event()
        kwargs = context.with_day(service, kwargs)
        if takes(service, "progress"):
            kwargs["progress"] = self._progress
        db, actor = context.db, context.actor
        self._worker = _Worker(lambda: service(db, actor, *args, **kwargs))
        self._worker.finished.connect(self._finish, Qt.ConnectionType.QueuedConnection)
        self.dialog: QProgressDialog | None = None
        if not quiet:
            self.dialog = QProgressDialog(text or f"{title}…", "Cancel" if cancellable else "",
                                          0, 0, parent)
            self.dialog.setWindowTitle(title)
            if not cancellable:
                self.dialog.setCancelButton(None)
            self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
            self.dialog.setMinimumDuration(PROGRESS_AFTER_MS)
            self.dialog.setAutoClose(False)
            self.dialog.setAutoReset(False)
            self.dialog.canceled.connect(self.cancel)
            self._moved.connect(self._show_progress)

    def start(self) -> BackgroundTask:
        _RUNNING.add(self._worker)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self._at_quit)
        self._worker.start()
        return self

    def _at_quit(self) -> None:
        """The app is quitting: stop what may be stopped, and let the rest (a backup, a
        restore) finish rather than leave it half-done."""
        self.cancel()
        self.wait()

    def cancel(self) -> None:
        """Stop at the service's next progress call (a service that reports no progress runs
        to the end). Work that must not stop half-way (a restore) ignores this, whoever asks:
        the idle lock closing the dialog, or the app quitting."""
        if self.cancellable:
            self._cancel.set()

    def wait(self, seconds: float | None = None) -> bool:
        """Block until the work off the window's thread is over (its outcome may still be
        queued for the window's thread); True if it is."""
        if seconds is None:
            return self._worker.wait()
        return self._worker.wait(int(seconds * 1000))

    # ------------------------------------------------------------ on the worker's thread
    def _progress(self, done: int, total: int) -> None:
        if self._cancel.is_set():
            raise Cancelled
        self._moved.emit(done, total)

    # ------------------------------------------------------------ on the window's thread
    def _show_progress(self, done: int, total: int) -> None:
        if self.dialog is not None and not self.is_finished:
            self.dialog.setMaximum(max(total, 1))
            self.dialog.setValue(min(done, max(total, 1)))

    def _finish(self) -> None:
        _RUNNING.discard(self._worker)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.disconnect(self._at_quit)
        if self.dialog is not None:
            self.dialog.reset()
            self.dialog.hide()
            self.dialog.deleteLater()
            self.dialog = None
        error = self._worker.error
        try:
            if isinstance(error, Cancelled):
                self.cancelled = True
            elif error is not None:
                if not self.context.show_failure(self.parent_widget, self.title, error):
                    raise error
            else:
                self.result = Done(self._worker.value)
                if self.on_done is not None:
                    self.on_done(self.result)
        finally:
            self.is_finished = True
            self.context.flush_announcements()
            self.finished.emit()


def run_in_background(context: DeskContext, parent: QWidget | None, title: str,
                      service: Callable[..., Any], *args: object,
                      on_done: Callable[[Done[Any]], None] | None = None,
                      cancellable: bool = True, text: str = "", quiet: bool = False,
                      **kwargs: object) -> BackgroundTask:
    """Start service(db, actor, *args, **kwargs) off the window's thread and return at once.
    on_done(Done(value)) is called on the window's thread if it returns; a progress dialog
    titled `title` (saying `text`) shows over parent if the work takes more than a moment,
    with Cancel if cancellable; quiet: no dialog (work nobody asked for)."""
    return BackgroundTask(context, parent, title, service, args, dict(kwargs), on_done=on_done,
                          cancellable=cancellable, text=text, quiet=quiet).start()


def run_and_wait(context: DeskContext, parent: QWidget | None, title: str,
                 service: Callable[..., Any], *args: object, cancellable: bool = True,
                 text: str = "", quiet: bool = False, **kwargs: object) -> BackgroundTask:
    """run_in_background() for someone waiting on the answer: returns the finished task
    (its result, or cancelled), the window kept painted and answering meanwhile."""
    task = BackgroundTask(context, parent, title, service, args, dict(kwargs), on_done=None,
                          cancellable=cancellable, text=text, quiet=quiet)
    loop = QEventLoop()
    task.finished.connect(loop.quit)
    task.start()
    if not task.is_finished:
        loop.exec()
    return task
