"""`recovery-desk capacity`: places per active group, and how many finish within four weeks."""

from __future__ import annotations

import argparse
from datetime import date
from typing import TYPE_CHECKING

from recovery_desk.access import Permission
from recovery_desk.cli import iso_date, print_json

if TYPE_CHECKING:
    from recovery_desk.domain.store.actor import Actor
    from recovery_desk.domain.store.database import Database


def add_parser(verbs: argparse._SubParsersAction) -> None:
    parser = verbs.add_parser("capacity", help="places, waiting lists and who finishes soon",
                              description="Per active group: capacity, active places, free "
                                          "places, people waiting, and places finishing "
                                          "within 4 weeks.")
    parser.add_argument("--on", type=iso_date, metavar="YYYY-MM-DD",
                        help="the date to count on (default: today)")
    parser.add_argument("--json", action="store_true", help="print a JSON array")
    parser.set_defaults(run=run, reads_only=True, permission=Permission.REVIEW_COHORTS)


def run(args: argparse.Namespace, db: Database, actor: Actor) -> int:
    from recovery_desk.domain.places.review_service import review
    from recovery_desk.rows.places import FINISHING_WEEKS

    reviews = review(db, actor, args.on or date.today())
    if args.json:
        print_json([{"group": r.group, "capacity": r.capacity, "active": r.active,
                     "free": r.free, "waiting": r.waiting,
                     f"finishing_within_{FINISHING_WEEKS}_weeks": r.finishing}
                    for r in reviews])
        return 0
    for r in reviews:
        closed = "" if r.joinable else " (no cohort open to join)"
        print(f"{r.group}: {r.active}/{r.capacity} places taken, {r.free} free{closed}, "
              f"{r.waiting} waiting, {r.finishing} finishing within {FINISHING_WEEKS} weeks")
    return 0
