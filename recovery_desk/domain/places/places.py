"""When a place starts and ends, which cohort it joins, and whose places clash in time.

Works inside the caller's transaction (a Session and its ServiceCalendar), so the booking
service checks these rules against the database as it is at that moment.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from recovery_desk.catalogue.details import MAX_LENGTH, GroupDetails
from recovery_desk.domain.service.service_calendar import ServiceCalendar
from recovery_desk.domain.store.errors import DomainError
from recovery_desk.domain.store.models import Cohort
from recovery_desk.schedule.end_dates import cohort_end, nth_session_end, rolling_end
from recovery_desk.schedule.phrases import format_date, format_time_range
from recovery_desk.vocabulary import GroupFormat

LOOK_AHEAD_DAYS = 366
NEAR_DAYS = 56
"""Where next_session looks first (eight weeks), before the rest of LOOK_AHEAD_DAYS."""
CLASH_WEEKS = 12
DEFAULT_COHORT_WEEKS = 12


@dataclass(frozen=True)
class Span:
    start: date
    end: date | None
    cohort_id: int | None = None


class NoSessionToJoinError(DomainError):
    """The group has no session a new place could start at (no dates yet, or no open cohort)."""


def next_session(calendar: ServiceCalendar, group: GroupDetails, on: date) -> date:
    # The next few weeks first: nearly always enough, and a booking need not work out a
    # year of sessions to find the next one.
    upcoming = calendar.running(group, on, on + timedelta(days=NEAR_DAYS)) \
        or calendar.running(group, on, on + timedelta(days=LOOK_AHEAD_DAYS))
    if not upcoming:
        raise NoSessionToJoinError(
            f"{group.name} has no dated sessions in the next year (its day and time are to "
            "be confirmed), so a place cannot start yet.")
    return upcoming[0]


def oldest_open_cohort(on: date) -> date:
    """No cohort that started before this can still be running on `on`: a group runs for at
    most MAX_LENGTH weeks (the catalogue's limit), so years of past cohorts need not be read."""
    return on - timedelta(weeks=MAX_LENGTH)


def span_for(tx: Session, calendar: ServiceCalendar, group: GroupDetails, on: date,
             cohorts: Sequence[Cohort] | None = None) -> Span:
    """The start and expected end of a place booked on `on`. cohorts: the group's cohorts,
    if the caller has them already (a closed group's are read otherwise)."""
    assert group.id is not None
    if group.format is GroupFormat.CLOSED_COHORT:
        if cohorts is None:
            cohorts = tx.scalars(select(Cohort).where(
                Cohort.group_id == group.id, Cohort.start_date >= oldest_open_cohort(on))
                .order_by(Cohort.start_date)).all()
        return _cohort_span(calendar, group, on, cohorts)
    start = next_session(calendar, group, on)
    if group.length_sessions:
        end = nth_session_end(group.id, group.schedule, start, group.length_sessions,
                              calendar.closures)
    elif group.length_weeks:
        end = rolling_end(start, group.length_weeks)
    else:
        end = None
    return Span(start, end)


def _cohort_span(calendar: ServiceCalendar, group: GroupDetails, on: date,
                 cohorts: Sequence[Cohort]) -> Span:
    assert group.id is not None
    late = group.settings().get("late_join_sessions", 0)
    weeks = group.length_weeks or DEFAULT_COHORT_WEEKS
    for cohort in sorted(cohorts, key=lambda c: c.start_date):
        last_day = cohort.start_date + timedelta(weeks=weeks) - timedelta(days=1)
        if last_day < on:
            continue
        end = cohort_end(group.id, group.schedule, cohort.start_date, weeks,
                         calendar.closures(cohort.start_date, last_day)) \
            if group.schedule.has_dates else last_day
        if cohort.start_date >= on:
            return Span(cohort.start_date, end, cohort.id)
        held = len(calendar.running(group, cohort.start_date, on - timedelta(days=1)))
        if held <= late:
            return Span(next_session(calendar, group, on) if group.schedule.has_dates else on,
                        end, cohort.id)
    started = [c for c in cohorts if c.start_date < on]
    detail = (f" The cohort that started {format_date(started[-1].start_date)} has held more "
              f"than {late} session{'s' if late != 1 else ''}, the most a late joiner may "
              "miss (a setting).") if started else ""
    raise NoSessionToJoinError(
        f"{group.name} is a closed group and has no cohort open to join.{detail} A manager "
        "can open a new cohort with a start date.")


def clashes(calendar: ServiceCalendar, group: GroupDetails, span: Span,
            others: list[tuple[GroupDetails, date, date | None]]) -> list[str]:
    """Each of the person's other places with a session overlapping this group's in time."""
    if group.schedule.start is None or group.schedule.end is None:
        return []
    last = min(span.end or span.start + timedelta(weeks=CLASH_WEEKS),
               span.start + timedelta(weeks=CLASH_WEEKS))
    mine = set(calendar.running(group, span.start, last))
    found = []
    for other, start, end in others:
        rule = other.schedule
        if rule.start is None or rule.end is None or other.id == group.id:
            continue
        if not (rule.start < group.schedule.end and group.schedule.start < rule.end):
            continue
        window_end = min(last, end) if end else last
        shared = sorted(mine & set(calendar.running(other, max(start, span.start), window_end)))
        if shared:
            found.append(f"{other.name} ({format_time_range(rule.start, rule.end)}) on "
                         f"{len(shared)} of the same days, first {format_date(shared[0])}")
    return found
