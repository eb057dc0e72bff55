"""Reading a service's own spreadsheet for an import: CSV (UTF-8 with or without a byte-order
mark, any line endings, the comma, semicolon or tab Excel writes) or XLSX (real dates and
numbers kept as they are), and the fields each kind of import fills, with the column names
services commonly use for them.

Used by the import service, the `import` verb and the window's import wizard. Nothing here
touches the database.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from recovery_desk.domain.store.errors import DomainError

KINDS = ("people", "referrals", "places", "waiting", "attendance")
LARGEST_FILE = 50 * 1024 * 1024
"""Far more than any service's records; a larger file is the wrong file."""


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    required: bool
    names: tuple[str, ...] = ()
    """Column headings that mean this field, besides the label (compared without case,
    spaces or punctuation)."""


_PERSON = (Field("nhs_number", "NHS number", False, ("nhs no", "nhs", "nhs num")),
           Field("given_name", "First name", False, ("forename", "given name", "firstname")),
           Field("family_name", "Last name", False, ("surname", "family name", "lastname")),
           Field("date_of_birth", "Date of birth", False, ("dob", "birth date", "born")))
FIELDS: dict[str, tuple[Field, ...]] = {
    "people": (
        Field("given_name", "First name", True, ("forename", "given name", "firstname",
                                                 "first names", "forenames")),
        Field("family_name", "Last name", True, ("surname", "family name", "lastname")),
        Field("date_of_birth", "Date of birth", True, ("dob", "birth date", "born", "d o b")),
        Field("consent_to_store", "Consent to store", True, ("consent", "consented",
                                                             "consent given")),
        Field("nhs_number", "NHS number", False, ("nhs no", "nhs", "nhs num")),
        Field("sex", "Sex", False, ("gender",)),
        Field("preferred_name", "Preferred name", False, ("known as", "nickname")),
        Field("postcode", "Postcode", False, ("post code", "zip")),
        Field("phone", "Phone", False, ("mobile", "telephone", "tel", "phone number",
                                        "mobile number", "contact number")),
        Field("emergency_contact", "Emergency contact", False, ("next of kin", "nok")),
        Field("keyworker", "Keyworker", False, ("key worker", "worker", "case worker")),
        Field("referral_source", "Referral source", False, ("referred by", "source")),
        Field("access_needs", "Access needs", False, ("accessibility", "needs")),
        Field("notes", "Notes", False, ("comments", "note")),
        Field("substances", "Substances", False, ("substance use", "drugs")),
        Field("goals", "Goals", False, ("goal", "aims")),
        Field("abstinent_from_all_since", "Abstinent since", False, ("abstinent from",
                                                                     "abstinence date"))),
    "referrals": (*_PERSON,
                  Field("group", "Group", True, ("group name", "programme", "course")),
                  Field("made_on", "Referred on", True, ("referral date", "date referred",
                                                         "date", "referred")),
                  Field("keyworker", "Keyworker", False, ("key worker", "referred by",
                                                          "worker")),
                  Field("justification", "Justification", False, ("reason", "notes"))),
    "places": (*_PERSON,
               Field("group", "Group", True, ("group name", "programme", "course")),
               Field("start_date", "Start date", True, ("start", "started", "date started",
                                                        "from")),
               Field("ended_on", "Ended on", False, ("end date", "ended", "left on",
                                                     "date left")),
               Field("end_reason", "End reason", False, ("reason", "reason for leaving")),
               Field("status", "Status", False, ("outcome", "how ended"))),
    "waiting": (*_PERSON,
                Field("group", "Group", True, ("group name", "programme", "course")),
                Field("added_on", "Added on", True, ("date added", "date", "waiting since",
                                                     "added"))),
    "attendance": (*_PERSON,
                   Field("group", "Group", True, ("group name", "programme", "course")),
                   Field("date", "Session date", True, ("date", "session", "day")),
                   Field("mark", "Mark", True, ("attendance", "attended", "register"))),
}


@dataclass(frozen=True)
class Sheet:
    """A file's header and data rows, as read: text, numbers, dates (XLSX) or None."""

    name: str
    header: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    sheets: tuple[str, ...] = ()
    """Every sheet's name, for a workbook."""


def squeeze(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.casefold())


