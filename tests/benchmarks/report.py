"""run.py's figures as a JSON-ready object and as the printed table.

Each interaction's object carries the keys the scale issue asks for (name, demo_p50_ms,
demo_p95_ms, large_p50_ms, large_p95_ms, demo_statements, large_statements) and a few more:
the p95 ratio, transactions (one BEGIN each: a write also pays an fsync), and what it was given.
"""

from __future__ import annotations

import os
import platform
import sqlite3
import sys
from datetime import date
from pathlib import Path
from typing import Any

from timing import COUNTED, percentile

TABLES = ("service_users", "referrals", "enrolments", "waiting_list_entries", "sessions",
          "attendance", "audit_events")
TARGET_P95_MS, TARGET_RATIO, TARGET_BOOKINGS, TARGET_MB = 50, 1.3, 200, 250


def figures(name: str, seconds: dict[str, list[float]],
            counts: dict[str, list[tuple[int, int]]], given: dict[str, str]) -> dict[str, Any]:
    result: dict[str, Any] = {"name": name}
    for label in ("demo", "large"):
        for share, key in ((0.5, "p50"), (0.95, "p95")):
            result[f"{label}_{key}_ms"] = round(percentile(seconds[label], share) * 1000, 2)
    for label in ("demo", "large"):
        statements = [s for s, _ in counts[label]]
        result[f"{label}_statements"] = max(statements)
        if min(statements) != max(statements):
            result[f"{label}_statements_range"] = [min(statements), max(statements)]
        result[f"{label}_transactions"] = max(t for _, t in counts[label])
    result["p95_ratio"] = round(result["large_p95_ms"] / result["demo_p95_ms"], 2)
    result["given"] = given
    return result


def counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as connection:
        return {t: connection.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


def machine(load_before: tuple[float, ...], load_after: tuple[float, ...]) -> dict[str, Any]:
    import PySide6
    import sqlalchemy

    model = platform.processor()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        model = next((line.split(":", 1)[1].strip() for line in cpuinfo.read_text().splitlines()
                      if line.startswith("model name")), model)
    return {"platform": platform.platform(), "python": sys.version.split()[0],
            "cpu_count": os.cpu_count(), "cpu": model, "sqlite_version": sqlite3.sqlite_version,
            "sqlalchemy": sqlalchemy.__version__, "pyside6": PySide6.__version__,
            "load_average_before": [round(x, 2) for x in load_before],
            "load_average_after": [round(x, 2) for x in load_after]}


def assemble(today: date, runs: int, interactions: list[dict[str, Any]],
             booking: dict[str, Any], memory: dict[str, Any] | None,
             start: dict[str, Any] | None, explained: list[dict[str, Any]] | None,
             databases: dict[str, Any]) -> dict[str, Any]:
    figures_ = {
        "today": today.isoformat(), "runs": runs,
        "statements_counted": COUNTED,
        "databases": databases, "interactions": interactions,
        "booking_per_s": booking["large"]["bookings_per_s"], "booking": booking,
        "peak_memory_mb": memory["large"]["peak_rss_mb"] if memory else None,
        "peak_memory_demo_mb": memory["demo"]["peak_rss_mb"] if memory else None,
        "start": start,
    }
    if explained is not None:
        figures_["explain"] = explained
    return figures_


def _miss(ok: bool) -> str:
    return "" if ok else " *"


def table(figures_: dict[str, Any]) -> str:
    """The table, then what each interaction was given, the other figures and any plans.
    A * marks a figure that misses the issue's target."""
    lines = [f"Recovery Desk benchmarks, as of {figures_['today']}, {figures_['runs']} runs "
             "each (ms; * misses a target: p95 < 50 ms, within 1.3x of the demo, same "
             "statements)", ""]
    head = (f"{'interaction':28} {'demo p50':>9} {'p95':>8} {'large p50':>10} {'p95':>8} "
            f"{'ratio':>6}  {'statements':>11}  {'transactions':>12}")
    lines += [head, "-" * len(head)]
    for row in figures_["interactions"]:
        statements = f"{row['demo_statements']}/{row['large_statements']}"
        lines.append(
            f"{row['name']:28} {row['demo_p50_ms']:9.1f} {row['demo_p95_ms']:8.1f} "
            f"{row['large_p50_ms']:10.1f} "
            f"{row['large_p95_ms']:7.1f}{_miss(row['large_p95_ms'] < TARGET_P95_MS):1} "
            f"{row['p95_ratio']:5.1f}{_miss(row['p95_ratio'] <= TARGET_RATIO):1} "
            f"{statements:>10}{_miss(row['demo_statements'] == row['large_statements']):1}  "
            f"{row['demo_transactions']:>5}/{row['large_transactions']:<6}")
    lines += ["", "Given (demo | large):"]
    for row in figures_["interactions"]:
        lines.append(f"  {row['name']}: {row['given']['demo']} | {row['given']['large']}")
    booking = figures_["booking"]
    lines += ["", f"Bookings per second, successful only, synchronous="
                  f"{booking['synchronous']['large']} ({booking['attempts']} attempts each):"]
    for label in ("demo", "large"):
        b = booking[label]
        lines.append(f"  {label:5}: {b['bookings_per_s']:7.1f}/s"
                     f"{_miss(b['bookings_per_s'] >= TARGET_BOOKINGS)}  ({b['booked']} booked, "
                     f"{b['refused']} refused); audited empty write {b['audited_write_per_s']:.0f}"
                     f"/s, a booking costs {b['booking_vs_write']}x one")
    if figures_["peak_memory_mb"] is not None:
        lines.append(f"\nPeak memory, every tab shown: large {figures_['peak_memory_mb']} MB"
                     f"{_miss(figures_['peak_memory_mb'] < TARGET_MB)}, demo "
                     f"{figures_['peak_memory_demo_mb']} MB")
    if figures_["start"]:
        lines.append("\nCold start (median seconds): " + ", ".join(
            f"{k} {v}" for k, v in figures_["start"].items()))
    large = figures_["databases"]["large"]
    lines.append("\nLarge database: " + ", ".join(f"{k} {v}" for k, v in large.items()))
    for item in figures_.get("explain", []):
        lines += ["", f"EXPLAIN QUERY PLAN, {item['interaction']} (large database):"]
        if not item["statements"]:
            lines.append("  (no SQL)")
        for plan in item["statements"]:
            flag = f"   <-- SCAN {', '.join(plan['big_scans'])}" if plan["big_scans"] else ""
            lines.append(f"  [{plan['times']}x] {plan['sql']}{flag}")
            lines += [f"      {line}" for line in plan["lines"]]
    return "\n".join(lines)
