"""Rows about places in groups: a register being taken, the cohort review's figures per group,
a group's members and its waiting list, and the desk's day (who is expected today).

Filled by domain/places/ (register_service, review_service, waiting_list_service,
today_service); shown by item_models/register_model.py and item_models/review_models.py, the
register dialog, the Review and Today tabs and the `capacity` verb.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from recovery_desk.catalogue.details import GroupDetails
from recovery_desk.schedule.timetable import SessionRow
from recovery_desk.vocabulary import AttendanceMark, WaitingStatus

FINISHING_WEEKS = 4
"""The review counts places ending within this many weeks as finishing soon."""
OCCUPANCY_WEEKS = 12
"""The review shows places taken for this many weeks ahead."""


@dataclass(frozen=True)
class RegisterRow:
    enrolment_id: int
    name: str
    mark: AttendanceMark | None
    corrected: bool
    """Whether the current mark replaced an earlier one."""


@dataclass(frozen=True)
class Register:
    group_id: int
    group: str
    day: date
    details: GroupDetails
    rows: list[RegisterRow]
    walk_ins: list[str]
    """The names of people without a place who came as walk-ins, marked attended."""
    walk_ins_welcome: bool
    """The group needs no referral, so someone without a place may join a session."""


@dataclass(frozen=True)
class GroupReview:
    group_id: int
    group: str
    capacity: int
    active: int
    """Places running today or booked to start later."""
    free: int
    """Free places for a booking made today (in the open cohort, for a closed group)."""
    waiting: int
    offers: int
    finishing: int
    """Places ending within the next FINISHING_WEEKS weeks."""
    next_cohort: date | None
    occupancy: list[tuple[date, int]]
    """(Monday, places taken that week) for the next OCCUPANCY_WEEKS weeks."""
    closed_cohort: bool
    joinable: bool
    """Whether a place booked today has a session to start at (an open cohort, known dates)."""


@dataclass(frozen=True)
class MemberRow:
    enrolment_id: int
    person_id: int
    name: str
    start: date
    end: date | None
    flagged: bool
    flag: str = ""
    """While flagged: missed sessions in a row and the last contact, in words."""


@dataclass(frozen=True)
class WaitingRow:
    entry_id: int
    person_id: int
    name: str
    position: int
    status: WaitingStatus
    added_on: date
    reason: str
    answer_by: date | None = None
    """While offered: the last day to answer."""


@dataclass(frozen=True)
class ExpectedPerson:
    """Someone with a place in a session today, as reception needs them at the door: contact
    and access needs only, nothing clinical."""

    person_id: int
    enrolment_id: int
    name: str
    phone: str
    first_session: bool
    """No session of the group has run since their place started: today is their first."""
    access_needs: str


@dataclass(frozen=True)
class DaySheet:
    day: date
    sessions: list[SessionRow]
    """Today's sessions, closed ones with their reason, by start time."""
    overdue: list[SessionRow]
    """Earlier sessions (within today_service.OVERDUE_DAYS) that ran with people booked and
    whose register is not taken, oldest first."""


@dataclass(frozen=True)
class PersonWaitingRow:
    """One waiting list a person is on, as their record shows it."""

    entry_id: int
    group_id: int
    group: str
    position: int
    of: int
    """How many are on the list."""
    status: WaitingStatus
    answer_by: date | None
    reason: str
