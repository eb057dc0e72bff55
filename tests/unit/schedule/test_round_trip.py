"""Every rule said in words and read back is the same rule (Hypothesis over every kind of Rule:
weekly, fortnightly, monthly and unknown; any days, weekends included; positions; anchors;
times or none). Rules that cannot be said are refused when made; any text given to the phrase
reader gives a rule or a ScheduleError, and any text given to read_date a date or ValueError."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recovery_desk.schedule import ScheduleError, parse_rule, render_rule
from recovery_desk.schedule.phrases import format_date, read_date
from recovery_desk.schedule.rules import LAST, POSITIONS, Frequency, Rule
from tests.fuzzing import any_text, fuzz

SAT, SUN = 5, 6


@st.composite
def times(draw: st.DrawFn) -> tuple[time | None, time | None]:
    """No time (to be confirmed), or any start and a later end, in whole minutes."""
    if draw(st.booleans()):
        return None, None
    start = draw(st.integers(0, 24 * 60 - 2))
    end = draw(st.integers(start + 1, 24 * 60 - 1))
    return time(*divmod(start, 60)), time(*divmod(end, 60))


@st.composite
def every_rule(draw: st.DrawFn) -> Rule:
    """Any rule the Rule type allows."""
    frequency = draw(st.sampled_from(Frequency))
    start, end = draw(times())
    if frequency is Frequency.UNKNOWN:
        return Rule(frequency, start=start, end=end)
    weekdays = tuple(draw(st.sets(st.integers(0, 6), max_size=7)))
    positions: tuple[int, ...] = ()
    anchor = None
    if frequency is Frequency.MONTHLY and weekdays:
        positions = tuple(draw(st.sets(st.sampled_from(POSITIONS), min_size=1)))
    if frequency is Frequency.FORTNIGHTLY and weekdays and draw(st.booleans()):
        day = draw(st.dates(min_value=date(1, 1, 8), max_value=date(9999, 12, 24)))
        wanted = draw(st.sampled_from(weekdays))
        anchor = day + timedelta(days=(wanted - day.weekday()) % 7)
    return Rule(frequency, weekdays, positions, anchor, start, end)


@fuzz
@given(every_rule())
def test_every_rule_read_back_from_its_words_is_the_same_rule(rule: Rule) -> None:
    assert parse_rule(render_rule(rule)) == rule


@fuzz
@given(st.sampled_from(Frequency), st.lists(st.integers(-2, 8), max_size=4),
       st.lists(st.integers(-2, 7), max_size=3),
       st.none() | st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 1, 1)),
       st.none() | st.times(), st.none() | st.times())
def test_a_rule_is_either_refused_when_made_or_read_back_the_same(
        frequency: Frequency, weekdays: list[int], positions: list[int], anchor: date | None,
        start: time | None, end: time | None) -> None:
    """Whatever the parts, there is no Rule that renders into words that read differently."""
    try:
        rule = Rule(frequency, tuple(weekdays), tuple(positions), anchor, start, end)
    except ValueError as error:
        assert str(error).startswith("not a schedule rule: ")
        return
    assert parse_rule(render_rule(rule)) == rule


@pytest.mark.parametrize(("rule", "words"), [
    (Rule(Frequency.UNKNOWN, start=time(18), end=time(19, 30)), "Day to be confirmed, 6-7.30pm"),
    (Rule(Frequency.UNKNOWN), "Day and time to be confirmed"),
    (Rule(Frequency.WEEKLY, start=time(18), end=time(19, 30)),
     "Weekly, day to be confirmed, 6-7.30pm"),
    (Rule(Frequency.MONTHLY, (1, 3), (1, LAST), start=time(10), end=time(11)),
     "1st and last Tuesday and Thursday of the month, 10-11am"),
    (Rule(Frequency.WEEKLY, (SAT, SUN), start=time(10), end=time(12)), "Sat and Sun, 10am-12pm"),
    (Rule(Frequency.WEEKLY, (SUN,)), "Sunday, time to be confirmed"),
    (Rule(Frequency.FORTNIGHTLY, (SAT,), anchor=date(26, 12, 5)),
     "Every other Saturday from Sat 5 Dec 0026, time to be confirmed"),
    (Rule(Frequency.WEEKLY, (0,), start=time(0), end=time(0, 30)), "Monday, 12-12.30am"),
])
def test_rules_that_used_to_lose_something_in_words(rule: Rule, words: str) -> None:
    """'Day to be confirmed, 6-7.30pm' used to come back as 'Day and time to be confirmed'."""
    assert render_rule(rule) == words
    assert parse_rule(words) == rule


@pytest.mark.parametrize(("phrase", "days"), [
    ("Weekdays 9am-5pm", (0, 1, 2, 3, 4)),
    ("every weekday, 10-11am", (0, 1, 2, 3, 4)),
    ("Weekends 10am-12pm", (SAT, SUN)),
    ("Saturdays and Sundays 10-12", (SAT, SUN)),
    ("Fri-Sun 6-7pm", (4, SAT, SUN)),
    ("Weekdays and Saturday 9-10am", (0, 1, 2, 3, 4, SAT)),
])
def test_weekdays_and_weekends_are_read_as_the_days_they_mean(phrase: str,
                                                             days: tuple[int, ...]) -> None:
    """Issue 14: 'Weekdays 9am-5pm' was refused."""
    rule = parse_rule(phrase)
    assert (rule.frequency, rule.weekdays) == (Frequency.WEEKLY, days)
    assert parse_rule(render_rule(rule)) == rule


def test_a_weekend_group_meeting_fortnightly_keeps_its_days_and_anchor() -> None:
    rule = parse_rule("every other weekend from Sat 5 Dec 2026, 10am-12pm")
    assert (rule.weekdays, rule.anchor) == ((SAT, SUN), date(2026, 12, 5))
    assert render_rule(rule) == "Every other Sat and Sun from Sat 5 Dec 2026, 10am-12pm"


@pytest.mark.parametrize(("phrase", "message"), [
    ("1st weekday of the month", "'weekday' is not clear in a monthly schedule; name the days"),
    ("1st weekend of the month", "'weekend' is not clear in a monthly schedule"),
    ("1st Tuesday and 3rd Thursday of the month", "'3rd' comes after a day; write the positions "
                                                  "first"),
    ("Mon\x00day 1-2pm", "the schedule cannot contain control characters: character 4 is U+0000"),
    ("x" * 10_000, "'" + "x" * 40 + "…' is not a day of the week"),
])
def test_phrases_that_would_need_a_guess_are_refused(phrase: str, message: str) -> None:
    with pytest.raises(ScheduleError) as caught:
        parse_rule(phrase)
    assert str(caught.value).startswith(message)


@pytest.mark.parametrize(("parts", "problem"), [
    ({"frequency": Frequency.WEEKLY, "positions": (1,)}, "only a monthly rule has positions"),
    ({"frequency": Frequency.MONTHLY, "weekdays": (1,)}, "days and positions together"),
    ({"frequency": Frequency.UNKNOWN, "weekdays": (1,)}, "whose day is not known"),
    ({"frequency": Frequency.FORTNIGHTLY, "weekdays": (2,), "anchor": date(2026, 12, 3)},
     "an anchor, on one of its days"),
    ({"frequency": Frequency.WEEKLY, "weekdays": (7,)}, "weekdays run from 0"),
    ({"frequency": Frequency.WEEKLY, "start": time(10)}, "a start and an end time, or neither"),
    ({"frequency": Frequency.WEEKLY, "start": time(10), "end": time(9)}, "end time is after"),
    ({"frequency": Frequency.WEEKLY, "start": time(10, 0, 30), "end": time(11)},
     "whole minutes"),
])
def test_rules_that_cannot_be_said_in_words_cannot_be_made(parts: dict, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        Rule(**parts)


@fuzz
@given(any_text | st.lists(st.sampled_from(
    ["Mon", "tues", "weekdays", "weekend", "1st", "last", "6th", "and", ",", "-", "of the month",
     "every other", "from", "2 Dec 2026", "1.30", "3pm", "12", "noon", "tbc", "to be confirmed",
     "day", "time", "weekly", "fortnightly", "monthly", "–", "to", "am", " "]),
    max_size=10).map(" ".join))
def test_any_text_gives_a_rule_or_a_schedule_error(text: str) -> None:
    try:
        rule = parse_rule(text)
    except ScheduleError as error:
        assert str(error) and "\x00" not in str(error)
        return
    assert parse_rule(render_rule(rule)) == rule


@fuzz
@given(st.dates())
def test_every_date_is_read_back_from_the_way_the_desk_writes_it(day: date) -> None:
    assert read_date(format_date(day)) == day


@fuzz
@given(any_text | st.dates().map(lambda d: f"{d:%a} {d.day} {d:%b} {d.year}"))
def test_any_text_gives_a_date_or_a_message_saying_how_to_write_one(text: str) -> None:
    try:
        read_date(text)
    except ValueError as error:
        assert "is not a date" in str(error) or "does not add up" in str(error)


def test_a_day_name_that_does_not_match_the_date_is_refused() -> None:
    """strptime reads 'Mon' and ignores it: 1 Dec 2026 is a Tuesday."""
    with pytest.raises(ValueError, match=r"'Mon 1 Dec 2026' does not add up: 1 Dec 2026 is a "
                                         r"Tuesday\."):
        read_date("Mon 1 Dec 2026")
    assert read_date("Tue 1 Dec 2026") == date(2026, 12, 1)


def test_a_year_before_1000_is_written_with_four_digits_so_it_reads_back() -> None:
    assert format_date(date(26, 12, 5)) == "Sat 5 Dec 0026"
