"""`recovery-desk eligibility PROFILE.json`: each active group's outcome for an intake profile."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from recovery_desk.access import Permission
from recovery_desk.cli import CliError, iso_date, print_json

if TYPE_CHECKING:
    from recovery_desk.domain.store.actor import Actor
    from recovery_desk.domain.store.database import Database

MAX_PROFILE_BYTES = 1_000_000
"""A profile is a few hundred bytes; anything near a megabyte is the wrong file."""


def add_parser(verbs: argparse._SubParsersAction) -> None:
    parser = verbs.add_parser("eligibility", help="check an intake profile against every group",
                              description="Check an intake profile (JSON, see README) against "
                                          "every active group.")
    parser.add_argument("profile", type=Path, metavar="PROFILE.json")
    parser.add_argument("--on", type=iso_date, metavar="YYYY-MM-DD",
                        help="the date of the check (default: today)")
    parser.add_argument("--json", action="store_true", help="print a JSON array")
    parser.set_defaults(run=run, reads_only=True, permission=Permission.VIEW_CLINICAL)


def run(args: argparse.Namespace, db: Database, actor: Actor) -> int:
    from recovery_desk.domain.service.catalogue_service import list_groups
    from recovery_desk.eligibility import ProfileError, check_groups, parse_profile
    from recovery_desk.json_files import JsonFileError, read_json
    from recovery_desk.schedule.phrases import format_date

    on = args.on or date.today()
    try:
        data = read_json(args.profile, MAX_PROFILE_BYTES, "an intake profile")
    except OSError as error:
        raise CliError(f"cannot read {args.profile}: {error.strerror or error}") from error
    except JsonFileError as error:
        raise CliError(f"{args.profile} {error}") from error
    try:
        profile = parse_profile(data, on)
    except ProfileError as error:
        raise CliError(f"{args.profile} is not a valid profile:\n  "
                       + "\n  ".join(error.problems)) from error
    results = check_groups(profile, list_groups(db, actor, include_retired=False), on)
    if args.json:
        print_json([r.as_json() for r in results])
        return 0
    for result in results:
        since = f" (eligible from {format_date(result.eligible_from)})" \
            if result.eligible_from else ""
        print(f"{result.group}: {result.outcome.value.replace('_', ' ')}{since}")
        for reason in result.said():
            print(f"    - {reason}")
    return 0
