"""The command-line verbs beside the GUI, for administrators and scripts.

Each verb module adds its sub-parser with add_parser() and runs with run(args, db, actor); a
verb that only reads sets reads_only=True, so opening never writes (cli/runner.py). Every
mistake the user can make ends with exit status 2 and a one-line message on stderr, never a
traceback. No Qt is imported here.
"""

from __future__ import annotations

import argparse
import re
import sys
from datetime import date
from typing import Any, NoReturn

from recovery_desk.text_checks import shown

EXIT_USAGE = 2
# The dates a verb accepts. The verbs count weeks and months either side of the dates they are
# given, which Python's calendar cannot do at its own ends (years 1 and 9999); no service's
# records reach outside this range.
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2199, 12, 31)


class HelpFormatter(argparse.HelpFormatter):
    """Help wrapped at spaces only, so an option such as --self-test is never split at its
    hyphen wherever the line happens to end."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        import textwrap

        text = " ".join(text.split())
        return textwrap.fill(text, width, initial_indent=indent, subsequent_indent=indent,
                             break_on_hyphens=False)

    def _split_lines(self, text: str, width: int) -> list[str]:
        import textwrap

        return textwrap.wrap(" ".join(text.split()), width, break_on_hyphens=False)


class OneLineParser(argparse.ArgumentParser):
    """Argument mistakes as one line on stderr and exit status 2; --help still gives usage."""

    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"{self.prog}: {message} (see --help)\n")
        raise SystemExit(EXIT_USAGE)


class CliError(Exception):
    """A user mistake: printed as 'recovery-desk: <message>' with exit status 2."""


def iso_date(text: str) -> date:
    """argparse type for YYYY-MM-DD, with a message that says what was wrong: the form, a day
    that does not exist, or one outside FIRST_DAY..LAST_DAY."""
    match = re.fullmatch(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", text.strip())
    if not match:
        raise argparse.ArgumentTypeError(f"'{shown(text)}' is not a date in the form YYYY-MM-DD")
    year, month, day = (int(part) for part in match.groups())
    if year < 1:
        raise argparse.ArgumentTypeError(f"'{shown(text)}' does not exist: there is no year 0")
    import calendar  # here, not above: the window reads its arguments before its first paint

    if not 1 <= month <= 12:
        raise argparse.ArgumentTypeError(f"'{shown(text)}' does not exist: there is no month "
                                         f"{month}")
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        raise argparse.ArgumentTypeError(
            f"'{shown(text)}' does not exist: {calendar.month_name[month]} {year} has {days} "
            "days")
    day_given = date(year, month, day)
    if not FIRST_DAY <= day_given <= LAST_DAY:
        raise argparse.ArgumentTypeError(
            f"'{shown(text)}' is outside the dates Recovery Desk works with "
            f"({FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()})")
    return day_given


def print_json(value: Any) -> None:
    import json

    json.dump(value, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
