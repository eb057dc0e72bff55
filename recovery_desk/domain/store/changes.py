"""What another desk changed: kinds of change announced by every write, and a feed that tells
a desk when another desk (a second window, another process, another PC) has changed
something, so its screens can reload without a click.

A write transaction notes the tables it touched (ORM flushes and bulk statements); just before
it commits it announces the kinds of change (catalogue, people, closures) in the same
transaction, so nothing is announced for a change that rolled back:

- PostgreSQL: NOTIFY on one channel, delivered at commit to every desk LISTENing.
- SQLite: a counter per kind in the settings table; other desks notice that the file changed
  through PRAGMA data_version (no disk read) and then read the counters.

Audit rows, sign-ins and account changes announce nothing: a desk's reload audits what it
shows, and announcing that would set two desks reloading each other for ever.

Database (database.py) installs the hooks; the window's context polls a feed.
"""

from __future__ import annotations

import logging
import queue
import threading
import uuid
from collections import Counter
from typing import Any, Protocol

from sqlalchemy import Engine, event, text
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker

log = logging.getLogger(__name__)

CATALOGUE, PEOPLE, CLOSURES = "catalogue", "people", "closures"
KINDS = (CATALOGUE, PEOPLE, CLOSURES)
TABLE_KINDS = {
    "groups": CATALOGUE, "settings": CATALOGUE,
    "service_users": PEOPLE, "name_words": PEOPLE, "referrals": PEOPLE, "enrolments": PEOPLE,
    "waiting_list_entries": PEOPLE, "sessions": PEOPLE, "attendance": PEOPLE,
    "cohorts": PEOPLE, "contact_attempts": PEOPLE, "walk_ins": PEOPLE, "messages": PEOPLE,
    "closures": CLOSURES,
}
CHANNEL = "recovery_desk_changes"
COUNTER_KEY = "changes."
_TOUCHED = "recovery_desk_touched"
RECONNECT_SECONDS = 2.0


def _touch(tx: Session, table: str | None) -> None:
    kind = TABLE_KINDS.get(table or "")
    if kind is not None:
        tx.info.setdefault(_TOUCHED, set()).add(kind)


def track(writing: sessionmaker[Session], on_commit: Any) -> None:
    """Note what each writing session touches; on_commit(session, kinds) runs just before a
    commit that changed something other desks show."""

    @event.listens_for(writing, "after_flush")
    def _flushed(tx: Session, _context: Any) -> None:
        for obj in (*tx.new, *tx.deleted):
            _touch(tx, getattr(getattr(obj, "__table__", None), "name", None))
        for obj in tx.dirty:
            if tx.is_modified(obj):
                _touch(tx, getattr(getattr(obj, "__table__", None), "name", None))

    @event.listens_for(writing, "do_orm_execute")
    def _bulk(state: ORMExecuteState) -> None:
        if state.is_update or state.is_delete or state.is_insert:
            table = getattr(state.statement, "table", None)
            _touch(state.session, getattr(table, "name", None))

    @event.listens_for(writing, "before_commit")
    def _committing(tx: Session) -> None:
        tx.flush()  # commit flushes after this hook; what is still pending counts too
        kinds = tx.info.pop(_TOUCHED, None)
        if kinds:
            on_commit(tx, sorted(kinds))

    @event.listens_for(writing, "after_rollback")
    def _rolled_back(tx: Session) -> None:
        tx.info.pop(_TOUCHED, None)


def announce_postgresql(tx: Session, kinds: list[str], sender: str) -> None:
    for kind in kinds:
        tx.execute(text("SELECT pg_notify(:channel, :payload)"),
                        {"channel": CHANNEL, "payload": f"{kind} {sender}"})


def announce_sqlite(tx: Session, kinds: list[str]) -> None:
    for kind in kinds:
        tx.execute(text(
            "INSERT INTO settings (key, value) VALUES (:key, '1') ON CONFLICT (key) DO UPDATE "
            "SET value = CAST(CAST(settings.value AS INTEGER) + 1 AS TEXT)"),
            {"key": COUNTER_KEY + kind})


