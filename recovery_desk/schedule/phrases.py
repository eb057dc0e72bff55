"""Schedule rules to plain English and back.

Staff type schedules the way the service's page writes them ("Mon, Tues, Thurs, Friday
1.30-3pm", "1st and 3rd Thursday of the month"). parse_rule() reads those phrases and refuses,
naming the part it could not read, anything it would otherwise have to guess. render_rule()
writes a rule in the same style, and parsing what it wrote gives the same rule back.
"""

from __future__ import annotations

import re
import time as time_module
from datetime import date, datetime, time

from recovery_desk.schedule.rules import (
    DAY_ABBREVIATIONS,
    DAY_NAMES,
    LAST,
    Frequency,
    Rule,
)
from recovery_desk.text_checks import shown, text_problem

TBC_TIME = "time to be confirmed"
EARLIEST_MORNING_START = 7
TBC_DAY_AND_TIME = "day and time to be confirmed"


class ScheduleError(ValueError):
    """A schedule phrase that cannot be read; the message names the part that is wrong."""


# ---------------------------------------------------------------- rendering

def format_time(t: time, with_meridiem: bool = True) -> str:
    """'1.30pm', '11am', '12pm' (noon), '12am' (midnight)."""
    hour = t.hour % 12 or 12
    text = f"{hour}.{t.minute:02d}" if t.minute else str(hour)
    return text + (("am" if t.hour < 12 else "pm") if with_meridiem else "")


def format_time_range(start: time, end: time) -> str:
    """'1.30-3pm' when both are on the same side of noon, otherwise '11am-12.30pm'."""
    same_half = (start.hour < 12) == (end.hour < 12)
    return f"{format_time(start, with_meridiem=not same_half)}-{format_time(end)}"


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _ordinal(position: int) -> str:
    if position == LAST:
        return "last"
    return {1: "1st", 2: "2nd", 3: "3rd"}.get(position, f"{position}th")


def format_date(d: date) -> str:
    """The British way: 'Tue 1 Dec 2026'. The year has four digits (read_date needs them)."""
    return f"{DAY_ABBREVIATIONS[d.weekday()]} {d.day} {d.strftime('%b')} {d.year:04d}"


DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%d %b %Y", "%d %B %Y",
                "%a %d %b %Y", "%A %d %B %Y")


def read_date(text: str) -> date:
    """A date written the way people write them ('2/4/1985', '2 Apr 1985', 'Tue 1 Dec 2026',
    '1985-04-02'), or ValueError saying how to write it. A date that cannot be read exactly is
    refused, never guessed."""
    cleaned = " ".join(text.replace(",", " ").split())
    for form in DATE_FORMATS:
        try:
            found = datetime.strptime(cleaned, form)
        except ValueError:
            continue
        # strptime reads a day name and then ignores it: 'Mon 1 Dec 2026' would be a Tuesday.
        if "%a" in form or "%A" in form:
            named = time_module.strptime(cleaned.split()[0], form.split()[0]).tm_wday
            if named != found.weekday():
                raise ValueError(f"'{shown(text.strip())}' does not add up: "
                                 f"{found.day} {found:%b} {found.year} is a "
                                 f"{DAY_NAMES[found.weekday()]}.")
        return found.date()
    raise ValueError(f"'{shown(text.strip())}' is not a date; write it like 2/4/1985 or "
                     "2 Apr 1985.")


def render_days(rule: Rule) -> str:
    if rule.frequency is Frequency.UNKNOWN:
        return "Day to be confirmed"
    if not rule.weekdays:
        return f"{rule.frequency.value.capitalize()}, day to be confirmed"
    if rule.frequency is Frequency.MONTHLY:
        days = _join([DAY_NAMES[d] for d in rule.weekdays])
        return _capital(f"{_join([_ordinal(p) for p in rule.positions])} {days} of the month")
    if len(rule.weekdays) == 1:
        days = DAY_NAMES[rule.weekdays[0]]
    else:
        days = _join([DAY_ABBREVIATIONS[d] for d in rule.weekdays])
    if rule.frequency is Frequency.FORTNIGHTLY:
        anchor = (f" from {format_date(rule.anchor)}" if rule.anchor
                  else ", start date to be confirmed")
        return f"Every other {days}{anchor}"
    return days


def render_rule(rule: Rule) -> str:
    """The rule in words: 'Mon, Tue, Thu and Fri, 1.30-3pm'. parse_rule() reads every rule's
    words back as the same rule; a time is kept even while the day is to be confirmed
    ('Day to be confirmed, 6-7.30pm')."""
    if not rule.weekdays and not rule.has_time:
        prefix = "" if rule.frequency is Frequency.UNKNOWN else f"{rule.frequency.value}, "
        return _capital(prefix + TBC_DAY_AND_TIME)
    if rule.start is None or rule.end is None:
        return f"{render_days(rule)}, {TBC_TIME}"
    when = format_time_range(rule.start, rule.end)
    return f"{render_days(rule)}, {when}"


# ---------------------------------------------------------------- parsing

