"""Bookings per second, on a real SQLite file with synchronous=FULL (every commit fsyncs) and,
given a server, on PostgreSQL: `booking_throughput.py [postgresql+psycopg://OWNER@HOST/postgres]`
(a role that may create databases; a scratch database is made and dropped). The server's own
durability settings (fsync, synchronous_commit) decide its figure: say which you measured.

Baseline in the same run, on the same database: the smallest audited write (one transaction,
one audit row, commit), the floor any booking pays for durability and the audit chain's lock.
Only successful bookings count: the group takes half the people, the rest are refused as full
and timed apart.
"""

from __future__ import annotations

import sys
import tempfile
import time
import uuid
from dataclasses import replace
from datetime import date
from pathlib import Path

import timing  # noqa: F401  (puts the project on the import path)

from recovery_desk.config import resource_path
from recovery_desk.domain.operations.setup import open_database
from recovery_desk.domain.people import intake_service as intake
from recovery_desk.domain.places import booking_service
from recovery_desk.domain.places.place_rules import GroupFullError
from recovery_desk.domain.service import catalogue_service
from recovery_desk.domain.store import audit
from recovery_desk.domain.store.models import StaffRole
from tests.backends import staff_row

ON = date(2026, 11, 27)
PEOPLE = 200


def measure(target: str) -> tuple[float, float, float, int]:
    """(baseline seconds, seconds per booking made, seconds per refusal, bookings made)."""
    db, actor = open_database(target, resource_path("catalogue.json"), today=ON)
    group = next(g for g in catalogue_service.list_groups(db, actor)
                 if g.name == "Reduced Drinking Programme")
    catalogue_service.update_group(db, actor, replace(group, capacity=PEOPLE // 2))
    keyworker = staff_row(db, "kw", "K", StaffRole.KEYWORKER)
    people = [intake.save_intake(db, actor, intake.PersonDetails(
        given_name=f"P{n}", family_name="X", date_of_birth=date(1980, 1, 1),
        keyworker_id=keyworker, consent_to_store=True,
        assessment={"substances": [{"name": "alcohol", "days_used_last_28": 9}],
                    "goals": ["reduce_drinking"]}), [intake.ReferralRequest(group.id)], ON)
        for n in range(PEOPLE)]

    started = time.perf_counter()
    for _ in range(PEOPLE):
        with db.writing() as tx:
            audit.record(tx, actor, "benchmark", "none", None)
    floor = (time.perf_counter() - started) / PEOPLE

    booked_time = refused_time = 0.0
    booked = 0
    for person in people:
        started = time.perf_counter()
        try:
            booking_service.book(db, actor, person, group.id, ON)
            booked_time += time.perf_counter() - started
            booked += 1
        except GroupFullError:
            refused_time += time.perf_counter() - started
    db.dispose()
    return floor, booked_time / booked, refused_time / max(1, PEOPLE - booked), booked


def report(name: str, figures: tuple[float, float, float, int]) -> None:
    floor, per_booking, per_refusal, booked = figures
    print(f"{name}: {booked} booked, {PEOPLE - booked} refused as full")
    print(f"  audited empty write (baseline): {floor * 1000:6.2f} ms  ({1 / floor:6.0f}/s)")
    print(f"  book one place:                 {per_booking * 1000:6.2f} ms  "
          f"({1 / per_booking:6.0f}/s, {per_booking / floor:4.1f}x baseline)")
    print(f"  refuse one (group full):        {per_refusal * 1000:6.2f} ms")


def on_server(owner_url: str) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from recovery_desk.domain.store import migrate
    from recovery_desk.domain.store.database import make_engine

    name = f"bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(owner_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
        settings = {key: connection.execute(text(f"SHOW {key}")).scalar()
                    for key in ("fsync", "synchronous_commit", "server_version")}
    try:
        url = make_url(owner_url).set(database=name).render_as_string(hide_password=False)
        engine = make_engine(url)
        migrate.upgrade_server(engine, [])
        engine.dispose()
        report(f"PostgreSQL {settings['server_version']} (fsync={settings['fsync']}, "
               f"synchronous_commit={settings['synchronous_commit']})", measure(url))
    finally:
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE {name} WITH (FORCE)"))
        admin.dispose()


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        report("SQLite (synchronous=FULL)", measure(str(Path(folder) / "bench.sqlite3")))
    if len(sys.argv) > 1:
        on_server(sys.argv[1])


if __name__ == "__main__":
    main()
