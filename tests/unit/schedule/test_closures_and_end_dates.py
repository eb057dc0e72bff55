"""Bank holidays and service closures close sessions; end dates skip closed sessions."""

from __future__ import annotations

from datetime import date, time

from recovery_desk.schedule import parse_rule
from recovery_desk.schedule.closures import ClosurePeriod, bank_holidays, sessions
from recovery_desk.schedule.end_dates import cohort_end, nth_session_end, rolling_end


def test_christmas_2026_bank_holidays_close_that_weeks_sessions() -> None:
    """25 Dec, 28 Dec (Boxing Day, a Saturday, observed on Monday) and 1 Jan 2027."""
    holidays = bank_holidays(date(2026, 12, 20), date(2027, 1, 3))
    assert [h.first for h in holidays] == [date(2026, 12, 25), date(2026, 12, 26),
                                           date(2026, 12, 28), date(2027, 1, 1)]
    adp = parse_rule("Mon, Tues, Thurs, Friday 1.30-3pm")
    week = sessions(1, adp, date(2026, 12, 28), date(2027, 1, 3), holidays)
    assert [(s.date.day, s.runs) for s in week] == [(28, False), (29, True), (31, True),
                                                    (1, False)]
    assert week[0].closure.startswith("Bank holiday: Boxing Day")
    assert week[0].start == time(13, 30)  # a closed session keeps its time, to show struck


def test_a_service_closure_range_closes_one_group_or_all() -> None:
    rule = parse_rule("Mon, Wednesday 11-12.30pm")
    training = ClosurePeriod(date(2026, 12, 7), date(2026, 12, 9), "Staff training", group_id=2)
    whole = ClosurePeriod(date(2026, 12, 14), date(2026, 12, 14), "Building works")
    closures = [training, whole]
    mine = sessions(2, rule, date(2026, 12, 7), date(2026, 12, 16), closures)
    assert [(s.date.day, s.closure) for s in mine] == [
        (7, "Staff training"), (9, "Staff training"), (14, "Building works"), (16, None)]
    theirs = sessions(3, rule, date(2026, 12, 7), date(2026, 12, 9), closures)
    assert all(s.runs for s in theirs)


def test_a_rolling_place_ends_twelve_weeks_after_it_starts_across_a_bank_holiday() -> None:
    assert rolling_end(date(2026, 12, 21), 12) == date(2027, 3, 15)


def test_twelve_msm_sessions_end_later_when_a_closure_cancels_one() -> None:
    """The 12th session that actually runs: a closed 1st Thursday pushes the end a fortnight."""
    msm = parse_rule("1st and 3rd Thursday of the month, 6-8pm")
    start = date(2026, 12, 3)

    def no_closures(first: date, last: date) -> list[ClosurePeriod]:
        return bank_holidays(first, last)

    assert nth_session_end(7, msm, start, 12, no_closures) == date(2027, 5, 20)
    closed = ClosurePeriod(date(2027, 1, 7), date(2027, 1, 7), "Cancelled: staff sickness")

    def with_closure(first: date, last: date) -> list[ClosurePeriod]:
        return [*bank_holidays(first, last), closed]

    assert nth_session_end(7, msm, start, 12, with_closure) == date(2027, 6, 3)


def test_a_closed_cohort_ends_with_its_last_session_that_runs() -> None:
    weekly = parse_rule("Wednesday 2-3.30pm")
    assert cohort_end(5, weekly, date(2027, 1, 6), 12, []) == date(2027, 3, 24)
    last = ClosurePeriod(date(2027, 3, 24), date(2027, 3, 24), "Closed")
    assert cohort_end(5, weekly, date(2027, 1, 6), 12, [last]) == date(2027, 3, 17)
