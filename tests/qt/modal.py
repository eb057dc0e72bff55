"""Answering a modal dialog that a click or a key opens with exec(): the test says what to do
with the dialog once it shows (look at it, press its keys, close it), and the exec() returns."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog

D = TypeVar("D", bound=QDialog)
TRIES = 500  # 5 seconds at 10 ms: a dialog that never shows fails the test, not hangs it


def when_shown(kind: type[D], then: Callable[[D], object], seen: list[D]) -> None:
    """Once a modal dialog of kind is showing, add it to seen and call then(dialog); then
    should close it (reject/accept) so the exec() that opened it returns."""
    tries = iter(range(TRIES))

    def look() -> None:
        widget = QApplication.activeModalWidget()
        if isinstance(widget, kind) and widget.isVisible():
            seen.append(widget)
            then(widget)
        elif next(tries, None) is not None:
            QTimer.singleShot(10, look)

    QTimer.singleShot(0, look)
