"""Shared by the benchmark scripts: the import path, percentiles, and a log of the SQL each
interaction sends (to count statements and to EXPLAIN them).

Statements are counted with an SQLAlchemy `before_cursor_execute` listener on every Engine, so
engines made inside the measured call (the capacity verb opens its own) are counted too. What
counts: every statement SQLAlchemy hands the driver, an executemany as one. Not counted: the
BEGIN or BEGIN IMMEDIATE that opens each transaction (counted apart, as transactions), and COMMIT
and ROLLBACK, which are driver calls rather than statements.
"""

from __future__ import annotations

import math
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

COUNTED = ("every SQL statement SQLAlchemy hands the driver, an executemany as one; not the "
           "BEGIN or BEGIN IMMEDIATE that opens each transaction (counted apart as transactions), "
           "nor COMMIT and ROLLBACK, which are driver calls rather than statements")
ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def median_ms(action: Callable[[], object], repeats: int) -> float:
    """The median of repeats timed runs of action, in milliseconds."""
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (share 0.95 for p95): a value that was actually measured."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


@dataclass
class Statement:
    sql: str
    parameters: Any
    database: str
    """The file the statement ran against (its engine's URL database)."""


@dataclass
class StatementLog:
    """Listens on every SQLAlchemy Engine while recording is on."""

    recording: bool = False
    keep: bool = False
    """Also keep each statement with its parameters (for EXPLAIN QUERY PLAN)."""
    statements: int = 0
    transactions: int = 0
    kept: list[Statement] = field(default_factory=list)

    def install(self) -> None:
        from sqlalchemy import Engine, event

        event.listen(Engine, "before_cursor_execute", self._seen)

    def remove(self) -> None:
        from sqlalchemy import Engine, event

        event.remove(Engine, "before_cursor_execute", self._seen)

    def start(self, keep: bool = False) -> None:
        self.recording, self.keep = True, keep
        self.statements = self.transactions = 0
        self.kept = []

    def stop(self) -> tuple[int, int]:
        """(statements, transactions) since start."""
        self.recording = False
        return self.statements, self.transactions

    def _seen(self, connection: Any, cursor: Any, sql: str, parameters: Any, context: Any,
              executemany: bool) -> None:
        if not self.recording:
            return
        if sql.lstrip().upper().startswith("BEGIN"):
            self.transactions += 1
            return
        self.statements += 1
        if self.keep:
            first = parameters[0] if executemany and parameters else parameters
            self.kept.append(Statement(sql, first, str(connection.engine.url.database)))
