"""Closures: bank holidays of England and Wales (from `holidays`) and the service's own, and the
dated sessions of a group with each closed one marked and explained.

Bank holidays come from a table generated from `holidays` (bank_holiday_dates.py), read once
per year asked about: importing the package loads every country's rules, which would cost the
window more than the rest of a week's timetable. Only a year outside the table asks `holidays`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from functools import lru_cache

from recovery_desk.schedule.rules import Rule, occurrences


@dataclass(frozen=True)
class ClosurePeriod:
    """Days first..last (inclusive) on which one group, or with group_id None every group, is
    closed."""

    first: date
    last: date
    reason: str
    group_id: int | None = None

    def covers(self, day: date, group_id: int) -> bool:
        return self.first <= day <= self.last and self.group_id in (None, group_id)


@dataclass(frozen=True)
class Occurrence:
    group_id: int
    date: date
    start: time | None
    end: time | None
    closure: str | None = None
    """The reason the session does not run, or None when it runs."""

    @property
    def runs(self) -> bool:
        return self.closure is None


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> tuple[tuple[date, str], ...]:
    from recovery_desk.schedule.bank_holiday_dates import dates

    table = dates(year)
    if table is not None:
        return tuple((date.fromisoformat(day), name) for day, name in table)
    import holidays

    calendar = holidays.country_holidays("GB", subdiv="ENG", years=year)
    return tuple(sorted(calendar.items()))


def bank_holidays(first: date, last: date) -> list[ClosurePeriod]:
    """England and Wales bank holidays from first to last, as whole-service closures."""
    return [ClosurePeriod(day, day, f"Bank holiday: {name}")
            for year in range(first.year, last.year + 1)
            for day, name in _bank_holidays(year) if first <= day <= last]


def sessions(group_id: int, rule: Rule, first: date, last: date,
             closures: list[ClosurePeriod]) -> list[Occurrence]:
    """The group's sessions from first to last, closed ones kept and given their reason."""
    # Only the closures that can touch this group in this range are asked about each day.
    relevant = [c for c in closures
                if c.group_id in (None, group_id) and c.first <= last and c.last >= first]
    result = []
    for day in occurrences(rule, first, last):
        reason = next((c.reason for c in relevant if c.first <= day <= c.last), None)
        result.append(Occurrence(group_id, day, rule.start, rule.end, reason))
    return result