class ChangeFeed(Protocol):
    def poll(self) -> set[str]:
        """The kinds of change other desks have committed since the last poll."""

    def close(self) -> None: ...


class SqliteFeed:
    """PRAGMA data_version on a connection of its own: it moves when another connection has
    committed to the file. Only then are the counters read, and this desk's own commits
    (counted by its Database) are taken off."""

    def __init__(self, engine: Engine, own: Counter[str]) -> None:
        self._connection = engine.raw_connection()
        self._own = own
        self._version: int | None = None
        self._seen: dict[str, int] = {}
        self._own_seen: Counter[str] = Counter()
        self.poll()

    def _counters(self) -> dict[str, int]:
        rows = self._connection.cursor().execute(
            "SELECT key, value FROM settings WHERE key IN (?, ?, ?)",
            [COUNTER_KEY + kind for kind in KINDS]).fetchall()
        return {key.removeprefix(COUNTER_KEY): int(value) for key, value in rows}

    def poll(self) -> set[str]:
        version = self._connection.cursor().execute("PRAGMA data_version").fetchone()[0]
        if version == self._version:
            return set()
        first = self._version is None
        self._version = version
        counters, own = self._counters(), Counter(self._own)
        changed = set() if first else {
            kind for kind in KINDS
            if counters.get(kind, 0) - self._seen.get(kind, 0) > own[kind] - self._own_seen[kind]}
        self._seen, self._own_seen = counters, own
        return changed

    def close(self) -> None:
        self._connection.close()


class PostgresqlFeed:
    """LISTEN on a connection of its own, in a thread that waits for notifications (and
    reconnects after a lost server, reporting every kind as changed, since notifications
    sent meanwhile were missed). poll() only drains what the thread has heard."""

    def __init__(self, engine: Engine, sender: str) -> None:
        self._engine, self._sender = engine, sender
        self._heard: queue.SimpleQueue[str] = queue.SimpleQueue()
        self._stop = threading.Event()
        self._listening = threading.Event()
        self._thread = threading.Thread(target=self._listen, name="recovery-desk-listen",
                                        daemon=True)
        self._thread.start()
        self._listening.wait(timeout=5)

    def _connect(self) -> Any:
        raw = self._engine.raw_connection()
        connection = raw.driver_connection
        assert connection is not None  # psycopg's connection, open: the pool just pinged it
        raw.detach()  # never handed back to the pool with LISTEN set
        connection.rollback()  # the pool's ping began one
        connection.autocommit = True
        connection.execute(f"LISTEN {CHANNEL}")
        return connection

    def _listen(self) -> None:
        raw, lost = None, False
        while not self._stop.is_set():
            try:
                if raw is None:
                    raw = self._connect()
                    if lost:  # what was said while we could not hear it is unknown
                        for kind in KINDS:
                            self._heard.put(kind)
                    self._listening.set()
                for note in raw.notifies(timeout=0.25):
                    kind, _, sender = note.payload.partition(" ")
                    if sender != self._sender:
                        self._heard.put(kind)
            except Exception:  # a lost server: wait, then listen again
                log.info("change listener lost its connection; reconnecting", exc_info=True)
                if raw is not None:
                    try:
                        raw.close()
                    except Exception:
                        log.debug("closing the lost listener failed", exc_info=True)
                raw, lost = None, True
                self._listening.set()
                self._stop.wait(RECONNECT_SECONDS)
        if raw is not None:
            raw.close()

    def poll(self) -> set[str]:
        kinds = set()
        while True:
            try:
                kinds.add(self._heard.get_nowait())
            except queue.Empty:
                return kinds & set(KINDS)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)


def new_sender() -> str:
    """A token that marks this desk's own notifications."""
    return uuid.uuid4().hex[:12]
