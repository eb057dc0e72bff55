"""Make a large service's database for the benchmarks (run.py makes one when given none):

    python tests/benchmarks/generate.py OUT.sqlite3 [--people N] [--years N]
                                        [--today YYYY-MM-DD] [--seed N]

Ten years (by default) of a service with 20,000 service users: the catalogue plus three groups
retired along the way, about 60,000 referrals, 15,000 places, 500,000 register marks on the
groups' real session dates, waiting lists, closures and the audit trail (service_history.py and
registers_history.py plan the rows). The real migrations make the schema (open_database, which
also adds the catalogue and the desk account); the rest goes in with SQLAlchemy Core
executemany in a few transactions, with synchronous=OFF on the generating connection only.
Seeded: the same arguments make the same file.
"""

from __future__ import annotations

import argparse
import bisect
import json
import random
import sys
from collections.abc import Iterable
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from time import perf_counter
from typing import Any

import timing  # noqa: F401  (puts the project on the import path)
from registers_history import AUDIT_COLUMNS, MARK_COLUMNS, plan_audit, plan_registers
from service_history import Planner
from service_records import GroupPlan
from sqlalchemy import insert as core_insert
from sqlalchemy import select, update

from recovery_desk.catalogue.details import GroupDetails
from recovery_desk.cli import iso_date
from recovery_desk.config import resource_path
from recovery_desk.domain.operations.setup import open_database
from recovery_desk.domain.service.catalogue_service import add_groups, list_groups
from recovery_desk.domain.store import audit as audit_trail
from recovery_desk.domain.store import models
from recovery_desk.domain.store.audit import chain_hash
from recovery_desk.schedule.closures import ClosurePeriod, bank_holidays, sessions
from recovery_desk.schedule.rules import Frequency, Rule, occurrences
from recovery_desk.vocabulary import GroupFormat, Joining, StaffRole

CATALOGUE = resource_path("catalogue.json")
RETIRED = (  # (details, first and last fraction of the years in which it took referrals)
    (GroupDetails("Evening Relapse Prevention",
                  Rule(Frequency.WEEKLY, (2,), start=time(18), end=time(19, 30)),
                  GroupFormat.ROLLING, Joining.ANY_WEEK, True, length_weeks=12,
                  eligibility_rule="keyworker_judgement", active=False), 0.0, 0.4),
    (GroupDetails("Women's Recovery Group",
                  Rule(Frequency.WEEKLY, (3,), start=time(10, 30), end=time(12)),
                  GroupFormat.WEEKLY, Joining.NOT_STATED, True,
                  eligibility_rule="keyworker_judgement", active=False), 0.0, 0.65),
    (GroupDetails("Cannabis Reduction Course",
                  Rule(Frequency.WEEKLY, (0,), start=time(14), end=time(15, 30)),
                  GroupFormat.ROLLING, Joining.ANY_WEEK, True, length_weeks=8,
                  eligibility_rule="keyworker_judgement", active=False), 0.1, 0.5),
)
OPENED = {"abstinent_emotions": 0.1, "low_dose": 0.3, "medication_reduction": 0.3, "msm": 0.5}
"""When the catalogue's younger groups began, as a fraction of the years."""
TABLES = ("staff", "service_users", "referrals", "cohorts", "enrolments",
          "waiting_list_entries", "closures", "sessions", "attendance", "audit_events")
BATCH = 50_000


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="the database file to make (must not exist)")
    parser.add_argument("--people", type=int, default=20_000, help="service users (20000)")
    parser.add_argument("--years", type=int, default=10, help="years of history (10)")
    parser.add_argument("--today", type=iso_date, default=date.today(),
                        help="the day the history runs up to (default: today)")
    parser.add_argument("--seed", type=int, default=2026, help="random seed (2026)")
    args = parser.parse_args(argv)
    if args.out.exists():
        parser.error(f"{args.out} already exists; remove it or name another file")
    if not args.out.parent.is_dir():
        parser.error(f"the folder {args.out.parent} does not exist")
    if not 10 <= args.people <= 1_000_000:
        parser.error("--people must be from 10 to 1000000")
    if not 1 <= args.years <= 30:
        parser.error("--years must be from 1 to 30")
    return args


def _fraction(first: date, today: date, share: float) -> date:
    return first + timedelta(days=int((today - first).days * share))


def _staff(people: Any, next_id: int) -> tuple[list[dict[str, Any]], list[int], list[int]]:
    """Keyworkers and reception staff who came and went: the first ones have left."""
    rows, keyworkers, reception = [], [], []
    for role, count, left in ((StaffRole.KEYWORKER, 20, 8), (StaffRole.RECEPTION, 6, 3)):
        for number in range(count):
            given, family = people.name()
            rows.append({"id": next_id, "username": f"{given}.{family}.{next_id}".lower(),
                         "display_name": f"{given} {family}", "role": role,
                         "active": number >= left, "password_hash": None})
            (keyworkers if role is StaffRole.KEYWORKER else reception).append(next_id)
            next_id += 1
    return rows, keyworkers, reception


