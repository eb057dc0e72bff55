"""How long the Timetable tab takes to build a week of the demo service.

Baseline: reading the catalogue (one small query and the rule objects) in the same run.
"""

from __future__ import annotations

import tempfile
from datetime import date, timedelta
from pathlib import Path

from timing import median_ms  # also puts the project on the import path

from recovery_desk.config import resource_path
from recovery_desk.domain import catalogue_service, timetable_service
from recovery_desk.domain.setup import open_database


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        db, actor = open_database(Path(folder) / "demo.sqlite3", resource_path("catalogue.json"),
                                  demo=True, today=date(2026, 11, 27))
        mondays = [date(2026, 11, 23) + timedelta(weeks=n) for n in range(52)]
        baseline = median_ms(lambda: catalogue_service.list_groups(db, actor), 200)
        weeks = iter(mondays * 4)
        week = median_ms(lambda: timetable_service.week_of(db, actor, next(weeks)), 200)
        year = median_ms(lambda: timetable_service.sessions_between(
            db, actor, date(2026, 1, 1), date(2026, 12, 31)), 20)
        db.dispose()
    print(f"read the catalogue (baseline): {baseline:7.2f} ms")
    print(f"build one week:                {week:7.2f} ms  ({week / baseline:5.1f}x baseline)")
    print(f"sessions for a whole year:     {year:7.2f} ms  ({year / baseline:5.1f}x baseline)")


if __name__ == "__main__":
    main()
