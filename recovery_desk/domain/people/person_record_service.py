"""A service user's record as the desk sees it: places, end dates, waiting-list positions and
attendance, the attendance summed in SQL and listed a page at a time, newest first. Every
opening is audited.

However long someone's history, opening their record costs the same few statements.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from recovery_desk.access import Permission
from recovery_desk.domain.service.group_rows import name_beside_a_referral
from recovery_desk.domain.store import audit
from recovery_desk.domain.store.actor import Actor
from recovery_desk.domain.store.database import Database
from recovery_desk.domain.store.errors import NotFoundError
from recovery_desk.domain.store.models import (
    Attendance,
    Group,
    GroupSession,
    Place,
    Referral,
    ServiceUser,
    WaitingListEntry,
)
from recovery_desk.rows.people import AttendanceLine, PersonRecord, PlaceLine, WaitingLine
from recovery_desk.vocabulary import LIVE_WAITING, AttendanceMark, PlaceStatus

ATTENDANCE_PAGE = 50


def _attendance(tx: Session, person_id: int, offset: int,
                limit: int) -> list[AttendanceLine]:
    current = tx.execute(
        select(Attendance.session_id, Attendance.enrolment_id, Attendance.mark,
               GroupSession.date, Group.name)
        .join(GroupSession, Attendance.session_id == GroupSession.id)
        .join(Group, GroupSession.group_id == Group.id)
        .join(Place, Attendance.enrolment_id == Place.id)
        .where(Place.service_user_id == person_id, Attendance.superseded_by_id.is_(None))
        .order_by(GroupSession.date.desc(), Attendance.id.desc())
        .offset(offset).limit(limit)).all()
    if not current:
        return []
    earlier: dict[tuple[int, int], list[AttendanceMark]] = {}
    for session_id, enrolment_id, mark in tx.execute(
            select(Attendance.session_id, Attendance.enrolment_id, Attendance.mark)
            .where(Attendance.enrolment_id.in_({row.enrolment_id for row in current}),
                   Attendance.session_id.in_({row.session_id for row in current}),
                   Attendance.superseded_by_id.is_not(None))
            .order_by(Attendance.id)):
        earlier.setdefault((session_id, enrolment_id), []).append(mark)
    return [AttendanceLine(row.date, row.name, row.mark,
                           tuple(earlier.get((row.session_id, row.enrolment_id), ())))
            for row in current]


def person_record(db: Database, actor: Actor, person_id: int) -> PersonRecord:
    actor.require(Permission.FIND_PEOPLE)
    with db.writing() as tx:
        person = tx.get(ServiceUser, person_id)
        if person is None:
            raise NotFoundError("That person's record no longer exists.")
        places = [PlaceLine(e.id, g.id, g.name, e.start_date, e.expected_end_date, e.status,
                            e.ended_on, e.end_reason, e.flagged_for_keyworker)
                  for e, g in tx.execute(
                      select(Place, Group).join(Group)
                      .where(Place.service_user_id == person_id)
                      .order_by(Place.start_date.desc()))]
        waiting = [WaitingLine(g.name, w.position, w.status, w.reason)
                   for w, g in tx.execute(
                       select(WaitingListEntry, Group).join(Group).where(
                           WaitingListEntry.service_user_id == person_id,
                           WaitingListEntry.status.in_(LIVE_WAITING)))]
        marks = {mark: count for mark, count in tx.execute(
            select(Attendance.mark, func.count())
            .join(Place, Attendance.enrolment_id == Place.id)
            .where(Place.service_user_id == person_id,
                   Attendance.superseded_by_id.is_(None))
            .group_by(Attendance.mark))}
        audit.record(tx, actor, "view", "person_record", person_id)
        return PersonRecord(person_id, person.name, places,
                            _attendance(tx, person_id, 0, ATTENDANCE_PAGE), marks,
                            waiting)


def attendance_page(db: Database, actor: Actor, person_id: int,
                    offset: int) -> list[AttendanceLine]:
    """The next page of a record already opened (and audited), from offset, newest first."""
    actor.require(Permission.FIND_PEOPLE)
    with db.reading() as tx:
        return _attendance(tx, person_id, offset, ATTENDANCE_PAGE)


def unbooked_referrals(db: Database, actor: Actor, person_id: int) -> list[tuple[int, str]]:
    """Active groups the person is referred to but holds no place in and is not waiting for,
    each named as this member of staff may read it beside a referral ('a group' for
    reception where the name reveals special-category data)."""
    actor.require(Permission.FIND_PEOPLE)
    with db.reading() as tx:
        referred = tx.scalars(select(Group).where(
            Group.active.is_(True), Group.id.in_(select(Referral.group_id).where(
                Referral.service_user_id == person_id, Referral.withdrawn.is_(False))))).all()
        placed = set(tx.scalars(select(Place.group_id).where(
            Place.service_user_id == person_id,
            Place.status == PlaceStatus.ACTIVE)))
        waiting = set(tx.scalars(select(WaitingListEntry.group_id).where(
            WaitingListEntry.service_user_id == person_id,
            WaitingListEntry.status.in_(LIVE_WAITING))))
        return sorted(((group.id, name_beside_a_referral(actor, group)) for group in referred
                       if group.id not in placed and group.id not in waiting),
                      key=lambda g: g[1])
