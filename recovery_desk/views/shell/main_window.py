"""The main window: the tabs, the sign-in page that stands in for them while the desk is
locked, the Desk menu, and their wiring.

The window is shown before the database is open: its tab bar, on the Today tab, paints at once,
and attach() fills it in when the data layer is ready (views/app.py does this).
So nothing here loads a tab's module, or the data layer, until it is needed: TABS names each
tab by its module, title and the permission it needs, and the sign-in page and the Desk menu
are made by attach().

Tabs are found by what they are (window.tab(IntakeTab)), built when first shown, and shown only
to roles allowed to use them. Ctrl+1 to Ctrl+6 switch tabs; leaving a tab with unsaved changes
asks first. Before anyone signs in, and whenever the desk locks (idle or Ctrl+L), the sign-in
page replaces every tab. Everyone lands on Today (the first tab) when they sign in; the same
person unlocking the desk goes back to where they were.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QLabel,
    QStackedWidget,
    QTabWidget,
    QWidget,
)

from recovery_desk.views.frame import window_state
from recovery_desk.views.shell.desk_window import DeskWindow
from recovery_desk.views.shell.tab_slots import TABS, TabSlot

# Nothing here touches PySide6's Qt namespace (alignment flags and the like): loading it costs
# 15 ms, a sixth of a bare window's start, so the waiting line is centred by stretches instead.
if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent

    from recovery_desk.domain.staff.accounts import SignedIn
    from recovery_desk.views.frame.context import DeskContext
    from recovery_desk.views.frame.desk_tab import DeskTab
    from recovery_desk.views.shell.desk_menu import DeskMenu
    from recovery_desk.views.shell.idle_lock import IdleWatcher
    from recovery_desk.views.shell.opening_checks import OpeningChecks
    from recovery_desk.views.shell.sign_in import SignInPage

Tab = TypeVar("Tab", bound="DeskTab")
DISK_FULL = ("⚠ The disk is full: you can look things up, but changes cannot be saved until "
             "space is freed on the disk that holds the database (ask IT).")


@dataclass(frozen=True)
class Attached:
    """What attach() gives the window once the database is open; screens get this context."""

    context: DeskContext
    sign_in_page: SignInPage
    desk_menu: DeskMenu
    idle: IdleWatcher


def window_title(context: DeskContext) -> str:
    marker = "DEMO (fictitious people) - " if context.demo else ""
    return f"{marker}Recovery Desk - {context.actor.name} - {context.location}"


class MainWindow(DeskWindow):
    """MainWindow(context) is ready at once (signed in as the context's actor unless
    signed_in=False); MainWindow(location=...) is the window painted before the database
    opens, filled in later by attach(context)."""

    def __init__(self, context: DeskContext | None = None, parent: QWidget | None = None, *,
                 location: str = "", signed_in: bool = True, workstation: str = "") -> None:
        super().__init__(parent)
        self._attached: Attached | None = None
        self.workstation = workstation or socket.gethostname()
        self.locked = False
        self._last_signed_in: int | None = None
        """The staff id of whoever signed in last: they unlock back to where they were."""
        self.backups_on_close = False
        """Set by the app (not by tests): take the closing backup."""
        self.opening_checks: OpeningChecks | None = None
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.setAccessibleName("Sections")
        self.slots = [TabSlot(spec) for spec in TABS]
        for slot in self.slots:
            self.tabs.addTab(slot, slot.spec.title)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.tabs)
        self.setCentralWidget(self.pages)
        self.setWindowTitle(f"Recovery Desk - {location}" if location else "Recovery Desk")
        self._shown = 0
        for number in range(len(self.slots)):
            QShortcut(QKeySequence(f"Ctrl+{number + 1}"), self).activated.connect(
                partial(self.show_tab_at, number))
        self.resize(1200, 800)
        self._restore()
        self.tabs.currentChanged.connect(self._tab_changed)
        if context is not None:
            self.attach(context, signed_in=signed_in)

    def attach(self, context: DeskContext, *, signed_in: bool = True) -> None:
        """Fill the window in: the data layer is ready. signed_in: the context's actor has
        signed in (the demo, a first manager just made); otherwise the sign-in page shows and
        no tab loads until someone signs in."""
        from recovery_desk.views.shell.desk_menu import DeskMenu
        from recovery_desk.views.shell.idle_lock import IdleWatcher
        from recovery_desk.views.shell.sign_in import SignInPage

        self.locked = not signed_in
        sign_in_page = SignInPage(context, self.workstation)
        sign_in_page.signed_in.connect(self._signed_in)
        sign_in_page.forgot.connect(lambda: self.recover())
        self.pages.addWidget(sign_in_page)
        self._attached = Attached(context, sign_in_page, DeskMenu(self, context),
                                  IdleWatcher(lambda: self.lock(idle=True), self))
        self.backup_notice = QLabel()
        self.backup_notice.setAccessibleName("Backup warning")
        self.backup_notice.hide()
        self.statusBar().addWidget(self.backup_notice)
        self.disk_notice = QLabel(DISK_FULL)
        self.disk_notice.setAccessibleName("Disk full notice")
        self.disk_notice.setWordWrap(True)
        self.disk_notice.hide()
        self.statusBar().addWidget(self.disk_notice)
        # Imported here: the window paints before the data layer (and the sender) loads.
        from recovery_desk.views.messages.desk_sender import DeskSender
        self.desk_sender = DeskSender(self, context, lambda: not self.locked)
        if context.demo:
            banner = QLabel("  Demo database: every person here is fictitious.  ")
            banner.setAccessibleName("Demo notice")
            self.statusBar().addPermanentWidget(banner)
        context.staff_changed.connect(self._staff_changed)
        # Connected before any tab exists, so places that end tonight finish before the
        # tabs reload for the new day.
        context.day_changed.connect(self._new_day)
        self._staff_changed()
        self._shown = self.tabs.currentIndex()
        # The sign-in page first, so a locked desk builds its tab without loading it (it
        # loads when shown).
        self._show_lock_state()
        # Built, but focus is left where Qt puts it (the tab bar): focusing the timetable's
        # grid would select a session and show who is booked on it, and opening the app is
        # not a view of anyone's record.
        self.slots[self._shown].build(context)
        if signed_in:
            self._last_signed_in = context.actor.staff_id
            self._start_idle_watch()

    @property
    def context(self) -> DeskContext | None:  # None until attach()
        return self._attached.context if self._attached is not None else None

    @property
    def attached(self) -> Attached:
        if self._attached is None:
            raise RuntimeError("the window has no database yet; attach() comes first")
        return self._attached

    @property
    def sign_in_page(self) -> SignInPage:
        return self.attached.sign_in_page

    @property
    def desk_menu(self) -> DeskMenu:
        return self.attached.desk_menu

    @property
    def idle(self) -> IdleWatcher:
        return self.attached.idle

    def set_waiting(self, text: str) -> None:
        """Say what the desk is waiting for, in every tab not yet built."""
        for slot in self.slots:
            slot.waiting.setText(text)

    # ------------------------------------------------------------ signing in and locking
    def _show_lock_state(self) -> None:
        self.pages.setCurrentWidget(self.sign_in_page if self.locked else self.tabs)
        self.desk_menu.update(locked=self.locked)
        self.setWindowTitle("Recovery Desk - locked" if self.locked
                            else window_title(self.attached.context))

    def _start_idle_watch(self) -> None:
        from recovery_desk.domain.service import service_settings
        minutes = self.attached.context.call_unsigned(service_settings.read)["idle_lock_minutes"]
        self.idle.start(minutes)
        self.desk_sender.start()  # someone is signed in: the desk sends what is due

    def lock(self, *, idle: bool) -> None:
        """Hide every personal detail and ask for a password; open dialogs are closed."""
        from PySide6.QtWidgets import QApplication, QDialog

        from recovery_desk.domain.staff import accounts
        if self.locked or self._attached is None:
            return
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible():
                widget.reject()
        # Locked whatever happens to the audit row (a failure is shown, over the lock).
        self.attached.context.run(self, "Lock", accounts.record_lock, idle=idle)
        self.locked = True
        self.idle.stop()
        self.sign_in_page.show_for(locked=True)
        self._show_lock_state()

    def _signed_in(self, signed: SignedIn) -> None:
        from recovery_desk.views.manager import account_dialogs
        context = self.attached.context
        context.set_actor(signed.actor)
        # Signed in on a full disk: the screens read as usual; every save says the disk is
        # full (domain/failures.py) until space is freed.
        self.disk_notice.setVisible(signed.disk_full)
        if signed.must_change_password and not account_dialogs.ask_new_password(self, context):
            self.sign_in_page.show_for(locked=False)
            return
        self.locked = False
        if signed.actor.staff_id != self._last_signed_in:
            self._land_on_today()
        self._last_signed_in = signed.actor.staff_id
        self._show_lock_state()
        self._start_idle_watch()
        focus = self.current_tab().first_control()
        if focus is not None:
            focus.setFocus()

    def _land_on_today(self) -> None:
        """Today, the day's work, whoever left the desk where. The tab left is not asked
        about nor cleared: what it held was its author's, kept for them (intake drafts)."""
        self.tabs.blockSignals(True)
        self.tabs.setCurrentIndex(0)
        self.tabs.blockSignals(False)
        self._shown = 0
        self.slots[0].build(self.attached.context)

    def recover(self, username: str = "", code: str = "") -> None:
        """A forgotten manager's password, with the recovery code (filled in when it has just
        opened an encrypted database)."""
        from PySide6.QtWidgets import QDialog

        from recovery_desk.domain.staff.accounts import SignedIn
        from recovery_desk.views.manager.account_dialogs import RecoverDialog

        dialog = RecoverDialog(self, self.attached.context, self.workstation)
        dialog.username.setText(username)
        dialog.code.setText(code)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.signed_in is not None:
            self._signed_in(SignedIn(dialog.signed_in, False))

    # ------------------------------------------------------------ backups
    def after_open(self) -> OpeningChecks:
        """Check the file and take the day's first backup (opening_checks.py), then warn."""
        from recovery_desk.views.shell.opening_checks import OpeningChecks
        self.opening_checks = OpeningChecks(self, self.attached.context, self.show_backup_warning)
        self.opening_checks.start()
        return self.opening_checks

    def show_backup_warning(self) -> None:
        from recovery_desk.views.manager import backup_dialogs
        warning = backup_dialogs.backup_warning(self.attached.context)
        self.backup_notice.setText(warning)
        self.backup_notice.setVisible(bool(warning))

    # ------------------------------------------------------------ finding tabs
    def tab(self, kind: type[Tab]) -> Tab:
        """The tab of that kind, built if it was not yet."""
        slot = next(s for s in self.slots if s.spec.describes(kind))
        tab = slot.build(self.attached.context)
        assert isinstance(tab, kind)  # the slot describes that kind
        return tab

    def current_tab(self) -> DeskTab:
        return self.slots[self.tabs.currentIndex()].build(self.attached.context)

    def show_tab(self, kind: type[Tab]) -> Tab:
        """Switch to the tab of that kind (if the role may see it) and return it."""
        self.show_tab_at(next(i for i, s in enumerate(self.slots) if s.spec.describes(kind)))
        return self.tab(kind)

    def shown_tab_titles(self) -> list[str]:
        """Each tab's title in Ctrl+number order, '' for those the role cannot see."""
        return [slot.spec.title if self.tabs.isTabVisible(i) else ""
                for i, slot in enumerate(self.slots)]

    def show_tab_at(self, index: int) -> None:
        if self.tabs.isTabVisible(index) and not self.locked:
            self.tabs.setCurrentIndex(index)

    def show_new_person(self) -> None:
        from recovery_desk.views.intake.intake_tab import IntakeTab
        slot = next(i for i, s in enumerate(self.slots) if s.spec.describes(IntakeTab))
        self.show_tab_at(slot)
        if self.tabs.currentIndex() == slot:
            self.tab(IntakeTab).new_person()

    # ------------------------------------------------------------ reacting
    def _staff_changed(self) -> None:
        context = self.attached.context
        if not self.locked:
            self.setWindowTitle(window_title(context))
        self.desk_menu.update(locked=self.locked)
        for index, slot in enumerate(self.slots):
            self.tabs.setTabVisible(index, context.can(slot.spec.needs))
        if not self.tabs.isTabVisible(self.tabs.currentIndex()):
            self.tabs.setCurrentIndex(0)

    def _new_day(self) -> None:
        from recovery_desk.domain.places import finishing
        self.attached.context.call(finishing.sweep, self.attached.context.today())

    def _restore(self) -> None:
        geometry = window_state.load("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        # Always Today: the desk's day is what a window opened in the morning is for.
        self.tabs.setCurrentIndex(0)
        self._shown = 0

    def _tab_changed(self, index: int) -> None:
        """Leaving a tab with unsaved changes asks first, and stays if told to."""
        if self._attached is None:  # before attach() there is nothing to build or leave
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
        tab = self.slots[index].build(self._attached.context)
        focus = tab.first_control()
        if focus is not None:
            focus.setFocus()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not all(slot.tab.confirm_leave() for slot in self.slots if slot.tab is not None):
            event.ignore()
            return
        window_state.save("window/geometry", self.saveGeometry())
        if self.opening_checks is not None:
            self.opening_checks.wait()  # one backup at a time
        if self._attached is not None:
            if self.backups_on_close:
                from recovery_desk.views.manager import backup_dialogs
                backup_dialogs.automatic_backup(self._attached.context, once_a_day=False,
                                                parent=self)
            self._attached.context.stop_watching()
        super().closeEvent(event)
