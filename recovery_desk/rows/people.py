"""Rows about one service user as the desk sees them: their places, waiting-list positions and
attendance, and the record that gathers them.

Filled by domain/people/person_record_service.py; shown by the person record dialog and
item_models/review_models.py (AttendanceModel).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from recovery_desk.vocabulary import AttendanceMark, PlaceStatus, WaitingStatus


@dataclass(frozen=True)
class PlaceLine:
    enrolment_id: int
    group_id: int
    group: str
    start: date
    end: date | None
    status: PlaceStatus
    ended_on: date | None
    end_reason: str
    flagged: bool


@dataclass(frozen=True)
class WaitingLine:
    group: str
    position: int
    status: WaitingStatus
    reason: str


@dataclass(frozen=True)
class AttendanceLine:
    day: date
    group: str
    mark: AttendanceMark
    history: tuple[AttendanceMark, ...]
    """Earlier marks for the same session, oldest first, when it was corrected."""


@dataclass(frozen=True)
class PersonRecord:
    person_id: int
    name: str
    places: list[PlaceLine]
    attendance: list[AttendanceLine]
    """The newest ATTENDANCE_PAGE marks (person_record_service); attendance_page() gives the
    ones before."""
    marks: dict[AttendanceMark, int]
    """Every current mark in their history, counted."""
    waiting: list[WaitingLine]

    @property
    def marks_total(self) -> int:
        return sum(self.marks.values())
