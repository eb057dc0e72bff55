"""A wrong key is the desk's to say in words: SQLCipher's own log ("hmac check failed") never
reaches the console when an encrypted file is tried with another key."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def test_a_wrong_key_writes_nothing_on_the_console(tmp_path: Path) -> None:
    """check_key with the wrong key says False, and stderr stays empty."""
    script = f"""
from pathlib import Path
from recovery_desk.domain.operations.encryption import check_key
from recovery_desk.domain.store import key_slots
from recovery_desk.domain.store.database import Database
from sqlalchemy import text
path, key = Path({str(tmp_path / 'e.sqlite3')!r}), key_slots.new_key()
key_slots.write_slot(path, "t", "a password for t", key)
db = Database.open(path, key=key)
with db.writing() as tx:
    tx.execute(text("CREATE TABLE said (words TEXT)"))
db.dispose()
assert check_key(path, key) and not check_key(path, key_slots.new_key())
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=False, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "hmac" not in done.stderr and "ERROR" not in done.stderr, done.stderr
