"""Keeping an encrypted desk's key slots (store/key_slots.py) in step with its staff: a new
password (set by its owner, by a manager's reset, or for a new account) wraps the database key
anew under it, a recovery code has its own slot, and a deactivated account loses its slots.
Each is done right after the account's transaction commits. A plain database, a server, or an
encrypted database opened without its key (never, in practice) has no slots to keep.

Used by staff/accounts.py and operations/encryption.py."""

from __future__ import annotations

from recovery_desk.domain.service import service_settings
from recovery_desk.domain.store import key_slots
from recovery_desk.domain.store.database import Database


def lockout_settings(db: Database) -> dict[str, int]:
    settings = service_settings.read(db)
    return {"attempts": settings["lockout_attempts"], "minutes": settings["lockout_minutes"]}


def keep(db: Database, username: str, password: str) -> None:
    """username's slot now opens with password."""
    if db.key is not None and db.path is not None:
        key_slots.write_slot(db.path, username, password, db.key, lockout_settings(db))


def keep_recovery(db: Database, username: str, code: str) -> None:
    if db.key is not None and db.path is not None:
        key_slots.write_recovery(db.path, username, code, db.key)


def forget(db: Database, username: str) -> None:
    """username can no longer open the database, nor its backups from now on."""
    if db.key is not None and db.path is not None:
        key_slots.remove_slot(db.path, username)
