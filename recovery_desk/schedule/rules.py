"""A group's recurrence rule and the dates it produces, on python-dateutil's rrule."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta
from enum import StrEnum

from dateutil.rrule import MONTHLY, WEEKLY, rrule, weekday
from dateutil.rrule import weekdays as RRULE_WEEKDAYS

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
DAY_ABBREVIATIONS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
LAST = -1
"""Month position meaning 'the last such weekday of the month'."""
POSITIONS = (1, 2, 3, 4, 5, LAST)


class Frequency(StrEnum):
    WEEKLY = "weekly"
    FORTNIGHTLY = "fortnightly"
    MONTHLY = "monthly"
    UNKNOWN = "unknown"
    """Day and time not known yet: no dated sessions."""


@dataclass(frozen=True)
class Rule:
    """When a group meets.

    weekdays are 0 (Monday) to 6 (Sunday); none while the day is to be confirmed, and always
    none for UNKNOWN. positions belong to monthly rules only, which need them as soon as they
    have days: 1 to 5 for the nth weekday of the month, LAST for the last one (each position
    applies to each day). anchor belongs to fortnightly rules only: a date the group meets on,
    one of its days, which fixes which weeks are 'on'; None while the start date is to be
    confirmed. start and end are whole minutes, both None while the time is to be confirmed,
    and end is after start.

    Anything else is refused with ValueError, so every Rule that exists can be said in words
    (render_rule) and read back the same (parse_rule).
    """

    frequency: Frequency
    weekdays: tuple[int, ...] = ()
    positions: tuple[int, ...] = ()
    anchor: date | None = None
    start: time | None = None
    end: time | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "frequency", Frequency(self.frequency))
        object.__setattr__(self, "weekdays", tuple(sorted(set(self.weekdays))))
        object.__setattr__(
            self, "positions", tuple(sorted(set(self.positions), key=lambda p: (p == LAST, p)))
        )
        problem = self._problem()
        if problem:
            raise ValueError(f"not a schedule rule: {problem}")

    def _problem(self) -> str | None:
        if any(type(d) is not int or not 0 <= d <= 6 for d in self.weekdays):
            return "weekdays run from 0 (Monday) to 6 (Sunday)"
        if any(type(p) is not int or p not in POSITIONS for p in self.positions):
            return "positions in the month are 1 to 5, or LAST"
        if self.frequency is Frequency.UNKNOWN and self.weekdays:
            return "a rule whose day is not known has no weekdays"
        if self.frequency is Frequency.MONTHLY:
            if bool(self.weekdays) != bool(self.positions):
                return "a monthly rule has days and positions together, or neither"
        elif self.positions:
            return "only a monthly rule has positions in the month"
        if self.anchor is not None and (self.frequency is not Frequency.FORTNIGHTLY
                                        or self.anchor.weekday() not in self.weekdays):
            return "only a fortnightly rule has an anchor, on one of its days"
        if (self.start is None) != (self.end is None):
            return "a rule has a start and an end time, or neither"
        if self.start is not None and self.end is not None:
            if any(t.second or t.microsecond or t.tzinfo for t in (self.start, self.end)):
                return "times are in whole minutes, without a time zone"
            if self.end <= self.start:
                return "the end time is after the start time"
        return None

    @property
    def has_dates(self) -> bool:
        """Whether the rule can produce dated sessions at all."""
        if self.frequency is Frequency.UNKNOWN or not self.weekdays:
            return False
        if self.frequency is Frequency.FORTNIGHTLY:
            return self.anchor is not None
        if self.frequency is Frequency.MONTHLY:
            return bool(self.positions)
        return True

    @property
    def has_time(self) -> bool:
        return self.start is not None and self.end is not None


def _rrule_weekdays(rule: Rule) -> list[weekday]:
    if rule.frequency is Frequency.MONTHLY:
        return [RRULE_WEEKDAYS[d](p) for d in rule.weekdays for p in rule.positions]
    return [RRULE_WEEKDAYS[d] for d in rule.weekdays]


def occurrences(rule: Rule, first: date, last: date) -> list[date]:
    """Every date from first to last inclusive on which the rule meets, in order."""
    if not rule.has_dates or last < first:
        return []
    byweekday = _rrule_weekdays(rule)
    floor = first
    if rule.frequency is Frequency.WEEKLY:
        dates = rrule(WEEKLY, byweekday=byweekday, dtstart=first, until=last)
    elif rule.frequency is Frequency.MONTHLY:
        dates = rrule(MONTHLY, byweekday=byweekday, dtstart=first.replace(day=1), until=last)
    else:
        assert rule.anchor is not None
        week_start = rule.anchor - timedelta(days=rule.anchor.weekday())
        dates = rrule(WEEKLY, interval=2, byweekday=byweekday, wkst=0,
                      dtstart=week_start, until=last)
        floor = max(first, rule.anchor)
    return [d.date() for d in dates if d.date() >= floor]
