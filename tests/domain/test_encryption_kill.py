"""`encrypt` killed with SIGKILL at any moment: just after each of its steps, and at moments
along the way; the database always opens afterwards, plain or encrypted, with every row, and
encrypting again then works."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from recovery_desk.domain.operations import encryption
from recovery_desk.domain.operations.setup import open_database
from recovery_desk.domain.staff import accounts
from recovery_desk.domain.store import key_slots, sqlite_files
from recovery_desk.domain.store.database import Database
from recovery_desk.domain.store.models import Group
from tests.conftest import CATALOGUE
from tests.domain.encrypt_worker import PASSWORD, STEPS

pytestmark = pytest.mark.sqlite_only("SQLCipher encrypts SQLite files")

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 11, 27)


def _groups(path: Path) -> int:
    """How many groups the database holds, opened as the desk would (plain, or with the key
    the manager's password unwraps)."""
    key = key_slots.unlock(path, "boss", PASSWORD) if key_slots.is_encrypted(path) else None
    db, _ = open_database(path, CATALOGUE, today=TODAY, key=key)
    try:
        with db.reading() as tx:
            return len(tx.scalars(select(Group.id)).all())
    finally:
        db.dispose()
        sqlite_files.use_key(None)


@pytest.fixture
def plain_desk(db_path: Path) -> tuple[Path, int]:
    db, _ = open_database(db_path, CATALOGUE, today=TODAY)
    accounts.create_first_manager(db, "boss", "Bo Ss", PASSWORD, "ws")
    db.dispose()
    return db_path, _groups(db_path)


def _after(path: Path, groups: int) -> None:
    assert _groups(path) == groups
    if not key_slots.is_encrypted(path):  # killed before the rename: it encrypts now
        encryption.encrypt(Database.open(path), "boss", PASSWORD, "ws")
    assert key_slots.is_encrypted(path) and _groups(path) == groups
    assert not encryption.copy_path(path).exists()


@pytest.mark.parametrize("step", [*STEPS, "none"])
def test_killed_just_after_each_step_the_database_opens(plain_desk, step: str) -> None:
    """Plain before the rename, encrypted from it on; never lost."""
    path, groups = plain_desk
    done = subprocess.run([sys.executable, "-m", "tests.domain.encrypt_worker", str(path),
                           step], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == (0 if step == "none" else -signal.SIGKILL), done.stderr
    assert key_slots.is_encrypted(path) == (step in ("rename", "none"))
    _after(path, groups)


@pytest.mark.parametrize("delay", [0.4, 0.8, 1.2, 1.6])
def test_killed_at_a_moment_along_the_way_the_database_opens(plain_desk, delay: float) -> None:
    """A kill at a time, not a step: wherever it lands, the database opens."""
    path, groups = plain_desk
    worker = subprocess.Popen([sys.executable, "-m", "tests.domain.encrypt_worker", str(path),
                               "none"], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    time.sleep(delay)
    worker.send_signal(signal.SIGKILL)
    worker.communicate(timeout=60)
    _after(path, groups)
