"""The group-work report for managers, keyworkers and commissioners: for a period and chosen
groups, per group and in total, sessions planned, run and closed, places, starters, endings,
register marks and rates, waits, the waiting list, and starters by sex and age band.

Sessions planned and closed come from the schedule and closures (the ServiceCalendar); every
other figure is one SQL aggregate from report_queries.py, so the cost is a fixed number of
statements however many years of history the database holds. The report holds no names.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from recovery_desk.access import Permission
from recovery_desk.domain.reports import report_queries as q
from recovery_desk.domain.reports.report_figures import (
    AGE_BANDS,
    PLACES,
    SEXES,
    TOTAL,
    GroupFigures,
    Report,
    Value,
    WeekRate,
)
from recovery_desk.domain.service.group_rows import details_of
from recovery_desk.domain.service.service_calendar import ServiceCalendar
from recovery_desk.domain.service.service_details import read_details
from recovery_desk.domain.store import audit
from recovery_desk.domain.store.actor import Actor
from recovery_desk.domain.store.database import Database
from recovery_desk.domain.store.errors import DomainError, NotFoundError
from recovery_desk.domain.store.models import Group
from recovery_desk.schedule.phrases import format_date
from recovery_desk.vocabulary import AttendanceMark

MAX_YEARS = 20
MARK_KEYS = {AttendanceMark.ATTENDED: "attended", AttendanceMark.LATE: "late",
             AttendanceMark.APOLOGIES: "apologies",
             AttendanceMark.DID_NOT_ATTEND: "did_not_attend"}
COUNTED = ("sessions_planned", "sessions_closed", "sessions_run",
           *(f.key for f in PLACES), "marks", *MARK_KEYS.values(), "walk_ins", "waits",
           "waiting_at_end",
           *(f"sex:{key}" for key, _ in SEXES), *(f"age:{key}" for key, _, _ in AGE_BANDS))
"""Figures whose total is the sum over the groups."""


@dataclass(frozen=True)
class ReportGroup:
    group_id: int
    name: str
    active: bool
    met: bool = False
    """It had planned sessions, places or waiting-list entries in the period asked about."""

    @property
    def counted_by_default(self) -> bool:
        """A report covers, unless told otherwise, every active group and every retired one
        that met in the period."""
        return self.active or self.met

    @property
    def label(self) -> str:
        return self.name + ("" if self.active else " (retired)")


def report_groups(db: Database, actor: Actor, first: date | None = None,
                  last: date | None = None) -> list[ReportGroup]:
    """Every group a report can cover (retired ones keep their history), active ones first;
    given a period, each says whether it met in it (sessions planned or run, places, or
    waiting-list entries)."""
    actor.require(Permission.VIEW_REPORTS)
    with db.reading() as tx:
        groups = tx.scalars(select(Group).order_by(Group.active.desc(), Group.name)).all()
        met: set[int] = set()
        if first is not None and last is not None and last >= first:
            met = set(tx.scalars(q.groups_met([g.id for g in groups], first, last)))
            calendar = ServiceCalendar(tx)
            for group in groups:
                if group.id not in met and _planned(calendar, group, first, last):
                    met.add(group.id)
        return [ReportGroup(g.id, g.name, g.active, g.id in met) for g in groups]


def _stop(group: Group, last: date) -> date:
    """The last day a group could meet in a period ending on last: a retired group's stop the
    day it retired."""
    return min(last, group.retired_on - timedelta(days=1)) if group.retired_on else last


def _planned(calendar: ServiceCalendar, group: Group, first: date, last: date) -> bool:
    stop = _stop(group, last)
    return stop >= first and bool(calendar.sessions(details_of(group), first, stop))


def quarter_before(day: date) -> tuple[date, date]:
    """The last whole calendar quarter before day's quarter (the service's financial quarters
    share these edges): the period a report covers by default."""
    start_of_this = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    last = start_of_this - timedelta(days=1)
    return date(last.year, last.month - 2, 1), last


Progress = Callable[[int, int], None]
"""Told (steps done, steps in all) as the report is counted; it may raise to stop."""


def report(db: Database, actor: Actor, first: date, last: date, group_ids: list[int],
           made_on: date, progress: Progress | None = None) -> Report:
    """The report for first..last inclusive over the chosen groups (in name order)."""
    actor.require(Permission.VIEW_REPORTS)
    if last < first:
        raise DomainError(f"The period runs backwards: {format_date(first)} is after "
                          f"{format_date(last)}.")
    if (last - first).days > 366 * MAX_YEARS:
        raise DomainError(f"The period is longer than {MAX_YEARS} years; choose a shorter one.")
    if not group_ids:
        raise DomainError("Choose at least one group to report on.")
    with db.reading() as tx:
        groups = tx.scalars(select(Group).where(Group.id.in_(group_ids))
                                 .order_by(Group.name)).all()
        if len(groups) != len(set(group_ids)):
            raise NotFoundError("A chosen group no longer exists; reload.")
        ids = [g.id for g in groups]
        steps = _Figures.STATEMENTS + len(groups)
        done = iter(range(1, steps + 1))

        def step() -> None:
            if progress is not None:
                progress(next(done), steps)

        figures = _Figures(tx, ids, first, last, step)
        calendar = ServiceCalendar(tx)
        per_group = []
        for group in groups:
            step()
            planned = calendar.sessions(details_of(group), first, _stop(group, last))
            closures = Counter(s.closure for s in planned if s.closure is not None)
            per_group.append(figures.group(group.id, group.name, len(planned),
                                           dict(closures), retired=not group.active))
        total = figures.total(per_group)
        return Report(first, last, made_on, read_details(tx), tuple(per_group), total)


def record_seen(db: Database, actor: Actor, made: Report, how: str) -> None:
    """A report printed or saved is audited under the staff member who made it: the period,
    how many groups and how it left the desk (it holds counts only, so nothing more)."""
    actor.require(Permission.VIEW_REPORTS)
    with db.writing() as tx:
        audit.record(tx, actor, "view", "report", None, first=made.first.isoformat(),
                     last=made.last.isoformat(), groups=len(made.groups), how=how)


def _rates(values: dict[str, Value]) -> None:
    marks = values["marks"]
    assert isinstance(marks, int)
    values["attendance_rate"] = ((values["attended"] or 0) + (values["late"] or 0)) / marks \
        if marks else None
    values["dna_rate"] = (values["did_not_attend"] or 0) / marks if marks else None


class _Figures:
    """The aggregates for the chosen groups, read once, then handed out per group."""

    STATEMENTS = 9

    def __init__(self, tx: Session, ids: list[int], first: date, last: date,
                 step: Callable[[], None]) -> None:
        self.first, self.last = first, last
        self.monday = first - timedelta(days=first.weekday())
        self.places = {row.group_id: row._asdict()
                       for row in tx.execute(q.places(ids, first, last))}
        step()
        self.people: Counter[tuple[int, str]] = Counter()
        for group_id, sex, band, count in tx.execute(
                q.starters_by_sex_and_age(ids, first, last)):
            self.people[(group_id, f"sex:{sex}")] += count
            self.people[(group_id, f"age:{band}")] += count
        step()
        self.run: dict[int, int] = dict(tx.execute(q.sessions_run(ids, first, last)).all())
        step()
        self.marks: Counter[tuple[int, str]] = Counter()
        for group_id, mark, count in tx.execute(q.marks(ids, first, last)):
            self.marks[(group_id, MARK_KEYS[mark])] += count
        step()
        self.walk_ins: dict[int, int] = dict(tx.execute(q.walk_ins(ids, first, last)).all())
        step()
        self.weekly: dict[tuple[int, int], tuple[int, int]] = {
            (group_id, week): (present, count) for group_id, week, present, count in
            tx.execute(q.weekly_attendance(ids, first, last, self.monday))}
        step()
        self.waits = {row[3]: row[:3] for row in tx.execute(
            q.waits(ids, first, last, by_group=True))}
        step()
        self.all_waits = tx.execute(q.waits(ids, first, last, by_group=False)).one()
        step()
        self.waiting = {group_id: (count, earliest) for group_id, count, earliest in
                        tx.execute(q.waiting_at_end(ids, last))}
        step()

    def _weeks(self) -> list[date]:
        count = (self.last - self.monday).days // 7 + 1
        return [self.monday + timedelta(weeks=w) for w in range(count)]

    def _wait_values(self, row: Any) -> dict[str, Value]:
        measured, median, p90 = row if row is not None else (0, None, None)
        return {"waits": measured or 0,
                "wait_days_median": float(median) if median is not None else None,
                "wait_days_p90": int(p90) if p90 is not None else None}

    def _waiting_values(self, count: int, earliest: date | None) -> dict[str, Value]:
        return {"waiting_at_end": count,
                "longest_wait_at_end": (self.last - earliest).days if earliest else None}

    def group(self, group_id: int, name: str, planned: int, closures: dict[str, int],
              retired: bool) -> GroupFigures:
        values: dict[str, Value] = {"sessions_planned": planned,
                                    "sessions_closed": sum(closures.values()),
                                    "sessions_run": self.run.get(group_id, 0)}
        places = self.places.get(group_id, {})
        values.update({f.key: places.get(f.key, 0) for f in PLACES})
        values.update({key: self.marks[(group_id, key)] for key in MARK_KEYS.values()})
        values["marks"] = sum(self.marks[(group_id, key)] for key in MARK_KEYS.values())
        values["walk_ins"] = self.walk_ins.get(group_id, 0)
        _rates(values)
        values.update(self._wait_values(self.waits.get(group_id)))
        values.update(self._waiting_values(*self.waiting.get(group_id, (0, None))))
        for key in (f"sex:{k}" for k, _ in SEXES):
            values[key] = self.people[(group_id, key)]
        for key in (f"age:{k}" for k, _, _ in AGE_BANDS):
            values[key] = self.people[(group_id, key)]
        weeks = tuple(WeekRate(monday, *self.weekly.get((group_id, number), (0, 0)))
                      for number, monday in enumerate(self._weeks()))
        return GroupFigures(group_id, name, values, weeks, closures, retired)

    def total(self, groups: list[GroupFigures]) -> GroupFigures:
        values: dict[str, Value] = {key: sum(g.values[key] or 0 for g in groups)
                                    for key in COUNTED}
        _rates(values)
        values.update(self._wait_values(self.all_waits))
        earliest = [d for _, d in self.waiting.values() if d is not None]
        values.update(self._waiting_values(int(values["waiting_at_end"] or 0),
                                           min(earliest) if earliest else None))
        closures: Counter[str] = Counter()
        for g in groups:
            closures.update(g.closures)
        weeks = tuple(WeekRate(week[0].monday, sum(w.attended for w in week),
                               sum(w.marks for w in week))
                      for week in zip(*(g.weeks for g in groups), strict=True)) \
            if groups else ()
        return GroupFigures(None, TOTAL, values, weeks, dict(closures))
