"""The desk's day, for the Today tab: today's sessions, whose register is taken, and the earlier
sessions whose register is still due (day_sheet, a plain read); and who is expected at each of
today's sessions (name, phone, whether it is their first session, access needs), read only
when someone at the desk asks to see people, and audited (expected_today).

Set-based: each costs the same handful of statements whatever the history (the active groups,
the closures, the places and the registers over the days looked at; the people expected today
and the audit row), pinned by tests/domain/test_statement_counts.py.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from recovery_desk.access import Permission
from recovery_desk.catalogue.details import GroupDetails
from recovery_desk.domain.places.timetable_service import (
    active_groups,
    running_between,
    session_rows,
)
from recovery_desk.domain.service.service_calendar import ServiceCalendar
from recovery_desk.domain.store import audit
from recovery_desk.domain.store.actor import Actor
from recovery_desk.domain.store.database import Database
from recovery_desk.domain.store.models import Place, ServiceUser
from recovery_desk.rows.places import DaySheet, ExpectedPerson
from recovery_desk.schedule.timetable import REGISTER_DUE, register_state
from recovery_desk.vocabulary import person_name

OVERDUE_DAYS = 14
"""How far back the Today tab looks for registers not yet taken. Two weeks reaches the last
meeting of every group (the fortnightly MSM Group included) and covers a desk back from a week
away; a gap older than that is a matter for the report, not the desk's day, and keeping the
range short keeps the look-up a small slice of the history."""


def day_sheet(db: Database, actor: Actor, today: date) -> DaySheet:
    """Today's sessions, and the registers still due from the last OVERDUE_DAYS days: a read
    that names nobody, so the desk shows its day even when nothing can be saved."""
    actor.require(Permission.VIEW_TIMETABLE)
    with db.reading() as tx:
        rows, _undated = session_rows(tx, today - timedelta(days=OVERDUE_DAYS), today)
    # Walk-ins: once registers record them, their count for each of today's sessions is read
    # in session_rows' register statement and carried on the rows, as register_taken is.
    todays = [r for r in rows if r.date == today]
    overdue = [r for r in rows if r.date < today and register_state(r, today) == REGISTER_DUE]
    return DaySheet(today, todays, overdue)


def expected_today(db: Database, actor: Actor, today: date) -> dict[int, list[ExpectedPerson]]:
    """Per group meeting today, who holds a place in its session, by name, with whether it is
    their first session. Viewing who is expected is audited, as the timetable's list of a
    session's members is."""
    actor.require(Permission.FIND_PEOPLE)
    with db.writing() as tx:
        calendar = ServiceCalendar(tx)
        groups = {g.id: g for g in active_groups(tx)
                  if g.schedule.has_dates and calendar.running(g, today, today)}
        expected = _expected(tx, groups, calendar, today) if groups else {}
        audit.record(tx, actor, "view", "expected_today", None, date=str(today),
                     people=sum(len(people) for people in expected.values()))
    return expected


def _expected(tx: Session, groups: dict[int | None, GroupDetails], calendar: ServiceCalendar,
              today: date) -> dict[int, list[ExpectedPerson]]:
    """Per group of those meeting today, the people whose place runs today: one statement."""
    rows = tx.execute(
        # Contact columns only: nothing clinical is read for the desk's day.
        select(Place.id, Place.group_id, Place.start_date, ServiceUser.id,
               ServiceUser.given_name, ServiceUser.family_name, ServiceUser.phone,
               ServiceUser.access_needs)
        .join(ServiceUser, Place.service_user_id == ServiceUser.id)
        .where(running_between([i for i in groups if i is not None], today, today)))
    expected: dict[int, list[ExpectedPerson]] = {}
    for place_id, group_id, start, person_id, given, family, phone, access_needs in rows:
        # The calendar answers from the closures it has already read: no statement here.
        earlier = calendar.running(groups[group_id], start, today - timedelta(days=1)) \
            if start < today else []
        expected.setdefault(group_id, []).append(ExpectedPerson(
            person_id, place_id, person_name(given, family), phone, not earlier,
            access_needs))
    return {group_id: sorted(people, key=lambda p: (p.name.casefold(), p.person_id))
            for group_id, people in expected.items()}
