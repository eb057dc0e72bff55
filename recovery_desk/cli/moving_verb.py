"""`recovery-desk --user NAME import KIND FILE [--sheet NAME] [--dry-run] [--json]`,
`import undo BATCH`, `import batches` and `export-all --out FOLDER`: a service's own
spreadsheets brought in through the desk's rules, and everything taken out again (manager)."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from recovery_desk.access import Permission
from recovery_desk.cli import CliError, print_json
from recovery_desk.schedule.words import counted

if TYPE_CHECKING:
    from recovery_desk.domain.store.actor import Actor
    from recovery_desk.domain.store.database import Database

KINDS = ("people", "referrals", "places", "waiting", "attendance")


def add_parser(verbs: argparse._SubParsersAction) -> None:
    bring = verbs.add_parser(
        "import", help="bring people, referrals, places, waiting lists or past registers "
                       "in from CSV or Excel",
        description="Import KIND from FILE (CSV or .xlsx), each row checked as the desk's "
                    "form checks it; the columns are matched by their names (see the "
                    "README's sample files). The whole file is one transaction, audited as "
                    "one batch. 'import undo BATCH' takes a batch out again; 'import "
                    "batches' lists them.")
    bring.add_argument("kind", choices=(*KINDS, "undo", "batches"), metavar="KIND",
                       help=f"one of {', '.join(KINDS)}; or undo, or batches")
    bring.add_argument("target", nargs="?", metavar="FILE|BATCH",
                       help="the file to import, or the batch to undo")
    bring.add_argument("--sheet", metavar="NAME", help="the workbook's sheet (default: first)")
    bring.add_argument("--dry-run", action="store_true",
                       help="check every row and count, writing nothing")
    bring.add_argument("--json", action="store_true", help="print the outcome as JSON")
    bring.set_defaults(run=run_import, permission=Permission.MOVE_RECORDS)
    out = verbs.add_parser(
        "export-all", help="write every table as CSV, a README and one workbook",
        description="Write everything a service needs to move its records elsewhere into a "
                    "new folder FOLDER (owner-only files): one CSV per table, README.txt "
                    "defining each column, and recovery-desk-export.xlsx. An encrypted "
                    "database's export writes readable data.")
    out.add_argument("--out", type=Path, required=True, metavar="FOLDER",
                     help="a new folder to make (its parent must exist)")
    out.set_defaults(run=run_export_all, permission=Permission.MOVE_RECORDS)


def run_import(args: argparse.Namespace, db: Database, actor: Actor) -> int:
    from recovery_desk.domain.operations import import_service
    from recovery_desk.domain.operations.import_files import guess_columns, read_sheet

    if args.kind == "batches":
        for b in import_service.batches(db, actor):
            gone = " (taken out)" if b.undone else ""
            print(f"{b.id:>5}  {b.made_at:%Y-%m-%d %H:%M}  {b.kind:<10}  {b.imported:>6} "
                  f"imported  {b.file_name}{gone}")
        return 0
    if not args.target:
        raise CliError(f"import {args.kind} needs {'BATCH' if args.kind == 'undo' else 'FILE'}")
    if args.kind == "undo":
        if not args.target.isdigit():
            raise CliError(f"'{args.target}' is not a batch number; see 'import batches'")
        removed = import_service.undo(db, actor, int(args.target), date.today())
        print(f"Import batch {args.target} taken out: {counted(removed, 'record')} removed.")
        return 0
    sheet = read_sheet(Path(args.target), args.sheet)
    columns = guess_columns(args.kind, sheet.header)
    result = import_service.run_import(db, actor, args.kind, sheet, columns, date.today(),
                                       dry_run=args.dry_run, file_name=Path(args.target).name)
    if args.json:
        print_json(result.as_json())
        return 0
    print(("Dry run (nothing written): " if args.dry_run else "") + result.said())
    for refusal in result.refused:
        print(f"  row {refusal.row}: {refusal.reason}")
    if result.batch is not None:
        print(f"Batch {result.batch}; 'import undo {result.batch}' takes it out again.")
    return 0


def run_export_all(args: argparse.Namespace, db: Database, actor: Actor) -> int:
    from recovery_desk.domain.operations.export_all import READABLE_WARNING, export_all

    done = export_all(db, actor, args.out, date.today())
    print(f"Wrote {done.tables} tables ({done.rows} rows) to {done.folder}, with README.txt "
          "and recovery-desk-export.xlsx.")
    print(READABLE_WARNING)
    return 0
