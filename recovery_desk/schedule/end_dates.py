"""When a place ends: rolling groups by weeks, open groups by sessions held, cohorts by their
last session."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from recovery_desk.schedule.closures import ClosurePeriod, sessions
from recovery_desk.schedule.rules import Rule

SEARCH_YEARS = 3


def rolling_end(start: date, weeks: int) -> date:
    """A rolling place ends the given number of weeks after it starts."""
    return start + timedelta(weeks=weeks)


def nth_session_end(group_id: int, rule: Rule, start: date, count: int,
                    closures_between: Callable[[date, date], list[ClosurePeriod]]) -> date | None:
    """The date of the count-th session that runs on or after start; closures are skipped.

    None when the rule has no dates, or fewer than count sessions run in SEARCH_YEARS years.
    """
    last = start + timedelta(days=365 * SEARCH_YEARS)
    closures = closures_between(start, last)
    held = [s.date for s in sessions(group_id, rule, start, last, closures) if s.runs]
    return held[count - 1] if len(held) >= count else None


def cohort_end(group_id: int, rule: Rule, cohort_start: date, weeks: int,
               closures: list[ClosurePeriod]) -> date | None:
    """The last session that runs within the cohort's weeks (None if none runs)."""
    last_day = cohort_start + timedelta(weeks=weeks) - timedelta(days=1)
    held = [s.date for s in sessions(group_id, rule, cohort_start, last_day, closures) if s.runs]
    return held[-1] if held else None
