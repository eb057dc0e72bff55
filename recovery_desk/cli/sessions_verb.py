"""`recovery-desk sessions`: every session of every active group in a date range."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from recovery_desk.access import Permission
from recovery_desk.cli import CliError, iso_date, print_json

if TYPE_CHECKING:
    from recovery_desk.domain.store.actor import Actor
    from recovery_desk.domain.store.database import Database

MAX_RANGE_DAYS = 366 * 20


def add_parser(verbs: argparse._SubParsersAction) -> None:
    parser = verbs.add_parser("sessions", help="list sessions in a date range",
                              description="Every session of every active group from --from to "
                                          "--to inclusive, closed ones with their reason.")
    parser.add_argument("--from", dest="first", type=iso_date, required=True,
                        metavar="YYYY-MM-DD")
    parser.add_argument("--to", dest="last", type=iso_date, required=True, metavar="YYYY-MM-DD")
    parser.add_argument("--group", metavar="NAME", help="only this group (its exact name)")
    parser.add_argument("--json", action="store_true", help="print a JSON array")
    parser.set_defaults(run=run, reads_only=True, permission=Permission.VIEW_TIMETABLE)


def run(args: argparse.Namespace, db: Database, actor: Actor) -> int:
    from recovery_desk.domain.places.timetable_service import sessions_between
    from recovery_desk.domain.service.catalogue_service import list_groups
    from recovery_desk.schedule.phrases import format_date
    from recovery_desk.schedule.timetable import session_time

    if args.last < args.first:
        raise CliError(f"the range runs backwards: --from {args.first} is after --to {args.last}")
    if (args.last - args.first).days > MAX_RANGE_DAYS:
        raise CliError("the range is longer than 20 years; ask for a shorter one")
    if args.group is not None:
        active = {g.name for g in list_groups(db, actor, include_retired=False)}
        if args.group not in active:
            raise CliError(f"there is no active group called '{args.group}'; "
                           f"the active groups are: {', '.join(sorted(active))}")
    rows = sessions_between(db, actor, args.first, args.last, args.group)
    if args.json:
        print_json([{
            "group": r.group_name, "date": r.date.isoformat(),
            "start": r.start.strftime("%H:%M") if r.start else None,
            "end": r.end.strftime("%H:%M") if r.end else None,
            "status": "scheduled" if r.runs else "closed", "closure": r.closure,
        } for r in rows])
        return 0
    for r in rows:
        status = f"CLOSED: {r.closure}" if r.closure else f"{r.booked}/{r.capacity} booked"
        # Padded so the columns line up whether the day has one digit or two.
        print(f"{format_date(r.date):15}  {session_time(r):22}  {r.group_name}  ({status})")
    return 0
