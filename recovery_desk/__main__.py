"""Entry point: `recovery-desk [--db PATH] [--demo] [VERB ...]`.

With no verb it opens the window; with a verb it runs that command-line verb and exits. Qt is
imported only for the window, so the verbs start quickly and run without a display.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from datetime import date

from recovery_desk import __version__, config
from recovery_desk.cli import (
    EXIT_USAGE,
    CliError,
    OneLineParser,
    backup_verb,
    capacity_verb,
    catalogue_verb,
    eligibility_verb,
    records_verb,
    report_verb,
    server_verb,
    sessions_verb,
    signing_in,
    staff_verb,
)

log = logging.getLogger("recovery_desk")


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="recovery-desk",
        description="Groups, referrals, bookings and registers for a recovery service.",
        epilog=f"Without --db the database is ${config.DATABASE_VARIABLE} (a path or an "
               "SQLAlchemy URL), or else a file in your user data folder.")
    parser.add_argument("--db", metavar="PATH", help="the database file (or SQLAlchemy URL)")
    parser.add_argument("--demo", action="store_true",
                        help="use a separate demo database of fictitious people")
    parser.add_argument("--user", metavar="NAME",
                        help="sign in as NAME (verbs that change data or show personal data "
                             "need it; the password is asked for, or read from "
                             "$RECOVERY_DESK_PASSWORD)")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    verbs = parser.add_subparsers(dest="verb", metavar="VERB")
    catalogue_verb.add_parser(verbs)
    sessions_verb.add_parser(verbs)
    eligibility_verb.add_parser(verbs)
    capacity_verb.add_parser(verbs)
    backup_verb.add_parser(verbs)
    staff_verb.add_parser(verbs)
    records_verb.add_parser(verbs)
    report_verb.add_parser(verbs)
    server_verb.add_parser(verbs)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    from sqlalchemy.exc import SQLAlchemyError

    from recovery_desk.domain.errors import DomainError
    from recovery_desk.domain.failures import explain_database_error, explain_file_error
    from recovery_desk.domain.migrate import SchemaTooNewError
    from recovery_desk.domain.setup import open_database

    target = config.choose_database(args.db, args.demo)
    folder = config.database_folder(target)
    if not getattr(args, "opens_database", True):
        return _run_unopened(args, target, folder)
    try:
        db, actor = open_database(target, config.resource_path("catalogue.json"),
                                  today=date.today(), demo=args.demo)
    except (SchemaTooNewError, DomainError) as error:
        return _fail(str(error), args.verb is None)
    except SQLAlchemyError as error:
        log.debug("opening %s failed", target, exc_info=True)
        return _fail(f"cannot open the database {target}: "
                     f"{explain_database_error(error, folder)}", args.verb is None)
    except OSError as error:
        return _fail(f"cannot open the database {target}: {explain_file_error(error)}",
                     args.verb is None)
    try:
        if args.verb is None:
            from recovery_desk.logs import install_file_log
            from recovery_desk.views.app import run_window

            log_path = install_file_log(config.log_dir())
            return run_window(db, actor, target, log_path, folder)
        return int(args.run(args, db, signing_in.acting(args, db, actor)))
    except CliError as error:
        return _fail(str(error), False)
    except BrokenPipeError:  # output piped into `head` and the like
        return 0
    except DomainError as error:
        return _fail(str(error), False)
    except OSError as error:
        return _fail(explain_file_error(error), False)
    except SQLAlchemyError as error:
        return _fail(explain_database_error(error, folder), False)
    finally:
        db.dispose()


def _run_unopened(args: argparse.Namespace, target: str, folder: object) -> int:
    """Verbs that must not open the database through the app (it may be the damaged one a
    restore replaces); they get the account to act as from the backup they use."""
    from sqlalchemy.exc import SQLAlchemyError

    from recovery_desk.domain.errors import DomainError
    from recovery_desk.domain.failures import explain_database_error, explain_file_error
    from recovery_desk.domain.migrate import SchemaTooNewError

    try:
        return int(args.run(args, target))
    except (CliError, DomainError, SchemaTooNewError) as error:
        return _fail(str(error), False)
    except OSError as error:
        return _fail(explain_file_error(error), False)
    except SQLAlchemyError as error:
        return _fail(explain_database_error(error, None), False)


def _fail(message: str, in_window: bool) -> int:
    print(f"recovery-desk: {message}", file=sys.stderr)
    if in_window:
        from recovery_desk.views.app import show_start_error

        show_start_error(message)
    return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
