"""What the group-work report says: each figure with its label and the definition printed
beside it, and the report itself as plain values (per group and in total).

The report service fills these from one SQL aggregate per figure (report_queries.py); the
Reports tab, the `report` verb and the exported files (exports/report_files.py) read them.
Names of people never appear here: only group names and counts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from recovery_desk.catalogue.service_details import ServiceDetails
from recovery_desk.rows.reports import ReportLine, Value
from recovery_desk.schedule.phrases import format_date
from recovery_desk.vocabulary import FigureKind

TOTAL = "All chosen groups"


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    kind: FigureKind
    definition: str
    base: str | None = None
    """For a figure of days: the count of people it is drawn from (small-number rule)."""


P, C, R, D = FigureKind.PEOPLE, FigureKind.COUNT, FigureKind.RATE, FigureKind.DAYS
SESSIONS = (
    Figure("sessions_planned", "Sessions planned", C,
           "Dates in the group's schedule from the first to the last day of the period, closed "
           "dates included (a retired group's stop the day it retired)."),
    Figure("sessions_closed", "Sessions closed", C,
           "Planned dates on which the group did not meet: bank holidays of England and Wales "
           "and the service's closures. The reasons follow."),
)
SESSIONS_RUN = Figure("sessions_run", "Sessions run (register taken)", C,
                      "Sessions in the period for which a register was taken, less any the "
                      "service closed (a session cancelled on the day).")
PLACES = (
    Figure("places_at_start", "Places at the start", P,
           "Places running on the first day of the period: started on or before it and not "
           "ended before it."),
    Figure("starters", "New starters", P,
           "Places whose first session fell in the period. A booking ended before its first "
           "session is not counted."),
    Figure("completed", "Completions", P,
           "Places ended as completed in the period, including places that reached their "
           "expected end."),
    Figure("left_early", "Early exits", P,
           "Places ended as withdrawn or discharged in the period, after they had started."),
    Figure("withdrawn", "   of which withdrawn", P,
           "Early exits where the person withdrew."),
    Figure("discharged", "   of which discharged", P,
           "Early exits where the service discharged the person."),
    Figure("places_at_end", "Places at the end", P,
           "Places running on the last day of the period: started on or before it and not "
           "ended before it."),
)
ATTENDANCE = (
    Figure("marks", "Register marks", C,
           "Current marks on registers of sessions in the period, one per person per session; "
           "a corrected mark counts once, as corrected."),
    Figure("attended", "Attended", C, "Marks of attended (on time)."),
    Figure("late", "Late", C, "Marks of late."),
    Figure("apologies", "Apologies", C, "Marks of apologies (told us before the session)."),
    Figure("did_not_attend", "Did not attend", C, "Marks of did not attend."),
    Figure("walk_ins", "Walk-ins", C,
           "People without a place who came to a session of an open group and were marked "
           "attended as walk-ins; not among the register marks or the rates."),
    Figure("attendance_rate", "Attendance rate", R,
           "(Attended + late) ÷ register marks. Blank where no marks were taken."),
    Figure("dna_rate", "Did-not-attend rate", R,
           "Did not attend ÷ register marks; apologies are not did-not-attends. Blank where no "
           "marks were taken."),
)
WAITS = (
    Figure("waits", "Starters with a referral date", P,
           "New starters whose place records the referral it was booked on: the people the "
           "two waits below are drawn from."),
    Figure("wait_days_median", "Median wait, referral to first session (days)", D,
           "Days from the referral to the place's first session, over new starters with a "
           "referral: the middle wait (the mean of the middle two when their number is even).",
           base="waits"),
    Figure("wait_days_p90", "90th percentile wait (days)", D,
           "The same waits in order, the one at rank ⌈0.9 × n⌉ (nearest rank): 9 in 10 "
           "starters waited this long or less.", base="waits"),
    Figure("waiting_at_end", "On the waiting list at the end", P,
           "People added to the list on or before the last day who had not left it (accepted "
           "or declined an offer, by the audit trail) by the end of that day."),
    Figure("longest_wait_at_end", "Longest wait on the list at the end (days)", D,
           "Days from the earliest of those people joining the list to the period's last day.",
           base="waiting_at_end"),
)
SEXES = (("male", "male"), ("female", "female"), ("intersex", "intersex"),
         ("not_stated", "sex not stated"))
AGE_BANDS = (("under_25", "under 25", 25), ("25_34", "25 to 34", 35), ("35_44", "35 to 44", 45),
             ("45_54", "45 to 54", 55), ("55_64", "55 to 64", 65), ("65_over", "65 and over", None))
"""(key, words, the age the band stops below; None for the last band)."""
BY_SEX = tuple(Figure(f"sex:{key}", f"Starters: {words}", P,
                      "New starters by the sex recorded at intake.") for key, words in SEXES)
BY_AGE = tuple(Figure(f"age:{key}", f"Starters aged {words}", P,
                      "New starters by their age on the day their place started.")
               for key, words, _ in AGE_BANDS)
ADDS_UP = (
    ("left_early", ("withdrawn", "discharged")),
    ("starters", tuple(f.key for f in BY_SEX)),
    ("starters", tuple(f.key for f in BY_AGE)),
)
"""Figures of people that are the sum of others in the same column: a reader can subtract, so
the small-number rule hides a second count in them too (exports/small_numbers.py)."""
JSON_KEYS = ("sessions_planned", "sessions_run", "sessions_closed", "starters", "completed",
             "left_early", "marks", "attended", "late", "apologies", "did_not_attend",
             "attendance_rate", "dna_rate", "wait_days_median", "wait_days_p90",
             "waiting_at_end")
"""The keys of `recovery-desk report --json`, in order, for each group and the total."""


def closure_figure(reason: str) -> Figure:
    return Figure(f"closed:{reason}", f"   closed: {reason}", FigureKind.COUNT,
                  "Planned sessions that did not run for this reason.")


@dataclass(frozen=True)
class WeekRate:
    """One week of a group's registers, for the chart of attendance by week."""

    monday: date
    attended: int
    """Marks of attended or late."""
    marks: int

    @property
    def rate(self) -> float | None:
        return self.attended / self.marks if self.marks else None


