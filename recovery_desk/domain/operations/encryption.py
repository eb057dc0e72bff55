"""Encrypting a plain SQLite database in place, and opening an encrypted one with a password.

`encrypt` (the `encrypt` verb, `staff init`, the first-manager dialog and the manager's offer
in the window) survives being killed at any moment: the encrypted copy is made beside the
database (`<database>.encrypting`), checked, given the manager's new recovery code and an
audit row, and the key slots are written; only then does one atomic rename put it in the
database's place. Killed before the rename, the plain database is untouched (a stale slots
file beside a plain database is ignored: what the file is decides, not the slots); after it,
the database is encrypted and its slots are there.

The copy is SQLCipher's own `sqlcipher_export` (a plain and an encrypted file cannot share the
online backup API). Other accounts get no slot, as their passwords are known only as hashes:
a manager resets their passwords after encrypting, which gives each a slot.
"""

from __future__ import annotations

import os
from contextlib import closing, suppress
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from recovery_desk.access import Permission
from recovery_desk.domain.staff import staff_keys
from recovery_desk.domain.staff.passwords import HASHER, new_recovery_code, verify_password
from recovery_desk.domain.store import audit, key_slots, sqlite_files
from recovery_desk.domain.store.actor import Actor
from recovery_desk.domain.store.database import Database
from recovery_desk.domain.store.errors import DomainError
from recovery_desk.domain.store.key_slots import cipher_connect, key_pragma
from recovery_desk.domain.store.models import Staff
from recovery_desk.vocabulary import StaffRole

SUFFIX = ".encrypting"


@dataclass(frozen=True)
class Encrypted:
    recovery_code: str
    """The manager's recovery code from now on (their old one no longer opens anything)."""
    without_slot: tuple[str, ...]
    """Other active accounts: a manager resets their passwords so they can sign in."""
    key: bytes = field(repr=False, default=b"")
    """The database's key, to open it again in this process (never written anywhere)."""

    def reopen(self, database: Path) -> Database:
        return Database.open(database, key=self.key)


def copy_path(database: Path) -> Path:
    return database.with_name(database.name + SUFFIX)


def open_encrypted(database: Path, username: str, password: str) -> Database:
    """The encrypted database, opened with the key username's password unwraps;
    key_slots.KeyRefusedError (lock-out counted) when it does not."""
    return Database.open(database, key=key_slots.unlock(database, username, password))


def _manager(db: Database, username: str, password: str) -> Staff:
    with db.reading() as tx:
        staff = tx.scalar(select(Staff).where(Staff.username == username.strip().lower()))
    if staff is None or not staff.active or staff.role is not StaffRole.MANAGER \
            or not verify_password(staff.password_hash, password):
        raise DomainError("Only an active manager, with their password, can encrypt the "
                          "database.")
    return staff


def _export(database: Path, copy: Path, key: bytes) -> None:
    """The plain database's content into a new encrypted file, flushed to disk. Refused
    while another desk has the database open (its journal cannot leave WAL mode then)."""
    import sqlcipher3

    with suppress(FileNotFoundError):
        copy.unlink()  # a copy left by an encryption that was killed
    try:
        with closing(cipher_connect(str(database), isolation_level=None)) as plain:
            plain.execute("PRAGMA busy_timeout = 2000")
            plain.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            # Out of WAL mode: SQLite refuses while another connection is open, and its -wal
            # and -shm files go, so none can be left beside the encrypted file.
            if plain.execute("PRAGMA journal_mode = DELETE").fetchone()[0] != "delete":
                raise DomainError("Close Recovery Desk on the other desks first: the database "
                                  "can only be encrypted while nobody else has it open.")
            sqlite_files.create_private(copy)
            plain.execute(f"ATTACH DATABASE ? AS encrypted KEY \"x'{key.hex()}'\"",
                          (str(copy),))
            plain.execute("SELECT sqlcipher_export('encrypted')")
            plain.execute("DETACH DATABASE encrypted")
    except sqlcipher3.dbapi2.OperationalError as error:
        raise DomainError("Close Recovery Desk on the other desks first: the database can "
                          f"only be encrypted while nobody else has it open ({error}).") \
            from None
    with open(copy, "rb+") as written:
        os.fsync(written.fileno())


def _finish_copy(copy: Path, key: bytes, manager_id: int, workstation: str,
                 code: str | None) -> str:
    """In the copy, before it is the database: the manager's new recovery code (unless the
    one just made for a new manager) and the audit row saying the database was encrypted."""
    db = Database.open(copy, key=key)
    try:
        fresh = code or new_recovery_code()
        with db.writing() as tx:
            staff = tx.get_one(Staff, manager_id)
            if code is None:
                staff.recovery_hash = HASHER.hash(fresh)
            audit.append(tx, manager_id, workstation, "encrypt", "database", None)
    finally:
        db.dispose()

    # Out of WAL mode, so the copy is one file (its log written into it) when it is renamed.
    with closing(cipher_connect(str(copy), isolation_level=None)) as connection:
        connection.execute(key_pragma(key))
        connection.execute("PRAGMA journal_mode = DELETE")
    with open(copy, "rb+") as written:
        os.fsync(written.fileno())
    return fresh


def encrypt(db: Database, username: str, password: str, workstation: str, *,
            recovery_code: str | None = None) -> Encrypted:
    """Encrypt db's file in place with a new random key, wrapped for the manager username
    (checked with password) and their recovery code. db is closed first and must be opened
    again with the key (open_encrypted). recovery_code: the code of a manager just made."""
    database = db.path
    if database is None:
        raise DomainError("A database on a server is encrypted by the server's disk, not by "
                          "Recovery Desk: the README says what IT does.")
    if key_slots.is_encrypted(database):
        raise DomainError("This database is already encrypted.")
    manager = _manager(db, username, password)
    lockout = staff_keys.lockout_settings(db)
    with db.reading() as tx:
        others = tuple(tx.scalars(select(Staff.username).where(
            Staff.active.is_(True), Staff.password_hash.is_not(None),
            Staff.id != manager.id).order_by(Staff.username)))
    db.dispose()
    key, copy = key_slots.new_key(), copy_path(database)
    _export(database, copy, key)
    code = _finish_copy(copy, key, manager.id, workstation, recovery_code)
    name = manager.username
    slots = key_slots.KeySlots({}, {}, lockout)
    slots.slots[name] = key_slots.seal(key, password, name)
    recovery = key_slots.RECOVERY + name
    slots.slots[recovery] = key_slots.seal(key, code.strip().upper().replace(" ", ""),
                                           recovery)
    with key_slots.held(database):
        slots.save(database)
    os.replace(copy, database)
    sqlite_files.fsync_folder(database.parent)
    return Encrypted(code, others, key)


def encrypt_desk(db: Database, actor: Actor, password: str, *,
                 recovery_code: str | None = None) -> Encrypted:
    """encrypt() for the window: the signed-in manager, checked with their password."""
    actor.require(Permission.MANAGE_STAFF)
    with db.reading() as tx:
        username = tx.get_one(Staff, actor.staff_id).username
    return encrypt(db, username, password, actor.workstation, recovery_code=recovery_code)


def check_key(database: Path, key: bytes) -> bool:
    """True when key opens the encrypted file (for the self-test and the tests)."""
    import sqlcipher3

    try:
        with closing(cipher_connect(str(database))) as connection:
            connection.execute(key_pragma(key))
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher3.dbapi2.DatabaseError:
        return False
    return True

