"""A full disk, made on purpose for tests: the database may not grow by a page.

SQLite reports "database or disk is full" (SQLITE_FULL) when a write needs a page past
`PRAGMA max_page_count`; capped at the current size on every connection, and with the audit
trail's last page filled, the next audited write fails exactly as on a full disk.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event
from sqlalchemy.exc import OperationalError

from recovery_desk.domain.store import audit
from recovery_desk.domain.store.database import Database
from recovery_desk.domain.store.failures import is_disk_full


@contextmanager
def disk_full(db: Database) -> Iterator[None]:
    """The database cannot grow inside the block; it can again once the block ends."""
    with db.engine.connect() as connection:
        pages = connection.exec_driver_sql("PRAGMA page_count").scalar()

    def cap(dbapi_connection, _record) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count = {int(pages)}")

    event.listen(db.engine, "connect", cap)
    db.engine.dispose()  # pooled connections were made without the cap
    try:
        _fill_the_audit_trail(db)
        yield
    finally:
        event.remove(db.engine, "connect", cap)
        db.engine.dispose()


def _fill_the_audit_trail(db: Database) -> None:
    """Audit rows until one no longer fits: from then on every audited write needs a page."""
    for _ in range(1000):
        try:
            with db.writing() as tx:
                audit.append(tx, None, "test", "fill", "staff", None,
                             detail={"padding": "x" * 200})
        except OperationalError as error:
            assert is_disk_full(error), error
            return
    raise AssertionError("the capped database never filled up")
