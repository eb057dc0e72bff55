"""`recovery-desk --user NAME encrypt`: a manager encrypts a plain SQLite database in place
(operations/encryption.py), keeping an encrypted copy beside it until the one atomic rename,
so a crash leaves the database plain or encrypted, never lost. Prints the manager's new
recovery code once, and the accounts that need a password reset to sign in again."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from recovery_desk.access import Permission
from recovery_desk.cli import CliError

if TYPE_CHECKING:
    from recovery_desk.domain.store.actor import Actor
    from recovery_desk.domain.store.database import Database


def add_parser(verbs: argparse._SubParsersAction) -> None:
    parser = verbs.add_parser(
        "encrypt", help="encrypt the database and its future backups (managers)",
        description="Encrypt this desk's SQLite database in place with a random key that "
                    "only staff passwords (and the manager's new recovery code) unlock. "
                    "Close Recovery Desk on every other desk first.")
    parser.set_defaults(run=run, permission=Permission.MANAGE_STAFF)


def run(args: argparse.Namespace, db: Database, actor: Actor) -> int:
    from recovery_desk.cli import signing_in
    from recovery_desk.domain.operations import encryption
    from recovery_desk.domain.store.errors import DomainError

    try:
        done = encryption.encrypt(db, args.user, args.given_password, signing_in.workstation())
    except DomainError as error:
        raise CliError(str(error)) from error
    print(f"The database is encrypted. Your new one-time recovery code (the old one no "
          f"longer works; write it down and keep it somewhere safe):\n\n    "
          f"{done.recovery_code}\n")
    if done.without_slot:
        print("These accounts sign in again once you reset their passwords in the window: "
              + ", ".join(done.without_slot))
    return 0
