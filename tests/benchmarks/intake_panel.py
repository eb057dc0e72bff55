"""How long the intake tab's eligibility panel takes to update after a change to the form.

Baseline in the same run: the pure eligibility check of the same profile against the same
groups (no Qt); the panel adds reading the form and refilling its table.
"""

from __future__ import annotations

import os
import tempfile
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from recovery_desk.views.signals import DataSignals
from timing import median_ms  # also puts the project on the import path

from recovery_desk.config import resource_path
from recovery_desk.domain import catalogue_service
from recovery_desk.domain.setup import open_database
from recovery_desk.eligibility import check_groups, parse_profile
from recovery_desk.views.app import application
from recovery_desk.views.intake_tab import IntakeTab

TODAY = date(2026, 11, 27)



def main() -> None:
    app = application()
    with tempfile.TemporaryDirectory() as folder:
        db, actor = open_database(Path(folder) / "demo.sqlite3", resource_path("catalogue.json"),
                                  demo=True, today=TODAY)
        tab = IntakeTab(db, actor, DataSignals(), today=lambda: TODAY)
        tab.resize(1300, 850)
        tab.show()
        form = tab.form
        form.given_name.setText("Robin")
        form.family_name.setText("Ashworth")
        form.date_of_birth.setText("2/4/1985")
        form.msm.setCurrentIndex(1)
        form.substances["alcohol"].setValue(20)
        form.substances["cannabis"].setValue(2)
        form.illicit_since.setText("10/11/2026")
        form.goals["reduce_drinking"].setChecked(True)
        app.processEvents()
        details, _ = form.details(TODAY)
        groups = catalogue_service.list_groups(db, actor, include_retired=False)
        baseline = median_ms(lambda: check_groups(parse_profile(details.profile(), TODAY),
                                                  groups, TODAY), 500)

        def update() -> None:
            tab.refresh_panel()
            app.processEvents()

        panel = median_ms(update, 200)
        db.dispose()
    print(f"eligibility check, 7 groups (baseline): {baseline:7.3f} ms")
    print(f"full panel update, painted:             {panel:7.3f} ms  "
          f"({panel / baseline:5.1f}x baseline)")


if __name__ == "__main__":
    main()
