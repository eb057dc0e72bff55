"""The idle countdown: activity restarts it, running out calls the lock once."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from recovery_desk.views.shell.idle_lock import IdleWatcher


def test_a_key_press_restarts_the_countdown_and_silence_locks(qtbot) -> None:
    """Typing puts the full time back; with no activity the lock is called."""
    locked: list[bool] = []
    watcher = IdleWatcher(lambda: locked.append(True))
    field = QLineEdit()
    qtbot.addWidget(field)
    field.show()
    watcher.start(5)
    assert watcher.timer.interval() == 5 * 60_000
    watcher.timer.start(60_000)  # as if four minutes had passed: one left
    watcher.timer.setInterval(60_000)
    qtbot.keyClick(field, Qt.Key.Key_A)
    assert watcher.timer.isActive() and watcher.timer.remainingTime() > 55_000
    watcher.timer.start(30)
    qtbot.waitUntil(lambda: locked == [True], timeout=10_000)
    assert not watcher.timer.isActive()
    watcher.stop()
