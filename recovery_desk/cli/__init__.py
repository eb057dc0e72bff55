"""The command-line verbs beside the GUI, for administrators and scripts.

Each verb module adds its sub-parser with add_parser() and runs with run(args, db, actor). Every
mistake the user can make ends with exit status 2 and a one-line message on stderr, never a
traceback. No Qt is imported here.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from typing import Any

EXIT_USAGE = 2


class OneLineParser(argparse.ArgumentParser):
    """Argument mistakes as one line on stderr and exit status 2; --help still gives usage."""

    def error(self, message: str) -> None:  # type: ignore[override]
        sys.stderr.write(f"{self.prog}: {message} (see --help)\n")
        raise SystemExit(EXIT_USAGE)


class CliError(Exception):
    """A user mistake: printed as 'recovery-desk: <message>' with exit status 2."""


def iso_date(text: str) -> date:
    """argparse type for YYYY-MM-DD, with a message that says what was wrong."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date in the form YYYY-MM-DD") \
            from None


def print_json(value: Any) -> None:
    json.dump(value, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
