"""The CLI's shared argument readers (recovery_desk/cli/__init__.py): iso_date gives a date or
a message argparse prints on one line, whatever it is given (Hypothesis)."""

from __future__ import annotations

import argparse
import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recovery_desk.cli import iso_date
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