def _closures(rng: random.Random, first: date, today: date,
              groups: list[GroupPlan]) -> list[ClosurePeriod]:
    """Christmas weeks, two training days a year (one still ahead), and cancelled sessions."""
    found = []
    for year in range(first.year, today.year + 1):
        found.append(ClosurePeriod(date(year, 12, 27), date(year, 12, 31),
                                   "Service closed between Christmas and New Year"))
        for month in (3, 10):
            day = date(year, month, rng.randint(1, 21))
            day += timedelta(days=(2 - day.weekday()) % 7)
            found.append(ClosurePeriod(day, day, "Staff training day"))
        for group in groups:
            held = occurrences(group.details.schedule, date(year, 1, 1), date(year, 12, 31))
            for day in rng.sample(held, min(len(held), 2)):
                found.append(ClosurePeriod(day, day, "Facilitator unwell", group.id))
    ahead = today + timedelta(days=(2 - today.weekday()) % 7 + 21)
    found.append(ClosurePeriod(ahead, ahead, "Staff training day"))
    return [c for c in found if first <= c.first <= ahead]


def plan_groups(db: Any, actor: Any, first: date, today: date) -> list[GroupPlan]:
    """The catalogue's groups (the younger ones opened later) and the retired ones."""
    plans = []
    with db.writing() as tx:
        for details, opened, closed in RETIRED:
            closes = _fraction(first, today, closed)
            retired_on = closes + timedelta(weeks=13)
            (group_id,) = add_groups(tx, actor, [details], retired_on)
            plans.append(GroupPlan(replace(details, id=group_id),
                                   _fraction(first, today, opened), closes, retired_on))
    for details in list_groups(db, actor, include_retired=False):
        opened = _fraction(first, today, OPENED.get(details.eligibility_rule, 0.0))
        plans.append(GroupPlan(details, opened, today + timedelta(days=3650), None))
    return plans


def fill_calendar(plans: list[GroupPlan], closures: list[ClosurePeriod], today: date) -> None:
    """Each group's running session dates, and cohort starts every 13 weeks for closed ones."""
    for plan in plans:
        last = min(plan.retired_on or today + timedelta(days=400), today + timedelta(days=400))
        known = bank_holidays(plan.opened, last) + closures
        plan.dates = [s.date for s in sessions(plan.id, plan.details.schedule, plan.opened,
                                               last, known) if s.runs]
        if plan.details.format is GroupFormat.CLOSED_COHORT:
            day = plan.opened + timedelta(days=(7 - plan.opened.weekday()) % 7)
            while day <= min(last, today + timedelta(weeks=26)):
                # A dated group's cohort starts at its first session in that week.
                later = plan.dates[bisect.bisect_left(plan.dates, day):]
                plan.cohorts.append(later[0] if later else day)
                day += timedelta(weeks=13)


def next_ids(connection: Any) -> dict[str, int]:
    return {table: (connection.exec_driver_sql(f"SELECT max(id) FROM {table}").scalar() or 0)
            + 1 for table in TABLES}


def insert(connection: Any, model: Any, rows: list[dict[str, Any]]) -> None:
    statement = core_insert(model.__table__)
    for offset in range(0, len(rows), BATCH):
        connection.execute(statement, rows[offset:offset + BATCH])


def stored_datetime(moment: datetime) -> str:
    """A datetime as SQLAlchemy's SQLite dialect stores it."""
    return moment.isoformat(" ", "microseconds")


def insert_stored(connection: Any, model: Any, columns: tuple[str, ...],
                  rows: Iterable[tuple[Any, ...]]) -> None:
    """The two biggest tables skip SQLAlchemy's per-row type handling (a third of the run):
    values arrive already in their stored form and go straight to the driver's executemany.
    Every column is named, so a new column without a database default fails loudly here."""
    table = model.__table__
    names = [table.c[name].name for name in columns]  # KeyError if the schema lost one
    sql = f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
    rows = list(rows)
    for offset in range(0, len(rows), BATCH):
        connection.exec_driver_sql(sql, rows[offset:offset + BATCH])


def generate(out: Path, people: int, years: int, today: date, seed: int) -> dict[str, int]:
    rng = random.Random(seed)
    first = years_before(today, years)
    # The catalogue was set up when the service started using the desk; stamping its audit
    # rows with that morning (not the moment of generating) keeps the file the same each run.
    real_clock = audit_trail.utc_now
    audit_trail.utc_now = lambda: datetime.combine(first, time(9))
    try:
        return _generate(out, people, today, first, rng)
    finally:
        # A caller in the same process (the generator's test) goes on with the real clock;
        # left stamped, every audit row it wrote afterwards would be years old.
        audit_trail.utc_now = real_clock


