"""Years of a busy service's history, written with bulk inserts, for the report benchmark (and
for looking at the Reports tab with real-looking figures).

Every dated group keeps its places full: a place runs its length (12 weeks, 12 sessions, or a
few months where the page states none), ends completed, withdrawn or discharged, and the next
person starts at the next session, some of them from the waiting list. Every session that runs
has a register with a mark per member (a few corrected), and the audit trail gets a row per
mark and per change, as the desk would write it. Fictitious people, seeded, repeatable.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from recovery_desk.domain.service.group_rows import details_of
from recovery_desk.domain.store.models import (
    Attendance,
    AuditEvent,
    Group,
    GroupSession,
    Place,
    Referral,
    ServiceUser,
    WaitingListEntry,
)
from recovery_desk.schedule.closures import bank_holidays, sessions
from recovery_desk.vocabulary import (
    AttendanceMark,
    Outcome,
    PlaceStatus,
    WaitingStatus,
)

MARKS = ((AttendanceMark.ATTENDED, 75), (AttendanceMark.LATE, 8),
         (AttendanceMark.APOLOGIES, 7), (AttendanceMark.DID_NOT_ATTEND, 10))
SEXES = ("male", "male", "female", "female", "intersex", "not_stated")


@dataclass
class Rows:
    people: list[dict[str, Any]] = field(default_factory=list)
    referrals: list[dict[str, Any]] = field(default_factory=list)
    places: list[dict[str, Any]] = field(default_factory=list)
    entries: list[dict[str, Any]] = field(default_factory=list)
    sessions: list[dict[str, Any]] = field(default_factory=list)
    marks: list[dict[str, Any]] = field(default_factory=list)
    audit: list[dict[str, Any]] = field(default_factory=list)


def _at(day: date, hour: int = 12) -> datetime:
    return datetime.combine(day, time(hour))


def fill_history(tx: Session, staff_id: int, first: date, last: date,
                 places_per_group: int = 12, seed: int = 2026) -> dict[str, int]:
    """Write the history from first to last; returns how many rows of each kind."""
    rng = random.Random(seed)
    rows = Rows()
    ids = {"person": 0, "referral": 0, "place": 0, "entry": 0, "session": 0, "mark": 0}

    def next_id(kind: str) -> int:
        ids[kind] += 1
        return ids[kind]

    closures = bank_holidays(first - timedelta(days=7), last + timedelta(days=400))
    for group in tx.scalars(select(Group).order_by(Group.id)):
        details = details_of(group)
        if not details.schedule.has_dates:
            continue
        held = [s.date for s in sessions(group.id, details.schedule, first,
                                         last + timedelta(days=400), closures) if s.runs]
        if len(held) < 2:
            continue
        members: dict[date, list[int]] = {}
        for _slot in range(places_per_group):
            index = rng.randrange(0, 4)
            while index < len(held) and held[index] <= last:
                start = held[index]
                if details.length_sessions:
                    span = details.length_sessions
                elif details.length_weeks:
                    span = sum(1 for d in held[index:] if d < start + timedelta(
                        weeks=details.length_weeks))
                else:
                    span = rng.randint(10, 40)
                planned = held[index: index + span]
                fate = rng.random()
                status = PlaceStatus.COMPLETED if fate < 0.7 else (
                    PlaceStatus.WITHDRAWN if fate < 0.9 else PlaceStatus.DISCHARGED)
                kept = planned if status is PlaceStatus.COMPLETED else \
                    planned[: rng.randint(1, max(1, len(planned) - 1))]
                expected_end = planned[-1] if details.length_sessions else (
                    start + timedelta(weeks=details.length_weeks) if details.length_weeks
                    else None)
                ended_on = (expected_end or kept[-1]) if status is PlaceStatus.COMPLETED \
                    else kept[-1]
                if ended_on > last:
                    status, ended_on = PlaceStatus.ACTIVE, None
                    kept = [d for d in planned if d <= last]
                person = next_id("person")
                born = date(rng.randint(1955, 2005), rng.randint(1, 12), rng.randint(1, 28))
                rows.people.append({
                    "id": person, "given_name": f"Bench{person}", "family_name": "Person",
                    "preferred_name": "", "date_of_birth": born, "sex": rng.choice(SEXES),
                    "msm": None, "nhs_number": None, "postcode": "", "phone": "",
                    "emergency_contact": "", "keyworker_id": None, "referral_source": "",
                    "consent_to_store": True, "access_needs": "", "notes": "", "profile": {},
                    "created_at": _at(start - timedelta(days=70))})
                made_on = start - timedelta(days=rng.randint(2, 60))
                referral = next_id("referral")
                rows.referrals.append({
                    "id": referral, "service_user_id": person, "group_id": group.id,
                    "keyworker_id": None, "made_on": made_on, "outcome": Outcome.ELIGIBLE,
                    "reasons": [], "justification": "", "withdrawn": False})
                place = next_id("place")
                rows.places.append({
                    "id": place, "service_user_id": person, "group_id": group.id,
                    "referral_id": referral, "cohort_id": None, "start_date": start,
                    "expected_end_date": expected_end, "status": status, "ended_on": ended_on,
                    "end_reason": "", "flagged_for_keyworker": False, "booked_by_id": staff_id})
                rows.audit.append({"at": _at(made_on), "staff_id": staff_id, "action": "book",
                                   "entity": "enrolment", "entity_id": place, "detail": {}})
                if rng.random() < 0.4 and made_on + timedelta(days=1) < start:
                    entry = next_id("entry")
                    rows.entries.append({
                        "id": entry, "group_id": group.id, "service_user_id": person,
                        "position": 1, "added_on": made_on + timedelta(days=1),
                        "status": WaitingStatus.ACCEPTED, "reason": "", "passed_over_on": None})
                    rows.audit.append({"at": _at(start - timedelta(days=1)),
                                       "staff_id": staff_id, "action": "accept",
                                       "entity": "waiting_list_entry", "entity_id": entry,
                                       "detail": {}})
                for day in kept:
                    members.setdefault(day, []).append(place)
                index += len(kept) + rng.randint(0, 2)
        for day in sorted(d for d in members if d <= last):
            session = next_id("session")
            rows.sessions.append({"id": session, "group_id": group.id, "date": day,
                                  "start_time": group.start_time, "end_time": group.end_time})
            for place in members[day]:
                mark = rng.choices([m for m, _ in MARKS], [w for _, w in MARKS])[0]
                if rng.random() < 0.03:
                    old, new = next_id("mark"), next_id("mark")
                    # The correction first: the corrected mark points at it.
                    rows.marks.append(_mark(new, session, place, mark, staff_id, day))
                    rows.marks.append(_mark(old, session, place, AttendanceMark.DID_NOT_ATTEND,
                                            staff_id, day, superseded_by=new))
                else:
                    rows.marks.append(_mark(next_id("mark"), session, place, mark, staff_id,
                                            day))
                rows.audit.append({"at": _at(day, 15), "staff_id": staff_id, "action": "mark",
                                   "entity": "attendance", "entity_id": ids["mark"],
                                   "detail": {}})
        for _ in range(rng.randint(2, 6)):  # still waiting at the end
            person = next_id("person")
            rows.people.append({
                "id": person, "given_name": f"Bench{person}", "family_name": "Waiting",
                "preferred_name": "", "date_of_birth": date(1980, 1, 1), "sex": "female",
                "msm": None, "nhs_number": None, "postcode": "", "phone": "",
                "emergency_contact": "", "keyworker_id": None, "referral_source": "",
                "consent_to_store": True, "access_needs": "", "notes": "", "profile": {},
                "created_at": _at(last - timedelta(days=90))})
            rows.entries.append({"id": next_id("entry"), "group_id": group.id,
                                 "service_user_id": person, "position": 1,
                                 "added_on": last - timedelta(days=rng.randint(1, 80)),
                                 "status": WaitingStatus.WAITING, "reason": "",
                                 "passed_over_on": None})
    for model, batch in ((ServiceUser, rows.people), (Referral, rows.referrals),
                         (Place, rows.places), (WaitingListEntry, rows.entries),
                         (GroupSession, rows.sessions), (Attendance, rows.marks),
                         (AuditEvent, rows.audit)):
        for start in range(0, len(batch), 50_000):
            tx.execute(insert(model), batch[start:start + 50_000])
    return {"people": len(rows.people), "places": len(rows.places),
            "sessions": len(rows.sessions), "marks": len(rows.marks),
            "waiting-list entries": len(rows.entries), "audit events": len(rows.audit)}


def _mark(mark_id: int, session_id: int, place: int, mark: AttendanceMark, staff_id: int,
          day: date, superseded_by: int | None = None) -> dict[str, Any]:
    return {"id": mark_id, "session_id": session_id, "enrolment_id": place, "mark": mark,
            "recorded_by_id": staff_id, "recorded_at": _at(day, 14),
            "superseded_by_id": superseded_by}
