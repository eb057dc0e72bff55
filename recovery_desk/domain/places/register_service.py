"""Registers: a mark per member per session that runs. A correction adds a new mark and keeps
the old one as superseded history. Enough did-not-attends in a row (a setting) flag the place
for the keyworker."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, insert, or_, select, update
from sqlalchemy.orm import Session, aliased

from recovery_desk.access import Permission
from recovery_desk.catalogue.details import GroupDetails
from recovery_desk.domain.places.place_rules import lock_group
from recovery_desk.domain.places.timetable_service import places_on
from recovery_desk.domain.service.group_rows import details_of
from recovery_desk.domain.service.service_calendar import ServiceCalendar
from recovery_desk.domain.store import audit
from recovery_desk.domain.store.actor import Actor
from recovery_desk.domain.store.database import Database
from recovery_desk.domain.store.errors import DomainError, NotFoundError
from recovery_desk.domain.store.models import Attendance, Group, GroupSession, Place
from recovery_desk.domain.store.timestamps import utc_now
from recovery_desk.rows.places import Register, RegisterRow
from recovery_desk.schedule.phrases import format_date
from recovery_desk.vocabulary import AttendanceMark


def _check_session(tx: Session, group: GroupDetails, day: date) -> None:
    found = ServiceCalendar(tx).sessions(group, day, day)
    if not found:
        raise DomainError(f"{group.name} does not meet on {format_date(day)}.")
    if not found[0].runs:
        raise DomainError(f"{group.name} is closed on {format_date(day)} "
                          f"({found[0].closure}), so it takes no register.")


def _current(tx: Session, group_id: int, day: date) -> dict[int, Attendance]:
    rows = tx.scalars(select(Attendance).join(GroupSession).where(
        GroupSession.group_id == group_id, GroupSession.date == day,
        Attendance.superseded_by_id.is_(None)))
    return {mark.enrolment_id: mark for mark in rows}


def _session_group(tx: Session, group_id: int, day: date,
                   lock: bool = False) -> tuple[Group, GroupDetails]:
    """The group, if it has a session that runs on day; otherwise DomainError saying why.
    lock: the group's lock is taken (by a save), so the members and the marks read next are
    what the last desk to save left, and two desks saving one register at once save in turn."""
    group = lock_group(tx, group_id) if lock else tx.get(Group, group_id)
    if group is None:
        raise NotFoundError("That group no longer exists; reload.")
    details = details_of(group)
    _check_session(tx, details, day)
    return group, details


def register(db: Database, actor: Actor, group_id: int, day: date) -> Register:
    """The register for a session that runs: every member that day and their current mark."""
    actor.require(Permission.TAKE_REGISTERS)
    with db.writing() as tx:
        group, details = _session_group(tx, group_id, day)
        current = _current(tx, group_id, day)
        corrected = set(tx.scalars(select(Attendance.superseded_by_id).where(
            Attendance.superseded_by_id.is_not(None),
            Attendance.superseded_by_id.in_([m.id for m in current.values()]))))
        rows = [RegisterRow(place.id, name, current[place.id].mark if place.id in current
                            else None, place.id in current and current[place.id].id in corrected)
                for place, name in places_on(tx, group_id, day)]
        audit.record(tx, actor, "view", "register", group_id, date=str(day))
        return Register(group_id, group.name, day, details, rows)


def record(db: Database, actor: Actor, group_id: int, day: date,
           marks: dict[int, AttendanceMark]) -> list[str]:
    """Record (or correct) marks for the session; returns the names newly flagged for their
    keyworker after enough did-not-attends in a row."""
    actor.require(Permission.TAKE_REGISTERS)
    with db.writing() as tx:
        group, details = _session_group(tx, group_id, day, lock=True)
        members = {place.id: (place, name) for place, name in places_on(tx, group_id, day)}
        strangers = set(marks) - set(members)
        if strangers:
            raise DomainError("Some marks are for people without a place in this session; "
                              "reload the register.")
        session = _session_row(tx, group, day)
        _write_marks(tx, actor, session, _current(tx, group_id, day), marks)
        return _flag_streaks(tx, actor, details.settings()["dna_flag_count"], members, marks)


def _session_row(tx: Session, group: Group, day: date) -> GroupSession:
    """The session's row, made the first time its register is saved."""
    session = tx.scalar(select(GroupSession).where(GroupSession.group_id == group.id,
                                                   GroupSession.date == day))
    if session is None:
        session = GroupSession(group_id=group.id, date=day, start_time=group.start_time,
                               end_time=group.end_time)
        tx.add(session)
        tx.flush()
    return session


