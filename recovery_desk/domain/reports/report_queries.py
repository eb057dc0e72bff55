"""The group-work report's SQL: one set-based aggregate per figure (or per family of figures
counted over the same rows), grouped by group, whatever the years of history.

Portable SQL only, so the same statements run on SQLite and on a shared PostgreSQL server:
counts are COUNT(CASE ...), the median and 90th percentile come from row_number() and count()
windows (no percentile_cont), ages from EXTRACT, and the one date difference (days_between)
compiles to each database's own spelling.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, TypeAlias

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Date,
    Integer,
    Select,
    and_,
    case,
    extract,
    func,
    literal,
    or_,
    select,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from recovery_desk.domain.reports.report_figures import AGE_BANDS
from recovery_desk.domain.service.closure_service import closed_on
from recovery_desk.domain.store.models import (
    Attendance,
    AuditEvent,
    GroupSession,
    Place,
    Referral,
    ServiceUser,
    WaitingListEntry,
    WalkIn,
)
from recovery_desk.vocabulary import LIVE_WAITING, AttendanceMark, PlaceStatus

E, S, A = Place, GroupSession, Attendance
LEFT_THE_LIST = ("accept", "decline")
"""Audit actions with which an entry leaves a waiting list (waiting_list_service)."""
AnySelect: TypeAlias = "Select[*tuple[Any, ...]]"
"""A SELECT of however many columns: the report service names what it reads from each."""


class days_between(FunctionElement[int]):  # named as the SQL function it stands for
    """Whole days from the second date to the first: later - earlier."""

    type = Integer()
    inherit_cache = True
    name = "days_between"


@compiles(days_between)
def _days_by_subtraction(element: days_between, compiler: Any, **kw: Any) -> str:
    # PostgreSQL (and the SQL standard): date - date is a whole number of days.
    later, earlier = list(element.clauses)
    return f"({compiler.process(later, **kw)} - {compiler.process(earlier, **kw)})"


@compiles(days_between, "sqlite")
def _days_by_julian_day(element: days_between, compiler: Any, **kw: Any) -> str:
    # SQLite keeps dates as ISO text; julianday() reads them (and bound parameters) as days.
    later, earlier = list(element.clauses)
    return (f"CAST(julianday({compiler.process(later, **kw)}) - "
            f"julianday({compiler.process(earlier, **kw)}) AS INTEGER)")


def count_where(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.count(case((condition, 1)))


def _day(value: date) -> ColumnElement[date]:
    return literal(value, Date)


# ---------------------------------------------------------------- places
def _last_day() -> ColumnElement[date]:
    return func.coalesce(E.ended_on, E.expected_end_date)


def was_a_place() -> ColumnElement[bool]:
    """Not cancelled as booked in error: such a booking never was a place, in any figure."""
    return E.status != PlaceStatus.CANCELLED


def running_on(day: date) -> ColumnElement[bool]:
    """The place runs on day: started on or before it, not ended (or due to end) before it."""
    last = _last_day()
    return and_(was_a_place(), E.start_date <= day, or_(last.is_(None), last >= day))


def started_in(first: date, last: date) -> ColumnElement[bool]:
    """The place's first session is in the period, and it was not ended before then."""
    return and_(was_a_place(), E.start_date.between(first, last),
                or_(E.ended_on.is_(None), E.ended_on >= E.start_date))


def ended_in(first: date, last: date, *statuses: PlaceStatus) -> ColumnElement[bool]:
    return and_(E.status.in_(statuses), E.ended_on.between(first, last),
                E.ended_on >= E.start_date)


