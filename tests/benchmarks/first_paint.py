"""The child process start_up.py times: a window from a cold start to its first paint.

    python tests/benchmarks/first_paint.py bare              a bare QMainWindow
    python tests/benchmarks/first_paint.py app --db PATH     the real entry point

It prints `painted` on stdout when a main window first paints, and (app only) `timetable` when
the timetable tab's table has painted a week with sessions, then quits; the parent times each
line from the moment it started the process. `app` runs recovery_desk's __main__ through runpy,
exactly as `python -m recovery_desk --db PATH` does; the watcher is installed on the
QApplication that views/app.py makes, by wrapping its `application()` the moment that module is
imported, so nothing is imported earlier or in another order than in a real start.
(If the app gains RECOVERY_DESK_EXIT_AFTER_PAINT, run.py can time it directly instead.)
"""

from __future__ import annotations

import importlib.abc
import importlib.util
import os
import runpy
import sys
from types import ModuleType
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
GIVE_UP_MS = 20_000


def _say(word: str) -> None:
    sys.stdout.write(word + "\n")
    sys.stdout.flush()


def watch(app: Any, wait_for_timetable: bool) -> None:
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QAbstractItemView, QMainWindow

    class Watcher(QObject):
        painted = timetable = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and hasattr(watched, "window"):
                window = watched.window()
                if not self.painted and isinstance(window, QMainWindow):
                    self.painted = True
                    _say("painted")
                if wait_for_timetable and not self.timetable and self._timetable(watched):
                    self.timetable = True
                    _say("timetable")
                if self.painted and (self.timetable or not wait_for_timetable):
                    QTimer.singleShot(0, app.quit)
            return False

        @staticmethod
        def _timetable(watched: Any) -> bool:
            view = watched.parent()
            if not isinstance(view, QAbstractItemView) or view.model() is None \
                    or view.model().rowCount() == 0:
                return False
            widget = view
            while widget is not None:
                if type(widget).__name__ == "TimetableTab":
                    return True
                widget = widget.parent()
            return False

    app._first_paint_watcher = Watcher(app)  # kept alive with the application
    app.installEventFilter(app._first_paint_watcher)
    QTimer.singleShot(GIVE_UP_MS, app.quit)


class _WrapApplication(importlib.abc.MetaPathFinder):
    """Wraps recovery_desk.views.app.application() as that module is first imported."""

    NAME = "recovery_desk.views.app"

    def find_spec(self, name: str, path: Any, target: Any = None) -> Any:
        if name != self.NAME:
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        assert spec is not None and spec.loader is not None
        load = spec.loader.exec_module

        def exec_module(module: ModuleType) -> None:
            load(module)
            made = module.application

            def application() -> Any:
                app = made()
                if not hasattr(app, "_first_paint_watcher"):
                    watch(app, wait_for_timetable=True)
                return app

            module.application = application

        spec.loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


def main() -> None:
    mode, rest = sys.argv[1], sys.argv[2:]
    if mode == "bare":
        from PySide6.QtWidgets import QApplication, QMainWindow

        app = QApplication(sys.argv[:1])
        watch(app, wait_for_timetable=False)
        window = QMainWindow()
        window.resize(1200, 800)
        window.show()
        sys.exit(app.exec())
    sys.meta_path.insert(0, _WrapApplication())
    sys.argv = ["recovery_desk", *rest]
    runpy.run_module("recovery_desk", run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
