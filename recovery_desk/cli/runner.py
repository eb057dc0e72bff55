"""Running a verb: open the database, run the verb, and turn every error into one line.

__main__ calls run_verb() after the arguments are parsed, so the data layer (SQLAlchemy and
the models) loads only for a verb that will use it, never for --help or a mistyped argument.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from recovery_desk.cli import EXIT_USAGE, CliError


def fail(message: str) -> int:
    print(f"recovery-desk: {message}", file=sys.stderr)
    return EXIT_USAGE


def run_verb(args: argparse.Namespace, target: str, folder: Path | None,
             catalogue: Path) -> int:
    """Open the database at target (creating and migrating it if need be) and run the verb
    the arguments chose; 0 on success, 2 with a message on stderr for any mistake. A verb
    that only reads (args.reads_only) opens a database that is ready without writing to it,
    so it answers while another desk is saving."""
    from sqlalchemy.exc import SQLAlchemyError

    from recovery_desk.cli import signing_in
    from recovery_desk.domain.operations.setup import CannotOpenError, open_for_desk
    from recovery_desk.domain.store.errors import DomainError
    from recovery_desk.domain.store.failures import explain_database_error, explain_file_error

    try:
        key = signing_in.database_key(args, target)
        db, actor = open_for_desk(target, catalogue, today=date.today(), demo=args.demo,
                                  folder=folder, read_only=getattr(args, "reads_only", False),
                                  key=key)
    except (CannotOpenError, CliError) as error:
        return fail(str(error))
    try:
        return int(args.run(args, db, signing_in.acting(args, db, actor)))
    except (CliError, DomainError) as error:
        return fail(str(error))
    except BrokenPipeError:  # output piped into `head` and the like
        return 0
    except OSError as error:
        return fail(explain_file_error(error))
    except SQLAlchemyError as error:
        return fail(explain_database_error(error, folder))
    except OverflowError:
        # Dates are checked as they are read (cli.iso_date); this is the net under a verb
        # whose own date arithmetic still runs off the calendar's end.
        return fail("a date in this question runs past the calendar's end; ask about dates "
                    "nearer today")
    finally:
        db.dispose()


def run_unopened(args: argparse.Namespace, target: str, folder: Path | None) -> int:
    """Verbs that must not open the database through the app (it may be the damaged one a
    restore replaces): they work on the file, and find the account to act as in the backup
    they use."""
    from sqlalchemy.exc import SQLAlchemyError

    from recovery_desk.domain.store.errors import DomainError
    from recovery_desk.domain.store.failures import explain_database_error, explain_file_error
    from recovery_desk.domain.store.migrate import SchemaTooNewError

    try:
        return int(args.run(args, target))
    except (CliError, DomainError, SchemaTooNewError) as error:
        return fail(str(error))
    except OSError as error:
        return fail(explain_file_error(error))
    except SQLAlchemyError as error:
        return fail(explain_database_error(error, folder))