_DAY_WORDS: dict[str, int] = {}
for _index, _name in enumerate(DAY_NAMES):
    _lower = _name.lower()
    for _word in {_lower, _lower[:3], _lower + "s"}:
        _DAY_WORDS[_word] = _index
_DAY_WORDS.update({"tues": 1, "weds": 2, "thur": 3, "thurs": 3, "thu": 3})
_DAY_GROUPS: dict[str, tuple[int, ...]] = {
    "weekday": (0, 1, 2, 3, 4), "weekdays": (0, 1, 2, 3, 4),
    "weekend": (5, 6), "weekends": (5, 6),
}
"""'Weekdays 9am-5pm' is Monday to Friday; 'weekends' is Saturday and Sunday."""

_ORDINALS = {
    "1st": 1, "first": 1, "2nd": 2, "second": 2, "3rd": 3, "third": 3,
    "4th": 4, "fourth": 4, "5th": 5, "fifth": 5, "last": LAST,
}
_ORDINAL_PATTERN = re.compile(r"^(\d+)(st|nd|rd|th)$")

_TIME = r"(\d{1,2})(?:[.:](\d{2}))?\s*(am|pm|noon)?"
_TIME_RANGE = re.compile(
    rf"(?:^|[\s,])({_TIME})\s*(?:-|–|—|to|until)\s*({_TIME})\s*$", re.IGNORECASE
)
_TBC = re.compile(
    r"(?:,\s*|\s+)?(?:day and )?time (?:to be confirmed|tbc)\s*$|(?:,\s*|\s+)?\btbc\s*$",
    re.IGNORECASE,
)
_WHOLLY_TBC = re.compile(
    r"^(?:(weekly|fortnightly|monthly)[,\s]+)?(?:day and time|day|time)?\s*"
    r"(?:to be confirmed|tbc)$",
    re.IGNORECASE,
)


def _to_time(hour_text: str, minute_text: str | None, meridiem: str | None, whole: str) -> time:
    hour, minute = int(hour_text), int(minute_text or 0)
    if minute > 59:
        raise ScheduleError(f"'{whole}' has {minute} minutes; an hour has 60")
    if meridiem:
        if meridiem == "noon":
            if hour != 12 or minute:
                raise ScheduleError(f"'{whole}' is not a time: 'noon' goes with 12")
            return time(12, 0)
        if not 1 <= hour <= 12:
            raise ScheduleError(f"'{whole}' is not a time: with am or pm the hour is 1 to 12")
        hour = hour % 12 + (12 if meridiem == "pm" else 0)
    elif hour > 23:
        raise ScheduleError(f"'{whole}' is not a time: there is no {hour} o'clock")
    return time(hour, minute)


def _times_from_match(match: re.Match[str]) -> tuple[time, time]:
    start_text, sh, sm, s_mer, end_text, eh, em, e_mer = match.groups()
    s_mer = s_mer.lower() if s_mer else None
    e_mer = e_mer.lower() if e_mer else None
    end = _to_time(eh, em, e_mer, end_text.strip())
    if s_mer is None and e_mer in ("am", "pm"):
        # The page's style: "1.30-3pm". Take the start on the end's side of noon unless that
        # would put it after the end, as in "11-12.30pm".
        start = _to_time(sh, sm, e_mer, start_text.strip())
        if start >= end and e_mer == "pm":
            morning = _to_time(sh, sm, "am", start_text.strip())
            # Only a start in working hours is read as morning: "3-2pm" is an error, not 3am.
            if morning.hour >= EARLIEST_MORNING_START:
                start = morning
    else:
        start = _to_time(sh, sm, s_mer, start_text.strip())
        if e_mer is None and s_mer in ("am", "pm", "noon"):
            end = _to_time(eh, em, "am" if s_mer == "am" else "pm", end_text.strip())
            if end <= start and s_mer == "am":
                end = _to_time(eh, em, "pm", end_text.strip())
    if end <= start:
        raise ScheduleError(
            f"the end time {format_time(end)} is not after the start time {format_time(start)}"
        )
    return start, end


def _day(word: str) -> int:
    day = _DAY_WORDS.get(word.lower().rstrip("."))
    if day is None and re.search(r"\d", word):
        raise ScheduleError(f"'{shown(word)}' is neither a day of the week nor a time range "
                            "such as '1.30-3pm'")
    if day is None:
        raise ScheduleError(f"'{shown(word)}' is not a day of the week")
    return day


