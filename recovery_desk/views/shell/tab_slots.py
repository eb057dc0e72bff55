"""The tabs the main window can show, named without importing them (module, class, title and
the permission a role needs to see each), and the slot each stands in until it is first
needed: the window paints its tab bar before any tab's module or the data layer is loaded."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from recovery_desk.access import Permission

if TYPE_CHECKING:
    from recovery_desk.views.frame.context import DeskContext
    from recovery_desk.views.frame.desk_tab import DeskTab

OPENING = "Opening the database…"


@dataclass(frozen=True)
class TabSpec:
    """A tab named without importing it: its module and class, its label (tabs have no Alt
    letters: Ctrl+1 to Ctrl+6 switch them, so every letter is free for the controls on them)
    and what the signed-in role must be allowed to see it at all."""

    module: str
    name: str
    title: str
    needs: Permission

    def load(self) -> type[DeskTab]:
        return getattr(importlib.import_module(self.module), self.name)

    def describes(self, kind: type) -> bool:
        return kind.__module__ == self.module and kind.__name__ == self.name


TABS: tuple[TabSpec, ...] = (
    # First: the tab every role lands on after signing in.
    TabSpec("recovery_desk.views.timetable.today_tab", "TodayTab", "Today",
            Permission.VIEW_TIMETABLE),
    TabSpec("recovery_desk.views.timetable.timetable_tab", "TimetableTab", "Timetable",
            Permission.VIEW_TIMETABLE),
    TabSpec("recovery_desk.views.catalogue.catalogue_tab", "CatalogueTab", "Catalogue",
            Permission.VIEW_TIMETABLE),
    TabSpec("recovery_desk.views.intake.intake_tab", "IntakeTab", "Referral intake",
            Permission.FIND_PEOPLE),
    TabSpec("recovery_desk.views.review.review_tab", "ReviewTab", "Cohort review",
            Permission.REVIEW_COHORTS),
    TabSpec("recovery_desk.views.reports.reports_tab", "ReportsTab", "Reports",
            Permission.VIEW_REPORTS),
)


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
