"""Passwords and recovery codes: Argon2id hashing at the OWASP minimum cost or above (19 MiB, 2
passes, 1 lane), checking in even time whether or not the account exists, the rules a new
password follows, and a manager's one-time recovery code. Used by staff/accounts.py and the
demo's accounts."""

from __future__ import annotations

import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

HASHER = PasswordHasher(time_cost=2, memory_cost=19_456, parallelism=1)
RECOVERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
# Verified against when the name is no account, so a wrong name takes as long as a wrong
# password and does not reveal which names exist. The hash of a random password nobody kept,
# written out rather than made on import (hashing costs as much as a verb's whole start).
_DUMMY = (
    "$argon2id$v=19$m=19456,t=2,p=1$/wgEW5088h267RDSuPjZOg$apodCP"
    "aeM1EVKN7yIFaLS30phZ2ua4+KIlNfbX19rxU"
)


def verify_password(hashed: str | None, secret: str) -> bool:
    """True only for the right password of an account that has one; a missing hash is checked
    against the decoy, so a name that is no account takes as long to refuse."""
    try:
        return HASHER.verify(hashed or _DUMMY, secret) and hashed is not None
    except (VerificationError, InvalidHashError):
        return False


def password_problem(password: str, minimum: int) -> str | None:
    if len(password) < minimum:
        return f"A password needs at least {minimum} characters."
    if password.strip() != password or not password.strip():
        return "A password cannot start or end with a space."
    return None


def new_recovery_code() -> str:
    """Four groups of five letters and digits that cannot be misread: 'K7QM2-...'."""
    return "-".join("".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(5))
                    for _ in range(4))
