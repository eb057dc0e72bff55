"""When groups meet: recurrence rules, their plain-English phrases, closures and end dates.

Pure code with no Qt and no clock: every function is given the dates it works on. Used by the
catalogue (phrases), the timetable (occurrences and closures) and bookings (end dates).
"""

from recovery_desk.schedule.phrases import ScheduleError, parse_rule, render_rule
from recovery_desk.schedule.rules import Rule, occurrences

__all__ = ["Rule", "ScheduleError", "occurrences", "parse_rule", "render_rule"]
