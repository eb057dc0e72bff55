"""Several desks at once on one PostgreSQL server: each desk a process doing a desk's mix of
work through the real domain services, then a check that the rules held.

    python tests/benchmarks/load.py [SERVER_URL] [--desks 10] [--seconds 120]
                                    [--baseline-seconds 15] [--people 600] [--capacity 100]
                                    [--json] [--keep]

SERVER_URL is a role that may create databases (default: RECOVERY_DESK_TEST_POSTGRESQL); a
scratch database is made with the demo for TODAY plus --people more people referred to two
rolling groups of --capacity places each, and dropped afterwards (--keep leaves it). The mix
(see MIX): search as you type, open a person's record, book a place (a full group: join its
waiting list instead), answer the first offer of a group (accept, decline or skip), end a
running place, save a register of the last fortnight. Refusals (DomainError: full, clash,
offer already answered) are counted apart from what was done; anything else is an error and
is printed by kind.

Baseline in the same run: the same mix by ONE desk for --baseline-seconds first, on a copy of
the prepared database (CREATE DATABASE ... TEMPLATE), so each interaction's p50 under load is
also given as a ratio to its p50 alone and the desks start from the same state. Bookings per second
counts places made (booked, or taken from an offer), not refusals. At the end, the invariants:
no group over capacity (places taken plus offers held, as bookings count them), no offer
answered more often than it was made, no place ended twice, and the audit chain verified.

Output: the table on stdout, or with --json on stderr while stdout carries the JSON object.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import sys
import time
import uuid
from collections import Counter
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import timing  # noqa: F401  (puts the project on the import path)
from load_checks import invariants
from sqlalchemy import select
from timing import percentile

from recovery_desk.config import resource_path
from recovery_desk.domain.operations.setup import open_database
from recovery_desk.domain.people import intake_service as intake
from recovery_desk.domain.people import person_record_service
from recovery_desk.domain.places import booking_service, register_service
from recovery_desk.domain.places import waiting_list_service as waiting
from recovery_desk.domain.places.place_rules import GroupFullError
from recovery_desk.domain.service import catalogue_service
from recovery_desk.domain.service.group_rows import details_of
from recovery_desk.domain.service.service_calendar import ServiceCalendar
from recovery_desk.domain.store.actor import Actor
from recovery_desk.domain.store.database import Database
from recovery_desk.domain.store.errors import DomainError
from recovery_desk.domain.store.models import (
    Group,
    Place,
    ServiceUser,
    Staff,
    WaitingListEntry,
)
from recovery_desk.vocabulary import AttendanceMark, PlaceStatus, StaffRole, WaitingStatus

TODAY = date(2026, 11, 30)  # a Monday
BOOKED_INTO = ("Reduced Drinking Programme", "Recovery Skills")
MIX = {"search": 25, "open a record": 20, "book": 20, "answer an offer": 10,
       "end a place": 10, "save a register": 15}
"""Each desk's next interaction is drawn with these weights."""
DRINKER = {"substances": [{"name": "alcohol", "days_used_last_28": 12}],
           "goals": ["reduce_drinking", "change_use"]}


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("server", nargs="?", default=os.environ.get(
        "RECOVERY_DESK_TEST_POSTGRESQL", ""), help="a PostgreSQL URL for a role that may "
        "create databases (default: RECOVERY_DESK_TEST_POSTGRESQL)")
    parser.add_argument("--desks", type=int, default=10, help="desk processes (10)")
    parser.add_argument("--seconds", type=float, default=120, help="how long they work (120)")
    parser.add_argument("--baseline-seconds", type=float, default=15,
                        help="how long one desk works alone first (15)")
    parser.add_argument("--people", type=int, default=600,
                        help="people added to the demo, referred to two groups (600)")
    parser.add_argument("--capacity", type=int, default=100,
                        help="places in each of those two groups (100)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    args = parser.parse_args(argv)
    if not args.server:
        parser.error("give a server URL, or set RECOVERY_DESK_TEST_POSTGRESQL")
    if args.desks < 1 or args.seconds <= 0 or args.baseline_seconds < 0 or args.people < 1 \
            or not 1 <= args.capacity <= 100:
        parser.error("--desks, --seconds and --people must be positive, --capacity 1 to 100")
    return args


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def prepare(url: str, people: int, capacity: int) -> tuple[Actor, dict[str, Any]]:
    """The demo plus people to book; what the desks need to know to act (ids and days)."""
    db, actor = open_database(url, resource_path("catalogue.json"), today=TODAY, demo=True)
    groups = {g.name: g for g in catalogue_service.list_groups(db, actor) if g.active}
    for name in BOOKED_INTO:
        catalogue_service.update_group(db, actor, replace(groups[name], capacity=capacity))
    with db.reading() as tx:
        keyworker = tx.scalars(select(Staff.id).where(
            Staff.role == StaffRole.KEYWORKER)).first()
    referred = [
        intake.save_intake(db, actor, intake.PersonDetails(
            given_name=f"Load{number}", family_name=f"Desk{number % 37}",
            date_of_birth=date(1970 + number % 30, 1 + number % 12, 1 + number % 28),
            keyworker_id=keyworker, consent_to_store=True, assessment=DRINKER),
            [intake.ReferralRequest(groups[name].id) for name in BOOKED_INTO], TODAY)
        for number in range(people)]
    with db.reading() as tx:
        person_ids = list(tx.scalars(select(ServiceUser.id)))
        families = sorted({f for f in tx.scalars(select(ServiceUser.family_name))
                           if len(f) >= 3})
        calendar = ServiceCalendar(tx)
        # Every (group, day) with a session that runs in the fortnight up to TODAY.
        group_sessions = [(group.id, day.isoformat())
                    for group in tx.scalars(select(Group).where(Group.active.is_(True)))
                    for day in calendar.running(details_of(group), TODAY - timedelta(days=13),
                                                TODAY)]
        offered = set(tx.scalars(select(WaitingListEntry.id).where(
            WaitingListEntry.status == WaitingStatus.OFFERED)))
    db.dispose()
    return actor, {"people": person_ids, "referred": referred, "families": families,
                   "sittings": group_sessions,
                   "bookable": [groups[name].id for name in BOOKED_INTO],
                   "offered_at_start": offered}


class Desk:
    """One desk's interactions, each returning True when done, None when there was nothing to
    do (no offer open, no place running), or refused with a DomainError."""

    def __init__(self, url: str, actor: Actor, plan: dict[str, Any], seed: int) -> None:
        self.db = Database.open(url)
        self.actor, self.plan = actor, plan
        self.rng = random.Random(seed)
        self.accepted = False
        """Whether the last offer answered was accepted (a place made)."""

    def search(self) -> bool:
        family = self.rng.choice(self.plan["families"])
        return bool(intake.search_people(self.db, self.actor,
                                         family[:self.rng.randint(3, min(6, len(family)))]))

    def open_a_record(self) -> bool:
        person_record_service.person_record(self.db, self.actor,
                                            self.rng.choice(self.plan["people"]))
        return True

    def book(self) -> bool:
        person = self.rng.choice(self.plan["referred"])
        group = self.rng.choice(self.plan["bookable"])
        try:
            booking_service.book(self.db, self.actor, person, group, TODAY)
        except GroupFullError:
            waiting.join(self.db, self.actor, person, group, TODAY)  # may refuse too
            raise
        return True

    def answer_an_offer(self) -> bool | None:
        group = self.rng.choice(self.plan["bookable"])
        offers = [r.entry_id for r in waiting.entries(self.db, self.actor, group)
                  if r.status is WaitingStatus.OFFERED]
        if not offers:
            return None
        answer = self.rng.choices(["accept", "decline", "skip"], [6, 2, 2])[0]
        self.accepted = False
        if answer == "accept":
            waiting.accept(self.db, self.actor, offers[0], TODAY)
            self.accepted = True
        elif answer == "decline":
            waiting.decline(self.db, self.actor, offers[0], "Not now", TODAY)
        else:
            waiting.skip(self.db, self.actor, offers[0], "Away this week", TODAY)
        return True

    def end_a_place(self) -> bool | None:
        with self.db.reading() as tx:
            running = tx.scalars(select(Place.id).where(
                Place.status == PlaceStatus.ACTIVE,
                Place.group_id.in_(self.plan["bookable"]))).all()
        if not running:
            return None
        booking_service.leave(self.db, self.actor, self.rng.choice(running),
                              self.rng.choice(list(booking_service.Leaving)), "Load test",
                              TODAY)
        return True

    def save_a_register(self) -> bool:
        group, day = self.rng.choice(self.plan["sittings"])
        day = date.fromisoformat(day)
        sheet = register_service.register(self.db, self.actor, group, day, day)
        register_service.record(self.db, self.actor, group, day, {
            row.enrolment_id: self.rng.choice(list(AttendanceMark)) for row in sheet.rows}, day)
        return True


def work(desk: Desk, seconds: float) -> dict[str, Any]:
    """The mix for `seconds`: per interaction, timings of what was done and what refused."""
    actions = {"search": desk.search, "open a record": desk.open_a_record, "book": desk.book,
               "answer an offer": desk.answer_an_offer, "end a place": desk.end_a_place,
               "save a register": desk.save_a_register}
    done: dict[str, list[float]] = {name: [] for name in MIX}
    refused: Counter[str] = Counter()
    errors: Counter[str] = Counter()
    idle: Counter[str] = Counter()
    made = Counter[str]()
    names, weights = list(MIX), list(MIX.values())
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        name = desk.rng.choices(names, weights)[0]
        started = time.perf_counter()
        try:
            if actions[name]() is None:
                idle[name] += 1
                continue
            done[name].append((time.perf_counter() - started) * 1000)
            if name == "book" or (name == "answer an offer" and desk.accepted):
                made[name] += 1
        except DomainError:
            refused[name] += 1
        except Exception as error:
            errors[f"{name}: {type(error).__name__}"] += 1
    return {"done": done, "refused": dict(refused), "errors": dict(errors),
            "made": dict(made), "idle": dict(idle)}


def desk_process(url: str, actor: Actor, plan: dict[str, Any], seed: int, seconds: float,
                 start: Any, results: Any) -> None:
    desk = Desk(url, actor, plan, seed)
    try:
        start.wait()
        results.put(work(desk, seconds))
    finally:
        desk.db.dispose()


def run_desks(url: str, actor: Actor, plan: dict[str, Any], desks: int,
              seconds: float) -> list[dict[str, Any]]:
    context = multiprocessing.get_context("spawn")
    start, results = context.Barrier(desks), context.Queue()
    processes = [context.Process(target=desk_process, args=(
        url, actor, plan, 1000 + n, seconds, start, results)) for n in range(desks)]
    for process in processes:
        process.start()
    found = [results.get(timeout=seconds + 300) for _ in processes]
    for process in processes:
        process.join(timeout=60)
    return found


def figures(runs: list[dict[str, Any]], seconds: float) -> dict[str, Any]:
    by_name: dict[str, Any] = {}
    for name in MIX:
        timings = [ms for run in runs for ms in run["done"][name]]
        by_name[name] = {
            "done": len(timings), "refused": sum(run["refused"].get(name, 0) for run in runs),
            "p50_ms": round(percentile(timings, 0.5), 1) if timings else None,
            "p95_ms": round(percentile(timings, 0.95), 1) if timings else None,
            "nothing_to_do": sum(run["idle"].get(name, 0) for run in runs)}
    made = Counter[str]()
    errors = Counter[str]()
    for run in runs:
        made.update(run["made"])
        errors.update(run["errors"])
    return {"interactions": by_name, "booked": made["book"],
            "taken_from_offers": made["answer an offer"],
            "booked_per_s": round(made["book"] / seconds, 2),
            "places_per_s": round((made["book"] + made["answer an offer"]) / seconds, 2),
            "errors": dict(errors)}


def main(argv: list[str] | None = None) -> int:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from recovery_desk.domain.store import migrate
    from recovery_desk.domain.store.database import make_engine

    args = parse_arguments(argv)
    name = f"rdload_{uuid.uuid4().hex[:8]}"
    admin = create_engine(args.server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
        server = {key: connection.execute(text(f"SHOW {key}")).scalar()
                  for key in ("server_version", "fsync", "synchronous_commit")}
    url, alone_url = (make_url(args.server).set(database=database).render_as_string(
        hide_password=False) for database in (name, f"{name}_alone"))
    try:
        engine = make_engine(url)
        migrate.upgrade_server(engine, [])
        engine.dispose()
        say(f"Preparing {name}: the demo and {args.people} more people...")
        actor, plan = prepare(url, args.people, args.capacity)
        before = invariants(url, actor, TODAY, plan["offered_at_start"])
        with admin.connect() as connection:
            connection.execute(text(f"CREATE DATABASE {name}_alone TEMPLATE {name}"))
        load = os.getloadavg()
        say(f"One desk alone for {args.baseline_seconds:g} s (the baseline, on a copy)...")
        alone = figures(run_desks(alone_url, actor, plan, 1, args.baseline_seconds),
                        args.baseline_seconds) if args.baseline_seconds else None
        say(f"{args.desks} desks for {args.seconds:g} s...")
        together = figures(run_desks(url, actor, plan, args.desks, args.seconds), args.seconds)
        after = invariants(url, actor, TODAY, plan["offered_at_start"])
        result = {"machine": {"cpus": os.cpu_count(), "load_before": load,
                              "load_after": os.getloadavg()},
                  "server": server, "database": name, "desks": args.desks,
                  "seconds": args.seconds, "baseline_seconds": args.baseline_seconds,
                  "alone": alone, "together": together, "invariants_before": before,
                  "invariants": after, "holds": after["holds"] and not together["errors"]}
    finally:
        if not args.keep:
            with admin.connect() as connection:
                for scratch in (name, f"{name}_alone"):
                    connection.execute(text(f"DROP DATABASE IF EXISTS {scratch} WITH (FORCE)"))
        admin.dispose()
    table = render(result)
    if args.json:
        say(table)
        print(json.dumps(result, indent=2, default=str))
    else:
        print(table)
    return 0 if result["holds"] else 1


def render(result: dict[str, Any]) -> str:
    together, alone = result["together"], result["alone"]
    lines = [f"{result['desks']} desks for {result['seconds']:g} s on PostgreSQL "
             f"{result['server']['server_version']} (fsync={result['server']['fsync']}, "
             f"synchronous_commit={result['server']['synchronous_commit']}); "
             f"{result['machine']['cpus']} CPUs, load {result['machine']['load_before'][0]:.2f}"
             f" before, {result['machine']['load_after'][0]:.2f} after",
             f"{'interaction':<17}{'done':>7}{'refused':>8}{'p50 ms':>9}{'p95 ms':>9}"
             f"{'p50 alone':>11}{'ratio':>7}"]
    for name, row in together["interactions"].items():
        solo = alone["interactions"][name]["p50_ms"] if alone else None
        ratio = f"{row['p50_ms'] / solo:6.1f}x" if solo and row["p50_ms"] else "      -"
        lines.append(f"{name:<17}{row['done']:>7}{row['refused']:>8}"
                     f"{row['p50_ms'] or 0:>9.1f}{row['p95_ms'] or 0:>9.1f}"
                     f"{solo or 0:>11.1f} {ratio}")
    lines.append(f"places made: {together['booked']} booked ({together['booked_per_s']}/s) + "
                 f"{together['taken_from_offers']} taken from offers = "
                 f"{together['places_per_s']}/s"
                 + (f" (one desk alone: {alone['booked_per_s']}/s booked, "
                    f"{alone['places_per_s']}/s in all)" if alone else ""))
    lines.append(f"errors (not refusals): {together['errors'] or 'none'}")
    checks = result["invariants"]
    lines.append(f"invariants: {'hold' if checks['holds'] else 'BROKEN'} "
                 f"(over capacity: {checks['over_capacity'] or 'none'}; answered twice: "
                 f"{checks['answered_twice'] or 'none'}; ended twice: "
                 f"{checks['ended_twice'] or 'none'}; audit chain of {checks['audit_rows']} "
                 f"rows {'verified' if checks['audit_holds'] else 'BROKEN'})")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
