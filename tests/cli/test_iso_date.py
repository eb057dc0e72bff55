"""The CLI's shared argument readers (recovery_desk/cli/__init__.py): iso_date gives a date or
a message argparse prints on one line, whatever it is given (Hypothesis), and keeps the verbs
away from the calendar's ends."""

from __future__ import annotations

import argparse
import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recovery_desk.__main__ import main
from recovery_desk.cli import iso_date
from recovery_desk.cli.runner import run_verb
from tests.conftest import CATALOGUE
from tests.fuzzing import any_text, fuzz


@pytest.mark.parametrize(("text", "message"), [
    ("2026-02-30", "'2026-02-30' does not exist: February 2026 has 28 days"),
    ("0000-01-01", "'0000-01-01' does not exist: there is no year 0"),
    ("2026-13-01", "'2026-13-01' does not exist: there is no month 13"),
    ("27/11/2026", "'27/11/2026' is not a date in the form YYYY-MM-DD"),
    ("٢٠٢٦-١١-٢٧", "'٢٠٢٦-١١-٢٧' is not a date in the form YYYY-MM-DD"),
    ("2026-11-27\n--yes", "'2026-11-27\\u000a--yes' is not a date in the form YYYY-MM-DD"),
])
def test_dates_that_do_not_exist_or_are_not_in_the_form_say_which(text: str,
                                                                  message: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError, match=f"^{re.escape(message)}$"):
        iso_date(text)


@fuzz
@given(any_text | st.dates().map(date.isoformat)
       | st.from_regex(r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}\Z"))
def test_any_text_gives_a_date_or_one_line_saying_why_not(text: str) -> None:
    try:
        day = iso_date(text)
    except argparse.ArgumentTypeError as error:
        assert str(error) and "\n" not in str(error)
        return
    assert day.isoformat() == text.strip()


@pytest.mark.parametrize("text", ["0001-01-01", "1899-12-31", "2200-01-01", "9999-12-31"])
def test_dates_beyond_the_range_the_verbs_work_with_say_so(text: str) -> None:
    """A date the verbs cannot count weeks either side of is refused as it is read."""
    with pytest.raises(argparse.ArgumentTypeError,
                       match=f"^'{text}' is outside the dates Recovery Desk works with "
                             r"\(1900-01-01 to 2199-12-31\)$"):
        iso_date(text)


@pytest.mark.parametrize("arguments", [
    ["sessions", "--from", "0001-01-01", "--to", "0001-01-10"],
    ["sessions", "--from", "9999-12-20", "--to", "9999-12-31"],
    ["report", "--from", "0001-01-01", "--to", "0001-01-10"],
    ["report", "--from", "9999-12-20", "--to", "9999-12-31"],
    ["capacity", "--on", "0001-01-01"],
    ["capacity", "--on", "9999-12-31"],
])
def test_verbs_at_the_calendars_ends_exit_2_with_one_line(
        db_path: Path, capsys: pytest.CaptureFixture[str], arguments: list[str]) -> None:
    """sessions, report and capacity at 0001-01-01 or 9999-12-31: exit 2 and one line."""
    try:
        code = main(["--db", str(db_path), *arguments])
    except SystemExit as exit_:
        code = exit_.code
    captured = capsys.readouterr()
    assert code == 2
    assert "is outside the dates Recovery Desk works with" in captured.err
    assert captured.err.count("\n") == 1 and "Traceback" not in captured.err
    assert captured.out == ""


@pytest.mark.parametrize("arguments", [
    ["sessions", "--from", "1900-01-01", "--to", "1900-01-10", "--json"],
    ["sessions", "--from", "2199-12-20", "--to", "2199-12-31", "--json"],
    ["report", "--from", "1900-01-01", "--to", "1900-01-10", "--json"],
    ["report", "--from", "2199-12-20", "--to", "2199-12-31", "--json"],
    ["capacity", "--on", "1900-01-01", "--json"],
    ["capacity", "--on", "2199-12-31", "--json"],
])
def test_verbs_answer_at_the_ends_of_the_range(
        db_path: Path, capsys: pytest.CaptureFixture[str], as_manager,
        arguments: list[str]) -> None:
    """The first and last days accepted are answered, not refused."""
    assert main([*as_manager(db_path), *arguments]) == 0
    json.loads(capsys.readouterr().out)


def test_date_arithmetic_off_the_calendar_in_a_verb_is_one_line(
        db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A verb whose date arithmetic overflows still ends with exit 2 and one line."""
    def overflowing(_args: argparse.Namespace, _db: object, _actor: object) -> int:
        return (date.max + timedelta(days=1)).day

    args = argparse.Namespace(run=overflowing, demo=False, user=None, verb="capacity")
    assert run_verb(args, str(db_path), None, CATALOGUE) == 2
    err = capsys.readouterr().err
    assert err == ("recovery-desk: a date in this question runs past the calendar's end; ask "
                   "about dates nearer today\n")
