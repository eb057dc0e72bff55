"""A year's group-work report for every group, timed; and the plan of each report query.

    .venv/bin/python tests/benchmarks/report_year.py [--db PATH] [--years 10] [--places 12]
        [--indexes] [--from YYYY-MM-DD --to YYYY-MM-DD]

With --db, the report runs on that database (the ten-year benchmark database); without it, on a
synthetic service with --years of history written by history.py. --indexes adds the indexes the
report asks for (see the plan below) to a synthetic database, to show what they change.

Baseline in the same run: a plain COUNT over the attendance table (every register mark ever
taken), the cost a report would pay if it read all history. The report's median time is printed
beside it as a ratio. EXPLAIN QUERY PLAN is printed for every statement; the script exits 1 if
one of them scans the whole attendance table.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import func, select, text
from timing import median_ms  # also puts the project on the import path

from recovery_desk.config import resource_path
from recovery_desk.domain.operations.setup import open_database
from recovery_desk.domain.reports.report_queries import statements
from recovery_desk.domain.reports.report_service import report, report_groups
from recovery_desk.domain.store.models import Attendance, GroupSession

INDEXES = (
    "CREATE INDEX IF NOT EXISTS bench_attendance_session ON attendance (session_id)",
    "CREATE INDEX IF NOT EXISTS bench_attendance_enrolment ON attendance (enrolment_id)",
    "CREATE INDEX IF NOT EXISTS bench_enrolments_group_start "
    "ON enrolments (group_id, start_date)",
    "CREATE INDEX IF NOT EXISTS bench_enrolments_group_status ON enrolments (group_id, status)",
    "CREATE INDEX IF NOT EXISTS bench_waiting_group_status "
    "ON waiting_list_entries (group_id, status)",
    "CREATE INDEX IF NOT EXISTS bench_audit_entity ON audit_events (entity, entity_id)",
)
TODAY = date(2026, 11, 27)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, help="an existing database to report on")
    parser.add_argument("--years", type=int, default=10, help="synthetic history (default 10)")
    parser.add_argument("--places", type=int, default=12,
                        help="places kept full in each group (default 12)")
    parser.add_argument("--indexes", action="store_true",
                        help="add the indexes the report wants to the synthetic database")
    parser.add_argument("--from", dest="first", type=date.fromisoformat)
    parser.add_argument("--to", dest="last", type=date.fromisoformat)
    return parser.parse_args()


def _plan(db, ids: list[int], first: date, last: date) -> bool:
    """Print each statement's plan; False if any scans all of attendance."""
    sound = True
    with db.reading() as tx:
        connection = tx.connection()
        for name, statement in statements(ids, first, last).items():
            sql = str(statement.compile(db.engine, compile_kwargs={"literal_binds": True}))
            rows = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}").all()
            print(f"  {name}:")
            for row in rows:
                detail = row[-1]
                whole = detail.startswith("SCAN attendance")
                sound = sound and not whole
                print(f"      {detail}{'   <-- every mark ever taken' if whole else ''}")
    return sound


def main() -> int:
    args = _arguments()
    with tempfile.TemporaryDirectory() as folder:
        if args.db is None:
            path = Path(folder) / "history.sqlite3"
            db, actor = open_database(path, resource_path("catalogue.json"), today=TODAY)
            started = time.perf_counter()
            from history import fill_history

            with db.writing() as tx:
                counts = fill_history(tx, actor.staff_id,
                                     TODAY - timedelta(days=365 * args.years), TODAY,
                                     args.places)
                if args.indexes:
                    for statement in INDEXES:
                        tx.execute(text(statement))
            with db.writing() as tx:
                tx.execute(text("ANALYZE"))
            print(f"synthetic history: {args.years} years, {args.places} places a group, "
                  f"written in {time.perf_counter() - started:.1f} s"
                  f"{' with the wanted indexes' if args.indexes else ''}")
            print("  " + ", ".join(f"{n} {k}" for k, n in counts.items()))
        else:
            db, actor = open_database(args.db, resource_path("catalogue.json"), today=TODAY)
            print(f"database: {args.db}")
        with db.reading() as tx:
            marks = tx.scalar(select(func.count()).select_from(Attendance))
            newest = tx.scalar(select(func.max(GroupSession.date))) or TODAY
        last = args.last or newest
        first = args.first or last - timedelta(days=364)
        ids = [g.group_id for g in report_groups(db, actor)]
        print(f"period: {first} to {last}, {len(ids)} groups; {marks} register marks in all")

        def count_marks() -> None:
            with db.reading() as tx:
                tx.scalar(select(func.count(Attendance.mark)))

        baseline = median_ms(count_marks, 7)
        made = report(db, actor, first, last, ids, TODAY)
        timed = median_ms(lambda: report(db, actor, first, last, ids, TODAY), 7)
        print(f"\nCOUNT over every attendance row (baseline): {baseline:8.1f} ms")
        print(f"a year's report, every group:               {timed:8.1f} ms  "
              f"({timed / baseline:4.2f}x baseline)")
        chosen = median_ms(lambda: report_groups(db, actor, first, last), 7)
        print(f"the groups that met in the year (defaults): {chosen:8.1f} ms  "
              f"({chosen / baseline:4.2f}x baseline)")
        total = made.total.values
        print(f"  the year in total: {total['sessions_run']} sessions run, {total['marks']} "
              f"marks, {total['starters']} starters, attendance "
              f"{(total['attendance_rate'] or 0):.1%}, median wait {total['wait_days_median']} "
              f"days, {total['waiting_at_end']} waiting at the end")
        print("\nEXPLAIN QUERY PLAN of each report statement:")
        sound = _plan(db, ids, first, last)
        db.dispose()
    if not sound:
        print("\nA report statement reads every attendance row: index what it filters on.")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
