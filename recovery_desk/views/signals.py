"""Application-wide signals: after a write, the tab that made it tells the others to reload."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class DataSignals(QObject):
    catalogue_changed = Signal()
    people_changed = Signal()
    closures_changed = Signal()
