"""Keeps the intake form's open record in step with other desks (intake_tab uses it).

When another desk changes the record that is open (details or referrals), the form shows the
new version; if the form holds unsaved changes it is left exactly as it is, and a notice says
that the record changed elsewhere and what saving will do.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLabel, QWidget

from recovery_desk.domain.people import intake_service as intake
from recovery_desk.views.frame.context import DeskContext


class RecordFollower:
    def __init__(self, context: DeskContext, parent: QWidget,
                 is_dirty: Callable[[], bool], reopen: Callable[[int], object]) -> None:
        self.context, self._is_dirty, self._reopen = context, is_dirty, reopen
        self.person_id: int | None = None
        self._version: str | None = None
        self.notice = QLabel(parent)
        self.notice.setWordWrap(True)
        self.notice.setAccessibleName("Record changed at another desk")
        self.notice.setStyleSheet("QLabel { background: #fff3c4; color: #000; "
                                  "border: 1px solid #8a6d00; padding: 4px; }")
        self.notice.hide()

    def follow(self, person_id: int | None) -> None:
        """The form now shows this person as stored (opened or just saved), or nobody."""
        self.person_id = person_id
        self._version = None if person_id is None else self.context.call(
            intake.record_version, person_id)
        self.notice.hide()

    def check(self, name: str) -> str | None:
        """After a change signal: None if the open record is as the form read it; otherwise
        what the desk is told (the form reopened, or kept with the notice shown)."""
        if self.person_id is None or self._version is None:
            return None
        if self.context.call(intake.record_version, self.person_id) == self._version:
            return None
        if self._is_dirty():
            self.notice.setText(
                f"Another desk has changed {name}'s record since you opened it. Your changes "
                "here are not saved: save them to keep yours, or find the person again to "
                "see theirs (your changes are then lost).")
            self.notice.show()
            return self.notice.text()
        self._reopen(self.person_id)
        return f"{name}'s record was changed at another desk; showing it as saved now."
