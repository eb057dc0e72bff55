"""The start dates a new place may be given: the group's next sessions (closed ones marked, so
the desk sees why a date is missing), or for a closed group its cohorts' starts. The booking
dialog lists them; booking_service checks a chosen date against the same rules inside the
booking's transaction.

Works inside the caller's transaction, with its ServiceCalendar, as places.py does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from recovery_desk.catalogue.details import GroupDetails
from recovery_desk.domain.places.places import (
    LOOK_AHEAD_DAYS,
    NoSessionToJoinError,
    Span,
    oldest_open_cohort,
    span_for,
)
from recovery_desk.domain.service.service_calendar import ServiceCalendar
from recovery_desk.domain.store.errors import DomainError
from recovery_desk.domain.store.models import Cohort
from recovery_desk.schedule.phrases import format_date
from recovery_desk.vocabulary import GroupFormat

SHOWN = 8
"""How many sessions the desk is offered to start at."""


@dataclass(frozen=True)
class StartChoice:
    day: date
    closure: str | None = None
    """Why the group does not meet that day (it cannot be chosen), or None."""
    note: str = ""
    """What kind of start it is, for a closed group: a cohort's start, or joining late."""

    @property
    def choosable(self) -> bool:
        return self.closure is None


def _cohorts(tx: Session, group: GroupDetails, today: date) -> list[Cohort]:
    return list(tx.scalars(select(Cohort).where(
        Cohort.group_id == group.id, Cohort.start_date >= oldest_open_cohort(today))
        .order_by(Cohort.start_date)))


def start_choices(tx: Session, calendar: ServiceCalendar, group: GroupDetails, today: date,
                  shown: int = SHOWN) -> list[StartChoice]:
    """The next `shown` sessions from today, closed ones marked; for a closed group, the place
    the group would give today (joining a running cohort late, while a setting allows) and the
    starts of cohorts to come. Empty when the group has no date a place could start on."""
    if group.format is GroupFormat.CLOSED_COHORT:
        return _cohort_choices(tx, calendar, group, today)[:shown]
    found: list[StartChoice] = []
    first, step = today, timedelta(days=62)
    while len(found) < shown and first <= today + timedelta(days=LOOK_AHEAD_DAYS):
        found += [StartChoice(s.date, s.closure) for s in
                  calendar.sessions(group, first, first + step - timedelta(days=1))]
        first += step
    return found[:shown]


def _cohort_choices(tx: Session, calendar: ServiceCalendar, group: GroupDetails,
                    today: date) -> list[StartChoice]:
    cohorts = _cohorts(tx, group, today)
    choices = []
    try:
        now = span_for(tx, calendar, group, today, cohorts)
    except NoSessionToJoinError:
        now = None
    starts = {c.start_date for c in cohorts if c.start_date >= today}
    if now is not None and now.start not in starts:
        began = next(c.start_date for c in cohorts if c.id == now.cohort_id)
        choices.append(StartChoice(now.start, note=f"joins late the cohort that started "
                                                   f"{format_date(began)}"))
    choices += [StartChoice(day, note="a new cohort's first session") for day in sorted(starts)]
    return choices


def chosen_span(tx: Session, calendar: ServiceCalendar, group: GroupDetails, today: date,
                start: date) -> Span:
    """The place's span when it starts on `start`, checked: a session that runs, today or
    later; for a closed group, a cohort's start (or the late start the group allows today).
    DomainError saying why not otherwise."""
    if start < today:
        raise DomainError(f"A place cannot start in the past ({format_date(start)}).")
    if group.format is GroupFormat.CLOSED_COHORT:
        cohorts = _cohorts(tx, group, today)
        cohort = next((c for c in cohorts if c.start_date == start), None)
        if cohort is not None:
            return span_for(tx, calendar, group, start, [cohort])
        late = next((c for c in _cohort_choices(tx, calendar, group, today)
                     if c.day == start), None)
        if late is None:
            raise DomainError(f"{group.name} is a closed group: a place starts at a cohort's "
                              f"start, and no cohort starts {format_date(start)}.")
        return span_for(tx, calendar, group, today, cohorts)
    found = calendar.sessions(group, start, start)
    if not found:
        raise DomainError(f"{group.name} does not meet on {format_date(start)}.")
    if not found[0].runs:
        raise DomainError(f"{group.name} is closed on {format_date(start)} "
                          f"({found[0].closure}), so a place cannot start then.")
    return span_for(tx, calendar, group, start)
