"""A hidden hook for timing start-up through the real entry point (tests/benchmarks/start_up.py).

With RECOVERY_DESK_EXIT_AFTER_PAINT set, the app prints one line `<moment> <time.time()>` on
stdout at that moment and quits with status 0:
- `first_paint`: the main window's first frame is painted (before the database is opened);
- `timetable`: the first screen, the Today tab, shows today's sessions, painted (the demo,
  which opens signed in);
- `sign_in`: the sign-in page is painted (any other database, which opens locked).
If Today is not the tab shown, or it has not read today's sessions, it prints why on stderr and
quits with status 3, so a benchmark never times the wrong thing. Unset, it does nothing.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

if TYPE_CHECKING:
    from recovery_desk.views.frame.context import DeskContext
    from recovery_desk.views.shell.main_window import MainWindow
    from recovery_desk.views.timetable.today_tab import TodayTab

VARIABLE = "RECOVERY_DESK_EXIT_AFTER_PAINT"
FIRST_PAINT = "first_paint"
TIMETABLE = "timetable"
SIGN_IN = "sign_in"
MOMENTS = (FIRST_PAINT, TIMETABLE, SIGN_IN)
EXIT_WRONG_MOMENT = 3


def wanted() -> str | None:
    value = os.environ.get(VARIABLE, "").strip()
    return value if value in MOMENTS else None


def arrived(moment: str) -> bool:
    """If this is the moment asked for: print it with the time, ask the app to quit, True."""
    if wanted() != moment:
        return False
    print(f"{moment} {time.time():.6f}", flush=True)
    QApplication.exit(0)
    return True


def watch_desk(window: MainWindow) -> None:
    """When asked to, wait for Today's (or the sign-in page's) next painted frame, then check
    and report."""
    moment = wanted()
    if moment not in (TIMETABLE, SIGN_IN) or window.context is None:
        return
    if moment == SIGN_IN or window.locked:
        if moment != SIGN_IN or not window.locked:
            _refuse("the desk opened locked" if window.locked else "the desk opened signed in")
            return
        _PaintedOnce(window.sign_in_page, lambda: arrived(SIGN_IN))
        return
    from recovery_desk.views.timetable.today_tab import TodayTab

    slot = window.slots[window.tabs.currentIndex()]
    tab = slot.tab
    if not isinstance(tab, TodayTab):
        _refuse(f"the tab shown is {slot.spec.name}, not Today")
        return
    context = window.context
    _PaintedOnce(tab.sessions.viewport(), lambda: _report(tab, context))


def _report(tab: TodayTab, context: DeskContext) -> None:
    if tab.sheet is None or tab.sheet.day != context.today():
        _refuse("Today does not show today's sessions")
        return
    arrived(TIMETABLE)


def _refuse(reason: str) -> None:
    print(f"{VARIABLE}: {reason}", file=sys.stderr, flush=True)
    QApplication.exit(EXIT_WRONG_MOMENT)


class _PaintedOnce(QObject):
    """Calls then() just after the widget's next frame is painted."""

    def __init__(self, widget: QObject, then: Callable[[], object]) -> None:
        super().__init__(widget)
        self._widget, self._then, self._fired = widget, then, False
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self._fired:
            self._fired = True
            self._widget.removeEventFilter(self)
            QTimer.singleShot(0, self._then)
        return False
