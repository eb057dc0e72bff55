"""The timetable as plain rows: a dated session with its places, and a Monday-to-Sunday week.

Made by the timetable service, read by the week grid, the `sessions` verb, the printable week
and calendar exports; pure, so exports need no database to render one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from recovery_desk.schedule.phrases import format_time_range

TBC_TIME_WORDS = "Time to be confirmed"
REGISTER_TAKEN = "register taken"
REGISTER_DUE = "register due"


@dataclass(frozen=True)
class SessionRow:
    group_id: int
    group_name: str
    date: date
    start: time | None
    end: time | None
    closure: str | None
    booked: int
    capacity: int
    register_taken: bool = False
    """Whether the session's register holds a current mark."""

    @property
    def runs(self) -> bool:
        return self.closure is None


@dataclass(frozen=True)
class Week:
    monday: date
    sessions: list[SessionRow]
    undated: list[str]
    """Names of active groups with no dated sessions yet (day, or start week, to be
    confirmed)."""


def register_state(row: SessionRow, today: date) -> str | None:
    """REGISTER_TAKEN, REGISTER_DUE (a session on or before today that ran with people booked
    and has no marks yet), or None: a session still to come, closed, or with nobody booked."""
    if row.register_taken:
        return REGISTER_TAKEN
    if row.runs and row.date <= today and row.booked > 0:
        return REGISTER_DUE
    return None


def session_time(row: SessionRow) -> str:
    if row.start is None or row.end is None:
        return TBC_TIME_WORDS
    return format_time_range(row.start, row.end)
