"""EXPLAIN QUERY PLAN of the statements an interaction issued (run.py --explain), so a SCAN of
a big table shows up next to the figures it explains."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from timing import Statement

BIG = 5_000
"""A table with more rows than this is big: scanning it is what makes history slow."""
PLANNED = ("SELECT", "UPDATE", "DELETE", "WITH")
SCAN = re.compile(r"^SCAN (\w+)")
COLUMNS = re.compile(r"SELECT ([\w.]+)(, [^()]{40,}?)? FROM")


@dataclass(frozen=True)
class Plan:
    sql: str
    times: int
    """How often the interaction issued this statement."""
    lines: list[str]
    big_scans: list[str]


def short(sql: str) -> str:
    """One line, with a long list of selected columns cut to its first (the WHERE matters)."""
    flat = " ".join(sql.split())
    return COLUMNS.sub(lambda m: f"SELECT {m.group(1)}, ... FROM" if m.group(2) else m.group(0),
                       flat, count=1)


def big_tables(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as connection:
        names = [n for (n,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        counts = {n: connection.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0]
                  for n in names}
    return {n: c for n, c in counts.items() if c > BIG}


def plans(statements: list[Statement], path: Path, big: dict[str, int]) -> list[Plan]:
    """One plan per distinct statement, in the order first issued."""
    issued: dict[str, list[Statement]] = {}
    for statement in statements:
        if statement.sql.lstrip().split(None, 1)[0].upper() in PLANNED:
            issued.setdefault(statement.sql, []).append(statement)
    found = []
    with sqlite3.connect(path) as connection:
        for sql, times in issued.items():
            rows = connection.execute("EXPLAIN QUERY PLAN " + sql,
                                      times[0].parameters or ()).fetchall()
            depth = {0: -1}
            lines = []
            for node, parent, _, detail in rows:
                depth[node] = depth.get(parent, -1) + 1
                lines.append("  " * depth[node] + detail)
            scans = [m.group(1) for _, _, _, d in rows if (m := SCAN.match(d)) and
                     m.group(1) in big]
            found.append(Plan(short(sql), len(times), lines, scans))
    return found
