"""A desk taking a backup that stops once the copy is made, before it is checked and
renamed, and says so; tests/domain/test_backup_files.py kills it there.

    python -m tests.domain.backup_worker DATABASE
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from sqlalchemy import select

from recovery_desk.domain.operations import backup_service
from recovery_desk.domain.store.actor import SYSTEM_USERNAME, actor_for
from recovery_desk.domain.store.database import Database
from recovery_desk.domain.store.models import Staff


def main() -> None:
    os.umask(0o022)  # the usual umask, under which a plain new file is readable by everyone
    database = Path(sys.argv[1])
    db = Database.open(database)
    with db.reading() as tx:
        actor = actor_for(tx.scalars(
            select(Staff).where(Staff.username == SYSTEM_USERNAME)).one())

    def held(done: int, total: int) -> None:
        if done == total:
            print("copied", flush=True)
            time.sleep(60)

    backup_service.take_backup(db, actor, database, automatic=True, progress=held)


if __name__ == "__main__":
    main()
