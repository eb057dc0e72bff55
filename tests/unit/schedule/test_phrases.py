"""Schedule phrases: the page's own style, other common forms, bad phrases, and round trips."""

from __future__ import annotations

from datetime import date, time

import pytest
from hypothesis import given

from recovery_desk.schedule import ScheduleError, parse_rule, render_rule
from recovery_desk.schedule.rules import LAST, Frequency, Rule
from tests.unit.schedule.test_rules import rules

MON, TUE, WED, THU, FRI = range(5)


@pytest.mark.parametrize(("phrase", "days", "start", "end"), [
    ("Mon, Tues, Thurs, Friday 1.30-3pm", (MON, TUE, THU, FRI), time(13, 30), time(15)),
    ("Tues, Friday 11-12.30pm", (TUE, FRI), time(11), time(12, 30)),
    ("Mon, Wednesday 11-12.30pm", (MON, WED), time(11), time(12, 30)),
    ("Tuesday 5-6.30pm", (TUE,), time(17), time(18, 30)),
    ("Mon-Thurs 10am-12pm", (MON, TUE, WED, THU), None, None),
    ("Wednesdays 11am-1pm", (WED,), time(11), time(13)),
    ("Monday 13:30-15:00", (MON,), time(13, 30), time(15)),
    ("Friday 9.30am - 11am", (FRI,), time(9, 30), time(11)),
    ("Monday 11am-1", (MON,), time(11), time(13)),
    ("Monday and Wednesday, 12-1.30pm", (MON, WED), time(12), time(13, 30)),
])
def test_weekly_phrases(phrase: str, days: tuple, start: time | None, end: time | None) -> None:
    rule = parse_rule(phrase)
    assert rule.frequency is Frequency.WEEKLY and rule.weekdays == days
    if start is not None:
        assert (rule.start, rule.end) == (start, end)


def test_nth_weekday_of_the_month_without_a_time_leaves_the_time_to_be_confirmed() -> None:
    rule = parse_rule("1st and 3rd Thursday of the month")
    assert rule == Rule(Frequency.MONTHLY, (THU,), (1, 3))
    assert render_rule(rule) == "1st and 3rd Thursday of the month, time to be confirmed"


def test_last_weekday_and_every_other_week() -> None:
    assert parse_rule("last Friday of the month 10-11am").positions == (LAST,)
    rule = parse_rule("every other Wednesday from 2 Dec 2026, 6-7.30pm")
    assert (rule.frequency, rule.weekdays, rule.anchor) == (Frequency.FORTNIGHTLY, (WED,),
                                                            date(2026, 12, 2))
    assert parse_rule("every other Wednesday 2-4pm").anchor is None


def test_rendering_in_the_british_style() -> None:
    assert render_rule(parse_rule("Mon, Tues, Thurs, Friday 1.30-3pm")) == \
        "Mon, Tue, Thu and Fri, 1.30-3pm"
    assert render_rule(parse_rule("Weekly, day and time to be confirmed")) == \
        "Weekly, day and time to be confirmed"
    assert render_rule(parse_rule("every other Wednesday from 2 Dec 2026, 6-7.30pm")) == \
        "Every other Wednesday from Wed 2 Dec 2026, 6-7.30pm"


@pytest.mark.parametrize(("phrase", "message"), [
    ("", "the schedule is empty"),
    ("Funday 1-2pm", "'funday' is not a day of the week"),
    ("6th Thursday of the month", "there is no 6th Thursday in a month; use 1st to 5th, or last"),
    ("Monday 25-26", "there is no 26 o'clock"),
    ("Monday 13pm-2pm", "with am or pm the hour is 1 to 12"),
    ("Monday 11.75-12pm", "has 75 minutes"),
    ("Monday 3-2pm", "the end time 2pm is not after the start time 3pm"),
    ("Monday 2pm-1pm", "the end time 1pm is not after the start time 2pm"),
    ("Thurs-Mon 1-2pm", "the day range 'thurs-mon' runs backwards"),
    ("every other Wednesday from 3 Dec 2026 1-2pm", "is a Thursday, not one of the group's days"),
    ("every other Wednesday from the spring 1-2pm", "is not a date"),
    ("Monday 25", "neither a day of the week nor a time range"),
    ("blue moon of the month", "'blue' is not a position in the month"),
])
def test_bad_phrases_say_which_part_is_wrong(phrase: str, message: str) -> None:
    with pytest.raises(ScheduleError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_rule(phrase)


@given(rules())
def test_parsing_what_was_rendered_gives_the_same_rule(rule: Rule) -> None:
    assert parse_rule(render_rule(rule)) == rule
