"""Who a command-line verb acts as. Verbs that change data or show personal data need
`--user NAME`; the password comes from the RECOVERY_DESK_PASSWORD variable or, at a terminal,
a prompt. Read-only verbs with nothing personal in them act as the app's own account."""

from __future__ import annotations

import argparse
import os
import socket
import sys
from getpass import getpass
from typing import TYPE_CHECKING

from recovery_desk.cli import CliError

if TYPE_CHECKING:
    from recovery_desk.domain.database import Database
    from recovery_desk.domain.staff import Actor

PASSWORD_VARIABLE = "RECOVERY_DESK_PASSWORD"


def workstation() -> str:
    return f"{socket.gethostname()} (command line)"


def password(prompt: str = "Password: ") -> str:
    given = os.environ.get(PASSWORD_VARIABLE)
    if given is not None:
        return given
    if not sys.stdin.isatty():
        raise CliError(f"give the password in the {PASSWORD_VARIABLE} variable, or run this "
                       "at a terminal to be asked for it")
    return getpass(prompt)


def acting(args: argparse.Namespace, db: Database, system: Actor) -> Actor:
    """The signed-in staff member, or the app's own account for a read-only verb."""
    from recovery_desk.domain.accounts import SignInError, needs_first_manager, sign_in

    if args.user is None:
        if getattr(args, "needs_user", False):
            if needs_first_manager(db):
                raise CliError("this database has no manager yet: create one with "
                               "`recovery-desk staff init --user NAME`")
            raise CliError(f"`{args.verb}` changes data or shows personal data: give --user "
                           "NAME (the password is asked for, or read from "
                           f"{PASSWORD_VARIABLE})")
        return system
    try:
        signed = sign_in(db, args.user, password(), workstation())
    except SignInError as error:
        raise CliError(str(error)) from error
    if signed.disk_full:
        # The window keeps such a sign-in to audit once space returns; a verb's process ends
        # first, so it would never be audited.
        raise CliError("the disk is full, so signing in cannot be recorded in the audit "
                       "trail: free some space on the disk that holds the database (or ask "
                       "IT), then try again")
    return signed.actor
