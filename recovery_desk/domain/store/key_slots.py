"""Key slots: the random key of an encrypted desk's database, wrapped once per member of staff
and once per manager's recovery code, in a file beside the database (`<database>.keys`, JSON).
Opening an encrypted database starts here: the password unwraps its owner's slot and only then
is the database opened with the key it gives.

Each slot is the key sealed with AES-GCM (`cryptography`) under a key derived from the
password with Argon2id at the sign-in cost (`argon2-cffi`, raw bytes), with its own random salt
and nonce; the slot's name is the sealed data's associated data, so a slot cannot be moved to
another name. Nothing in the file reveals the key: losing the file loses nothing but the way in.

Lock-out is kept here too, because it must work before the database is open: failed attempts
and the time an account is locked until, per name, with the service's lock-out settings copied
from the database each time a slot is written. The database's own staff table still counts
and audits every sign-in once it is open.

Used by domain/operations/encryption.py, staff/accounts.py and the sign-in of the CLI and
window. Every write replaces the whole file atomically (a temporary name, fsync, rename)."""

from __future__ import annotations

import base64
import json
import os
import secrets
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from argon2.low_level import Type, hash_secret_raw

from recovery_desk.domain.store.errors import DomainError
from recovery_desk.schedule.words import counted

KEY_BYTES = 32
SUFFIX = ".keys"
RECOVERY = "recovery:"
# The sign-in cost of staff/passwords.py: unwrapping takes as long as checking a password.
_TIME_COST, _MEMORY_KIB, _LANES = 2, 19_456, 1
DEFAULT_LOCKOUT = {"attempts": 5, "minutes": 15}
NO_MATCH = "That user name and password do not match a member of staff."


class KeyRefusedError(DomainError):
    """The password (or recovery code) does not open the database; the message says so."""


def slots_path(database: Path) -> Path:
    return database.with_name(database.name + SUFFIX)


def cipher_connect(name: str, **options: Any) -> Any:
    """sqlcipher3's connection with SQLCipher's own log silenced: a wrong key is the desk's
    to say, in words, not SQLCipher's "hmac check failed" on the console. sqlcipher3 is
    imported here, only when an encrypted file is opened."""
    import sqlcipher3

    connection = sqlcipher3.connect(name, **options)
    connection.execute("PRAGMA cipher_log_level = NONE")
    return connection


def key_pragma(key: bytes) -> str:
    """SQLCipher's PRAGMA giving a raw 256-bit key (no key derivation of its own: the key is
    random). Only ever executed, never logged or written."""
    return f"PRAGMA key = \"x'{key.hex()}'\""


def new_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def _derive(secret: str, salt: bytes) -> bytes:
    return hash_secret_raw(secret.encode(), salt, time_cost=_TIME_COST,
                           memory_cost=_MEMORY_KIB, parallelism=_LANES, hash_len=KEY_BYTES,
                           type=Type.ID)


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def seal(key: bytes, secret: str, name: str) -> dict[str, str]:
    """The key sealed under secret, for the slot called name."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    sealed = AESGCM(_derive(secret, salt)).encrypt(nonce, key, name.encode())
    return {"salt": _b64(salt), "nonce": _b64(nonce), "sealed": _b64(sealed)}


def _open_slot(slot: Mapping[str, str] | None, secret: str, name: str) -> bytes | None:
    """The key, or None for a wrong secret or no slot (which takes as long to say)."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if slot is None:
        _derive(secret, b"\0" * 16)  # a name with no slot takes as long to refuse
        return None
    try:
        return AESGCM(_derive(secret, base64.b64decode(slot["salt"]))).decrypt(
            base64.b64decode(slot["nonce"]), base64.b64decode(slot["sealed"]), name.encode())
    except (InvalidTag, KeyError, ValueError):
        return None


@dataclass
class KeySlots:
    """The slots file's content; `save` writes it."""

    slots: dict[str, dict[str, str]]
    lockout: dict[str, dict[str, Any]]
    settings: dict[str, int]

    @classmethod
    def read(cls, database: Path) -> KeySlots:
        """The slots beside database; an empty set when there is no file."""
        try:
            data = json.loads(slots_path(database).read_text("utf-8"))
        except FileNotFoundError:
            return cls({}, {}, dict(DEFAULT_LOCKOUT))
        return cls(dict(data.get("slots", {})), dict(data.get("lockout", {})),
                   {**DEFAULT_LOCKOUT, **data.get("settings", {})})

    def save(self, database: Path) -> None:
        text = json.dumps({"version": 1, "slots": self.slots, "lockout": self.lockout,
                           "settings": self.settings}, indent=1, sort_keys=True)
        write_atomically(slots_path(database), text.encode("utf-8"))


