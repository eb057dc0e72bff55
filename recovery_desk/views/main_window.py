"""The main window: the tabs and their wiring, nothing else.

The window is shown before the database is open: its tab bar, with the tab the person left on,
paints at once, and attach() fills it in when the data layer is ready (views/app.py does this).
So nothing here loads a tab's module, or the data layer, until a tab is built: TABS names each
tab by its module, title and the permission it needs.

Tabs are found by what they are (window.tab(IntakeTab)), built when first shown, and shown only
to roles allowed to use them. Ctrl+1 to Ctrl+4 switch tabs; leaving a tab with unsaved changes
asks first.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMainWindow, QTabWidget, QVBoxLayout, QWidget

from recovery_desk.access import Permission
from recovery_desk.views import window_state

# Nothing here touches PySide6's Qt namespace (alignment flags and the like): loading it costs
# 15 ms, a sixth of a bare window's start, so the waiting line is centred by stretches instead.
if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent

    from recovery_desk.views.context import DeskContext
    from recovery_desk.views.desk_tab import DeskTab

Tab = TypeVar("Tab", bound="DeskTab")
OPENING = "Opening the database…"


@dataclass(frozen=True)
class TabSpec:
    """A tab named without importing it: its module and class, its label (with & before its
    Alt letter) and what the signed-in role must be allowed to see it at all."""

    module: str
    name: str
    title: str
    needs: Permission

    def load(self) -> type[DeskTab]:
        return getattr(importlib.import_module(self.module), self.name)

    def describes(self, kind: type) -> bool:
        return kind.__module__ == self.module and kind.__name__ == self.name


TABS: tuple[TabSpec, ...] = (
    TabSpec("recovery_desk.views.timetable_tab", "TimetableTab", "&Timetable",
            Permission.VIEW_TIMETABLE),
    TabSpec("recovery_desk.views.catalogue_tab", "CatalogueTab", "&Catalogue",
            Permission.VIEW_TIMETABLE),
    TabSpec("recovery_desk.views.intake_tab", "IntakeTab", "&Referral intake",
            Permission.FIND_PEOPLE),
    TabSpec("recovery_desk.views.review_tab", "ReviewTab", "Cohort re&view",
            Permission.REVIEW_COHORTS),
)


def window_title(context: DeskContext) -> str:
    marker = "DEMO (fictitious people) - " if context.demo else ""
    return f"{marker}Recovery Desk - {context.actor.name} - {context.location}"


class TabSlot(QWidget):
    """A tab's place in the tab bar; the tab itself is built the first time it is needed.
    Until then it shows a line saying what the desk is waiting for."""

    def __init__(self, spec: TabSpec) -> None:
        super().__init__()
        self.spec = spec
        self.tab: DeskTab | None = None
        self.waiting = QLabel(OPENING)
        self.waiting.setAccessibleName("Status")
        self._waiting_box = QWidget()
        row = QHBoxLayout()
        row.addStretch()
        row.addWidget(self.waiting)
        row.addStretch()
        column = QVBoxLayout(self._waiting_box)
        column.addStretch()
        column.addLayout(row)
        column.addStretch()
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addWidget(self._waiting_box)

    @property
    def kind(self) -> type[DeskTab]:
        return self.spec.load()

    def build(self, context: DeskContext) -> DeskTab:
        if self.tab is None:
            self.tab = self.kind(context)
            self._waiting_box.hide()
            self._layout.addWidget(self.tab)
            # Shown now (it loads in its showEvent) rather than by the layout's queued show.
            self.tab.show()
        return self.tab


class MainWindow(QMainWindow):
    """MainWindow(context) is ready at once; MainWindow(location=...) is the window painted
    before the database opens, filled in later by attach(context)."""

    def __init__(self, context: DeskContext | None = None, parent: QWidget | None = None, *,
                 location: str = "") -> None:
        super().__init__(parent)
        self.context: DeskContext | None = None
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.setAccessibleName("Sections")
        self.slots = [TabSlot(spec) for spec in TABS]
        for slot in self.slots:
            self.tabs.addTab(slot, slot.spec.title)
        self.setCentralWidget(self.tabs)
        self.setWindowTitle(f"Recovery Desk - {location}" if location else "Recovery Desk")
        self._shown = 0
        for number in range(len(self.slots)):
            QShortcut(QKeySequence(f"Ctrl+{number + 1}"), self,
                      activated=lambda n=number: self.show_tab_at(n))
        self.resize(1200, 800)
        self._restore()
        self.tabs.currentChanged.connect(self._tab_changed)
        if context is not None:
            self.attach(context)

    def attach(self, context: DeskContext) -> None:
        """Fill the window in: the data layer is ready and someone is acting at the desk."""
        self.context = context
        if context.demo:
            banner = QLabel("  Demo database: every person here is fictitious.  ")
            banner.setAccessibleName("Demo notice")
            self.statusBar().addPermanentWidget(banner)
        context.staff_changed.connect(self._staff_changed)
        self._staff_changed()
        self._shown = self.tabs.currentIndex()
        # Built and loaded, but focus is left where Qt puts it (the tab bar): focusing the
        # timetable's grid would select a session and show who is booked on it, and opening the
        # app is not a view of anyone's record.
        self.slots[self._shown].build(context)

    def set_waiting(self, text: str) -> None:
        """Say what the desk is waiting for, in every tab not yet built."""
        for slot in self.slots:
            slot.waiting.setText(text)

    # ------------------------------------------------------------ finding tabs
    def _context(self) -> DeskContext:
        if self.context is None:
            raise RuntimeError("the window has no database yet; attach() comes first")
        return self.context

    def tab(self, kind: type[Tab]) -> Tab:
        """The tab of that kind, built if it was not yet."""
        slot = next(s for s in self.slots if s.spec.describes(kind))
        return slot.build(self._context())  # type: ignore[return-value]

    def current_tab(self) -> DeskTab:
        return self.slots[self.tabs.currentIndex()].build(self._context())

    def show_tab(self, kind: type[Tab]) -> Tab:
        """Switch to the tab of that kind (if the role may see it) and return it."""
        self.show_tab_at(next(i for i, s in enumerate(self.slots) if s.spec.describes(kind)))
        return self.tab(kind)

    def show_tab_at(self, index: int) -> None:
        if self.tabs.isTabVisible(index):
            self.tabs.setCurrentIndex(index)

    # ------------------------------------------------------------ reacting
    def _staff_changed(self) -> None:
        context = self._context()
        self.setWindowTitle(window_title(context))
        for index, slot in enumerate(self.slots):
            self.tabs.setTabVisible(index, context.can(slot.spec.needs))
        if not self.tabs.isTabVisible(self.tabs.currentIndex()):
            self.tabs.setCurrentIndex(0)

    def _restore(self) -> None:
        geometry = window_state.load("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        saved = window_state.load("window/tab", 0)
        try:
            index = int(saved)
        except (TypeError, ValueError):  # a hand-edited settings file
            index = 0
        index = index if 0 <= index < len(self.slots) else 0
        self.tabs.setCurrentIndex(index)
        self._shown = index

    def _tab_changed(self, index: int) -> None:
        """Leaving a tab with unsaved changes asks first, and stays if told to."""
        if self.context is None:  # before attach() there is nothing to build or leave
            self._shown = index
            return
        left = self.slots[self._shown].tab
        if left is not None and index != self._shown:
            if not left.confirm_leave():
                self.tabs.blockSignals(True)
                self.tabs.setCurrentIndex(self._shown)
                self.tabs.blockSignals(False)
                return
            if left.has_unsaved_changes():
                left.discard_changes()
        self._shown = index
        tab = self.slots[index].build(self.context)
        focus = tab.first_control()
        if focus is not None:
            focus.setFocus()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not all(slot.tab.confirm_leave() for slot in self.slots if slot.tab is not None):
            event.ignore()
            return
        window_state.save("window/geometry", self.saveGeometry())
        window_state.save("window/tab", self.tabs.currentIndex())
        super().closeEvent(event)
