"""Reading an import's file: separators as Excel writes them, byte-order marks, quoted cells,
Excel's dates and numbers, and the README's sample files matching every needed field."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from recovery_desk.domain.operations.import_files import (
    KINDS,
    as_date,
    as_text,
    guess_columns,
    read_csv,
    read_sheet,
)
from recovery_desk.domain.operations.import_service import check_columns
from recovery_desk.domain.store.errors import DomainError

README = Path(__file__).parents[2] / "README.md"


@pytest.mark.parametrize("separator", [",", ";", "\t"])
def test_each_excel_separator_is_found(separator: str) -> None:
    """Commas inside quoted cells do not fool the semicolon or tab file."""
    text = separator.join(["Surname", '"Notes, more"', "DOB"]) + "\r\n" + separator.join(
        ["O'Brien", '"likes mornings, not Mondays"', "3/12/1985"]) + "\r\n"
    found = read_csv(b"\xef\xbb\xbf" + text.encode(), "f.csv")
    assert found.header == ("Surname", "Notes, more", "DOB")
    assert found.rows == (("O'Brien", "likes mornings, not Mondays", "3/12/1985"),)


def test_excel_dates_and_numbers_are_read_as_they_are(tmp_path) -> None:
    """A date cell is a date, an NHS number stored as a number is its digits, a sheet by name."""
    book = Workbook()
    book.active.append(["ignored"])
    sheet = book.create_sheet("People")
    sheet.append(["NHS No", "DOB", "Phone"])
    sheet.append([9434765919, datetime(1985, 12, 3), 7911123456.0])
    book.save(tmp_path / "p.xlsx")
    found = read_sheet(tmp_path / "p.xlsx", "People")
    nhs, born, phone = found.rows[0]
    assert (as_text(nhs), as_date(born), as_text(phone)) == ("9434765919", date(1985, 12, 3),
                                                             "7911123456")
    with pytest.raises(DomainError, match="has no sheet called 'Staff'; its sheets are: "
                                          "Sheet, People"):
        read_sheet(tmp_path / "p.xlsx", "Staff")
    with pytest.raises(ValueError, match="is not a date"):
        as_date("31145")  # an Excel day number typed as text is not guessed


def test_the_readme_samples_match_every_needed_field() -> None:
    """Each sample's header fills every field its kind needs."""
    samples = dict(re.findall(r"^(\w+)\.csv: +(.+)$", README.read_text(), re.MULTILINE))
    assert set(samples) == set(KINDS)
    for kind, header in samples.items():
        check_columns(kind, guess_columns(kind, tuple(header.split(","))))
