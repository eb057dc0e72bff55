"""How long the Timetable tab takes to build a week of the demo service.

Baseline: reading the catalogue (one small query and the rule objects) in the same run.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from recovery_desk.config import resource_path
from recovery_desk.domain import catalogue_service, timetable_service
from recovery_desk.domain.setup import open_database


def median_ms(action: Callable[[], object], repeats: int) -> float:
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


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