def guess_columns(kind: str, header: tuple[str, ...]) -> dict[str, int]:
    """Field key -> column index, from the header's names: exact names first, so 'Date' goes
    to the one date field that is called so and not to every date."""
    found: dict[str, int] = {}
    heads = [squeeze(h) for h in header]
    for field in FIELDS[kind]:
        for name in (field.label, field.key, *field.names):
            wanted = squeeze(name)
            if wanted in heads and heads.index(wanted) not in found.values():
                found[field.key] = heads.index(wanted)
                break
    return found


def read_sheet(path: Path, sheet: str | None = None) -> Sheet:
    """The file's first sheet (or the one named), or DomainError saying why it cannot be
    read."""
    try:
        size = path.stat().st_size
    except OSError as error:
        raise DomainError(f"{path} cannot be read ({error.strerror}).") from error
    if size > LARGEST_FILE:
        raise DomainError(f"{path.name} is larger than 50 MB; it is not a service's records.")
    with path.open("rb") as file:
        start = file.read(4)
    if start == b"PK\x03\x04":
        return _read_xlsx(path, sheet)
    if sheet:
        raise DomainError("--sheet is for an Excel workbook; this file is CSV.")
    return read_csv(path.read_bytes(), path.name)


def read_csv(data: bytes, name: str) -> Sheet:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DomainError(f"{name} is not UTF-8 text: save it from Excel as 'CSV UTF-8', "
                          "or as an Excel workbook.") from error
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        raise DomainError(f"{name} is empty.")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_separator(lines[0]))
    rows = [tuple(cell.strip() for cell in row) for row in reader]
    rows = [row for row in rows if any(row)]
    return _sheet(name, rows[0], rows[1:], ())


def _separator(header: str) -> str:
    """The separator the header line uses: the one of comma, semicolon and tab it holds most
    of outside quotes (a header has no commas inside its names as often as data does)."""
    outside = re.sub(r'"[^"]*"', "", header)
    counts = {sep: outside.count(sep) for sep in (",", ";", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def _read_xlsx(path: Path, sheet: str | None) -> Sheet:
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as error:
        raise DomainError(f"{path.name} is not an Excel workbook that can be read.") from error
    try:
        names = tuple(book.sheetnames)
        if sheet is not None and sheet not in names:
            raise DomainError(f"{path.name} has no sheet called '{sheet}'; its sheets are: "
                              f"{', '.join(names)}.")
        chosen = book[sheet or names[0]]
        rows = [tuple(_cell(v) for v in row) for row in chosen.iter_rows(values_only=True)]
    finally:
        book.close()
    rows = [row for row in rows if any(v not in (None, "") for v in row)]
    if not rows:
        raise DomainError(f"The sheet '{sheet or names[0]}' of {path.name} is empty.")
    return _sheet(sheet or names[0], tuple("" if v is None else str(v) for v in rows[0]),
                  rows[1:], names)


def _cell(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.date() if value.time() == datetime.min.time() else value
    if isinstance(value, str):
        return value.strip()
    return value


def _sheet(name: str, header: tuple[Any, ...], rows: list[tuple[Any, ...]],
           sheets: tuple[str, ...]) -> Sheet:
    head = tuple(str(h).strip() for h in header)
    if not any(head):
        raise DomainError(f"{name} has no header row: its first row names the columns.")
    width = len(head)
    return Sheet(name, head, tuple(tuple(row[:width]) + (None,) * (width - len(row))
                                   for row in rows), sheets)


def as_date(value: Any) -> date:
    """A cell as a date: an Excel date, or text in the British forms people type; ValueError
    saying how to write it otherwise (a bare number is never read as a date)."""
    from recovery_desk.schedule.phrases import read_date

    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if value is None or str(value).strip() == "":
        raise ValueError("the date is missing")
    return read_date(str(value))


def as_text(value: Any) -> str:
    """A cell as text: a whole number stored as a number (a phone or NHS number in Excel) is
    written without a decimal point."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value).strip()


YES = {"yes", "y", "true", "1", "x", "consented", "given"}
NO = {"no", "n", "false", "0", "", "not given", "declined"}


def as_yes(value: Any) -> bool:
    """A yes/no cell; ValueError for anything else (never guessed)."""
    if isinstance(value, bool):
        return value
    word = as_text(value).casefold()
    if word in YES:
        return True
    if word in NO:
        return False
    raise ValueError(f"'{as_text(value)}' is not yes or no")
