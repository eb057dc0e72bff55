"""Occurrences of recurrence rules: Hypothesis properties and a brute-force calendar walk."""

from __future__ import annotations

from datetime import date, time, timedelta

from hypothesis import given
from hypothesis import strategies as st

from recovery_desk.schedule.rules import LAST, Frequency, Rule, occurrences

days = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31))
weekday_sets = st.sets(st.integers(0, 6), min_size=1, max_size=7).map(tuple)
times = st.builds(time, st.integers(6, 20), st.sampled_from([0, 15, 30, 45]))


@st.composite
def rules(draw: st.DrawFn) -> Rule:
    frequency = draw(st.sampled_from([Frequency.WEEKLY, Frequency.FORTNIGHTLY,
                                      Frequency.MONTHLY]))
    start = draw(st.none() | times)
    end = None if start is None else time(start.hour + draw(st.integers(1, 3)), start.minute)
    if frequency is Frequency.MONTHLY:
        return Rule(frequency, (draw(st.integers(0, 6)),),
                    tuple(draw(st.sets(st.sampled_from([1, 2, 3, 4, 5, LAST]), min_size=1))),
                    None, start, end)
    weekdays = draw(weekday_sets)
    anchor = None
    if frequency is Frequency.FORTNIGHTLY:
        anchor_day = draw(days)
        anchor = anchor_day + timedelta(days=(weekdays[0] - anchor_day.weekday()) % 7)
    return Rule(frequency, weekdays, (), anchor, start, end)


@given(rules(), days, st.integers(0, 400))
def test_occurrences_are_in_range_on_allowed_days_in_order_without_duplicates(
        rule: Rule, first: date, span: int) -> None:
    last = first + timedelta(days=span)
    dates = occurrences(rule, first, last)
    assert all(first <= d <= last for d in dates)
    assert all(d.weekday() in rule.weekdays for d in dates)
    assert dates == sorted(set(dates))


def _nth_weekdays_by_walking(weekday: int, positions: tuple[int, ...], first: date,
                             last: date) -> list[date]:
    found = []
    day = first
    while day <= last:
        if day.weekday() == weekday:
            nth = (day.day - 1) // 7 + 1
            is_last = (day + timedelta(days=7)).month != day.month
            if nth in positions or (LAST in positions and is_last):
                found.append(day)
        day += timedelta(days=1)
    return found


@given(st.integers(0, 6), st.sets(st.sampled_from([1, 2, 3, 4, 5, LAST]), min_size=1),
       st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 1, 1)))
def test_nth_weekday_rules_match_a_calendar_walk_over_several_years(
        weekday: int, positions: set[int], first: date) -> None:
    last = first + timedelta(days=3 * 365)
    rule = Rule(Frequency.MONTHLY, (weekday,), tuple(positions))
    assert occurrences(rule, first, last) == _nth_weekdays_by_walking(weekday, tuple(positions),
                                                                      first, last)


def test_the_msm_groups_first_and_third_thursdays() -> None:
    rule = Rule(Frequency.MONTHLY, (3,), (1, 3))
    assert occurrences(rule, date(2026, 12, 1), date(2027, 1, 31)) == [
        date(2026, 12, 3), date(2026, 12, 17), date(2027, 1, 7), date(2027, 1, 21)]


@given(rules(), days)
def test_fortnightly_rules_meet_every_other_week_from_their_anchor(rule: Rule,
                                                                    first: date) -> None:
    if rule.frequency is not Frequency.FORTNIGHTLY:
        return
    assert rule.anchor is not None
    for day in occurrences(rule, first, first + timedelta(days=120)):
        assert day >= rule.anchor
        weeks = ((day - timedelta(days=day.weekday()))
                 - (rule.anchor - timedelta(days=rule.anchor.weekday()))).days // 7
        assert weeks % 2 == 0


def test_rules_without_known_days_have_no_dated_sessions() -> None:
    for rule in (Rule(Frequency.UNKNOWN), Rule(Frequency.WEEKLY),
                 Rule(Frequency.FORTNIGHTLY, (2,))):
        assert not rule.has_dates
        assert occurrences(rule, date(2026, 1, 1), date(2026, 12, 31)) == []
