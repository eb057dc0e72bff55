"""The records service_history.py plans for generate.py: each group's calendar, and the
referrals, places and waiting-list entries of people, before they become rows.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from recovery_desk.catalogue.details import GroupDetails
from recovery_desk.schedule.end_dates import rolling_end
from recovery_desk.vocabulary import GroupFormat, Outcome, PlaceStatus, WaitingStatus


@dataclass
class GroupPlan:
    details: GroupDetails
    opened: date
    """The first day it took referrals."""
    closes: date
    """The day it stopped taking referrals (retired groups); after today for the others."""
    retired_on: date | None
    dates: list[date] = field(default_factory=list)
    """The days its sessions run, closures skipped."""
    cohorts: list[date] = field(default_factory=list)

    @property
    def id(self) -> int:
        assert self.details.id is not None
        return self.details.id

    def next_date(self, day: date) -> date | None:
        """The first session on or after day (a cohort start, for a closed group)."""
        days = self.cohorts if self.details.format is GroupFormat.CLOSED_COHORT else self.dates
        index = bisect.bisect_left(days, day)
        return days[index] if index < len(days) else None

    def between(self, first: date, last: date) -> list[date]:
        return self.dates[bisect.bisect_left(self.dates, first):
                          bisect.bisect_right(self.dates, last)]

    def expected_end(self, start: date) -> date | None:
        """As recovery_desk.domain.places.places.span_for works it out for a place from start."""
        group = self.details
        if group.format is GroupFormat.CLOSED_COHORT:
            last_day = start + timedelta(weeks=group.length_weeks or 12) - timedelta(days=1)
            held = self.between(start, last_day)
            return held[-1] if held else last_day
        if group.length_sessions:
            held = self.dates[bisect.bisect_left(self.dates, start):]
            return held[group.length_sessions - 1] if len(held) >= group.length_sessions \
                else None
        if group.length_weeks:
            return rolling_end(start, group.length_weeks)
        return None


@dataclass
class BookedPlace:
    person_id: int
    group: GroupPlan
    referral_id: int
    booked_on: date
    start: date
    expected_end: date | None
    status: PlaceStatus
    ended_on: date | None = None
    end_reason: str = ""
    member_until: date | None = None
    """The last day they were marked on the register (withdrawn: before ended_on)."""
    stopped_coming: bool = False
    """Their last few marks are did-not-attends (it is why they left)."""
    flagged: bool = False
    id: int = 0


@dataclass
class Referral:
    made_on: date
    person_id: int
    group: GroupPlan
    keyworker_id: int
    outcome: Outcome
    reasons: list[str]
    justification: str
    primary: bool
    id: int = 0


@dataclass
class WaitingEntry:
    group: GroupPlan
    person_id: int
    added_on: date
    status: WaitingStatus
    position: int
    reason: str = ""
    passed_over_on: date | None = None
    decided_on: date | None = None
    id: int = 0


@dataclass
class History:
    """Everything planned, with ids given in the order a desk would have written the rows."""

    people: list[dict[str, Any]] = field(default_factory=list)
    referrals: list[Referral] = field(default_factory=list)
    places: list[BookedPlace] = field(default_factory=list)
    waiting: list[WaitingEntry] = field(default_factory=list)
