"""Counts, lists and spans of dates as English, as every screen and file says them."""

from __future__ import annotations

from datetime import date

import pytest

from recovery_desk.schedule.words import (
    all_shown,
    capital,
    closure_reason,
    counted,
    date_span,
    listed,
    plural,
    written_date,
)


@pytest.mark.parametrize(("count", "word", "said"), [
    (1, "apology", "1 apology"), (2, "apology", "2 apologies"), (0, "mark", "0 marks"),
    (1, "mark", "1 mark"), (1, "person", "1 person"), (3, "person", "3 people"),
    (1, "entry", "1 entry"), (12, "entry", "12 entries"), (1, "week", "1 week"),
    (1, "row", "1 row"), (12345, "row", "12345 rows"), (2, "font family", "2 font families"),
    (2, "day", "2 days"), (3, "key", "3 keys"),
])
def test_a_count_agrees_with_its_word(count: int, word: str, said: str) -> None:
    """'1 apologies' and '1 marks' never appear; irregular plurals are right."""
    assert counted(count, word) == said


def test_thousands_are_grouped_when_asked() -> None:
    """Large counts in CLI lines read 12,345 rows."""
    assert counted(12345, "row", thousands=True) == "12,345 rows"
    assert counted(1, "row", thousands=True) == "1 row"


def test_verbs_agree_too() -> None:
    """'1 backup looks', '2 backups look'."""
    assert f"{counted(1, 'backup')} {plural('looks', 1)}" == "1 backup looks"
    assert f"{counted(2, 'backup')} {plural('looks', 2)}" == "2 backups look"
    assert counted(1, "needs") == "1 needs" and counted(2, "needs") == "2 need"


@pytest.mark.parametrize(("words", "said"), [
    ([], ""), (["a"], "a"), (["a", "b"], "a and b"), (["a", "b", "c"], "a, b and c")])
def test_lists_join_with_and(words: list[str], said: str) -> None:
    """No Oxford comma; one item stands alone."""
    assert listed(words) == said


def test_or_lists() -> None:
    """A choice reads 'a or b'."""
    assert listed(["a", "b", "c"], "or") == "a, b or c"


@pytest.mark.parametrize(("shown", "total", "said"), [
    (0, 0, "no marks to show"), (1, 1, "the only mark shown"), (3, 3, "all 3 marks shown"),
    (2, 5, "2 of 5 marks shown"),
    (1, 2, "1 of 2 marks shown")])
def test_what_is_shown_of_a_total(shown: int, total: int, said: str) -> None:
    """Never 'All 1 marks shown'."""
    assert all_shown(shown, total, "mark") == said


def test_capital_changes_only_the_first_letter() -> None:
    """A sentence can open with a phrase: 'All 3 marks shown', 'The only mark shown'."""
    assert capital(all_shown(3, 3, "mark")) == "All 3 marks shown"
    assert capital("the only MSM Group mark") == "The only MSM Group mark"


def test_a_span_with_no_end_date_is_not_to_no_end_date() -> None:
    """'from X, with no end date', never 'X to no end date'."""
    assert date_span(date(2026, 11, 30), None) == "from Mon 30 Nov 2026, with no end date"
    assert date_span(date(2026, 11, 30), date(2027, 2, 19)) == \
        "Mon 30 Nov 2026 to Fri 19 Feb 2027"


@pytest.mark.parametrize(("day", "said"), [
    (date(1985, 12, 3), "3 December 1985"), (date(2026, 5, 31), "31 May 2026"),
    (date(999, 1, 1), "1 January 0999")])
def test_written_dates_the_british_way(day: date, said: str) -> None:
    """Day, month in full, four-digit year, whatever the PC's locale."""
    assert written_date(day) == said


def test_a_session_cancelled_on_the_day_reads_as_one_sentence() -> None:
    """'Closed: cancelled on the day (Facilitator off sick)', not two stacked colons; any
    other closure's reason as written."""
    assert closure_reason("Cancelled on the day: Facilitator off sick") == (
        "cancelled on the day (Facilitator off sick)")
    assert closure_reason("Staff training") == "Staff training"
    assert closure_reason(None) == ""
