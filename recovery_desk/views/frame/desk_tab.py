"""The protocol every tab of the main window follows.

- Load when first shown, not when built: opening the app is not a view of anyone's record.
- Reload when the context announces a kind of change the tab shows (at once if showing,
  otherwise when next shown), and when the day or the staff member changes.
- Show only the controls the signed-in role may use, and redo that when the staff changes.
- Ask before unsaved changes are discarded.
"""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget

from recovery_desk.views.frame.context import DeskContext


class DeskTab(QWidget):
    """A tab's label and the permission needed to see it are in shell/tab_slots.TABS, so the window
    can show its tab bar before any tab's module (and the data layer) is loaded."""

    reload_on: ClassVar[frozenset[str]] = frozenset()
    """The kinds of change (domain.store.changes) after which the tab reloads."""

    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._stale = True
        context.announced.connect(self._announced)
        context.day_changed.connect(self.mark_stale)
        context.staff_changed.connect(self._staff_changed)

    # ------------------------------------------------------------ loading
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def _announced(self, kinds: frozenset[str]) -> None:
        if kinds & self.reload_on:
            self.mark_stale()

    def mark_stale(self) -> None:
        self._stale = True
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        self._stale = False
        self.apply_permissions()
        self.load()

    def load(self) -> None:
        """Read what the tab shows from the services."""
        raise NotImplementedError

    # ------------------------------------------------------------ the signed-in role
    def _staff_changed(self) -> None:
        self.apply_permissions()
        self.mark_stale()

    def apply_permissions(self) -> None:
        """Hide or disable what the current role may not use."""

    # ------------------------------------------------------------ unsaved changes
    def has_unsaved_changes(self) -> bool:
        return False

    def confirm_leave(self) -> bool:
        """True if the tab may be left: nothing unsaved, or the person agreed to discard it."""
        return True

    def discard_changes(self) -> None:
        """Drop unsaved changes (after confirm_leave said yes)."""

    def first_control(self) -> QWidget | None:
        """Where keyboard focus goes when the tab is shown."""
        return None
