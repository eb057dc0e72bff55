"""The registers and the audit trail of the planned history (service_history.py), for
generate.py: a session row for every day a group met with members, a mark per member per
session (a few corrected later, the old mark kept as superseded), and the audit rows the desk
writes for each action, all with ids in the order the desk would have written them.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from operator import itemgetter
from typing import Any

from service_records import BookedPlace, History

from recovery_desk.domain.places.finishing import REACHED_END
from recovery_desk.vocabulary import AttendanceMark, PlaceStatus, WaitingStatus

CORRECTION_CHANCE = 0.004
NOON = time(12)


@dataclass
class Registers:
    sessions: list[dict[str, Any]] = field(default_factory=list)
    marks: list[tuple[Any, ...]] = field(default_factory=list)
    """(id, session id, place id, mark, recorded by, recorded at, superseded by, earlier mark
    if this one corrects it): MARK_COLUMNS, then the earlier mark for the audit trail."""


MARK_COLUMNS = ("id", "session_id", "enrolment_id", "mark", "recorded_by_id", "recorded_at",
                "superseded_by_id")
AUDIT_COLUMNS = ("id", "at", "staff_id", "workstation", "action", "entity", "entity_id",
                 "outcome", "detail", "chain_hash")


def _mark(rng: random.Random, engagement: float) -> AttendanceMark:
    roll = rng.random()
    if roll < engagement:
        return AttendanceMark.LATE if rng.random() < 0.1 else AttendanceMark.ATTENDED
    return AttendanceMark.APOLOGIES if rng.random() < 0.4 else AttendanceMark.DID_NOT_ATTEND


def _marks_of(place: BookedPlace, rng: random.Random,
              threshold: int) -> Iterator[tuple[date, AttendanceMark]]:
    """A mark for every session the place was on the register; someone who stopped coming
    ends with did-not-attends. Sets place.flagged as the register service would."""
    if place.member_until is None:
        return
    days = place.group.between(place.start, place.member_until)
    engagement = rng.uniform(0.55, 0.95)
    streak = 0
    for number, day in enumerate(days):
        mark = AttendanceMark.DID_NOT_ATTEND if place.stopped_coming \
            and number >= len(days) - 3 else _mark(rng, engagement)
        streak = streak + 1 if mark is AttendanceMark.DID_NOT_ATTEND else 0
        place.flagged = streak >= threshold
        yield day, mark


def plan_registers(history: History, rng: random.Random, today: date, reception: list[int],
                   next_ids: dict[str, int]) -> Registers:
    """Sessions and marks (ids in the order they were written)."""
    registers = Registers()
    written: list[list[Any]] = []
    """[recorded at, place id, session day, group id, mark, earlier mark, id, superseded by]"""
    corrections: list[tuple[list[Any], list[Any]]] = []
    met: set[tuple[date, int]] = set()
    for place in history.places:
        group = place.group
        threshold = group.details.settings()["dna_flag_count"]
        saved = datetime.combine(date(2000, 1, 1), group.details.schedule.end or NOON) \
            + timedelta(minutes=5)
        for day, mark in _marks_of(place, rng, threshold):
            met.add((day, group.id))
            recorded = datetime.combine(day, saved.time())
            if rng.random() < CORRECTION_CHANCE:
                was = rng.choice([m for m in AttendanceMark if m is not mark])
                old = [recorded, place.id, day, group.id, was, None, 0, None]
                later = min(day + timedelta(days=rng.randint(0, 6)), today - timedelta(days=1))
                new = [datetime.combine(later, time(16, 30)), place.id, day, group.id, mark,
                       was, 0, None]
                written += (old, new)
                corrections.append((old, new))
            else:
                written.append([recorded, place.id, day, group.id, mark, None, 0, None])
    rules = {p.group.id: p.group.details.schedule for p in history.places}
    session_ids = {}
    for number, (day, group_id) in enumerate(
            sorted(met, key=lambda m: (m[0], rules[m[1]].start or NOON, m[1])),
            start=next_ids["sessions"]):
        session_ids[(day, group_id)] = number
        registers.sessions.append({"id": number, "group_id": group_id, "date": day,
                                   "start_time": rules[group_id].start,
                                   "end_time": rules[group_id].end})
    written.sort(key=itemgetter(0, 1))
    for number, entry in enumerate(written, start=next_ids["attendance"]):
        entry[6] = number
    for old, new in corrections:
        old[7] = new[6]
    for recorded, place_id, day, group_id, mark, was, number, superseded in written:
        session_id = session_ids[(day, group_id)]
        registers.marks.append((number, session_id, place_id, mark,
                                reception[session_id % len(reception)], recorded, superseded,
                                was))
    return registers


class Trail:
    """Audit rows as the services write them; ids follow the time they were written."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.rows: list[tuple[datetime, int, str, str, int | None, dict[str, Any]]] = []

    def add(self, at: datetime, staff: int, action: str, entity: str, entity_id: int | None,
            **detail: Any) -> None:
        self.rows.append((at, staff, action, entity, entity_id, detail))

    def during(self, day: date, hour: int) -> datetime:
        return datetime.combine(day, time(hour)) + timedelta(minutes=self.rng.randint(0, 150))

    def finished(self, first_id: int) -> list[tuple[Any, ...]]:
        """Rows in AUDIT_COLUMNS order, ids in the order they were written."""
        self.rows.sort(key=itemgetter(0))
        return [(number, *row) for number, row in enumerate(self.rows, start=first_id)]


