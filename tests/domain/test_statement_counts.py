"""The desk's common interactions cost the same number of SQL statements however long the
history: measured on a database with one year of register marks and on one with five."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import event, insert, select

from recovery_desk.domain.operations.setup import open_database
from recovery_desk.domain.people import intake_service as intake
from recovery_desk.domain.people import person_record_service
from recovery_desk.domain.places import (
    booking_options,
    booking_service,
    register_service,
    review_service,
    timetable_service,
    today_service,
)
from recovery_desk.domain.service.group_rows import details_of
from recovery_desk.domain.service.service_calendar import ServiceCalendar
from recovery_desk.domain.store.actor import Actor
from recovery_desk.domain.store.database import Database
from recovery_desk.domain.store.models import Attendance, Group, GroupSession, Place
from recovery_desk.vocabulary import AttendanceMark, PlaceStatus
from tests.conftest import CATALOGUE

TODAY = date(2026, 11, 27)
MONDAY = date(2026, 11, 30)
RDP = "Reduced Drinking Programme"
MARKS = list(AttendanceMark)


def _history(db: Database, actor: Actor, group_id: int, people: list[int],
             years: int) -> None:
    """Years of finished places and marks for these people in the group, inserted in bulk."""
    with db.writing() as tx:
        group = details_of(tx.get_one(Group, group_id))
        days = ServiceCalendar(tx).running(group, TODAY - timedelta(days=365 * years),
                                                TODAY - timedelta(days=1))
        session_ids = []
        for day in days:
            session = GroupSession(group_id=group_id, date=day, start_time=None,
                                   end_time=None)
            tx.add(session)
            tx.flush()
            session_ids.append((session.id, day))
        for person in people:
            for start in range(0, len(session_ids), 24):
                chunk = session_ids[start:start + 24]
                place = Place(service_user_id=person, group_id=group_id,
                                  start_date=chunk[0][1], expected_end_date=chunk[-1][1],
                                  ended_on=chunk[-1][1], status=PlaceStatus.COMPLETED,
                                  booked_by_id=actor.staff_id)
                tx.add(place)
                tx.flush()
                tx.execute(insert(Attendance), [
                    {"session_id": sid, "enrolment_id": place.id,
                     "mark": MARKS[(sid + person) % 4], "recorded_by_id": actor.staff_id,
                     "recorded_at": datetime(2026, 1, 1)} for sid, _ in chunk])


def _counted(db: Database, action: Callable[[], object]) -> int:
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        action()
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return len(statements)


def _interactions(path: Path, years: int) -> dict[str, int]:
    db, actor = open_database(path, CATALOGUE, today=TODAY)
    with db.reading() as tx:
        group_id = tx.scalar(select(Group.id).where(Group.name == RDP))
        keyworker = actor.staff_id
    people = [intake.save_intake(db, actor, intake.PersonDetails(
        given_name=f"Pat{n}", family_name="History", date_of_birth=date(1980, 1, 1),
        keyworker_id=keyworker, consent_to_store=True,
        assessment={"substances": [{"name": "alcohol", "days_used_last_28": 9}],
                    "goals": ["reduce_drinking"]}), [intake.ReferralRequest(group_id)], TODAY)
        for n in range(3)]
    _history(db, actor, group_id, people, years)
    places = [booking_service.book(db, actor, p, group_id, TODAY) for p in people]
    marks = {p.enrolment_id: AttendanceMark.DID_NOT_ATTEND for p in places}
    counts = {
        "open a register": _counted(db, lambda: register_service.register(
            db, actor, group_id, MONDAY, MONDAY)),
        "save a register": _counted(db, lambda: register_service.record(
            db, actor, group_id, MONDAY, marks, MONDAY)),
        "open a person record": _counted(db, lambda: person_record_service.person_record(
            db, actor, people[0])),
        "cohort review": _counted(db, lambda: review_service.review(db, actor, TODAY)),
        "session members": _counted(db, lambda: timetable_service.members_on(
            db, actor, group_id, MONDAY)),
        "week": _counted(db, lambda: timetable_service.week_of(db, actor, MONDAY)),
        "today": _counted(db, lambda: today_service.day_sheet(db, actor, MONDAY)),
        "expected today": _counted(db, lambda: today_service.expected_today(
            db, actor, MONDAY)),
        "search": _counted(db, lambda: intake.search_people(db, actor, "pat hist")),
        "booking dialog": _counted(db, lambda: (
            booking_options.group_choices(db, actor, people[0], TODAY),
            booking_options.start_options(db, actor, group_id, TODAY))),
    }
    with db.reading() as tx:
        marks_stored = tx.query(Attendance).count()
    db.dispose()
    counts["marks stored"] = marks_stored
    return counts


def test_one_year_and_five_years_cost_the_same_statements(tmp_path: Path,
                                                          template_database: Path) -> None:
    databases = []
    for years in (1, 5):
        path = tmp_path / f"{years}.sqlite3"
        shutil.copy(template_database, path)
        databases.append(_interactions(path, years))
    one, five = databases
    assert five.pop("marks stored") > 4 * one.pop("marks stored")
    assert one == five
