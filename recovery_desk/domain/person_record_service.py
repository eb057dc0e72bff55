"""A service user's record as the desk sees it: places, end dates, attendance and waiting-list
positions. Every opening is audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from recovery_desk.access import Permission
from recovery_desk.domain import audit
from recovery_desk.domain.database import Database
from recovery_desk.domain.errors import NotFoundError
from recovery_desk.domain.models import (
    Enrolment,
    Group,
    Referral,
    ServiceUser,
    WaitingListEntry,
)
from recovery_desk.domain.register_service import AttendanceLine, attendance_of
from recovery_desk.domain.staff import Actor
from recovery_desk.vocabulary import LIVE_WAITING, EnrolmentStatus, WaitingStatus


@dataclass(frozen=True)
class PlaceLine:
    enrolment_id: int
    group_id: int
    group: str
    start: date
    end: date | None
    status: EnrolmentStatus
    ended_on: date | None
    end_reason: str
    flagged: bool


@dataclass(frozen=True)
class WaitingLine:
    group: str
    position: int
    status: WaitingStatus
    reason: str


@dataclass(frozen=True)
class PersonRecord:
    person_id: int
    name: str
    places: list[PlaceLine]
    attendance: list[AttendanceLine]
    waiting: list[WaitingLine]


def person_record(db: Database, actor: Actor, person_id: int) -> PersonRecord:
    actor.require(Permission.FIND_PEOPLE)
    with db.writing() as session:
        person = session.get(ServiceUser, person_id)
        if person is None:
            raise NotFoundError("That person's record no longer exists.")
        places = [PlaceLine(e.id, g.id, g.name, e.start_date, e.expected_end_date, e.status,
                            e.ended_on, e.end_reason, e.flagged_for_keyworker)
                  for e, g in session.execute(
                      select(Enrolment, Group).join(Group)
                      .where(Enrolment.service_user_id == person_id)
                      .order_by(Enrolment.start_date.desc()))]
        waiting = [WaitingLine(g.name, w.position, w.status, w.reason)
                   for w, g in session.execute(
                       select(WaitingListEntry, Group).join(Group).where(
                           WaitingListEntry.service_user_id == person_id,
                           WaitingListEntry.status.in_(LIVE_WAITING)))]
        audit.record(session, actor, "view", "person_record", person_id)
        return PersonRecord(person_id, person.name, places,
                            attendance_of(session, person_id), waiting)


def unbooked_referrals(db: Database, actor: Actor, person_id: int) -> list[tuple[int, str]]:
    """Active groups the person is referred to but holds no place in and is not waiting for."""
    actor.require(Permission.FIND_PEOPLE)
    with db.reading() as session:
        referred = session.execute(select(Group.id, Group.name).join(
            Referral, Referral.group_id == Group.id).where(
            Referral.service_user_id == person_id, Referral.withdrawn.is_(False),
            Group.active.is_(True)).distinct()).all()
        placed = set(session.scalars(select(Enrolment.group_id).where(
            Enrolment.service_user_id == person_id,
            Enrolment.status == EnrolmentStatus.ACTIVE)))
        waiting = set(session.scalars(select(WaitingListEntry.group_id).where(
            WaitingListEntry.service_user_id == person_id,
            WaitingListEntry.status.in_(LIVE_WAITING))))
        return sorted(((gid, name) for gid, name in referred
                       if gid not in placed and gid not in waiting), key=lambda g: g[1])