def plan_audit(history: History, registers: Registers, rng: random.Random,
               reception: list[int], first_id: int) -> list[tuple[Any, ...]]:
    """What the desk recorded: each search and record opened before a referral, each person
    added, referral, booking, place ended early, waiting-list step, register opened and mark."""
    trail = Trail(rng)
    for person in history.people:
        trail.add(person["created_at"] - timedelta(minutes=3), person["keyworker_id"],
                  "search", "service_user", None, found=0)
        trail.add(person["created_at"], person["keyworker_id"], "add", "service_user",
                  person["id"])
    for referral in history.referrals:
        when = trail.during(referral.made_on, 10)
        trail.add(when - timedelta(minutes=2), referral.keyworker_id, "search", "service_user",
                  None, found=1)
        trail.add(when - timedelta(minutes=1), referral.keyworker_id, "view", "service_user",
                  referral.person_id)
        trail.add(when, referral.keyworker_id, "refer", "referral", referral.id,
                  group=referral.group.details.name, outcome=referral.outcome.value)
    for place in history.places:
        desk = rng.choice(reception)
        trail.add(trail.during(place.booked_on, 11), desk, "book", "enrolment", place.id,
                  group=place.group.details.name, start=str(place.start), clash_accepted=False)
        if place.ended_on is not None and place.end_reason != REACHED_END:
            trail.add(trail.during(place.ended_on, 14), desk,
                      PlaceStatus(place.status).value, "enrolment", place.id,
                      reason=place.end_reason)
    for entry in history.waiting:
        desk = rng.choice(reception)
        trail.add(trail.during(entry.added_on, 9), desk, "wait", "waiting_list_entry", entry.id,
                  group=entry.group.details.name)
        if entry.decided_on is not None:
            action = {WaitingStatus.ACCEPTED: "accept", WaitingStatus.DECLINED: "decline"}.get(
                entry.status, "remove")
            trail.add(trail.during(entry.decided_on, 12), desk, action, "waiting_list_entry",
                      entry.id)
    sessions = {s["id"]: s for s in registers.sessions}
    opened: set[int] = set()
    for number, session_id, _, mark, desk, recorded, _, was in registers.marks:
        if session_id not in opened:
            opened.add(session_id)
            session = sessions[session_id]
            trail.add(recorded - timedelta(minutes=4), desk, "view", "register",
                      session["group_id"], date=str(session["date"]))
        trail.add(recorded, desk, "correct" if was else "mark", "attendance", number,
                  mark=mark.value, was=was.value if was else None)
    return trail.finished(first_id)
