"""`recovery-desk report`: the group-work report for a period, per group and in total.

--json gives the exact numbers for the service's own scripts (no small-number rule: that is
for files that leave the service); the plain output is a block per group and the definitions.
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import TYPE_CHECKING

from recovery_desk.access import Permission
from recovery_desk.cli import CliError, iso_date, print_json

if TYPE_CHECKING:
    from recovery_desk.domain.store.actor import Actor
    from recovery_desk.domain.store.database import Database


def add_parser(verbs: argparse._SubParsersAction) -> None:
    parser = verbs.add_parser(
        "report", help="the group-work report for a period",
        description="Sessions, places, starters, endings, attendance, waits and waiting lists "
                    "from --from to --to inclusive, per group and in total. Without --group, "
                    "every active group and every retired group that had sessions, places or "
                    "waiting-list entries in the period (marked 'retired').")
    parser.add_argument("--from", dest="first", type=iso_date, required=True,
                        metavar="YYYY-MM-DD")
    parser.add_argument("--to", dest="last", type=iso_date, required=True, metavar="YYYY-MM-DD")
    parser.add_argument("--group", dest="groups", action="append", metavar="NAME",
                        help="a group to report on (its name, any case); repeat for more")
    parser.add_argument("--json", action="store_true",
                        help="print JSON with exact numbers and rates from 0 to 1")
    parser.set_defaults(run=run, reads_only=True, permission=Permission.VIEW_REPORTS)


def run(args: argparse.Namespace, db: Database, actor: Actor) -> int:
    from recovery_desk.domain.reports.report_service import record_seen, report, report_groups
    from recovery_desk.exports.report_files import figure_text

    if args.last < args.first:
        raise CliError(f"the period runs backwards: --from {args.first} is after --to "
                       f"{args.last}")
    known = report_groups(db, actor, args.first, args.last)
    if args.groups:
        by_name = {g.name.casefold(): g for g in known}
        unknown = [name for name in args.groups if name.strip().casefold() not in by_name]
        if unknown:
            raise CliError(f"there is no group called '{unknown[0]}'; the groups are: "
                           f"{', '.join(g.name for g in known)}")
        ids = list(dict.fromkeys(by_name[n.strip().casefold()].group_id for n in args.groups))
    else:
        ids = [g.group_id for g in known if g.counted_by_default]
    made = report(db, actor, args.first, args.last, ids, date.today())
    record_seen(db, actor, made, "command line (JSON)" if args.json else "command line")
    if args.json:
        print_json(made.as_json())
        return 0
    print(f"{made.title}: {made.service.name}, {made.period_words}")
    lines = made.lines()
    width = max(len(line.label) for line in lines) + 2
    for number, column in enumerate(made.columns):
        print(f"\n{column}")
        for line in lines:
            text = figure_text(line.values[number], line.kind)
            print(f"  {line.label:<{width}}{text or '-'}")
    print("\nDefinitions")
    for line in lines:
        if not line.key.startswith("closed:"):
            print(f"  {line.label.strip()}: {line.definition}")
    return 0
