"""Bookings per second on a real SQLite file with synchronous=FULL (every commit fsyncs).

Baseline in the same run: the smallest audited write (one BEGIN IMMEDIATE, one audit row,
COMMIT), which is the floor any booking pays for durability.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

import timing  # noqa: F401  (puts the project on the import path)

from recovery_desk.config import resource_path
from recovery_desk.domain import audit, booking_service, catalogue_service
from recovery_desk.domain import intake_service as intake
from recovery_desk.domain.models import Staff, StaffRole
from recovery_desk.domain.setup import open_database

ON = date(2026, 11, 27)
PEOPLE = 200


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        db, actor = open_database(Path(folder) / "bench.sqlite3", resource_path("catalogue.json"),
                                  today=ON)
        group = next(g for g in catalogue_service.list_groups(db, actor)
                     if g.name == "Reduced Drinking Programme")
        catalogue_service.update_group(db, actor, replace(group, capacity=100))
        with db.writing() as session:
            staff = Staff(username="kw", display_name="K", role=StaffRole.KEYWORKER)
            session.add(staff)
            session.flush()
            keyworker = staff.id
        people = [intake.save_intake(db, actor, intake.PersonDetails(
            given_name=f"P{n}", family_name="X", date_of_birth=date(1980, 1, 1),
            keyworker_id=keyworker, consent_to_store=True,
            assessment={"substances": [{"name": "alcohol", "days_used_last_28": 9}],
                        "goals": ["reduce_drinking"]}), [intake.ReferralRequest(group.id)], ON)
            for n in range(PEOPLE)]
        with db.reading() as session:
            sync = session.connection().exec_driver_sql("PRAGMA synchronous").scalar()

        started = time.perf_counter()
        for _ in range(PEOPLE):
            with db.writing() as session:
                audit.record(session, actor, "benchmark", "none", None)
        floor = (time.perf_counter() - started) / PEOPLE

        started = time.perf_counter()
        booked = 0
        for person in people:
            try:
                booking_service.book(db, actor, person, group.id, ON)
                booked += 1
            except booking_service.GroupFullError:
                pass
        per_booking = (time.perf_counter() - started) / PEOPLE
        db.dispose()
    print(f"PRAGMA synchronous = {sync} (2 = FULL); {booked} booked, "
          f"{PEOPLE - booked} refused as full")
    print(f"audited empty write (baseline): {floor * 1000:6.2f} ms  ({1 / floor:6.0f}/s)")
    print(f"book one place:                 {per_booking * 1000:6.2f} ms  "
          f"({1 / per_booking:6.0f}/s, {per_booking / floor:4.1f}x baseline)")


if __name__ == "__main__":
    main()