@contextmanager
def held(database: Path) -> Iterator[None]:
    """The slots' lock: every read-change-write of the file holds it, so two desks changing
    slots at once (a sign-in counted here, a password changed there) lose neither change."""
    handle = os.open(database.with_name(database.name + SUFFIX + ".lock"),
                     os.O_RDWR | os.O_CREAT, 0o600)
    try:
        if sys.platform == "win32":
            import msvcrt
            msvcrt.locking(handle, msvcrt.LK_LOCK, 1)
        else:
            import fcntl
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)  # which lets go of the lock


def write_atomically(path: Path, content: bytes) -> None:
    """Replace path with content so that a crash leaves the old file or the new, never half."""
    partial = path.with_name(f".{path.name}.{secrets.token_hex(4)}.partial")
    handle = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(handle, content)
        os.fsync(handle)
    finally:
        os.close(handle)
    os.replace(partial, path)
    try:
        folder = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return  # Windows cannot open a folder; its rename is durable enough
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


def is_encrypted(database: Path) -> bool:
    """True when the file exists and is not plain SQLite (SQLCipher leaves no header)."""
    try:
        with open(database, "rb") as file:
            start = file.read(16)
    except (FileNotFoundError, IsADirectoryError):
        return False
    return bool(start) and start != b"SQLite format 3\0"


def is_encrypted_desk(database: Path) -> bool:
    """An encrypted desk's database: not plain SQLite, with its key slots beside it (a file
    that is neither is some other file, and is refused as before)."""
    return is_encrypted(database) and slots_path(database).exists()


def write_slot(database: Path, username: str, password: str, key: bytes,
               lockout: Mapping[str, int] | None = None) -> None:
    """Wrap the key for username (replacing any slot they had) and lift their lock-out."""
    name = username.strip().lower()
    sealed = seal(key, password, name)
    with held(database):
        slots = KeySlots.read(database)
        slots.slots[name] = sealed
        slots.lockout.pop(name, None)
        if lockout:
            slots.settings.update(lockout)
        slots.save(database)


def write_recovery(database: Path, username: str, code: str, key: bytes) -> None:
    write_slot(database, RECOVERY + username.strip().lower(), _clean_code(code), key)


def remove_slot(database: Path, username: str) -> None:
    """Take away username's way in (their password and any recovery code)."""
    name = username.strip().lower()
    with held(database):
        slots = KeySlots.read(database)
        slots.slots.pop(name, None)
        slots.slots.pop(RECOVERY + name, None)
        slots.lockout.pop(name, None)
        slots.save(database)


def _clean_code(code: str) -> str:
    return code.strip().upper().replace(" ", "")


def _locked_words(until: datetime, now: datetime) -> str:
    minutes = max(1, int((until - now).total_seconds() // 60) + 1)
    return (f"This account is locked after too many failed sign-ins. Try again in "
            f"{counted(minutes, 'minute')}, or ask a manager to reset the password.")


def unlock(database: Path, username: str, password: str, *,
           now: datetime | None = None) -> bytes:
    """The database key from username's slot; KeyRefusedError for a wrong password, an
    unknown name or a locked account (counted as the window and CLI count sign-ins)."""
    with held(database):
        return _unlock(database, username, password, now or datetime.now(UTC))


def _unlock(database: Path, username: str, password: str, now: datetime) -> bytes:
    slots = KeySlots.read(database)
    name = username.strip().lower()
    state = slots.lockout.get(name, {})
    until = datetime.fromisoformat(state["until"]) if state.get("until") else None
    if until is not None and until > now:
        _derive(password, b"\0" * 16)  # as slow as any other answer
        raise KeyRefusedError(_locked_words(until, now))
    key = _open_slot(slots.slots.get(name), password, name)
    if key is not None:
        if name in slots.lockout:
            del slots.lockout[name]
            slots.save(database)
        return key
    if name not in slots.slots:
        raise KeyRefusedError(NO_MATCH)
    failed = int(state.get("failed", 0)) + 1
    if failed >= slots.settings["attempts"]:
        minutes = slots.settings["minutes"]
        slots.lockout[name] = {"failed": 0,
                               "until": (now + timedelta(minutes=minutes)).isoformat()}
        slots.save(database)
        raise KeyRefusedError(f"Too many failed sign-ins: this account is locked for "
                              f"{counted(minutes, 'minute')}.")
    slots.lockout[name] = {"failed": failed, "until": None}
    slots.save(database)
    raise KeyRefusedError(NO_MATCH)


def unlock_with_recovery(database: Path, username: str, code: str) -> bytes:
    name = RECOVERY + username.strip().lower()
    key = _open_slot(KeySlots.read(database).slots.get(name), _clean_code(code), name)
    if key is None:
        raise KeyRefusedError("That user name and recovery code do not match.")
    return key