@dataclass(frozen=True)
class GroupFigures:
    group_id: int | None
    """None for the total over the chosen groups."""
    group: str
    values: Mapping[str, Value]
    weeks: tuple[WeekRate, ...]
    closures: Mapping[str, int]
    """Closed sessions by reason."""
    retired: bool = False
    """The group has since been retired (its history still counts)."""

    @property
    def label(self) -> str:
        """The group's name as every output heads its column, retired ones marked."""
        return self.group + (" (retired)" if self.retired else "")

    def value(self, key: str) -> Value:
        if key.startswith("closed:"):
            return self.closures.get(key.removeprefix("closed:"), 0)
        return self.values[key]


@dataclass(frozen=True)
class Report:
    first: date
    last: date
    made_on: date
    service: ServiceDetails
    groups: tuple[GroupFigures, ...]
    total: GroupFigures

    @property
    def title(self) -> str:
        return "Group-work report"

    @property
    def period_words(self) -> str:
        return f"{format_date(self.first)} to {format_date(self.last)}"

    @property
    def columns(self) -> tuple[str, ...]:
        return (*(g.label for g in self.groups), TOTAL)

    def sections(self) -> list[tuple[str, list[Figure]]]:
        """Every figure in the order the report prints them, under its heading; the closure
        reasons are those of the chosen groups, most frequent first."""
        reasons = sorted(self.total.closures, key=lambda r: (-self.total.closures[r], r))
        return [("Sessions", [*SESSIONS, *(closure_figure(r) for r in reasons), SESSIONS_RUN]),
                ("Places", list(PLACES)), ("Attendance", list(ATTENDANCE)),
                ("Waits", list(WAITS)), ("Starters by sex and age", [*BY_SEX, *BY_AGE])]

    @property
    def adds_up(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """(figure, the figures that add up to it in every column); the last column, the
        total, is besides the sum of the groups' columns in every row."""
        return ADDS_UP

    def figures(self) -> list[Figure]:
        return [f for _, figures in self.sections() for f in figures]

    def lines(self) -> list[ReportLine]:
        columns = (*self.groups, self.total)
        return [ReportLine(section, f.key, f.label, f.definition, f.kind,
                           tuple(c.value(f.key) for c in columns),
                           tuple(c.value(f.base) for c in columns) if f.base else None)
                for section, figures in self.sections() for f in figures]

    def as_json(self) -> dict[str, Any]:
        """The shape of `recovery-desk report --json`: exact numbers, rates from 0 to 1."""
        def entry(figures: GroupFigures) -> dict[str, Any]:
            return {key: _json_number(figures.values[key]) for key in JSON_KEYS}

        return {"from": self.first.isoformat(), "to": self.last.isoformat(),
                "groups": [{"group": g.group, "retired": g.retired, **entry(g)}
                           for g in self.groups],
                "total": entry(self.total)}


def _json_number(value: Value) -> Value:
    if isinstance(value, float):
        return int(value) if value.is_integer() else round(value, 4)
    return value
