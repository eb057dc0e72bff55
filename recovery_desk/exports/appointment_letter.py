"""The appointment letter a person takes home after a booking: the group's name, the first
session, the days and time after that, the expected end, where and who to call, and what to
do if they cannot come. Nothing clinical: no substances, no assessment, no reasons.

One list of (heading, words) makes both the printed page (large, clear type, one A4 page) and
the plain text the desk reads out or copies, so the two always agree. Pure: the booking's facts
come in as plain values (domain/appointment_service.py's Appointment).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import date, time
from typing import Protocol

from recovery_desk.catalogue.details import GroupDetails
from recovery_desk.catalogue.service_details import ServiceDetails
from recovery_desk.schedule.phrases import format_time
from recovery_desk.schedule.rules import DAY_NAMES, LAST, Frequency, Rule
from recovery_desk.schedule.timetable import SessionRow
from recovery_desk.schedule.words import counted
from recovery_desk.vocabulary import GroupFormat

MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")
BANK_HOLIDAY = "Bank holiday"


class AppointmentLike(Protocol):
    @property
    def first_name(self) -> str: ...
    @property
    def group(self) -> GroupDetails: ...
    @property
    def start(self) -> date: ...
    @property
    def end(self) -> date | None: ...
    @property
    def sessions(self) -> Sequence[SessionRow]: ...
    """The place's sessions over the weeks the letter covers, closed ones included."""
    @property
    def service(self) -> ServiceDetails: ...
    @property
    def made_on(self) -> date: ...


def long_date(day: date) -> str:
    """'Monday 30 November 2026': the British order, every word spelled out for a letter."""
    return f"{DAY_NAMES[day.weekday()]} {day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _times(start: time | None, end: time | None) -> str:
    if start is None or end is None:
        return "at a time we will confirm with you"
    return f"{format_time(start)} to {format_time(end)}"


def _ordinal(position: int) -> str:
    if position == LAST:
        return "last"
    return {1: "1st", 2: "2nd", 3: "3rd"}.get(position, f"{position}th")


def meeting_days(rule: Rule) -> str:
    """'every Monday and Wednesday', 'on the 1st and 3rd Thursday of each month'."""
    days = _and([DAY_NAMES[d] for d in rule.weekdays])
    if rule.frequency is Frequency.MONTHLY:
        return f"on the {_and([_ordinal(p) for p in rule.positions])} {days} of each month"
    if rule.frequency is Frequency.FORTNIGHTLY:
        return f"every other {days}"
    return f"every {days}"


def _end_words(facts: AppointmentLike) -> tuple[str, str]:
    group, end = facts.group, facts.end
    if group.format is GroupFormat.CLOSED_COHORT:
        until = f", until {long_date(end)}" if end else ""
        return ("How it runs", "This is a closed group: everyone starts together, so please "
                f"come to the first session. It runs for "
                f"{counted(group.length_weeks or 12, 'week')}"
                f"{until}.")
    if end is None:
        return ("How long", "Your place has no fixed end date.")
    if group.length_sessions:
        return ("How long", f"Your place is for {counted(group.length_sessions, 'session')}. "
                            "The last one "
                            f"is on {long_date(end)}.")
    weeks = f" for {counted(group.length_weeks, 'week')}" if group.length_weeks else ""
    return ("How long", f"Your place runs{weeks}, until {long_date(end)}.")


def _closed_days(facts: AppointmentLike) -> str | None:
    closed = [f"{long_date(s.date)} ("
              + ("bank holiday" if (s.closure or "").startswith(BANK_HOLIDAY)
                 else "the group does not meet") + ")"
              for s in facts.sessions if not s.runs and s.date >= facts.start]
    return "; ".join(closed) if closed else None


def letter_items(facts: AppointmentLike) -> list[tuple[str, str]]:
    """The letter's content as (heading, words), in reading order."""
    missing = facts.service.missing_for_letters()
    if missing:
        raise ValueError(missing)
    rule = facts.group.schedule
    first = f"{long_date(facts.start)}, {_times(rule.start, rule.end)}"
    after = f"{meeting_days(rule)}, {_times(rule.start, rule.end)}" if rule.has_dates else \
        "on days and at a time we will confirm with you"
    items = [("Your group", facts.group.name), ("First session", first), ("After that", after),
             _end_words(facts)]
    closed = _closed_days(facts)
    if closed:
        items.append(("No session on", closed))
    items += [("Where", ", ".join(facts.service.address_lines)),
              ("Phone", facts.service.phone),
              ("If you cannot come", f"Please phone us on {facts.service.phone} before the "
                                     "session starts, and we will note your apologies.")]
    return items


def letter_text(facts: AppointmentLike) -> str:
    """The plain-text version, to read out or copy into a message."""
    lines = [f"{facts.service.name}: your place in a group", ""]
    lines += [f"{heading}: {words}" for heading, words in letter_items(facts)]
    return "\n".join(lines) + "\n"


def letter_html(facts: AppointmentLike) -> str:
    """One A4 portrait page in large, clear type."""
    rows = "".join(
        f"<tr><td valign='top' width='30%'><b>{html.escape(heading)}</b></td>"
        f"<td valign='top'>{html.escape(words)}</td></tr>"
        for heading, words in letter_items(facts) if heading != "Your group")
    address = "<br>".join(html.escape(line) for line in facts.service.address_lines)
    return (
        "<html><body style='font-family: sans-serif; font-size: 15pt'>"
        f"<p align='right'>{html.escape(facts.service.name)}<br>{address}<br>"
        f"{html.escape(facts.service.phone)}<br><br>{long_date(facts.made_on)}</p>"
        f"<p>Dear {html.escape(facts.first_name)},</p>"
        f"<h1 style='font-size: 22pt'>{html.escape(facts.group.name)}</h1>"
        "<p>Your place in this group is booked. Here is when and where it meets.</p>"
        f"<table cellspacing='0' cellpadding='8' width='100%'>{rows}</table>"
        "<p>We look forward to seeing you.</p>"
        f"<p>{html.escape(facts.service.name)}</p></body></html>"
    )
