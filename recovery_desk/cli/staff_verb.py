"""`recovery-desk staff init --user NAME [--name "Full Name"]`: the first manager of a database
that has none (refused otherwise). The password is asked for twice at a terminal, or read from
RECOVERY_DESK_PASSWORD; the one-time recovery code is printed once, to be written down."""

from __future__ import annotations

import argparse
import os
from typing import TYPE_CHECKING

from recovery_desk.cli import CliError

if TYPE_CHECKING:
    from recovery_desk.domain.store.actor import Actor
    from recovery_desk.domain.store.database import Database


def add_parser(verbs: argparse._SubParsersAction) -> None:
    parser = verbs.add_parser("staff", help="set up staff accounts",
                              description="Staff accounts. A manager adds staff in the app.")
    actions = parser.add_subparsers(dest="action", metavar="{init}", required=True)
    init = actions.add_parser("init", help="create the first manager of a new database")
    init.add_argument("--user", dest="new_user", metavar="NAME", required=True,
                      help="the manager's user name")
    init.add_argument("--name", metavar="FULL NAME", help="their name as staff see it")
    # An encrypted database has its manager: it was encrypted when they were made.
    parser.set_defaults(run=run, when_encrypted="this database already has a manager: they "
                        "add staff in the app")


def run(args: argparse.Namespace, db: Database, actor: Actor) -> int:
    from recovery_desk.cli import signing_in
    from recovery_desk.domain.operations import encryption
    from recovery_desk.domain.operations.setup import database_is_demo
    from recovery_desk.domain.staff import accounts
    from recovery_desk.domain.store.errors import DomainError, InvalidDetailsError

    if not accounts.needs_first_manager(db):
        raise CliError("this database already has a manager: they add staff in the app")
    password = signing_in.password("Password for the new manager: ")
    if signing_in.PASSWORD_VARIABLE not in os.environ \
            and signing_in.password("Type it again: ") != password:
        raise CliError("the two passwords differ; nothing was saved")
    try:
        _, code = accounts.create_first_manager(db, args.new_user, args.name or args.new_user,
                                                password, signing_in.workstation())
    except InvalidDetailsError as error:
        raise CliError(" ".join(error.problems.values())) from error
    except DomainError as error:
        raise CliError(str(error)) from error
    if db.path is not None and not database_is_demo(db):
        # A real database is encrypted from its first manager on (operations/encryption.py).
        encryption.encrypt(db, args.new_user, password, signing_in.workstation(),
                           recovery_code=code)
    print(f"Created the manager '{args.new_user}'. Their one-time recovery code, for a "
          f"forgotten password (write it down and keep it somewhere safe; it is not shown "
          f"again):\n\n    {code}\n")
    return 0
