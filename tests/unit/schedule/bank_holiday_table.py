"""Writes recovery_desk/schedule/bank_holiday_dates.py from the `holidays` package.

    .venv/bin/python -m tests.unit.schedule.bank_holiday_table

The app reads England and Wales bank holidays from that table, because loading `holidays`
costs more than the rest of a week's timetable (its package imports every country's rules);
the package is still asked for years outside the table. test_bank_holiday_table.py fails when
the installed package knows a different answer (a new one-off bank holiday, say), and says to
run this again.
"""

from __future__ import annotations

from pathlib import Path

FIRST_YEAR, LAST_YEAR = 2010, 2045
TABLE = Path(__file__).resolve().parents[3] / "recovery_desk" / "schedule" / \
    "bank_holiday_dates.py"


def render() -> str:
    import holidays

    lines = [
        '"""England and Wales bank holidays by year, generated from the `holidays` package by',
        "tests/unit/schedule/bank_holiday_table.py (run it again after upgrading `holidays`;",
        "tests/unit/schedule/test_bank_holiday_table.py says when). Do not edit by hand.",
        "",
        "Read by schedule/closures.py, which asks the package itself only for other years.",
        "Each year: (ISO date, name) for the subdivision ENG of GB, which England and Wales share.",
        '"""',
        "",
        f"FIRST_YEAR = {FIRST_YEAR}",
        f"LAST_YEAR = {LAST_YEAR}",
        "DATES: dict[int, tuple[tuple[str, str], ...]] = {",
    ]
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        days = sorted(holidays.country_holidays("GB", subdiv="ENG", years=year).items())
        lines.append(f"    {year}: (")
        lines.extend(f"        ({day.isoformat()!r}, {name!r})," for day, name in days)
        lines.append("    ),")
    lines.append("}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    TABLE.write_text(render(), encoding="utf-8")
    print(f"Wrote {TABLE}.")
