"""Cohort review for keyworkers, and the figures behind `recovery-desk capacity`: per group,
places, who finishes soon, the next cohort, occupancy ahead, and the members themselves."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select

from recovery_desk.domain import audit
from recovery_desk.domain.booking_service import outstanding_offers
from recovery_desk.domain.database import Database
from recovery_desk.domain.models import (
    Cohort,
    Enrolment,
    EnrolmentStatus,
    Group,
    GroupFormat,
    ServiceUser,
    WaitingListEntry,
    WaitingStatus,
)
from recovery_desk.domain.staff import Actor
from recovery_desk.domain.timetable_service import covers

FINISHING_WEEKS = 4
OCCUPANCY_WEEKS = 12


@dataclass(frozen=True)
class GroupReview:
    group_id: int
    group: str
    capacity: int
    active: int
    free: int
    waiting: int
    offers: int
    finishing: list[tuple[str, date]]
    """(name, end date) of places ending within the next FINISHING_WEEKS weeks."""
    next_cohort: date | None
    occupancy: list[tuple[date, int]]
    """(Monday, places taken that week) for the next OCCUPANCY_WEEKS weeks."""
    closed_cohort: bool


@dataclass(frozen=True)
class MemberRow:
    enrolment_id: int
    person_id: int
    name: str
    start: date
    end: date | None
    flagged: bool


def _taken_in_week(places: list, monday: date) -> int:  # type: ignore[type-arg]
    """Places that run on at least one day of the week starting monday."""
    sunday = monday + timedelta(days=6)
    return sum(1 for p in places if p.start_date <= sunday
               and (p.expected_end_date is None or p.expected_end_date >= monday))


def review(db: Database, actor: Actor, today: date) -> list[GroupReview]:
    """One review per active group, in name order."""
    monday = today - timedelta(days=today.weekday())
    soon = today + timedelta(weeks=FINISHING_WEEKS)
    with db.reading() as session:
        groups = session.scalars(select(Group).where(Group.active.is_(True))
                                 .order_by(Group.name)).all()
        places = session.execute(
            select(Enrolment.group_id, Enrolment.start_date, Enrolment.expected_end_date,
                   ServiceUser.given_name, ServiceUser.family_name).join(ServiceUser)
            .where(Enrolment.status == EnrolmentStatus.ACTIVE)).all()
        waiting = dict(session.execute(
            select(WaitingListEntry.group_id, func.count()).where(
                WaitingListEntry.status.in_((WaitingStatus.WAITING, WaitingStatus.OFFERED)))
            .group_by(WaitingListEntry.group_id)).all())
        cohorts = dict(session.execute(
            select(Cohort.group_id, func.min(Cohort.start_date))
            .where(Cohort.start_date >= today).group_by(Cohort.group_id)).all())
        reviews = []
        for group in groups:
            mine = [p for p in places if p.group_id == group.id]
            running = [p for p in mine if covers(p.start_date, p.expected_end_date, today)
                       or p.start_date > today]
            active = len(running)
            offers = outstanding_offers(session, group.id)
            finishing = sorted(((f"{p.given_name} {p.family_name}", p.expected_end_date)
                                for p in running if p.expected_end_date
                                and p.expected_end_date <= soon), key=lambda f: f[1])
            occupancy = [(week, _taken_in_week(mine, week))
                         for week in (monday + timedelta(weeks=w)
                                      for w in range(OCCUPANCY_WEEKS))]
            reviews.append(GroupReview(
                group.id, group.name, group.capacity, active,
                max(0, group.capacity - active - offers), waiting.get(group.id, 0), offers,
                finishing, cohorts.get(group.id), occupancy,
                group.format is GroupFormat.CLOSED_COHORT))
        return reviews


def members(db: Database, actor: Actor, group_id: int, today: date) -> list[MemberRow]:
    """The group's current and booked members with start and end dates (audited: names)."""
    with db.writing() as session:
        rows = session.execute(select(Enrolment, ServiceUser).join(ServiceUser).where(
            Enrolment.group_id == group_id, Enrolment.status == EnrolmentStatus.ACTIVE))
        result = [MemberRow(e.id, p.id, f"{p.given_name} {p.family_name}", e.start_date,
                            e.expected_end_date, e.flagged_for_keyworker)
                  for e, p in rows if e.expected_end_date is None
                  or e.expected_end_date >= today]
        audit.record(session, actor, "view", "group_members", group_id, people=len(result))
        return sorted(result, key=lambda m: (m.end or date.max, m.name))
