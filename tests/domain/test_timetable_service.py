"""Sessions with closures and booked places, from a real database."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest
from sqlalchemy import select

from recovery_desk.domain.places import timetable_service
from recovery_desk.domain.service import catalogue_service, closure_service
from recovery_desk.domain.store.actor import Actor
from recovery_desk.domain.store.database import Database
from recovery_desk.domain.store.errors import InvalidDetailsError, NotAllowedError
from recovery_desk.domain.store.models import AuditEvent, Place, PlaceStatus, ServiceUser


def _group(db: Database, actor: Actor, name: str):
    return next(g for g in catalogue_service.list_groups(db, actor) if g.name == name)


def test_a_week_lists_sessions_by_day_and_time_and_the_undated_groups(db, actor) -> None:
    week = timetable_service.week_of(db, actor, date(2026, 12, 2))
    assert week.monday == date(2026, 11, 30)
    first = week.sessions[0]
    assert (first.group_name, first.date, str(first.start)) == (
        "Reduced Drinking Programme", date(2026, 11, 30), "11:00:00")
    assert [s.date for s in week.sessions] == sorted(s.date for s in week.sessions)
    assert set(week.undated) == {"Low Dose Group", "Medication Reduction Group (name to be "
                                                    "confirmed by the service)"}
    msm = [s for s in week.sessions if s.group_name == "MSM Group"]
    assert [(s.date, s.start) for s in msm] == [(date(2026, 12, 3), None)]


def test_a_service_closure_shows_on_the_sessions_it_closes(db, actor) -> None:
    rs = _group(db, actor, "Recovery Skills")
    closure_service.add_closure(db, actor, date(2026, 12, 8), date(2026, 12, 11),
                                "Staff training", rs.id)
    rows = timetable_service.sessions_between(db, actor, date(2026, 12, 7), date(2026, 12, 11))
    closed = {(r.group_name, r.date.day) for r in rows if not r.runs}
    assert closed == {("Recovery Skills", 8), ("Recovery Skills", 11)}


def test_closures_are_validated_and_only_managers_add_them(db, actor) -> None:
    with pytest.raises(InvalidDetailsError) as caught:
        closure_service.add_closure(db, actor, date(2026, 12, 9), date(2026, 12, 8), " ", None)
    assert caught.value.problems == {"last": "The last day is before the first day.",
                                     "reason": "Give a reason; it is shown on the timetable."}
    reception = replace(actor, role=actor.role.RECEPTION)
    with pytest.raises(NotAllowedError):
        closure_service.add_closure(db, reception, date(2026, 12, 9), date(2026, 12, 9), "x",
                                    None)


def test_booked_counts_places_that_cover_the_session_date(db, actor) -> None:
    """A place counts from its start to its end (or the day it was left)."""
    ae = _group(db, actor, "Abstinent Emotions")
    with db.writing() as tx:
        for number, (start, end, ended) in enumerate([
                (date(2026, 11, 3), None, None),
                (date(2026, 12, 8), None, None),
                (date(2026, 11, 3), None, date(2026, 11, 20))]):
            person = ServiceUser(given_name=f"P{number}", family_name="Test",
                                 date_of_birth=date(1990, 1, 1), sex="male",
                                 created_at=datetime(2026, 1, 1))
            tx.add(person)
            tx.flush()
            tx.add(Place(service_user_id=person.id, group_id=ae.id, start_date=start,
                                  expected_end_date=end, ended_on=ended,
                                  status=PlaceStatus.ACTIVE if ended is None
                                  else PlaceStatus.WITHDRAWN,
                                  booked_by_id=actor.staff_id))
    rows = timetable_service.sessions_between(db, actor, date(2026, 11, 17), date(2026, 12, 8),
                                              "Abstinent Emotions")
    assert [(r.date.day, r.booked) for r in rows] == [(17, 2), (24, 1), (1, 1), (8, 2)]
    members = timetable_service.members_on(db, actor, ae.id, date(2026, 12, 8))
    assert [m.name for m in members] == ["P0 Test", "P1 Test"]
    with db.reading() as tx:
        event = tx.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert (event.action, event.entity, event.staff_id) == ("view", "session_members",
                                                            actor.staff_id)
