"""Rows about places in groups: a register being taken, the cohort review's figures per group,
a group's members and its waiting list.

Filled by domain/places/ (register_service, review_service, waiting_list_service); shown by
item_models/register_model.py and item_models/review_models.py, the register dialog, the
Review tab and the `capacity` verb.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from recovery_desk.catalogue.details import GroupDetails
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


@dataclass(frozen=True)
class WaitingRow:
    entry_id: int
    person_id: int
    name: str
    position: int
    status: WaitingStatus
    added_on: date
    reason: str
