"""When a place starts and ends, which cohort it joins, and whose places clash in time.

Works inside the caller's transaction (a Session) so the booking service checks these rules
against the database as it is at that moment.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from recovery_desk.domain.catalogue import GroupDetails
from recovery_desk.domain.closure_service import closures_in
from recovery_desk.domain.errors import DomainError
from recovery_desk.domain.models import Cohort, Enrolment, EnrolmentStatus, GroupFormat
from recovery_desk.schedule.closures import sessions
from recovery_desk.schedule.end_dates import cohort_end, nth_session_end, rolling_end
from recovery_desk.schedule.phrases import format_date, format_time_range

LOOK_AHEAD_DAYS = 366
CLASH_WEEKS = 12


@dataclass(frozen=True)
class Span:
    start: date
    end: date | None
    cohort_id: int | None = None


def running_sessions(session: Session, group: GroupDetails, first: date, last: date) -> list[date]:
    assert group.id is not None
    closures = closures_in(session, first, last)
    return [s.date for s in sessions(group.id, group.schedule, first, last, closures) if s.runs]


def _next_session(session: Session, group: GroupDetails, on: date) -> date:
    upcoming = running_sessions(session, group, on, on + timedelta(days=LOOK_AHEAD_DAYS))
    if not upcoming:
        raise DomainError(f"{group.name} has no dated sessions in the next year (its day and "
                          "time are to be confirmed), so a place cannot start yet.")
    return upcoming[0]


def span_for(session: Session, group: GroupDetails, on: date) -> Span:
    """The start and expected end of a place booked on `on`."""
    assert group.id is not None
    if group.format is GroupFormat.CLOSED_COHORT:
        return _cohort_span(session, group, on)
    start = _next_session(session, group, on)
    if group.length_sessions:
        end = nth_session_end(group.id, group.schedule, start, group.length_sessions,
                              lambda first, last: closures_in(session, first, last))
    elif group.length_weeks:
        end = rolling_end(start, group.length_weeks)
    else:
        end = None
    return Span(start, end)


def _cohort_span(session: Session, group: GroupDetails, on: date) -> Span:
    assert group.id is not None
    late = group.settings().get("late_join_sessions", 0)
    weeks = group.length_weeks or 12
    cohorts = session.scalars(select(Cohort).where(Cohort.group_id == group.id)
                              .order_by(Cohort.start_date)).all()
    for cohort in cohorts:
        last_day = cohort.start_date + timedelta(weeks=weeks) - timedelta(days=1)
        if last_day < on:
            continue
        closures = closures_in(session, cohort.start_date, last_day)
        end = cohort_end(group.id, group.schedule, cohort.start_date, weeks, closures) \
            if group.schedule.has_dates else last_day
        if cohort.start_date >= on:
            return Span(cohort.start_date, end, cohort.id)
        held = len(running_sessions(session, group, cohort.start_date, on - timedelta(days=1)))
        if held <= late:
            return Span(_next_session(session, group, on) if group.schedule.has_dates else on,
                        end, cohort.id)
    started = [c for c in cohorts if c.start_date < on]
    detail = (f" The cohort that started {format_date(started[-1].start_date)} has held more "
              f"than {late} session{'s' if late != 1 else ''}, the most a late joiner may "
              "miss (a setting).") if started else ""
    raise DomainError(f"{group.name} is a closed group and has no cohort open to join.{detail} "
                      "A manager can open a new cohort with a start date.")


def expire_finished(session: Session, service_user_id: int, group_id: int, on: date) -> None:
    """Mark as completed an active place whose expected end has passed, so it frees its slot."""
    for place in session.scalars(select(Enrolment).where(
            Enrolment.service_user_id == service_user_id, Enrolment.group_id == group_id,
            Enrolment.status == EnrolmentStatus.ACTIVE, Enrolment.expected_end_date < on)):
        place.status = EnrolmentStatus.COMPLETED
        place.ended_on = place.expected_end_date
        place.end_reason = "Reached the end of the place."


def clashes(session: Session, group: GroupDetails, span: Span,
            others: list[tuple[GroupDetails, date, date | None]]) -> list[str]:
    """Each of the person's other places with a session overlapping this group's in time."""
    if group.schedule.start is None or group.schedule.end is None:
        return []
    last = min(span.end or span.start + timedelta(weeks=CLASH_WEEKS),
               span.start + timedelta(weeks=CLASH_WEEKS))
    mine = set(running_sessions(session, group, span.start, last))
    found = []
    for other, start, end in others:
        rule = other.schedule
        if rule.start is None or rule.end is None or other.id == group.id:
            continue
        if not (rule.start < group.schedule.end and group.schedule.start < rule.end):
            continue
        window_end = min(last, end) if end else last
        shared = sorted(mine & set(running_sessions(session, other, max(start, span.start),
                                                    window_end)))
        if shared:
            found.append(f"{other.name} ({format_time_range(rule.start, rule.end)}) on "
                         f"{len(shared)} of the same days, first {format_date(shared[0])}")
    return found