def _generate(out: Path, people: int, today: date, first: date,
              rng: random.Random) -> dict[str, int]:
    db, actor = open_database(out, CATALOGUE, today=first)
    try:
        plans = plan_groups(db, actor, first, today)
        with db.engine.connect() as connection:
            sqlite = connection.connection.driver_connection
            assert sqlite is not None
            sqlite.execute("PRAGMA synchronous = OFF")  # this connection only, outside BEGIN
            with connection.begin():
                ids = next_ids(connection)
                planner = Planner(rng, today, first, plans, [], ids)
                staff, keyworkers, reception = _staff(planner.people, ids["staff"])
                planner.keyworkers = keyworkers
                closures = _closures(rng, first, today, plans)
                fill_calendar(plans, closures, today)
                planner.plan_people(people)
                planner.plan_places()
                history = planner.history
                registers = plan_registers(history, rng, today, reception, ids)
                audit = plan_audit(history, registers, rng, reception, ids["audit_events"])
                write(connection, plans, staff, closures, history, registers, audit, reception,
                      actor.staff_id, rng)
            sqlite.execute("PRAGMA synchronous = FULL")
            sqlite.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # one file, ready to copy
            return {table: connection.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar()
                    for table in ("groups", *TABLES)}
    finally:
        db.dispose()


def write(connection: Any, plans: list[GroupPlan], staff: list[dict[str, Any]],
          closures: list[ClosurePeriod], history: Any, registers: Any,
          audit: list[tuple[Any, ...]], reception: list[int], manager: int,
          rng: random.Random) -> None:
    insert(connection, models.Staff, staff)
    insert(connection, models.ServiceUser, history.people)
    insert(connection, models.NameWord, [
        {"word": word, "service_user_id": person["id"]} for person in history.people
        for word in sorted(models.name_words(person["given_name"], person["family_name"]))])
    insert(connection, models.Referral, [
        {"id": r.id, "service_user_id": r.person_id, "group_id": r.group.id,
         "keyworker_id": r.keyworker_id, "made_on": r.made_on, "outcome": r.outcome,
         "reasons": r.reasons, "justification": r.justification,
         "withdrawn": not r.primary and rng.random() < 0.05} for r in history.referrals])
    cohorts, cohort_ids = [], {}
    for plan in plans:
        for start in plan.cohorts:
            cohort_ids[(plan.id, start)] = len(cohorts) + 1
            cohorts.append({"id": len(cohorts) + 1, "group_id": plan.id, "start_date": start})
    insert(connection, models.Cohort, cohorts)
    insert(connection, models.Place, [
        {"id": p.id, "service_user_id": p.person_id, "group_id": p.group.id,
         "referral_id": p.referral_id, "cohort_id": cohort_ids.get((p.group.id, p.start)),
         "start_date": p.start, "expected_end_date": p.expected_end, "status": p.status,
         "ended_on": p.ended_on, "end_reason": p.end_reason, "flagged_for_keyworker": p.flagged,
         "booked_by_id": rng.choice(reception)} for p in history.places])
    insert(connection, models.WaitingListEntry, [
        {"id": w.id, "group_id": w.group.id, "service_user_id": w.person_id,
         "position": w.position, "added_on": w.added_on, "status": w.status,
         "reason": w.reason, "passed_over_on": w.passed_over_on} for w in history.waiting])
    insert(connection, models.Closure, [
        {"group_id": c.group_id, "first_day": c.first, "last_day": c.last, "reason": c.reason,
         "created_by_id": manager} for c in closures])
    insert(connection, models.GroupSession, registers.sessions)
    # A corrected mark points at the mark that replaced it, so current marks go in first: a
    # row pointing at one not yet written would make SQLite search the table on every insert.
    for current in (True, False):
        insert_stored(connection, models.Attendance, MARK_COLUMNS, (
            (number, tx, place, mark.value, desk, stored_datetime(recorded), superseded)
            for number, tx, place, mark, desk, recorded, superseded, _ in registers.marks
            if (superseded is None) is current))
    chained = chained_audit(connection, audit)
    insert_stored(connection, models.AuditEvent, AUDIT_COLUMNS, chained)


def chained_audit(connection: Any, audit: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """The history's audit rows with the hash chain the app keeps (domain/audit.py), carried
    on from the rows the set-up wrote, and the chain's head moved to the last of them."""
    head = connection.execute(select(models.AuditChain).where(models.AuditChain.id == 1)).one()
    previous, rows = head.last_hash, []
    for number, at, staff, action, entity, entity_id, detail in audit:
        stored = json.loads(json.dumps(detail, default=str))
        previous = chain_hash(previous, at, staff, "", action, entity, entity_id, "ok", stored)
        rows.append((number, stored_datetime(at), staff, "", action, entity, entity_id, "ok",
                     json.dumps(stored), previous))
    if rows:
        connection.execute(update(models.AuditChain).where(models.AuditChain.id == 1).values(
            last_hash=previous))
    return rows


def main(argv: list[str] | None = None) -> int:
    args = parse_arguments(argv)
    started = perf_counter()
    counts = generate(args.out, args.people, args.years, args.today, args.seed)
    elapsed = perf_counter() - started
    print(f"Made {args.out} in {elapsed:.1f} s ({args.out.stat().st_size / 1e6:.0f} MB), "
          f"{args.years} years to {args.today}:")
    for table, count in counts.items():
        print(f"  {table:22} {count:9,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
