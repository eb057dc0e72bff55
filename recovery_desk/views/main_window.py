"""The main window: the tabs and their wiring, nothing else.

Tabs are found by what they are (window.tab(IntakeTab)), built when first shown, and shown only
to roles allowed to use them. Ctrl+1 to Ctrl+5 switch tabs; leaving a tab with unsaved changes
asks first.
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QMainWindow, QTabWidget, QVBoxLayout, QWidget

from recovery_desk.views import window_state
from recovery_desk.views.catalogue_tab import CatalogueTab
from recovery_desk.views.context import DeskContext
from recovery_desk.views.desk_tab import DeskTab
from recovery_desk.views.intake_tab import IntakeTab
from recovery_desk.views.reports_tab import ReportsTab
from recovery_desk.views.review_tab import ReviewTab
from recovery_desk.views.timetable_tab import TimetableTab

TABS: tuple[type[DeskTab], ...] = (TimetableTab, CatalogueTab, IntakeTab, ReviewTab,
                                   ReportsTab)
Tab = TypeVar("Tab", bound=DeskTab)


def window_title(context: DeskContext) -> str:
    marker = "DEMO (fictitious people) - " if context.demo else ""
    return f"{marker}Recovery Desk - {context.actor.name} - {context.location}"


class TabSlot(QWidget):
    """A tab's place in the tab bar; the tab itself is built the first time it is needed."""

    def __init__(self, kind: type[DeskTab], context: DeskContext) -> None:
        super().__init__()
        self.kind, self.context = kind, context
        self.tab: DeskTab | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def build(self) -> DeskTab:
        if self.tab is None:
            self.tab = self.kind(self.context)
            self._layout.addWidget(self.tab)
            # Shown now (it loads in its showEvent) rather than by the layout's queued show.
            self.tab.show()
        return self.tab


class MainWindow(QMainWindow):
    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.setAccessibleName("Sections")
        self.slots = [TabSlot(kind, context) for kind in TABS]
        for slot in self.slots:
            self.tabs.addTab(slot, slot.kind.title)
        self.setCentralWidget(self.tabs)
        self._shown = 0
        if context.demo:
            banner = QLabel("  Demo database: every person here is fictitious.  ")
            banner.setAccessibleName("Demo notice")
            self.statusBar().addPermanentWidget(banner)
        for number in range(len(self.slots)):
            QShortcut(QKeySequence(f"Ctrl+{number + 1}"), self,
                      activated=lambda n=number: self.show_tab_at(n))
        context.staff_changed.connect(self._staff_changed)
        self.resize(1200, 800)
        self._staff_changed()
        self._restore()
        self.tabs.currentChanged.connect(self._tab_changed)

    # ------------------------------------------------------------ finding tabs
    def tab(self, kind: type[Tab]) -> Tab:
        """The tab of that kind, built if it was not yet."""
        slot = next(s for s in self.slots if s.kind is kind)
        return slot.build()  # type: ignore[return-value]

    def current_tab(self) -> DeskTab:
        return self.slots[self.tabs.currentIndex()].build()

    def show_tab(self, kind: type[Tab]) -> Tab:
        """Switch to the tab of that kind (if the role may see it) and return it."""
        self.show_tab_at(next(i for i, s in enumerate(self.slots) if s.kind is kind))
        return self.tab(kind)

    def show_tab_at(self, index: int) -> None:
        if self.tabs.isTabVisible(index):
            self.tabs.setCurrentIndex(index)

    # ------------------------------------------------------------ reacting
    def _staff_changed(self) -> None:
        self.setWindowTitle(window_title(self.context))
        for index, slot in enumerate(self.slots):
            self.tabs.setTabVisible(index, self.context.can(slot.kind.needs))
        if not self.tabs.isTabVisible(self.tabs.currentIndex()):
            self.tabs.setCurrentIndex(0)

    def _restore(self) -> None:
        geometry = window_state.load("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        saved = int(window_state.load("window/tab", 0))
        index = saved if 0 <= saved < len(self.slots) and self.tabs.isTabVisible(saved) else 0
        self.tabs.setCurrentIndex(index)
        self.slots[index].build()
        self._shown = index

    def _tab_changed(self, index: int) -> None:
        """Leaving a tab with unsaved changes asks first, and stays if told to."""
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
        tab = self.slots[index].build()
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
