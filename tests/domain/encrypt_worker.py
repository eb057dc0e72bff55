"""Encrypts a database as its manager, and kills itself with SIGKILL just after the named step
of operations/encryption.py (or runs to the end for "none"); tests/domain/test_encryption_kill.py
then checks the database still opens.

    python -m tests.domain.encrypt_worker DATABASE STEP
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable
from typing import Any

from recovery_desk.domain.operations import encryption
from recovery_desk.domain.store import key_slots, sqlite_files
from recovery_desk.domain.store.database import Database

PASSWORD = "boss-password-1"
STEPS = {"export": (encryption, "_export"), "finish": (encryption, "_finish_copy"),
         "slots": (key_slots.KeySlots, "save"), "rename": (sqlite_files, "fsync_folder")}


def _then_die(step: Callable[..., Any]) -> Callable[..., Any]:
    def dying(*args: Any, **kwargs: Any) -> Any:
        step(*args, **kwargs)
        os.kill(os.getpid(), signal.SIGKILL)

    return dying


def main() -> None:
    path, step = sys.argv[1], sys.argv[2]
    if step in STEPS:
        owner, name = STEPS[step]
        setattr(owner, name, _then_die(getattr(owner, name)))
    encryption.encrypt(Database.open(path), "boss", PASSWORD, "worker")
    print("done", flush=True)


if __name__ == "__main__":
    main()
