"""The desk sends while it is open: every SEND_EVERY_MS a timer runs sender.send_from_desk off
the window's thread (run_in_background, quietly: nobody asked), which sends what is due when
Notify is set up on this computer and, from the service's reminder hour on, queues tomorrow's
reminders. Offline it keeps quiet: the messages wait, and the status bar says how many and since
when (outbox_service.waiting), read again after each run and whenever a commit touches people.
Made by the main window once it has its context; it sends only while someone is signed in."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QLabel, QMainWindow

from recovery_desk import config
from recovery_desk.access import Permission
from recovery_desk.domain.messages import outbox_service, sender
from recovery_desk.domain.store.changes import PEOPLE
from recovery_desk.views.frame.background import BackgroundTask, run_in_background
from recovery_desk.views.frame.context import DeskContext
from recovery_desk.views.messages.message_words import waiting_words

SEND_EVERY_MS = 3 * 60 * 1000
"""Three minutes: a booking's confirmation goes while the person is still at the desk or on
their way home, and an offline desk tries again soon after the network is back, without
asking Notify more than 20 times an hour (far under its rate limit)."""

FIRST_SEND_MS = 60 * 1000
"""The first run a minute after signing in, so opening the desk stays quick."""


class DeskSender(QObject):
    def __init__(self, window: QMainWindow, context: DeskContext,
                 may_send: Callable[[], bool]) -> None:
        super().__init__(window)
        self.window, self.context, self.may_send = window, context, may_send
        self.running: BackgroundTask | None = None
        self.notice = QLabel()
        self.notice.setAccessibleName("Messages waiting to go")
        self.notice.hide()
        window.statusBar().addWidget(self.notice)
        self.timer = QTimer(self)
        self.timer.setInterval(SEND_EVERY_MS)
        self.timer.timeout.connect(self.send_now)
        context.announced.connect(self._announced)

    def start(self) -> None:
        """Say what waits now; send in a minute and then every few minutes."""
        self.show_waiting()
        self.timer.start()
        QTimer.singleShot(FIRST_SEND_MS, self, self.send_now)

    def _announced(self, kinds: frozenset[str]) -> None:
        if PEOPLE in kinds:
            self.show_waiting()

    def send_now(self) -> BackgroundTask | None:
        """One run off the window's thread; none while one is still going or nobody may."""
        if self.running is not None and not self.running.is_finished:
            return None
        if not self.may_send() or not self.context.can(Permission.SEND_MESSAGES):
            return None
        self.running = run_in_background(
            self.context, self.window, "Sending messages", sender.send_from_desk,
            key_file=config.notify_key_file(), on_done=lambda _done: self.show_waiting(),
            cancellable=False, quiet=True)
        return self.running

    def show_waiting(self) -> None:
        """The status bar's line: how many wait and since when; hidden when none do."""
        if not self.context.can(Permission.SEND_MESSAGES):
            self.notice.hide()
            return
        words = waiting_words(self.context.call(outbox_service.waiting))
        self.notice.setText(words)
        self.notice.setVisible(bool(words))
