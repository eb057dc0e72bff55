"""The words a person is shown for an error the desk understands: a rule's refusal, a database
or file failure. Used by the context's operation path and by the window's last-resort hook.

It loads the data layer's error words only when an error needs explaining: by then SQLAlchemy
is loaded anyway, and start-up stays light.
"""

from __future__ import annotations

from pathlib import Path


def explain(error: BaseException, database_folder: Path | None = None) -> str | None:
    """The words for an error the desk can understand, or None for an unexpected one."""
    from sqlalchemy.exc import SQLAlchemyError

    from recovery_desk.domain.store.errors import DomainError
    from recovery_desk.domain.store.failures import explain_database_error, explain_file_error

    if isinstance(error, DomainError):
        return str(error)
    if isinstance(error, SQLAlchemyError):
        return explain_database_error(error, database_folder)
    if isinstance(error, OSError):
        return explain_file_error(error)
    return None
