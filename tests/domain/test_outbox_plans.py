"""The outbox's reads and the sender's picks use the messages table's indexes, not a scan of
it: each query's EXPLAIN QUERY PLAN, on SQLite, as the benchmarks' --explain reads them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event, select

from recovery_desk.domain.messages import outbox_service
from recovery_desk.domain.store.message_models import Message
from recovery_desk.domain.store.timestamps import utc_now
from recovery_desk.vocabulary import MessageStatus

WHOLE_TABLE = re.compile(r"^SCAN messages$")


@pytest.fixture
def statements(db) -> Iterator[list[tuple[str, Any]]]:
    """Every SELECT the database runs while the test runs, with its parameters."""
    if not db.is_sqlite:
        pytest.skip("EXPLAIN QUERY PLAN is SQLite's")
    seen: list[tuple[str, Any]] = []

    def note(_conn: Any, _cursor: Any, sql: str, parameters: Any, *_: Any) -> None:
        if sql.lstrip().upper().startswith("SELECT") and "messages" in sql:
            seen.append((sql, parameters))

    event.listen(db.engine, "before_cursor_execute", note)
    yield seen
    event.remove(db.engine, "before_cursor_execute", note)


def test_the_outbox_is_read_through_its_indexes(db, actor, statements) -> None:
    """The list, the "to phone" list, the waiting count and the sender's due messages."""
    outbox_service.list_messages(db, actor)
    outbox_service.to_phone(db, actor)
    outbox_service.waiting(db, actor)
    with db.reading() as tx:
        tx.scalars(select(Message.id).where(
            Message.status == MessageStatus.QUEUED,
            Message.next_try_at.is_(None) | (Message.next_try_at <= utc_now()))
            .order_by(Message.id).limit(500)).all()
    assert len(statements) >= 5
    with db.engine.connect() as connection:
        for sql, parameters in statements:
            plan = [row[3] for row in connection.exec_driver_sql(
                "EXPLAIN QUERY PLAN " + sql, parameters).fetchall()]
            assert not [line for line in plan if WHOLE_TABLE.match(line)], (sql, plan)
