"""Entry point: `recovery-desk [--db PATH] [--demo] [--self-test] [VERB ...]`.

With no verb it opens the window; with a verb it runs that command-line verb and exits;
--self-test checks an installed copy (views/self_test.py). Only the arguments are read here:
the window loads Qt and paints before the data layer loads, and a verb loads the data layer
only once its arguments are known to be right, so --help and mistakes answer at once.
"""

from __future__ import annotations

import argparse
import gc
import logging
import sys
from collections.abc import Sequence

from recovery_desk import __version__, config
from recovery_desk.cli import (
    HelpFormatter,
    OneLineParser,
    backup_verb,
    capacity_verb,
    catalogue_verb,
    eligibility_verb,
    encrypt_verb,
    messages_verb,
    moving_verb,
    password_verb,
    records_verb,
    report_verb,
    server_verb,
    sessions_verb,
    signing_in,
    staff_verb,
)

VERBS = (catalogue_verb, sessions_verb, eligibility_verb, capacity_verb, report_verb,
         backup_verb, staff_verb, password_verb, encrypt_verb, records_verb, server_verb,
         moving_verb, messages_verb)
"""Every verb's module, in the order --help lists them."""


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="recovery-desk", formatter_class=HelpFormatter,
        description="Groups, referrals, bookings and registers for a recovery service.",
        epilog=f"Without --db the database is ${config.DATABASE_VARIABLE} (a path or an "
               "SQLAlchemy URL), or else a file in your user data folder.")
    parser.add_argument("--db", metavar="PATH", help="the database file (or SQLAlchemy URL)")
    parser.add_argument("--demo", action="store_true",
                        help="use a separate demo database of fictitious people")
    parser.add_argument("--user", metavar="NAME",
                        help="sign in as NAME (verbs that change data or show personal data "
                             "or the service's figures need it; the password is asked for, or "
                             "read from $RECOVERY_DESK_PASSWORD)")
    parser.add_argument("--self-test", action="store_true",
                        help="check this copy of Recovery Desk works here (on a temporary "
                             "database unless --db is given), print each check, and exit")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    verbs = parser.add_subparsers(dest="verb", metavar="VERB")
    for verb in VERBS:
        verb.add_parser(verbs)
    parser.epilog = f"{parser.epilog} {signing_in.sign_in_words(verbs)}"
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    # Starting makes a few hundred thousand long-lived objects (SQLAlchemy, the models, Qt's
    # bindings) and no garbage, yet the cyclic collector would scan them all, several times
    # over (about 40 ms, a tenth of a verb). It is off until the window is filled in (then
    # views/app.py freezes what starting made) or the verb has run.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _main(argv)
    finally:
        if collecting:
            gc.enable()


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    from recovery_desk.logs import ScrubbingFormatter

    console = logging.StreamHandler()
    console.setFormatter(ScrubbingFormatter("%(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=logging.WARNING, handlers=[console])
    if args.self_test:
        if args.verb is not None or args.demo:
            parser.error("--self-test takes only --db")
        from recovery_desk.self_test import run_self_test

        return run_self_test(args.db)
    target = config.choose_database(args.db, args.demo)
    folder = config.database_folder(target)
    catalogue = config.resource_path("catalogue.json")
    if args.verb is None:
        from recovery_desk.views.shell.app import StartRequest, run_window

        return run_window(StartRequest(target, args.demo, catalogue, config.log_dir(), folder))
    from recovery_desk.cli.runner import run_unopened, run_verb

    if not getattr(args, "opens_database", True):
        return run_unopened(args, target, folder)
    return run_verb(args, target, folder, catalogue)


def run() -> int:
    """The `recovery-desk` command (and `python -m recovery_desk`): main(), then a quick exit.
    Everything the process made dies with it, so it is frozen out of the interpreter's last
    full garbage collection at exit, which would otherwise scan it all (30 ms, a tenth of a
    verb)."""
    code = main()
    gc.freeze()
    return code


if __name__ == "__main__":
    sys.exit(run())
