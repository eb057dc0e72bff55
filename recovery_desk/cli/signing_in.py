"""Who a command-line verb acts as. Every verb that changes data or shows personal data or the
service's figures needs `--user NAME` of a role that may see or do it (the verb declares the
permission: `set_defaults(permission=...)`); the password comes from the RECOVERY_DESK_PASSWORD
variable or, at a terminal, a prompt. A temporary password (set by a manager) is refused for
everything but choosing one's own. Verbs with nothing of the service's in them (the published
catalogue, the list of backup files) act as the app's own account.

Used by cli/runner.py before every verb that opens the database.
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
from getpass import getpass
from typing import TYPE_CHECKING

from recovery_desk.access import Permission, who_may
from recovery_desk.cli import CliError

if TYPE_CHECKING:
    from recovery_desk.domain.store.actor import Actor
    from recovery_desk.domain.store.database import Database

PASSWORD_VARIABLE = "RECOVERY_DESK_PASSWORD"
CHANGE_VERB = "password"


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


def temporary_refusal(username: str) -> str:
    return (f"Your password is temporary: sign in to the window (or run `recovery-desk --user "
            f"{username} {CHANGE_VERB}`) to choose your own first.")


def _needs_user(args: argparse.Namespace) -> bool:
    return bool(getattr(args, "needs_user", False) or getattr(args, "permission", None))


def _staff_who_may(permission: Permission | None) -> str | None:
    """'keyworker or service manager staff', or None when every role may."""
    if permission is None or who_may(permission) == who_may(Permission.VIEW_TIMETABLE):
        return None
    return f"{who_may(permission)} staff"


def _needs(parser: argparse.ArgumentParser) -> str | None:
    permission = parser.get_default("permission")
    if permission is not None or parser.get_default("needs_user"):
        return _staff_who_may(permission) or "any member of staff"
    return None


def _sub_verbs(parser: argparse.ArgumentParser) -> tuple[dict[str, argparse.ArgumentParser],
                                                         bool]:
    """The verb's own sub-verbs ('catalogue export'), and whether one must be given."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices), action.required
    return {}, False


def sign_in_words(verbs: argparse._SubParsersAction) -> str:
    """For --help: which verbs need a signed-in member of staff, of which roles, and which
    need none; read from what each verb declares, so it cannot drift from what is enforced."""
    needs: dict[str, list[str]] = {}
    free = []
    for name, parser in verbs.choices.items():
        who = _needs(parser)
        subs, required = ({}, False) if who else _sub_verbs(parser)
        named = [] if required else [(name, who)]
        named += [(f"{name} {sub}", _needs(p)) for sub, p in subs.items()]
        for verb, verb_needs in named:
            if verb_needs is None:
                free.append(verb)
            else:
                needs.setdefault(verb_needs, []).append(verb)
    said = "; ".join(f"{', '.join(names)}: {who}" for who, names in needs.items())
    return (f"Signing in (--user NAME) is needed for {said}. A temporary password set by a "
            f"manager is refused by every verb but `{CHANGE_VERB}` until it is changed. No "
            f"sign-in (nothing personal, none of the service's figures): {', '.join(free)}, "
            "--self-test.")


def database_key(args: argparse.Namespace, target: str) -> bytes | None:
    """An encrypted database's key, unwrapped by --user's password (asked for once: acting
    uses the same); None for a plain database or a server."""
    from recovery_desk.domain.store.database import sqlite_path
    from recovery_desk.domain.store.key_slots import KeyRefusedError, is_encrypted_desk, unlock

    path = sqlite_path(target)
    if path is None or not is_encrypted_desk(path):
        return None
    if args.user is None:
        raise CliError(getattr(args, "when_encrypted", None) or
                       "this database is encrypted: give --user NAME of a member of staff "
                       f"(the password is asked for, or read from {PASSWORD_VARIABLE})")
    args.given_password = password()
    try:
        return unlock(path, args.user, args.given_password)
    except KeyRefusedError as error:
        raise CliError(str(error)) from None


def acting(args: argparse.Namespace, db: Database, system: Actor) -> Actor:
    """The signed-in staff member, or the app's own account for a verb that needs none."""
    from recovery_desk.domain.staff.accounts import SignInError, needs_first_manager, sign_in

    permission: Permission | None = getattr(args, "permission", None)
    if args.user is None:
        if _needs_user(args):
            if needs_first_manager(db):
                raise CliError("this database has no manager yet: create one with "
                               "`recovery-desk staff init --user NAME`")
            roles = _staff_who_may(permission)
            who = f" ({roles})" if roles else ""
            raise CliError(f"`{args.verb}` needs a signed-in member of staff{who}: give "
                           f"--user NAME (the password is asked for, or read from "
                           f"{PASSWORD_VARIABLE})")
        return system
    given = args.given_password = getattr(args, "given_password", None) or password()
    try:
        signed = sign_in(db, args.user, given, workstation())
    except SignInError as error:
        raise CliError(str(error)) from error
    if signed.disk_full:
        # The window keeps such a sign-in to audit once space returns; a verb's process ends
        # first, so it would never be audited.
        raise CliError("the disk is full, so signing in cannot be recorded in the audit "
                       "trail: free some space on the disk that holds the database (or ask "
                       "IT), then try again")
    if args.verb == CHANGE_VERB:
        args.current_password = given
    elif signed.must_change_password:
        raise CliError(temporary_refusal(args.user.strip().lower()))
    if permission is not None:
        signed.actor.require(permission)
    return signed.actor
