"""Registers: a mark per member per session that runs, taken on the session's day or after it,
never before. A correction adds a new mark and keeps the old one as superseded history. Enough
did-not-attends in a row (a setting) flag the place for the keyworker. A session the facilitator
cannot run is cancelled on the day: the group is closed that day, so its register counts for
nothing (no did-not-attends, closed in the report).

Used by the register dialog and the timetable (views/timetable/), the Today tab and the
benchmarks; walk-ins are walk_in_service.py's."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, insert, or_, select, update
from sqlalchemy.orm import Session, aliased

from recovery_desk.access import Permission
from recovery_desk.catalogue.details import GroupDetails
from recovery_desk.domain.places.place_rules import lock_group
from recovery_desk.domain.places.timetable_service import places_on
from recovery_desk.domain.service import outbox
from recovery_desk.domain.service.closure_service import closed_on
from recovery_desk.domain.service.group_rows import details_of
from recovery_desk.domain.service.service_calendar import ServiceCalendar
from recovery_desk.domain.store import audit
from recovery_desk.domain.store.actor import Actor
from recovery_desk.domain.store.database import Database
from recovery_desk.domain.store.errors import DomainError, InvalidDetailsError, NotFoundError
from recovery_desk.domain.store.models import (
    Attendance,
    Closure,
    Group,
    GroupSession,
    Place,
    ServiceUser,
    WalkIn,
)
from recovery_desk.domain.store.timestamps import utc_now
from recovery_desk.rows.places import Register, RegisterRow
from recovery_desk.schedule.phrases import format_date
from recovery_desk.schedule.words import CANCELLED_ON_THE_DAY, counted
from recovery_desk.text_checks import reason_problem
from recovery_desk.vocabulary import AttendanceMark, MessageKind

REASON_LENGTH = 200 - len(CANCELLED_ON_THE_DAY)
"""The longest reason for a cancellation: a closure's reason column holds it with its prefix."""


def still_to_come(group: str, day: date, today: date) -> str | None:
    """Why no register can be taken yet for a session on day, or None when it can: a register
    is taken on the session's day or after it."""
    if day <= today:
        return None
    return (f"{group} on {format_date(day)} is still to come: a register is taken on the "
            "session's day or after it.")


def _check_session(tx: Session, group: GroupDetails, day: date) -> None:
    found = ServiceCalendar(tx).sessions(group, day, day)
    if not found:
        raise DomainError(f"{group.name} does not meet on {format_date(day)}.")
    closure = found[0].closure
    if closure is not None and closure.startswith(CANCELLED_ON_THE_DAY):
        raise DomainError(f"{group.name} on {format_date(day)} was cancelled by the service "
                          f"({closure.removeprefix(CANCELLED_ON_THE_DAY)}), so it takes no "
                          "register; nobody on it counts as a did-not-attend.")
    if not found[0].runs:
        raise DomainError(f"{group.name} is closed on {format_date(day)} "
                          f"({closure}), so it takes no register.")


def walk_ins_on(tx: Session, group_id: int, day: date) -> list[str]:
    """The names of the walk-ins on the group's session that day, in name order."""
    rows = tx.scalars(select(ServiceUser).join(WalkIn, WalkIn.service_user_id == ServiceUser.id)
                      .join(GroupSession, WalkIn.session_id == GroupSession.id)
                      .where(GroupSession.group_id == group_id, GroupSession.date == day))
    return sorted(person.name for person in rows)


def _current(tx: Session, group_id: int, day: date) -> dict[int, Attendance]:
    rows = tx.scalars(select(Attendance).join(GroupSession).where(
        GroupSession.group_id == group_id, GroupSession.date == day,
        Attendance.superseded_by_id.is_(None)))
    return {mark.enrolment_id: mark for mark in rows}


def session_group(tx: Session, group_id: int, day: date, today: date,
                   lock: bool = False) -> tuple[Group, GroupDetails]:
    """The group, if it has a session that runs on day and day has come; otherwise DomainError
    saying why. lock: the group's lock is taken (by a save), so the members and the marks read
    next are what the last desk to save left, and two desks saving one register at once save
    in turn."""
    group = lock_group(tx, group_id) if lock else tx.get(Group, group_id)
    if group is None:
        raise NotFoundError("That group no longer exists; reload.")
    details = details_of(group)
    _check_session(tx, details, day)
    if refused := still_to_come(group.name, day, today):
        raise DomainError(refused)
    return group, details


def register(db: Database, actor: Actor, group_id: int, day: date, today: date) -> Register:
    """The register for a session that runs, on its day or after: every member that day and
    their current mark, and the walk-ins."""
    actor.require(Permission.TAKE_REGISTERS)
    with db.writing() as tx:
        group, details = session_group(tx, group_id, day, today)
        current = _current(tx, group_id, day)
        corrected = set(tx.scalars(select(Attendance.superseded_by_id).where(
            Attendance.superseded_by_id.is_not(None),
            Attendance.superseded_by_id.in_([m.id for m in current.values()]))))
        rows = [RegisterRow(place.id, name, current[place.id].mark if place.id in current
                            else None, place.id in current and current[place.id].id in corrected)
                for place, name in places_on(tx, group_id, day)]
        audit.record(tx, actor, "view", "register", group_id, date=str(day))
        return Register(group_id, group.name, day, details, rows,
                        walk_ins_on(tx, group_id, day), not group.referral_required)


