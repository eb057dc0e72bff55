"""Bookings per second with synchronous=FULL (every commit waits for the disk), for run.py.

Only successful bookings count, timed on their own: each is of one of the desk's pool of people
referred for the purpose and is deleted again, untimed, before the next, so the group never
fills and no refusal is ever in the figure (any that happen are counted and reported apart).
The baseline, measured in the same run on the same file: the smallest audited write (BEGIN
IMMEDIATE, one audit row, COMMIT), the floor any booking pays for durability.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from interactions import Desk
from sqlalchemy import delete, text

from recovery_desk.domain.places import booking_service
from recovery_desk.domain.store import audit
from recovery_desk.domain.store.errors import DomainError
from recovery_desk.domain.store.models import Place


def _synchronous(desk: Desk) -> str:
    with desk.db.reading() as tx:
        level = tx.execute(text("PRAGMA synchronous")).scalar()
    return {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}.get(level, str(level))


def measure(desks: Sequence[Desk], count: int) -> dict[str, object]:
    booked = {d.label: 0.0 for d in desks}
    successes = {d.label: 0 for d in desks}
    refused: dict[str, list[str]] = {d.label: [] for d in desks}
    writes = {d.label: 0.0 for d in desks}
    written = {d.label: 0 for d in desks}
    for number in range(count):
        for desk in desks if number % 2 == 0 else list(reversed(desks)):
            person = desk.pool[number % len(desk.pool)]
            started = time.perf_counter()
            try:
                place = booking_service.book(desk.db, desk.actor, person, desk.book_id,
                                             desk.today)
            except DomainError as error:
                refused[desk.label].append(str(error))
                continue
            booked[desk.label] += time.perf_counter() - started
            successes[desk.label] += 1
            with desk.db.writing() as tx:
                tx.execute(delete(Place).where(Place.id == place.enrolment_id))
            started = time.perf_counter()
            with desk.db.writing() as tx:
                audit.record(tx, desk.actor, "benchmark", "none", None)
            writes[desk.label] += time.perf_counter() - started
            written[desk.label] += 1
    result: dict[str, object] = {"synchronous": {d.label: _synchronous(d) for d in desks},
                                 "attempts": count}
    for desk in desks:
        label = desk.label
        rate = successes[label] / booked[label] if booked[label] else 0.0
        floor = written[label] / writes[label] if writes[label] else 0.0
        result[label] = {"bookings_per_s": round(rate, 1), "booked": successes[label],
                         "refused": len(refused[label]), "first_refusal":
                         refused[label][0] if refused[label] else None,
                         "audited_write_per_s": round(floor, 1),
                         "booking_vs_write": round(floor / rate, 2) if rate else None}
    return result
