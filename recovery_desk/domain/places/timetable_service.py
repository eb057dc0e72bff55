"""What runs when: dated sessions of the active groups with closures, booked places and whether
their register is taken, for the timetable and Today tabs, the `sessions` verb and calendar
exports; and who is in one session."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta

from sqlalchemy import ColumnElement, and_, exists, or_, select
from sqlalchemy.orm import Session

from recovery_desk.access import Permission
from recovery_desk.catalogue.details import GroupDetails
from recovery_desk.domain.places.place_rules import runs_on
from recovery_desk.domain.service.group_rows import details_of
from recovery_desk.domain.service.service_calendar import ServiceCalendar
from recovery_desk.domain.store import audit
from recovery_desk.domain.store.actor import Actor
from recovery_desk.domain.store.database import Database
from recovery_desk.domain.store.models import (
    Attendance,
    Group,
    GroupSession,
    Place,
    ServiceUser,
)
from recovery_desk.schedule.timetable import SessionRow, Week
from recovery_desk.vocabulary import PlaceStatus


@dataclass(frozen=True)
class Member:
    enrolment_id: int
    name: str
    start: date
    expected_end: date | None
    person_id: int


def running_between(group_ids: list[int], first: date,
                    last: date) -> ColumnElement[bool]:
    """The groups' places that run on some day from first to last: started by last, and
    ended (or due to end) no earlier than first. Each branch names the group and is a range
    of the index ix_enrolments_group_days, so only places near those days are read, not a
    group's whole history."""
    group = Place.group_id.in_(group_ids)
    # A booking cancelled in error never was a place: no register or count shows it.
    return and_(Place.start_date <= last, Place.status != PlaceStatus.CANCELLED, or_(
        and_(group, Place.ended_on >= first),
        and_(group, Place.ended_on.is_(None), Place.expected_end_date >= first),
        and_(group, Place.ended_on.is_(None), Place.expected_end_date.is_(None))))


def places_on(tx: Session, group_id: int, day: date) -> list[tuple[Place, str]]:
    """Every place in the group that runs on day (ended ones included if they ran then),
    with the person's name, in name order."""
    rows = tx.execute(select(Place, ServiceUser).join(ServiceUser).where(
        running_between([group_id], day, day)))
    return sorted(((e, p.name) for e, p in rows), key=lambda m: m[1])


def _places(tx: Session, group_ids: list[int], first: date,
            last: date) -> dict[int, list[tuple[date, date | None]]]:
    """Per group, the (start, last day) of every place that overlaps first..last."""
    rows = tx.execute(
        select(Place.group_id, Place.start_date, Place.ended_on,
               Place.expected_end_date)
        .where(running_between(group_ids, first, last)))
    places: dict[int, list[tuple[date, date | None]]] = {}
    for group_id, start, ended_on, expected_end in rows:
        places.setdefault(group_id, []).append((start, ended_on or expected_end))
    return places


def _registers_taken(tx: Session, group_ids: list[int], first: date,
                     last: date) -> set[tuple[int, date]]:
    """(group id, day) of each session from first to last whose register holds a current
    mark: one statement, a range of the sessions' (group, date) key per group, each checked
    through the marks' session index."""
    marked = exists().where(Attendance.session_id == GroupSession.id,
                            Attendance.superseded_by_id.is_(None))
    rows = tx.execute(select(GroupSession.group_id, GroupSession.date).where(
        GroupSession.group_id.in_(group_ids), GroupSession.date >= first,
        GroupSession.date <= last, marked))
    return {(group_id, day) for group_id, day in rows}


def active_groups(tx: Session, group_name: str | None = None) -> list[GroupDetails]:
    """The active groups (or the one named), by name."""
    query = select(Group).where(Group.active.is_(True)).order_by(Group.name)
    if group_name is not None:
        query = query.where(Group.name == group_name)
    return [details_of(g) for g in tx.scalars(query)]


def session_rows(tx: Session, first: date, last: date, group_name: str | None = None,
                 calendar: ServiceCalendar | None = None,
                 groups: list[GroupDetails] | None = None) -> tuple[list[SessionRow], list[str]]:
    """The sessions from first to last and the names of the groups with no dates yet; a
    caller that goes on to ask the calendar or the groups more passes its own."""
    groups = active_groups(tx, group_name) if groups is None else groups
    calendar = calendar or ServiceCalendar(tx)
    ids = [g.id for g in groups if g.id is not None]
    places = _places(tx, ids, first, last)
    taken = _registers_taken(tx, ids, first, last)
    rows: list[SessionRow] = []
    undated = []
    for group in groups:
        assert group.id is not None
        if not group.schedule.has_dates:
            undated.append(group.display_name)
            continue
        for occurrence in calendar.sessions(group, first, last):
            booked = sum(runs_on(s, u, occurrence.date) for s, u in places.get(group.id, []))
            rows.append(SessionRow(group.id, group.name, occurrence.date, occurrence.start,
                                   occurrence.end, occurrence.closure, booked, group.capacity,
                                   (group.id, occurrence.date) in taken))
    rows.sort(key=lambda r: (r.date, r.start or time.max, r.group_name))
    return rows, undated


def sessions_between(db: Database, actor: Actor, first: date, last: date,
                     group_name: str | None = None) -> list[SessionRow]:
    """Every session of every active group (or the one named) from first to last inclusive,
    by date then start time; closed sessions included with their reason."""
    actor.require(Permission.VIEW_TIMETABLE)
    with db.reading() as tx:
        return session_rows(tx, first, last, group_name)[0]


def week_of(db: Database, actor: Actor, day: date) -> Week:
    """The Monday-to-Sunday week containing day."""
    actor.require(Permission.VIEW_TIMETABLE)
    monday = day - timedelta(days=day.weekday())
    with db.reading() as tx:
        rows, undated = session_rows(tx, monday, monday + timedelta(days=6))
    return Week(monday, rows, undated)


def members_on(db: Database, actor: Actor, group_id: int, day: date) -> list[Member]:
    """Who holds a place in the group on that day. Viewing names is audited."""
    actor.require(Permission.FIND_PEOPLE)
    with db.writing() as tx:
        members = [Member(e.id, name, e.start_date, e.expected_end_date, e.service_user_id)
                   for e, name in places_on(tx, group_id, day)]
        audit.record(tx, actor, "view", "session_members", group_id, date=str(day),
                     people=len(members))
    return members
