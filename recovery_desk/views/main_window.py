"""The main window: the tabs, the sign-in page that stands in for them while the desk is
locked, the Desk menu, and their wiring.

Tabs are found by what they are (window.tab(IntakeTab)), built when first shown, and shown only
to roles allowed to use them. Ctrl+1 to Ctrl+5 switch tabs; leaving a tab with unsaved changes
asks first. Before anyone signs in, and whenever the desk locks (idle or Ctrl+L), the sign-in
page replaces every tab.
"""

from __future__ import annotations

import socket
from typing import TypeVar

from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from recovery_desk.domain import accounts, finishing, service_settings
from recovery_desk.views import account_dialogs, backup_dialogs, window_state
from recovery_desk.views.account_dialogs import RecoverDialog
from recovery_desk.views.catalogue_tab import CatalogueTab
from recovery_desk.views.context import DeskContext
from recovery_desk.views.desk_menu import DeskMenu, DeskWindow
from recovery_desk.views.desk_tab import DeskTab
from recovery_desk.views.idle_lock import IdleWatcher
from recovery_desk.views.intake_tab import IntakeTab
from recovery_desk.views.reports_tab import ReportsTab
from recovery_desk.views.review_tab import ReviewTab
from recovery_desk.views.sign_in import SignInPage
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


class MainWindow(DeskWindow):
    def __init__(self, context: DeskContext, *, signed_in: bool = True,
                 workstation: str = "", parent: QWidget | None = None) -> None:
        """signed_in: the context's actor has signed in (tests, the demo); otherwise the
        window opens at the sign-in page and no tab loads until someone signs in."""
        super().__init__(parent)
        self.context = context
        self.workstation = workstation or socket.gethostname()
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.setAccessibleName("Sections")
        self.slots = [TabSlot(kind, context) for kind in TABS]
        for slot in self.slots:
            self.tabs.addTab(slot, slot.kind.title)
        self.sign_in_page = SignInPage(context, self.workstation)
        self.sign_in_page.signed_in.connect(self._signed_in)
        self.sign_in_page.forgot.connect(self._recover)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.tabs)
        self.pages.addWidget(self.sign_in_page)
        self.setCentralWidget(self.pages)
        self.locked = not signed_in
        self._shown = 0
        if context.demo:
            banner = QLabel("  Demo database: every person here is fictitious.  ")
            banner.setAccessibleName("Demo notice")
            self.statusBar().addPermanentWidget(banner)
        for number in range(len(self.slots)):
            QShortcut(QKeySequence(f"Ctrl+{number + 1}"), self,
                      activated=lambda n=number: self.show_tab_at(n))
        self.backups_on_close = False
        """Set by the app (not by tests): take the closing backup."""
        self.desk_menu = DeskMenu(self)
        self.backup_notice = QLabel()
        self.backup_notice.setAccessibleName("Backup warning")
        self.statusBar().addWidget(self.backup_notice)
        self.idle = IdleWatcher(lambda: self.lock(idle=True), self)
        context.staff_changed.connect(self._staff_changed)
        # Connected before any tab exists, so places that end tonight finish before the
        # tabs reload for the new day.
        context.day_changed.connect(self._new_day)
        self.resize(1200, 800)
        self._staff_changed()
        self._restore()
        self.tabs.currentChanged.connect(self._tab_changed)
        self._show_lock_state()
        if signed_in:
            self._start_idle_watch()

    # ------------------------------------------------------------ signing in and locking
    def _show_lock_state(self) -> None:
        self.pages.setCurrentWidget(self.sign_in_page if self.locked else self.tabs)
        self.desk_menu.update(locked=self.locked)
        self.setWindowTitle("Recovery Desk - locked" if self.locked
                            else window_title(self.context))

    def _start_idle_watch(self) -> None:
        self.idle.start(service_settings.read(self.context.db)["idle_lock_minutes"])

    def lock(self, *, idle: bool) -> None:
        """Hide every personal detail and ask for a password; open dialogs are closed."""
        if self.locked:
            return
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible():
                widget.reject()
        accounts.record_lock(self.context.db, self.context.actor, idle=idle)
        self.locked = True
        self.idle.stop()
        self.sign_in_page.show_for(locked=True)
        self._show_lock_state()

    def _signed_in(self, signed: accounts.SignedIn) -> None:
        self.context.set_actor(signed.actor)
        if signed.must_change_password and not account_dialogs.ask_new_password(
                self, self.context):
            self.sign_in_page.show_for(locked=False)
            return
        self.locked = False
        self._show_lock_state()
        self._start_idle_watch()
        tab = self.current_tab().first_control()
        if tab is not None:
            tab.setFocus()

    def _recover(self) -> None:
        dialog = RecoverDialog(self, self.context, self.workstation)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.signed_in is not None:
            self._signed_in(accounts.SignedIn(dialog.signed_in, False))

    # ------------------------------------------------------------ backups
    def after_open(self) -> None:
        """Once the window is up: check the file, take the day's first backup, warn if
        backups have stopped."""
        backup_dialogs.offer_restore_if_damaged(self, self.context)
        backup_dialogs.automatic_backup(self.context, once_a_day=True)
        self.show_backup_warning()

    def show_backup_warning(self) -> None:
        warning = backup_dialogs.backup_warning(self.context)
        self.backup_notice.setText(warning)
        self.backup_notice.setVisible(bool(warning))

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
        if self.tabs.isTabVisible(index) and not self.locked:
            self.tabs.setCurrentIndex(index)

    # ------------------------------------------------------------ reacting
    def _staff_changed(self) -> None:
        if not self.locked:
            self.setWindowTitle(window_title(self.context))
        self.desk_menu.update(locked=self.locked)
        for index, slot in enumerate(self.slots):
            self.tabs.setTabVisible(index, self.context.can(slot.kind.needs))
        if not self.tabs.isTabVisible(self.tabs.currentIndex()):
            self.tabs.setCurrentIndex(0)

    def _new_day(self) -> None:
        finishing.sweep(self.context.db, self.context.actor, self.context.today())

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
        if self.backups_on_close:
            backup_dialogs.automatic_backup(self.context, once_a_day=False)
        self.context.stop_watching()
        super().closeEvent(event)