def places(group_ids: Sequence[int], first: date, last: date) -> AnySelect:
    """Per group: places at the start and end, starters, completions and early exits."""
    early = (PlaceStatus.WITHDRAWN, PlaceStatus.DISCHARGED)
    return (select(E.group_id,
                   count_where(running_on(first)).label("places_at_start"),
                   count_where(started_in(first, last)).label("starters"),
                   count_where(ended_in(first, last, PlaceStatus.COMPLETED))
                   .label("completed"),
                   count_where(ended_in(first, last, *early)).label("left_early"),
                   count_where(ended_in(first, last, PlaceStatus.WITHDRAWN))
                   .label("withdrawn"),
                   count_where(ended_in(first, last, PlaceStatus.DISCHARGED))
                   .label("discharged"),
                   count_where(running_on(last)).label("places_at_end"))
            .where(E.group_id.in_(group_ids), E.start_date <= last, was_a_place(),
                   or_(E.ended_on.is_(None), E.ended_on >= first))
            .group_by(E.group_id))


def _age_at_start() -> ColumnElement[int]:
    born = ServiceUser.date_of_birth
    birthday_later_in_year = (extract("month", E.start_date) * 100
                              + extract("day", E.start_date)
                              < extract("month", born) * 100 + extract("day", born))
    return (extract("year", E.start_date) - extract("year", born)
            - case((birthday_later_in_year, 1), else_=0))


def starters_by_sex_and_age(group_ids: Sequence[int], first: date, last: date) -> AnySelect:
    """Per group, sex and age band: new starters."""
    age = _age_at_start()
    band = case(*((age < below, key) for key, _, below in AGE_BANDS if below is not None),
                else_=AGE_BANDS[-1][0])
    return (select(E.group_id, ServiceUser.sex, band.label("band"), func.count())
            .join(ServiceUser, E.service_user_id == ServiceUser.id)
            .where(E.group_id.in_(group_ids), started_in(first, last))
            .group_by(E.group_id, ServiceUser.sex, band))


# ---------------------------------------------------------------- sessions and registers
def _ran(group_ids: Sequence[int], first: date, last: date) -> ColumnElement[bool]:
    """Stored sessions of the groups dated in the period, less any the service closed (a
    session cancelled on the day): a closed session counts as closed, and its marks and
    walk-ins not at all."""
    return and_(S.group_id.in_(group_ids), S.date.between(first, last),
                ~closed_on(S.group_id, S.date))


def sessions_run(group_ids: Sequence[int], first: date, last: date) -> AnySelect:
    """Per group: stored sessions (a register was taken) dated in the period."""
    return (select(S.group_id, func.count())
            .where(_ran(group_ids, first, last))
            .group_by(S.group_id))


def walk_ins(group_ids: Sequence[int], first: date, last: date) -> AnySelect:
    """Per group: walk-ins (people without a place, marked attended) at sessions that ran."""
    return (select(S.group_id, func.count()).select_from(WalkIn)
            .join(S, WalkIn.session_id == S.id)
            .where(_ran(group_ids, first, last))
            .group_by(S.group_id))


def _current_marks(group_ids: Sequence[int], first: date, last: date) -> AnySelect:
    return (select().select_from(A).join(S, A.session_id == S.id)
            .where(_ran(group_ids, first, last), A.superseded_by_id.is_(None)))


def marks(group_ids: Sequence[int], first: date, last: date) -> AnySelect:
    """Per group and mark: current register marks (a correction replaces the mark it
    corrects)."""
    return (_current_marks(group_ids, first, last)
            .add_columns(S.group_id, A.mark, func.count()).group_by(S.group_id, A.mark))


