"""Reading a row that is about to be changed: with the lock that keeps other desks off it.

On PostgreSQL (READ COMMITTED) a row read before `SELECT ... FOR UPDATE` is stale by the time
the lock is held: another desk may have changed it meanwhile, and a rule checked on the old copy
lets both desks act (two answers to one offer, one place ended twice). So every service that
reads a row and then changes it reads it here, locked and afresh. On SQLite a write already
holds the database's write lock from BEGIN IMMEDIATE; FOR UPDATE is left out there and the read
costs the same one statement.

Used by place_rules (the group, a place, a waiting-list entry) and by the services that change
staff accounts, closures, groups and people's records.
"""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy.orm import Session

Row = TypeVar("Row")


def locked(tx: Session, model: type[Row], key: Any) -> Row | None:
    """The row as committed now, locked for the rest of this transaction; None if it is gone.
    populate_existing: a copy this session loaded earlier is overwritten, never trusted."""
    return tx.get(model, key, with_for_update=True, populate_existing=True)