def _parse_day_list(text: str, monthly: bool = False) -> tuple[int, ...]:
    """'Mon, Tues, Thurs, Friday', 'Mon-Thurs', 'Wednesdays', 'Monday and Wednesday',
    'weekdays', 'weekends'."""
    days: list[int] = []
    for part in re.split(r"\s*(?:,|&|/|\band\b)\s*|\s+", text.strip()):
        if not part:
            continue
        group = _DAY_GROUPS.get(part.lower().rstrip("."))
        if group and monthly:
            # '1st weekday of the month' means the first working day, not the first Monday,
            # first Tuesday... each: refuse rather than guess.
            raise ScheduleError(f"'{shown(part)}' is not clear in a monthly schedule; name the "
                                "days, as in '1st Monday of the month'")
        if group:
            days.extend(group)
        elif part.lower() in _ORDINALS or _ORDINAL_PATTERN.match(part.lower()):
            raise ScheduleError(f"'{shown(part)}' comes after a day; write the positions first, as "
                                "in '1st and 3rd Thursday of the month'")
        elif re.search(r"[-–]", part):
            first_word, last_word = re.split(r"[-–]", part, maxsplit=1)
            first, last = _day(first_word), _day(last_word)
            if last < first:
                raise ScheduleError(f"the day range '{shown(part)}' runs backwards")
            days.extend(range(first, last + 1))
        else:
            days.append(_day(part))
    if not days:
        raise ScheduleError("no day of the week was given")
    return tuple(days)


def _parse_anchor(text: str) -> date:
    try:
        return read_date(text)
    except ValueError as error:
        raise ScheduleError(f"'{shown(text.strip())}' is not a date such as '2 Dec 2026'") \
            from error


def _parse_days(text: str) -> tuple[Frequency, tuple[int, ...], tuple[int, ...], date | None]:
    lowered = text.strip().lower()
    lowered = re.sub(r"^(?:every|each|weekly on|on)\s+(?!other\b)", "", lowered)
    fortnightly = re.match(
        r"^(?:every other|alternate|every second|fortnightly on)\s+(.+?)"
        r"(?:\s*,?\s*(?:from|starting)\s+(.+?))?(?:,?\s*start date to be confirmed)?$", lowered)
    if fortnightly:
        days = _parse_day_list(fortnightly.group(1))
        anchor = _parse_anchor(fortnightly.group(2)) if fortnightly.group(2) else None
        if anchor is not None and anchor.weekday() not in days:
            raise ScheduleError(
                f"{format_date(anchor)} is a {DAY_NAMES[anchor.weekday()]}, "
                f"not one of the group's days"
            )
        return Frequency.FORTNIGHTLY, days, (), anchor
    monthly = re.match(r"^(.+?)\s+of (?:the|each|every) month$", lowered)
    if monthly:
        return (Frequency.MONTHLY, *_parse_month_days(monthly.group(1)), None)
    return Frequency.WEEKLY, _parse_day_list(lowered), (), None


def _parse_month_days(text: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """'1st and 3rd Thursday', 'last Monday and Friday': the days and the positions, which
    come first and apply to every day."""
    words = re.split(r"(\s*(?:,|&|\band\b)\s*|\s+)", text)
    positions: list[int] = []
    for index in range(0, len(words), 2):
        word = words[index]
        if not word:
            continue
        if word in _ORDINALS:
            positions.append(_ORDINALS[word])
            continue
        if _ORDINAL_PATTERN.match(word):  # '6th': a number, but no position in a month
            days = _parse_day_list("".join(words[index + 1:]), monthly=True)
            raise ScheduleError(f"there is no {word} {DAY_NAMES[days[0]]} in a month; use 1st "
                                "to 5th, or last")
        if not positions:
            raise ScheduleError(f"'{shown(word)}' is not a position in the month such as '1st' or "
                                "'last'")
        return _parse_day_list("".join(words[index:]), monthly=True), tuple(positions)
    raise ScheduleError("no day of the week was given")


def parse_rule(text: str) -> Rule:
    """Read a schedule phrase into a Rule, or raise ScheduleError naming what is wrong."""
    refused = text_problem(text, "the schedule")
    if refused:
        raise ScheduleError(refused.rstrip("."))
    phrase = " ".join(text.replace("–", "-").split()).strip().rstrip(".")
    if not phrase:
        raise ScheduleError("the schedule is empty; write for example 'Tuesday 5-6.30pm'")
    wholly = _WHOLLY_TBC.match(phrase)
    if wholly:
        frequency = wholly.group(1)
        return Rule(Frequency(frequency.lower()) if frequency else Frequency.UNKNOWN)
    start = end = None
    tbc = _TBC.search(phrase)
    if tbc:
        days_text = phrase[: tbc.start()]
    else:
        # A phrase with days and no time, like the page's "1st and 3rd Thursday of the month",
        # leaves the time to be confirmed.
        match = _TIME_RANGE.search(phrase)
        days_text = phrase
        if match:
            start, end = _times_from_match(match)
            days_text = phrase[: match.start(1)]
    days_text = days_text.strip().rstrip(",").strip()
    weekly_tbc = re.match(r"^(weekly|fortnightly|monthly),?\s*day to be confirmed$",
                          days_text, re.IGNORECASE)
    if weekly_tbc:
        return Rule(Frequency(weekly_tbc.group(1).lower()), start=start, end=end)
    if re.fullmatch(r"day to be confirmed", days_text, re.IGNORECASE):
        return Rule(Frequency.UNKNOWN, start=start, end=end)
    frequency, days, positions, anchor = _parse_days(days_text)
    return Rule(frequency, days, positions, anchor, start, end)