def record(db: Database, actor: Actor, group_id: int, day: date,
           marks: dict[int, AttendanceMark], today: date) -> list[str]:
    """Record (or correct) marks for the session, on its day or after; returns the names newly
    flagged for their keyworker after enough did-not-attends in a row."""
    actor.require(Permission.TAKE_REGISTERS)
    with db.writing() as tx:
        group, details = session_group(tx, group_id, day, today, lock=True)
        members = {place.id: (place, name) for place, name in places_on(tx, group_id, day)}
        strangers = set(marks) - set(members)
        if strangers:
            raise DomainError("Some marks are for people without a place in this session; "
                              "reload the register.")
        session = session_row(tx, group, day)
        _write_marks(tx, actor, session, _current(tx, group_id, day), marks)
        return _flag_streaks(tx, actor, details.settings()["dna_flag_count"], members, marks)


def cancel_session(db: Database, actor: Actor, group_id: int, day: date, reason: str,
                   today: date) -> int:
    """Cancel a session on its own day, before anyone is marked: the group is closed that day
    with the reason, so it takes no register, nobody on it counts as a did-not-attend and the
    report counts it closed. Returns how many people held a place in it. A session already
    past, or whose register has marks, ran (or is settled): its marks are corrected instead.

    Desk staff who take registers may do it: it is they who hear on the day that the
    facilitator is off sick. Closing a session still to come stays with managers (Closures)."""
    actor.require(Permission.TAKE_REGISTERS)
    refused = reason_problem(reason, "Give a reason; it is shown on the timetable.")
    if refused is None and len(reason.strip()) > REASON_LENGTH:
        refused = f"A reason can be at most {REASON_LENGTH} characters long."
    if refused:
        raise InvalidDetailsError({"reason": refused})
    with db.writing() as tx:
        group = lock_group(tx, group_id)
        if group is None:
            raise NotFoundError("That group no longer exists; reload.")
        details = details_of(group)
        _check_session(tx, details, day)
        if day > today:
            raise DomainError(f"{group.name} on {format_date(day)} is still to come; a "
                              "manager closes a future session in Closures.")
        if day < today:
            raise DomainError(f"{group.name} on {format_date(day)} has passed; a session is "
                              "cancelled on its own day only.")
        marked = list(_current(tx, group_id, day))
        if marked:
            raise DomainError(f"This register has {counted(len(marked), 'mark')}: a session "
                              "that ran is not cancelled; correct its marks instead.")
        closure = Closure(group_id=group_id, first_day=day, last_day=day,
                          reason=CANCELLED_ON_THE_DAY + reason.strip(),
                          created_by_id=actor.staff_id)
        tx.add(closure)
        tx.flush()
        members = places_on(tx, group_id, day)
        audit.record(tx, actor, "cancel_session", "closure", closure.id, group=group.name,
                     date=str(day), members=len(members))
        people = [place.service_user for place, _name in members]
        outbox.queue(tx, people, [outbox.Event(
            MessageKind.CANCELLED, group, f"cancelled-g{group.id}-{day:%Y%m%d}-p{p.id}", day,
            group.start_time) for p in people])
        return len(members)


def session_row(tx: Session, group: Group, day: date) -> GroupSession:
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
    current did-not-attend marks later than the place's latest other current mark. Marks on a
    day the group was closed (a session cancelled on the day) are skipped: neither counted
    nor breaking a streak."""
    if not enrolment_ids:
        return {}
    other = aliased(Attendance)
    other_session = aliased(GroupSession)
    last_other = (select(func.max(other_session.date))
                  .join(other, other.session_id == other_session.id)
                  .where(other.enrolment_id == Attendance.enrolment_id,
                         other.superseded_by_id.is_(None),
                         other.mark != AttendanceMark.DID_NOT_ATTEND,
                         ~closed_on(other_session.group_id, other_session.date))
                  .scalar_subquery())
    rows = tx.execute(
        select(Attendance.enrolment_id, func.count())
        .join(GroupSession, Attendance.session_id == GroupSession.id)
        .where(Attendance.enrolment_id.in_(enrolment_ids),
               Attendance.superseded_by_id.is_(None),
               Attendance.mark == AttendanceMark.DID_NOT_ATTEND,
               ~closed_on(GroupSession.group_id, GroupSession.date),
               or_(last_other.is_(None), GroupSession.date > last_other))
        .group_by(Attendance.enrolment_id))
    return {enrolment_id: count for enrolment_id, count in rows}
