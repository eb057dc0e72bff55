"""`recovery-desk catalogue`: print the catalogue, or export and import it as a catalogue file."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from recovery_desk.access import Permission
from recovery_desk.cli import CliError, print_json

if TYPE_CHECKING:
    from recovery_desk.domain.store.actor import Actor
    from recovery_desk.domain.store.database import Database


def add_parser(verbs: argparse._SubParsersAction) -> None:
    parser = verbs.add_parser("catalogue", help="print, export or import the group catalogue",
                              description="Print the group catalogue, or move it between "
                                          "databases as a catalogue file (JSON, see README).")
    parser.add_argument("--json", action="store_true", help="print the catalogue as JSON")
    actions = parser.add_subparsers(dest="action", metavar="{export,import}")
    export = actions.add_parser("export", help="write the whole catalogue to FILE")
    export.add_argument("file", type=Path, metavar="FILE")
    export.add_argument("--force", action="store_true",
                        help="replace FILE if it exists (never the database or a backup)")
    export.set_defaults(reads_only=True)
    imported = actions.add_parser("import", help="add and update groups from FILE, all or none")
    imported.add_argument("file", type=Path, metavar="FILE")
    imported.set_defaults(permission=Permission.EDIT_CATALOGUE, reads_only=False)
    parser.set_defaults(run=run, reads_only=True)


def run(args: argparse.Namespace, db: Database, actor: Actor) -> int:
    from recovery_desk.catalogue.file import CatalogueFileError, read_catalogue, write_catalogue
    from recovery_desk.domain.service.catalogue_service import import_catalogue, list_groups
    from recovery_desk.domain.store.chosen_files import check_output
    from recovery_desk.domain.store.errors import DomainError

    if args.action == "export":
        target = check_output(args.file, database=db.path, force=args.force)
        write_catalogue(target, list_groups(db, actor))
        print(f"Wrote {args.file}.")
        return 0
    if args.action == "import":
        try:
            summary = import_catalogue(db, actor, read_catalogue(args.file), date.today())
        except (CatalogueFileError, DomainError) as error:
            raise CliError(str(error)) from error
        print(f"Imported {args.file}: {len(summary.added)} added, {len(summary.updated)} "
              f"updated, {len(summary.unchanged)} unchanged, {len(summary.untouched)} not in "
              "the file and left as they were.")
        return 0
    groups = list_groups(db, actor)
    if args.json:
        print_json([{
            "name": g.name, "name_to_be_confirmed": g.name_to_be_confirmed,
            "schedule": g.schedule_words, "format": g.format.value, "length": g.length_words,
            "joining": g.joining.value, "referral_required": g.referral_required,
            "capacity": g.capacity, "description": g.description, "who_for": g.who_for,
            "policies": g.settings(), "active": g.active,
        } for g in groups])
        return 0
    for g in groups:
        status = "" if g.active else "  (retired)"
        print(f"{g.display_name}{status}\n    {g.schedule_words}; {g.format_words}; "
              f"{g.length_words}; capacity {g.capacity}")
    return 0
