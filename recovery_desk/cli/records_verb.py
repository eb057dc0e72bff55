"""`recovery-desk --user NAME audit verify` and `recovery-desk --user NAME subject-access
PERSON --out FILE`: the audit trail's chain checked, and everything held about one person."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from getpass import getpass
from pathlib import Path
from typing import TYPE_CHECKING

from recovery_desk.access import Permission
from recovery_desk.cli import CliError
from recovery_desk.schedule.words import counted

if TYPE_CHECKING:
    from recovery_desk.domain.store.actor import Actor
    from recovery_desk.domain.store.database import Database

EXIT_BROKEN = 1


def add_parser(verbs: argparse._SubParsersAction) -> None:
    audit = verbs.add_parser("audit", help="check the audit trail",
                             description="Check that every audit row still follows from the "
                                         "row before it (a SHA-256 chain), and that the trail "
                                         "still holds every row each backup holds.")
    actions = audit.add_subparsers(dest="action", metavar="{verify}", required=True)
    actions.add_parser("verify", help="check the whole chain; exit 1 if it is broken")
    audit.set_defaults(run=run_verify, permission=Permission.VIEW_AUDIT, reads_only=True)
    access = verbs.add_parser("subject-access", help="everything held about one person",
                              description="Write everything held about one service user as "
                                          "JSON (FILE) and a readable PDF beside it "
                                          "(FILE with .pdf). Leave PERSON out (or give -) "
                                          "to keep an NHS number out of the process list "
                                          "and the shell's history: it is then read from "
                                          "standard input (one line), or asked for, unshown, "
                                          "at a terminal.")
    access.add_argument("person", metavar="PERSON", nargs="?", default="-",
                        help="their NHS number or record id; - or nothing to read it from "
                             "standard input or be asked")
    access.add_argument("--out", type=Path, required=True, metavar="FILE")
    access.add_argument("--force", action="store_true",
                        help="replace FILE and its .pdf if they exist (never the database or "
                             "a backup)")
    access.set_defaults(run=run_subject_access, permission=Permission.EXPORT_RECORDS)


def run_verify(args: argparse.Namespace, db: Database, actor: Actor) -> int:
    from recovery_desk.domain.staff import audit_service
    check = audit_service.verify(db, actor)
    speed = f" in {check.seconds:.1f} s ({check.rows / max(check.seconds, 1e-6):,.0f} rows a " \
            "second)"
    backups = counted(check.backups_read, "backup")
    if check.backups_unreadable:
        backups += f" ({check.backups_unreadable} could not be read)"
    for line in check.explained:
        print(f"Note: {line}.")
    if check.broken_at is not None:
        print(f"{check.rows} audit rows checked before row {check.broken_at}, which breaks the "
              f"chain: {check.reason}.")
    for line in check.missing:
        print(f"The trail is cut: {line}.")
    if check.holds:
        print(f"{check.rows} audit rows checked{speed}, and held against {backups}: the chain "
              "holds.")
        return 0
    print(f"{check.rows} audit rows checked{speed}, against {backups}.")
    return EXIT_BROKEN


def _person_asked(given: str) -> str:
    """PERSON as given, or (for -) read from standard input or asked for without echo."""
    if given != "-":
        return given
    if sys.stdin.isatty():
        answer = getpass("NHS number or record id (not shown): ")
    else:
        answer = sys.stdin.readline(200)
    if not answer.strip():
        raise CliError("no NHS number or record id was given: type it when asked, or send "
                       "it on standard input")
    return answer.strip()


def run_subject_access(args: argparse.Namespace, db: Database, actor: Actor) -> int:
    from recovery_desk.domain.people import subject_access
    from recovery_desk.domain.service.service_details import service_details
    from recovery_desk.domain.store.chosen_files import check_output, make_private
    from recovery_desk.exports.subject_access import subject_access_html

    if args.out.suffix.lower() == ".pdf":
        raise CliError(f"{args.out}: the readable copy is written beside FILE as FILE with "
                       ".pdf; give FILE another ending, such as .json")
    out = check_output(args.out, database=db.path, force=args.force)
    readable = check_output(out.with_suffix(".pdf"), database=db.path, force=args.force)
    person = subject_access.find_person(db, actor, _person_asked(args.person))
    held = subject_access.gather(db, actor, person)
    service = service_details(db, actor)
    make_private(out)
    out.write_text(json.dumps(held, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    from recovery_desk.pdf import PORTRAIT, html_to_pdf

    make_private(readable)
    html_to_pdf(subject_access_html(held, service, date.today()), readable, PORTRAIT,
                title="Subject access request")
    print(f"Wrote {out} and {readable}: {sum(len(v) for k, v in held.items() if k != 'person')}"
          f" records besides the person's details.")
    return 0
