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


PER_LINE = 8


def render() -> str:
    import holidays

    years = {year: sorted(holidays.country_holidays("GB", subdiv="ENG", years=year).items())
             for year in range(FIRST_YEAR, LAST_YEAR + 1)}
    names = sorted({name for days in years.values() for _, name in days})
    lines = [
        '"""England and Wales bank holidays by year, generated from the `holidays` package by',
        "tests/unit/schedule/bank_holiday_table.py (run it again after upgrading `holidays`;",
        "tests/unit/schedule/test_bank_holiday_table.py says when). Do not edit by hand.",
        "",
        "Read by schedule/closures.py, which asks the package itself only for other years.",
        "Each year's days are 'MM-DD:N', N indexing NAMES, for the subdivision ENG of GB, which",
        "England and Wales share; dates() reads a year back as (ISO date, name) pairs.",
        '"""',
        "",
        f"FIRST_YEAR = {FIRST_YEAR}",
        f"LAST_YEAR = {LAST_YEAR}",
        "NAMES = (",
        *(f"    {name!r}," for name in names),
        ")",
        "DATES: dict[int, str] = {",
    ]
    for year, days in years.items():
        codes = [f"{day:%m-%d}:{names.index(name)}" for day, name in days]
        chunks = [" ".join(codes[i:i + PER_LINE]) for i in range(0, len(codes), PER_LINE)]
        lines.append(f"    {year}: {chunks[0]!r}" if len(chunks) == 1 else f"    {year}: (")
        if len(chunks) > 1:
            lines.extend(f"        {chunk + (' ' if n < len(chunks) - 1 else '')!r}"
                         for n, chunk in enumerate(chunks))
            lines.append("    )")
        lines[-1] += ","
    lines += [
        "}",
        "",
        "",
        "def dates(year: int) -> tuple[tuple[str, str], ...] | None:",
        '    """The year\'s bank holidays as (ISO date, name), or None outside the table."""',
        "    if year not in DATES:",
        "        return None",
        "    return tuple((f\"{year}-{code[:5]}\", NAMES[int(code[6:])])",
        "                 for code in DATES[year].split())",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    TABLE.write_text(render(), encoding="utf-8")
    print(f"Wrote {TABLE}.")
