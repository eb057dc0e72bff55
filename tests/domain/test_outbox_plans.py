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
    _no_whole_table(db, statements)


def test_a_days_messages_are_found_by_their_day_not_the_outbox_history(
        db, actor, statements) -> None:
    """Tomorrow's reminders and a cancelled session's messages use the day's index: no scan
    of the table, and not the newest-first index that walks back through every message."""
    from datetime import date

    from recovery_desk.vocabulary import MessageKind

    outbox_service.list_messages(db, actor, kind=MessageKind.REMINDER,
                                 session_date=date(2026, 12, 5))
    outbox_service.list_messages(db, actor, kind=MessageKind.CANCELLED,
                                 session_date=date(2026, 12, 4), group_id=1)
    _no_whole_table(db, statements)
    with db.engine.connect() as connection:
        for sql, parameters in statements:
            plan = " ".join(row[3] for row in connection.exec_driver_sql(
                "EXPLAIN QUERY PLAN " + sql, parameters).fetchall())
            assert "ix_messages_session" in plan, plan


def _no_whole_table(db, statements) -> None:
    with db.engine.connect() as connection:
        for sql, parameters in statements:
            plan = [row[3] for row in connection.exec_driver_sql(
                "EXPLAIN QUERY PLAN " + sql, parameters).fetchall()]
            assert not [line for line in plan if WHOLE_TABLE.match(line)], (sql, plan)
