"""Desks made to queue behind a lock, for race tests on PostgreSQL: a third connection holds a
row FOR UPDATE (a group's, say), each desk starts in turn and is let go only once it waits
for that lock (or has finished without it), then the holder commits. The interleaving is
therefore the same every run: every desk has done its reads before the lock, and they take
it in the order they started."""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from sqlalchemy import Engine, text

from recovery_desk.domain.store.database import Database
from recovery_desk.domain.store.errors import DomainError

PATIENCE_S = 20.0

_WAITING = text(
    "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
    "WHERE NOT l.granted AND a.datname = current_database()")


def _outcome(action: Callable[[], Any]) -> Any:
    """What the desk's action returned, or the DomainError it was refused with."""
    try:
        return action()
    except DomainError as error:
        return error


def _until_queued(watcher: Engine, futures: list[Future[Any]]) -> None:
    deadline = time.monotonic() + PATIENCE_S
    while True:
        running = sum(1 for f in futures if not f.done())
        # A new transaction each time: pg_stat_activity is read once per transaction.
        with watcher.connect() as connection:
            waiting = connection.execute(_WAITING).scalar_one()
        if waiting >= running:
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"{running} desks never queued for the lock")
        time.sleep(0.01)


def queued_behind(target: str, lock: str, params: dict[str, Any],
                  actions: list[Callable[[], Any]]) -> list[Any]:
    """Run each action on its own thread (each with its own Database) while a third connection
    holds the rows `lock` (a SELECT ... FOR UPDATE) names; returns each one's result or
    DomainError, in the order given."""
    holder, watcher = Database.open(target), Database.open(target)
    pool = ThreadPoolExecutor(len(actions))
    try:
        futures: list[Future[Any]] = []
        with holder.writing() as tx:
            tx.execute(text(lock), params)
            for action in actions:
                futures.append(pool.submit(_outcome, action))
                _until_queued(watcher.engine, futures)
        return [f.result(timeout=PATIENCE_S) for f in futures]
    finally:
        pool.shutdown(wait=True)
        holder.dispose()
        watcher.dispose()


def queued_behind_group(target: str, group_id: int,
                        actions: list[Callable[[], Any]]) -> list[Any]:
    """The actions, queued behind a third connection holding the group's lock."""
    return queued_behind(target, "SELECT id FROM groups WHERE id = :g FOR UPDATE",
                         {"g": group_id}, actions)
