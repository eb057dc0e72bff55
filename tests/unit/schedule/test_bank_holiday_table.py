"""England and Wales bank holidays: the table the app reads agrees with the `holidays` package,
and years beyond the table still come from the package."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import holidays

from recovery_desk.schedule import bank_holiday_dates
from recovery_desk.schedule.closures import bank_holidays
from tests.unit.schedule.bank_holiday_table import FIRST_YEAR, LAST_YEAR


def _package(year: int) -> list[tuple[date, str]]:
    return sorted(holidays.country_holidays("GB", subdiv="ENG", years=year).items())


def test_the_table_agrees_with_the_installed_holidays_package() -> None:
    """If this fails, `holidays` knows a change (a one-off bank holiday, say): regenerate the
    table with `.venv/bin/python -m tests.unit.schedule.bank_holiday_table`."""
    assert (bank_holiday_dates.FIRST_YEAR, bank_holiday_dates.LAST_YEAR) == (FIRST_YEAR,
                                                                            LAST_YEAR)
    differ = [year for year in range(FIRST_YEAR, LAST_YEAR + 1)
              if [(date.fromisoformat(d), n) for d, n in bank_holiday_dates.dates(year) or ()]
              != _package(year)]
    assert differ == [], "regenerate: python -m tests.unit.schedule.bank_holiday_table"


def test_a_year_beyond_the_table_comes_from_the_package() -> None:
    year = LAST_YEAR + 1
    found = bank_holidays(date(year, 1, 1), date(year, 12, 31))
    assert [(c.first, c.reason) for c in found] == [
        (day, f"Bank holiday: {name}") for day, name in _package(year)]


def test_a_week_in_the_table_does_not_load_the_holidays_package() -> None:
    """Christmas week 2026 is closed on the 25th, 26th and 28th (Boxing Day observed) without
    importing `holidays`, whose package loads every country's rules."""
    code = ("import sys\nfrom datetime import date\n"
            "from recovery_desk.schedule.closures import bank_holidays\n"
            "print([c.first.day for c in bank_holidays(date(2026, 12, 21), date(2026, 12, 28))],"
            " 'holidays' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.split("]")[0] + "]" == "[25, 26, 28]"
    assert result.stdout.strip().endswith("False")
