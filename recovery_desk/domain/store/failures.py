"""What went wrong, in words for the desk: database and file errors turned into one message
that says what happened and what to do.

Used by the window (every database error that reaches a view) and by the CLI (every verb's
database and file errors). The services' own refusals are DomainErrors and already read well;
this is for the machinery underneath: a busy or full disk, a read-only file, a lost server.
"""

from __future__ import annotations

import errno
import shutil
from pathlib import Path

from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError, SQLAlchemyError

NOTHING_SAVED = "nothing was saved"
# Below this much free space, an I/O error is almost certainly a full disk.
LOW_SPACE_BYTES = 8 * 1024 * 1024


def _disk_is_nearly_full(folder: Path | None) -> bool:
    if folder is None:
        return False
    try:
        return shutil.disk_usage(folder).free < LOW_SPACE_BYTES
    except OSError:
        return False


def _detail(error: SQLAlchemyError) -> str:
    return str(getattr(error, "orig", None) or error).lower()


def is_disk_full(error: SQLAlchemyError, folder: Path | None = None) -> bool:
    """The database could not grow: SQLite's "database or disk is full", the server's "No
    space left on device", or an I/O error on a disk with almost no space left."""
    detail = _detail(error)
    return "full" in detail or "no space left" in detail \
        or (("disk i/o" in detail or "i/o error" in detail) and _disk_is_nearly_full(folder))


def explain_database_error(error: SQLAlchemyError, folder: Path | None = None) -> str:
    """One clear sentence or two for a database error; folder is where the database lives."""
    detail = _detail(error)
    if "locked" in detail or "busy" in detail or "lock timeout" in detail \
            or "deadlock detected" in detail:
        return ("Another desk is saving just now, and the database stayed busy for too long: "
                f"{NOTHING_SAVED}. Try again in a moment.")
    if is_disk_full(error, folder):
        return (f"The disk is full: {NOTHING_SAVED}. Free some space on the disk that holds "
                "the database (or ask IT to), then try again.")
    if "readonly" in detail or "read-only" in detail:
        return (f"The database file is read-only here, so {NOTHING_SAVED}. Check that you may "
                "write to the file and its folder, or ask IT.")
    if "disk i/o" in detail:
        return (f"The disk could not be read or written (an I/O error): {NOTHING_SAVED}. The "
                "disk may be failing or disconnected; ask IT, and keep the latest backup safe.")
    if "malformed" in detail or "not a database" in detail:
        return ("The database file is damaged or is not a Recovery Desk database. Restore the "
                "newest good backup (Restore… in the app, or `recovery-desk restore`).")
    if "unable to open" in detail:
        return ("The database file cannot be opened: check that its folder exists and that "
                "you may write to it.")
    if isinstance(error, OperationalError) or (isinstance(error, DBAPIError)
                                               and error.connection_invalidated):
        return ("The database server cannot be reached just now (the network or the server "
                f"is down): {NOTHING_SAVED}. What you typed is kept; try again when it is "
                "back.")
    if isinstance(error, IntegrityError):
        return ("That change clashes with another saved at the same moment at another desk, "
                f"so {NOTHING_SAVED}. Reload and try again.")
    return f"The database refused the change ({type(error).__name__}): {NOTHING_SAVED}."


def explain_file_error(error: OSError) -> str:
    """One sentence for a file that could not be read or written."""
    where = f"{error.filename}: " if error.filename else ""
    if error.errno == errno.ENOSPC:
        return f"{where}the disk is full; {NOTHING_SAVED}. Free some space and try again."
    if error.errno in (errno.EACCES, errno.EPERM):
        return f"{where}permission denied; choose a folder you may write to."
    if error.errno == errno.ENOENT:
        return f"{where}no such file or folder."
    if error.errno == errno.EROFS:
        return f"{where}the disk is read-only; choose another place."
    if error.errno == errno.EISDIR:
        return f"{where}is a folder, not a file."
    return f"{where}{error.strerror or error}."