def _write_marks(tx: Session, actor: Actor, session: GroupSession,
                 current: dict[int, Attendance], marks: dict[int, AttendanceMark]) -> None:
    """A new mark for each place whose mark changed, the one it replaces kept as superseded
    history, each audited as a mark or a correction."""
    changed = {place: mark for place, mark in marks.items()
               if place not in current or current[place].mark is not mark}
    replaced = {place: current[place] for place in changed if place in current}
    # Written as a handful of set-wide statements, however many members the session has.
    if replaced:
        # Free each "one current mark" slot before the new mark takes it; pointing a mark
        # at itself keeps the foreign key valid for that moment.
        tx.execute(update(Attendance).where(Attendance.id.in_(
            [old.id for old in replaced.values()])).values(superseded_by_id=Attendance.id)
            .execution_options(synchronize_session=False))
    now = utc_now()
    new_ids: dict[int, int] = {}
    if changed:
        tx.execute(insert(Attendance), [
            {"session_id": session.id, "enrolment_id": place, "mark": mark,
             "recorded_by_id": actor.staff_id, "recorded_at": now}
            for place, mark in changed.items()])
        new_ids = {place: mark_id for place, mark_id in tx.execute(
            select(Attendance.enrolment_id, Attendance.id).where(
                Attendance.session_id == session.id, Attendance.superseded_by_id.is_(None),
                Attendance.enrolment_id.in_(list(changed))))}
    if replaced:
        tx.execute(update(Attendance), [
            {"id": old.id, "superseded_by_id": new_ids[place]}
            for place, old in replaced.items()])
    for place, mark in changed.items():
        old = replaced.get(place)
        audit.record(tx, actor, "correct" if old else "mark", "attendance",
                     new_ids[place], mark=mark.value, was=old.mark.value if old else None)


def _flag_streaks(tx: Session, actor: Actor, threshold: int,
                  members: dict[int, tuple[Place, str]],
                  marks: dict[int, AttendanceMark]) -> list[str]:
    """Each marked place flagged for its keyworker while its did-not-attends in a row reach
    the threshold (and unflagged once they do not); returns the names newly flagged."""
    streaks = dna_streaks(tx, list(marks))
    flagged = []
    for enrolment_id in marks:
        enrolment, name = members[enrolment_id]
        was = enrolment.flagged_for_keyworker
        enrolment.flagged_for_keyworker = streaks.get(enrolment_id, 0) >= threshold
        if enrolment.flagged_for_keyworker and not was:
            flagged.append(name)
            audit.record(tx, actor, "flag", "enrolment", enrolment_id,
                         reason=f"{threshold} did-not-attends in a row")
    return flagged


def dna_streaks(tx: Session, enrolment_ids: list[int]) -> dict[int, int]:
    """Per place, its did-not-attends in a row up to its latest mark, in one statement: the
    current did-not-attend marks later than the place's latest other current mark."""
    if not enrolment_ids:
        return {}
    other = aliased(Attendance)
    other_session = aliased(GroupSession)
    last_other = (select(func.max(other_session.date))
                  .join(other, other.session_id == other_session.id)
                  .where(other.enrolment_id == Attendance.enrolment_id,
                         other.superseded_by_id.is_(None),
                         other.mark != AttendanceMark.DID_NOT_ATTEND)
                  .scalar_subquery())
    rows = tx.execute(
        select(Attendance.enrolment_id, func.count())
        .join(GroupSession, Attendance.session_id == GroupSession.id)
        .where(Attendance.enrolment_id.in_(enrolment_ids),
               Attendance.superseded_by_id.is_(None),
               Attendance.mark == AttendanceMark.DID_NOT_ATTEND,
               or_(last_other.is_(None), GroupSession.date > last_other))
        .group_by(Attendance.enrolment_id))
    return {enrolment_id: count for enrolment_id, count in rows}
