"""The intake tab's live eligibility panel, for run.py: the real IntakeTab, offscreen, with a
person from the database open in the form; each update changes one answer (days of alcohol in
the last 28) and does what the tab's timer does after a change, then lets Qt paint.

The panel reads nothing from the database per update (the groups are loaded when the tab is
shown), so the demo and the large database should give the same figures: a difference means a
query crept into the panel.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QApplication

from recovery_desk.domain.store.actor import Actor
from recovery_desk.domain.store.database import Database
from recovery_desk.views.frame.context import DeskContext
from recovery_desk.views.intake.intake_tab import IntakeTab


class PanelUpdate:
    def __init__(self, app: QApplication, db: Database, actor: Actor, today: date,
                 person_id: int) -> None:
        self.app = app
        self.context = DeskContext(db, actor, location="benchmark", clock=lambda: today)
        self.tab = IntakeTab(self.context)
        self.tab.resize(1300, 850)
        self.tab.show()
        self.tab.open_person(person_id)
        self.app.processEvents()
        self.days = self.tab.form.substances["alcohol"]
        self.updates = 0

    def __call__(self) -> None:
        self.updates += 1
        # Without the form's change signal: the tab's 120 ms timer would otherwise refresh the
        # panel again later, inside another run's timing.
        self.days.blockSignals(True)
        self.days.setValue(self.updates % 2 * 9 + 4)
        self.days.blockSignals(False)
        self.tab.refresh_panel()
        self.app.processEvents()

    def close(self) -> None:
        self.tab.close()
        self.tab.deleteLater()
        self.app.processEvents()
