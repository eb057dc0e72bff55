"""The main window: three tabs and their wiring, nothing else."""

from __future__ import annotations

from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QMainWindow, QTabWidget, QWidget

from recovery_desk.domain.database import Database
from recovery_desk.domain.staff import Actor
from recovery_desk.views import window_state
from recovery_desk.views.catalogue_tab import CatalogueTab
from recovery_desk.views.intake_tab import IntakeTab
from recovery_desk.views.review_tab import ReviewTab
from recovery_desk.views.signals import DataSignals
from recovery_desk.views.timetable_tab import TimetableTab


def window_title(actor: Actor, location: str, demo: bool) -> str:
    marker = "DEMO (fictitious people) - " if demo else ""
    return f"{marker}Recovery Desk - {actor.name} - {location}"


class MainWindow(QMainWindow):
    def __init__(self, db: Database, actor: Actor, location: str, demo: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor = db, actor
        self.setWindowTitle(window_title(actor, location, demo))
        self.signals = DataSignals(self)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.setAccessibleName("Sections")
        self.timetable_tab = TimetableTab(db, actor, self.signals)
        self.catalogue_tab = CatalogueTab(db, actor, self.signals)
        self.intake_tab = IntakeTab(db, actor, self.signals)
        self.tabs.addTab(self.timetable_tab, "&Timetable")
        self.tabs.addTab(self.catalogue_tab, "&Catalogue")
        self.tabs.addTab(self.intake_tab, "&Referral intake")
        self.review_tab = ReviewTab(db, actor, self.signals)
        self.tabs.addTab(self.review_tab, "Cohort re&view")
        self.setCentralWidget(self.tabs)
        self._shown_tab = 0
        self.tabs.currentChanged.connect(self._tab_changed)
        if demo:
            banner = QLabel("  Demo database: every person here is fictitious.  ")
            banner.setAccessibleName("Demo notice")
            self.statusBar().addPermanentWidget(banner)
        for number in range(self.tabs.count()):
            QShortcut(QKeySequence(f"Ctrl+{number + 1}"), self,
                      activated=lambda n=number: self.tabs.setCurrentIndex(n))
        self.resize(1200, 800)
        self._restore()

    def _restore(self) -> None:
        geometry = window_state.load("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        self.tabs.setCurrentIndex(int(window_state.load("window/tab", 0)))
        self._shown_tab = self.tabs.currentIndex()

    def _tab_changed(self, index: int) -> None:
        """Leaving the intake form with unsaved changes asks first, and stays if told to."""
        if self._shown_tab == 2 and index != 2 and not self.intake_tab.confirm_discard():
            self.tabs.blockSignals(True)
            self.tabs.setCurrentIndex(2)
            self.tabs.blockSignals(False)
            return
        if self._shown_tab == 2 and index != 2 and self.intake_tab.dirty:
            self.intake_tab.discard_changes()
        self._shown_tab = index

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.intake_tab.confirm_discard():
            event.ignore()
            return
        window_state.save("window/geometry", self.saveGeometry())
        window_state.save("window/tab", self.tabs.currentIndex())
        super().closeEvent(event)
