"""`recovery-desk --user NAME password`: choose one's own password, for a member of staff
without a display (or whose temporary password the other verbs refuse). The new password is
asked for twice at a terminal, never taken from an argument or a variable, which would leave it
in the shell's history or the process list."""

from __future__ import annotations

import argparse
import sys
from getpass import getpass
from typing import TYPE_CHECKING

from recovery_desk.cli import CliError

if TYPE_CHECKING:
    from recovery_desk.domain.store.actor import Actor
    from recovery_desk.domain.store.database import Database


def add_parser(verbs: argparse._SubParsersAction) -> None:
    parser = verbs.add_parser(
        "password", help="choose your own password (asked for twice)",
        description="Sign in with --user NAME and your current (or temporary) password, then "
                    "type a new password twice at the terminal. It is never taken from an "
                    "argument or a variable.")
    parser.set_defaults(run=run, needs_user=True)


def run(args: argparse.Namespace, db: Database, actor: Actor) -> int:
    from recovery_desk.domain.staff import accounts
    from recovery_desk.domain.store.errors import InvalidDetailsError

    if not sys.stdin.isatty():
        raise CliError("choose a new password at a terminal: it is asked for twice, and never "
                       "read from an argument, a variable or a pipe")
    new = getpass("New password: ")
    if getpass("Type it again: ") != new:
        raise CliError("the two passwords differ; your password was not changed")
    try:
        accounts.change_password(db, actor, args.current_password, new)
    except InvalidDetailsError as error:
        raise CliError(" ".join(error.problems.values())) from error
    print("Your password is changed; use it from now on, here and in the window.")
    return 0
