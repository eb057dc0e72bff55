"""`recovery-desk --db URL upgrade [--desk-role ROLE]...` and
`recovery-desk --db FILE --user NAME transfer --to URL`: setting up a shared PostgreSQL
server (the schema built or upgraded by its owner, the desks' role given its rights) and moving
a service's SQLite database onto it. See the README's 'Several desks'.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from recovery_desk.access import Permission
from recovery_desk.cli import CliError
from recovery_desk.schedule.words import counted

if TYPE_CHECKING:
    from recovery_desk.domain.store.actor import Actor
    from recovery_desk.domain.store.database import Database


def add_parser(verbs: argparse._SubParsersAction) -> None:
    upgrade = verbs.add_parser(
        "upgrade", help="build or upgrade the schema (as its owner)",
        description="Build the schema of an empty database, or upgrade an older one, without "
                    "opening it as a desk. On a server, run it as the schema's owner; each "
                    "--desk-role (and every desk role granted before) is given the rights "
                    "desks need: read and write rows, add audit rows, change no schema.")
    upgrade.add_argument("--desk-role", action="append", default=[], metavar="ROLE",
                         help="the server role desks connect as (may be given again)")
    upgrade.set_defaults(run=run_upgrade, opens_database=False)
    transfer = verbs.add_parser(
        "transfer", help="copy this SQLite database into an empty server database",
        description="Copy every table of the --db file into an empty PostgreSQL database "
                    "(run as the schema's owner), then compare row counts and checksums of "
                    "every table and verify the audit trail there. The file is not changed "
                    "(beyond an audit row recording the transfer).")
    transfer.add_argument("--to", required=True, metavar="URL",
                          help="the server database, e.g. "
                               "postgresql+psycopg://recovery_owner@HOST/recovery")
    transfer.set_defaults(run=run_transfer, permission=Permission.BACKUPS)


def run_upgrade(args: argparse.Namespace, target: str) -> int:
    from recovery_desk.domain.store import migrate, sqlite_files
    from recovery_desk.domain.store.database import make_engine, sqlite_path

    path = sqlite_path(target)
    if path is not None:
        if args.desk_role:
            raise CliError("--desk-role is for a server database; an SQLite file has no roles")
        try:
            sqlite_files.check_is_ours_or_new(path)
        except sqlite_files.NotOurDatabaseError as error:
            raise CliError(str(error)) from None
        sqlite_files.create_private(path)
    engine = make_engine(target)
    try:
        if path is not None:
            before = migrate.current_revision(engine)
            migrate.ensure_current(engine)
            _say_upgraded(before, migrate.HEAD_REVISION)
            return 0
        done = migrate.upgrade_server(engine, args.desk_role)
    finally:
        engine.dispose()
    _say_upgraded(done.before, done.after)
    for granted in done.granted:
        print(f"Desk role {granted.role}: may read and write rows of "
              f"{counted(granted.tables, 'table')}, "
              "only add audit rows, and change no schema.")
        if granted.can_create:
            print(f"  Warning: {granted.role} may still create tables in the schema (PUBLIC "
                  "has CREATE there); run REVOKE CREATE ON SCHEMA public FROM PUBLIC.")
    if not done.granted:
        print("No desk role has rights yet: give one with --desk-role ROLE.")
    return 0


def _say_upgraded(before: str | None, after: str) -> None:
    if before == after:
        print(f"The schema is current ({after}); nothing to upgrade.")
    else:
        print(f"Schema {'built' if before is None else 'upgraded from ' + before} to {after}.")


def run_transfer(args: argparse.Namespace, db: Database, actor: Actor) -> int:
    from recovery_desk.domain.operations import transfer_service
    def progress(table: str, rows: int) -> None:
        if sys.stderr.isatty():
            print(f"\r{table}: {counted(rows, 'row', thousands=True)}", end="",
                  file=sys.stderr, flush=True)

    try:
        done = transfer_service.transfer(db, actor, args.to, progress)
    except transfer_service.TransferError as error:
        raise CliError(str(error)) from None
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(f"Copied {counted(len(done.tables), 'table')} "
          f"({counted(done.rows, 'row', thousands=True)}) in {done.seconds:.1f} s; "
          f"{counted(done.sequences, 'sequence')} moved past the highest id.")
    width = max(len(t.name) for t in done.tables)
    for table in done.tables:
        rows = counted(table.rows, "row", thousands=True)
        print(f"  {table.name:<{width}}  {rows:>15}  "
              f"sha256 {table.checksum[:16]}  "
              "same on both")
    print(f"The audit trail verifies on the server: "
          f"{counted(done.audit_rows, 'row', thousands=True)} chained.")
    print("Desks now open the server database with --db (or RECOVERY_DESK_DATABASE) as the "
          "desks' role; keep the file as the last copy from before the move.")
    return 0
