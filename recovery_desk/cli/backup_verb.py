"""`recovery-desk backup [FILE]`, `backups [--json]` and `restore FILE [--yes]`: backups of an
SQLite database, kept in a backups folder beside it, and putting one back.

`restore` never opens the current database through the app (it may be the damaged one being
replaced); it checks the backup and asks before replacing anything.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from recovery_desk.access import Permission
from recovery_desk.cli import CliError, print_json

if TYPE_CHECKING:
    from recovery_desk.domain.store.actor import Actor
    from recovery_desk.domain.store.database import Database


def add_parser(verbs: argparse._SubParsersAction) -> None:
    backup = verbs.add_parser("backup", help="back up the database now",
                              description="Back up the database (checked before it is kept) "
                                          "into the backups folder beside it, or to FILE.")
    backup.add_argument("file", type=Path, nargs="?", metavar="FILE",
                        help="where to write the backup (default: the backups folder)")
    backup.add_argument("--force", action="store_true",
                        help="replace FILE if it exists (never the database or a backup)")
    backup.set_defaults(run=run_backup, permission=Permission.BACKUPS)
    listing = verbs.add_parser("backups", help="list the backups, newest first",
                               description="The backups in the backups folder, newest first.")
    listing.add_argument("--json", action="store_true", help="print a JSON array")
    listing.set_defaults(run=run_list, opens_database=False)
    restore = verbs.add_parser("restore", help="replace the database with a backup",
                               description="Check the backup, keep the current database as "
                                           "a pre-restore copy, then replace it with the "
                                           "backup (migrated forward if it is older).")
    restore.add_argument("file", type=Path, metavar="FILE")
    restore.add_argument("--yes", action="store_true",
                         help="do not ask before replacing (for scripts)")
    # The permission is checked against the accounts in the backup (run_restore), and named
    # here for --help.
    restore.set_defaults(run=run_restore, opens_database=False,
                         permission=Permission.BACKUPS)


def _database_file(target: str) -> Path:
    from recovery_desk.domain.store.database import sqlite_path

    path = sqlite_path(target)
    if path is None:
        raise CliError("backups and restore are for an SQLite database; a server database "
                       "is backed up on the server (see the README's 'Several desks').")
    return path


def run_backup(args: argparse.Namespace, db: Database, actor: Actor) -> int:
    from recovery_desk.domain.operations import backup_service
    assert db.path is not None
    made = backup_service.take_backup(db, actor, db.path, target=args.file, force=args.force)
    print(f"Backed up to {made.path} ({made.size_bytes:,} bytes, checked).")
    if made.warning:
        print(f"recovery-desk: warning: {made.warning}", file=sys.stderr)
    return 0


def run_list(args: argparse.Namespace, target: str) -> int:
    from recovery_desk.domain.operations import backup_service
    from recovery_desk.domain.store import backup_schedule
    from recovery_desk.domain.store.key_slots import is_encrypted
    from recovery_desk.domain.store.timestamps import utc_now

    folder = backup_service.backups_folder(_database_file(target))
    found = backup_service.list_backups(folder)
    now = utc_now()
    future = [b for b in found if backup_schedule.future_dated(b, now)]
    if args.json:
        print_json([{**b.as_json(), "future_dated": b in future} for b in found])
    else:
        if not found:
            print(f"No backups yet in {folder}.")
        for b in found:
            kind = " (kept by a restore)" if b.kind == "pre-restore" else ""
            ahead = " (FUTURE-DATED)" if b in future else ""
            # An encrypted backup is listed without its key: its schema is inside it.
            schema = b.schema or ("(encrypted)" if is_encrypted(b.path) else "?")
            print(f"{backup_service.timestamp_words(b.taken_at)}  {b.size_bytes:>12,} bytes  "
                  f"schema {schema}  {b.path}{kind}{ahead}")
    if future:
        print(f"recovery-desk: warning: {backup_schedule.future_dated_words(future)}",
              file=sys.stderr)
    return 0


def run_restore(args: argparse.Namespace, target: str) -> int:
    from recovery_desk.cli import signing_in
    from recovery_desk.domain.operations import backup_service
    from recovery_desk.domain.store.errors import DomainError
    from recovery_desk.domain.store.key_slots import is_encrypted
    from recovery_desk.domain.store.sqlite_files import use_key

    database = _database_file(target)
    if args.user is None:
        raise CliError("restore needs a manager: give --user NAME (checked against the "
                       "accounts in the backup)")
    given = signing_in.password()
    try:
        if is_encrypted(args.file):
            use_key(backup_service.backup_key(database, args.file, args.user, given))
        facts = backup_service.check_backup(args.file)
        actor = backup_service.manager_in(args.file, args.user, given,
                                          signing_in.workstation())
    except DomainError as error:
        raise CliError(str(error)) from error
    if not args.yes:
        if not sys.stdin.isatty():
            raise CliError("restore replaces the database: run it at a terminal to be asked, "
                           "or add --yes")
        answer = input(f"Replace {database} with {args.file} (schema {facts.revision})? The "
                       "current database is kept as a pre-restore copy. [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            print("Nothing was changed.")
            return 0
    try:
        done = backup_service.restore(database, args.file, actor, today=date.today())
    except DomainError as error:
        raise CliError(str(error)) from error
    moved = " and migrated to this version" if done.migrated else ""
    print(f"Restored {database} from {args.file}{moved}. The database as it was is kept as "
          f"{done.kept_copy}.")
    return 0