def weekly_attendance(group_ids: Sequence[int], first: date, last: date,
                      monday: date) -> AnySelect:
    """Per group and week (numbered from monday): marks of attended or late, and all marks."""
    week = (days_between(S.date, _day(monday)) // 7).label("week")
    present = A.mark.in_((AttendanceMark.ATTENDED, AttendanceMark.LATE))
    return (_current_marks(group_ids, first, last)
            .add_columns(S.group_id, week, count_where(present), func.count())
            .group_by(S.group_id, week))


# ---------------------------------------------------------------- waits
def waits(group_ids: Sequence[int], first: date, last: date, by_group: bool) -> AnySelect:
    """Per group (or over all the groups): how many starters have a referral, the median and
    the 90th percentile (nearest rank) of their days from referral to first session."""
    days = (select(E.group_id.label("group_id"),
                   days_between(E.start_date, Referral.made_on).label("days"))
            .join(Referral, E.referral_id == Referral.id)
            .where(E.group_id.in_(group_ids), started_in(first, last))
            .subquery("waits"))
    partition = [days.c.group_id] if by_group else []
    ranked = select(days.c.group_id, days.c.days,
                    func.row_number().over(partition_by=partition, order_by=days.c.days)
                    .label("n"),
                    func.count().over(partition_by=partition).label("total")).subquery("ranked")
    n, total = ranked.c.n, ranked.c.total
    middle = or_(n == (total + 1) // 2, n == (total + 2) // 2)
    nearest_rank_90 = (total * 9 + 9) // 10  # ceil(0.9 * total), in whole numbers
    query = select(func.max(total), func.avg(case((middle, ranked.c.days))),
                   func.max(case((n == nearest_rank_90, ranked.c.days))))
    if by_group:
        return query.add_columns(ranked.c.group_id).group_by(ranked.c.group_id)
    return query


def end_of_day_utc(day: date) -> datetime:
    """The moment day ends on this desk's clock, as the audit trail stores times (UTC)."""
    # A naive datetime's astimezone() reads it as the machine's local time: the clinic's.
    local_midnight = datetime.combine(day + timedelta(days=1), time())
    return local_midnight.astimezone(UTC).replace(tzinfo=None)


def waiting_at_end(group_ids: Sequence[int], last: date) -> AnySelect:
    """Per group: people on the list at the end of last, and the earliest day one of them
    joined. An entry that has since left counts if it left after last ended."""
    W = WaitingListEntry
    left_after = (select(AuditEvent.entity_id)
                  .where(AuditEvent.entity == "waiting_list_entry",
                         AuditEvent.action.in_(LEFT_THE_LIST),
                         AuditEvent.at >= end_of_day_utc(last)))
    return (select(W.group_id, func.count(), func.min(W.added_on))
            .where(W.group_id.in_(group_ids), W.added_on <= last,
                   or_(W.status.in_(LIVE_WAITING), W.id.in_(left_after)))
            .group_by(W.group_id))


def groups_met(group_ids: Sequence[int], first: date, last: date) -> CompoundSelect[int]:
    """Of group_ids, those with sessions (a register taken), places or waiting-list entries
    in the period: a report must count them whether or not they have since been retired.
    Each branch starts from the group's own index (sessions, places, waiting list)."""
    W = WaitingListEntry
    left_in_or_after = (select(AuditEvent.entity_id)
                        .where(AuditEvent.entity == "waiting_list_entry",
                               AuditEvent.at >= end_of_day_utc(first - timedelta(days=1))))
    return (select(S.group_id).where(S.group_id.in_(group_ids), S.date.between(first, last))
            .union(select(E.group_id).where(E.group_id.in_(group_ids), E.start_date <= last,
                                            was_a_place(),
                                            or_(E.ended_on.is_(None), E.ended_on >= first)),
                   select(W.group_id).where(W.group_id.in_(group_ids), W.added_on <= last,
                                            or_(W.added_on >= first,
                                                W.status.in_(LIVE_WAITING),
                                                W.id.in_(left_in_or_after)))))


def statements(group_ids: Sequence[int], first: date,
               last: date) -> dict[str, AnySelect | CompoundSelect[int]]:
    """Every statement a report runs, by name: for EXPLAIN in the benchmark and the tests."""
    monday = first - timedelta(days=first.weekday())
    return {"places": places(group_ids, first, last),
            "starters by sex and age": starters_by_sex_and_age(group_ids, first, last),
            "sessions run": sessions_run(group_ids, first, last),
            "marks": marks(group_ids, first, last),
            "walk-ins": walk_ins(group_ids, first, last),
            "weekly attendance": weekly_attendance(group_ids, first, last, monday),
            "waits by group": waits(group_ids, first, last, by_group=True),
            "waits over all": waits(group_ids, first, last, by_group=False),
            "waiting at the end": waiting_at_end(group_ids, last),
            "groups met": groups_met(group_ids, first, last)}
