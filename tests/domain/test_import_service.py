"""Importing a service's spreadsheets: every row checked as the desk's forms check it, one
transaction and one audited batch per file, duplicates counted as already here, undo."""

from __future__ import annotations

import io
import time
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select, update

from recovery_desk.domain.operations import import_service as imports
from recovery_desk.domain.operations.import_files import guess_columns, read_csv, read_sheet
from recovery_desk.domain.operations.setup import open_database
from recovery_desk.domain.people import intake_service as intake
from recovery_desk.domain.people import person_record_service as records
from recovery_desk.domain.service import service_settings
from recovery_desk.domain.store.errors import DomainError
from recovery_desk.domain.store.models import AuditEvent, Group, ServiceUser
from recovery_desk.vocabulary import AttendanceMark, PlaceStatus, StaffRole
from tests.backends import staff_row
from tests.conftest import CATALOGUE

TODAY = date(2026, 12, 9)
RDP = "Reduced Drinking Programme"
# Excel's CSV: a byte-order mark, Windows line endings, semicolons (a European Excel), mixed
# date forms, spaced NHS numbers, accents and apostrophes, and rows the intake form refuses.
PEOPLE = ("Forename;Surname;DOB;NHS No;Mobile;Postcode;Consent to store;Key worker;"
          "Substances;Goals\r\n"
          "Siân;O'Brien;3 Dec 1985;943 476 5919;07911 123456;e8 1dy;Yes;Kay Worker;"
          "alcohol 20, cannabis 2;reduce drinking\r\n"
          "José;Núñez-García;1990-02-14;;020 7946 0000;;y;;alcohol 12;reduce drinking\r\n"
          "Ann;Lee;14/02/1988;943 476 5918;;;yes;;;\r\n"
          "Bob;Stone;31/02/1980;;;;yes;;;\r\n"
          ";Nameless;1/1/1980;;;;yes;;;\r\n"
          "SIÂN;o'brien;03/12/1985;;;;yes;;;\r\n"
          "Cara;Day;1/1/1981;;;;no;;;\r\n"
          "Dee;Fox;1/1/2030;;;;yes;;;\r\n")


def sheet(text: str, name: str = "file.csv", bom: bool = True):
    return read_csv((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"), name)


def run(db, actor, kind: str, found, **options) -> imports.ImportResult:
    return imports.run_import(db, actor, kind, found, guess_columns(kind, found.header),
                              TODAY, **options)


@pytest.fixture
def people(db, actor, keyworker_id) -> imports.ImportResult:
    return run(db, actor, "people", sheet(PEOPLE))


def test_people_go_in_as_the_intake_form_takes_them(db, actor, people, keyworker_id) -> None:
    """Each refused row is named with the form's reason; a repeated person is already here."""
    assert people.as_json() == {
        "kind": "people", "rows": 8, "imported": 2, "already_here": 1, "batch": people.batch,
        "refused": [
            {"row": 4, "reason": "That is not a valid NHS number: the check digit does not "
                                 "match. Check each digit."},
            {"row": 5, "reason": "Date of birth: '31/02/1980' is not a date; write it like "
                                 "2/4/1985 or 2 Apr 1985."},
            {"row": 6, "reason": "Enter their first name."},
            {"row": 8, "reason": "Their consent to store their data is needed before "
                                 "anything is saved."},
            {"row": 9, "reason": "The date of birth is in the future."}]}
    found = intake.search_people(db, actor, "o'brien")
    assert [p.name for p in found] == ["Siân O'Brien"]
    details, _ = intake.open_person(db, actor, found[0].id)
    assert (details.nhs_number, details.phone, details.postcode, details.date_of_birth,
            details.keyworker_id) == ("9434765919", "+447911123456", "E8 1DY",
                                      date(1985, 12, 3), keyworker_id)
    assert details.assessment["substances"][1] == {"name": "cannabis", "days_used_last_28": 2}
    assert [p.name for p in intake.search_people(db, actor, "nunez")] == ["José Núñez-García"]


def test_importing_the_same_file_again_adds_nothing(db, actor, people) -> None:
    """The second import counts everyone as already here and makes no batch."""
    again = run(db, actor, "people", sheet(PEOPLE))
    assert (again.imported, again.already_here, again.batch) == (0, 3, None)
    with db.reading() as tx:
        assert tx.scalar(select(func.count()).select_from(ServiceUser)) == 2
        audited = tx.scalars(select(AuditEvent.detail).where(
            AuditEvent.action == "import")).all()
    assert [(d["imported"], d["already_here"], d["refused"]) for d in audited] == [
        (2, 1, 5), (0, 3, 5)]


def test_a_dry_run_counts_the_same_and_writes_nothing(db, actor, keyworker_id) -> None:
    """--dry-run: the same figures, batch null, no person and no audit row."""
    dry = run(db, actor, "people", sheet(PEOPLE), dry_run=True)
    assert (dry.imported, dry.already_here, len(dry.refused), dry.batch) == (2, 1, 5, None)
    with db.reading() as tx:
        assert tx.scalar(select(func.count()).select_from(ServiceUser)) == 0
        assert tx.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "import")) == 0


def _workbook(path: Path, rows: list[list], title: str = "Sheet") -> Path:
    book = Workbook()
    book.active.title = title
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def test_referrals_places_and_registers_from_excel(db, actor, people, group_ids,
                                                   tmp_path) -> None:
    """Real Excel dates and numbers; each record reaches the person record and the rules
    of referrals, bookings and registers refuse what the desk would refuse."""
    refer = read_sheet(_workbook(tmp_path / "r.xlsx", [
        ["NHS No", "Group", "Referral date", "Justification"],
        [9434765919, RDP, datetime(2026, 11, 2), ""],
        [9434765919, "Knitting Circle", datetime(2026, 11, 2), ""]]))
    done = run(db, actor, "referrals", refer)
    assert (done.imported, [r.reason for r in done.refused]) == (
        1, ["'Knitting Circle' is not a group in the catalogue."])
    places = read_sheet(_workbook(tmp_path / "p.xlsx", [["Notes"], ["x"]], "Cover"))
    assert places.sheets == ("Cover",)
    book = _workbook(tmp_path / "p2.xlsx", [
        ["Forename", "Surname", "DOB", "Group", "Start date"],
        ["Siân", "O'Brien", datetime(1985, 12, 3), RDP, datetime(2026, 11, 2)],
        ["José", "Núñez-García", datetime(1990, 2, 14), RDP, "3 Nov 2026"]])
    done = run(db, actor, "places", read_sheet(book))
    assert done.imported == 1 and "needs a keyworker referral" in done.refused[0].reason
    marks = sheet("NHS No,Group,Date,Mark\r\n943 476 5919,Reduced Drinking Programme,"
                  "2/11/2026,attended\r\n9434765919,Reduced Drinking Programme,4 Nov 2026,"
                  "DNA\r\n9434765919,Reduced Drinking Programme,5 Nov 2026,late\r\n"
                  "9434765919,Reduced Drinking Programme,2026-12-14,late\r\n")
    done = run(db, actor, "attendance", marks)
    assert done.imported == 2
    assert [r.row for r in done.refused] == [4, 5]
    assert "does not meet" in done.refused[0].reason
    assert "still to come" in done.refused[1].reason
    person = intake.search_people(db, actor, "o'brien")[0].id
    record = records.person_record(db, actor, person)
    assert [(p.group, p.start, p.status) for p in record.places] == [
        (RDP, date(2026, 11, 2), PlaceStatus.ACTIVE)]
    assert record.marks == {AttendanceMark.ATTENDED: 1, AttendanceMark.DID_NOT_ATTEND: 1}
    assert run(db, actor, "attendance", marks).imported == 0


def test_waiting_lists_and_a_full_group(db, actor, people, group_ids) -> None:
    """A place that would overfill a group is refused as a booking would be; the waiting
    list takes the person instead."""
    with db.writing() as tx:
        tx.execute(update(Group).where(Group.id == group_ids[RDP]).values(capacity=1))
    run(db, actor, "referrals", sheet(
        "NHS No,Forename,Surname,DOB,Group,Referred on,Keyworker\r\n9434765919,,,,"
        f"{RDP},2/11/2026,\r\n,José,Núñez-García,14/2/1990,{RDP},2/11/2026,kay worker\r\n"))
    done = run(db, actor, "places", sheet(
        f"Forename,Surname,DOB,Group,Start date\r\nSiân,O'Brien,3/12/1985,{RDP},2/11/2026\r\n"
        f"José,Núñez-García,14/2/1990,{RDP},2/11/2026\r\n"))
    assert done.imported == 1
    assert done.refused[0].reason.startswith("Reduced Drinking Programme is full: 1 of 1 "
                                             "place taken")
    waiting = run(db, actor, "waiting", sheet(
        f"Forename\tSurname\tDOB\tGroup\tDate added\r\nJosé\tNúñez-García\t14/2/1990\t{RDP}\t"
        f"9 Dec 2026\r\nSiân\tO'Brien\t3/12/1985\t{RDP}\t9 Dec 2026\r\n"))
    assert waiting.imported == 1 and "already has a place" in waiting.refused[0].reason
    person = intake.search_people(db, actor, "nunez")[0].id
    assert [w.position for w in records.person_record(db, actor, person).waiting] == [1]


def test_an_import_is_taken_out_again_while_nothing_depends_on_it(db, actor, people) -> None:
    """Undo refuses while a later import's referral points at its people, then works once
    that is undone; it is audited, and refused after the set number of days."""
    referral = run(db, actor, "referrals", sheet(
        f"NHS No,Group,Referred on\r\n9434765919,{RDP},2/11/2026\r\n"))
    with pytest.raises(DomainError, match="Records made since the import use its people"):
        imports.undo(db, actor, people.batch, TODAY)
    assert imports.undo(db, actor, referral.batch, TODAY) == 1
    later = date.today().replace(year=date.today().year + 1)
    with pytest.raises(DomainError, match="an import can be taken out for 14 days"):
        imports.undo(db, actor, people.batch, later)
    service_settings.save(db, actor, {"import_undo_days": 365})
    assert imports.undo(db, actor, people.batch, date.today()) == 2
    assert intake.search_people(db, actor, "o'brien") == []
    with pytest.raises(DomainError, match="already taken out"):
        imports.undo(db, actor, people.batch, date.today())
    assert run(db, actor, "people", sheet(PEOPLE)).imported == 2


def test_twenty_thousand_people_within_a_minute(tmp_path) -> None:
    """One large file, once (SQLite): the time is printed for the record."""
    db, actor = open_database(tmp_path / "big.db", CATALOGUE, today=TODAY)
    staff_row(db, "kw", "Kay Worker", StaffRole.KEYWORKER)
    lines = io.StringIO()
    lines.write("First name,Last name,Date of birth,Consent,Postcode\r\n")
    for n in range(20_000):
        lines.write(f"Person{n},Family{n % 97},{1 + n % 28}/{1 + n % 12}/{1950 + n % 50},"
                    "yes,E8 1DY\r\n")
    found = sheet(lines.getvalue())
    started = time.perf_counter()
    done = run(db, actor, "people", found)
    took = time.perf_counter() - started
    print(f"\n20,000-row people import: {took:.1f} s")
    db.dispose()
    assert (done.imported, done.refused) == (20_000, ())
    assert took < 60


GROWING = {"service_users", "referrals", "enrolments", "attendance", "waiting_list_entries",
           "sessions", "audit_events", "name_words", "imported_records", "contact_attempts",
           "walk_ins"}


def test_every_row_lookup_and_the_undo_use_an_index(tmp_path) -> None:
    """EXPLAIN QUERY PLAN of each statement an import of every kind and an undo issue (SQLite):
    none with a WHERE scans a table that grows with the service's history."""
    import sqlite3

    from sqlalchemy import event

    db, actor = open_database(tmp_path / "plans.db", CATALOGUE, today=TODAY)
    staff_row(db, "kw", "Kay Worker", StaffRole.KEYWORKER)
    issued: list[tuple[str, object]] = []
    event.listen(db.engine, "before_cursor_execute",
                 lambda conn, cursor, sql, params, context, many: issued.append((sql, params)))
    run(db, actor, "people", sheet(PEOPLE))
    referred = run(db, actor, "referrals", sheet(
        f"NHS No,Group,Referred on\r\n9434765919,{RDP},2/11/2026\r\n"))
    run(db, actor, "places", sheet(f"NHS No,Group,Start date\r\n9434765919,{RDP},2/11/2026\r\n"))
    run(db, actor, "attendance", sheet(
        f"NHS No,Group,Date,Mark\r\n9434765919,{RDP},2/11/2026,late\r\n"))
    run(db, actor, "waiting", sheet(f"NHS No,Group,Added on\r\n9434765919,{RDP},2/11/2026\r\n"))
    with pytest.raises(DomainError):
        imports.undo(db, actor, referred.batch, TODAY)
    path = db.path
    db.dispose()
    scans, checked = [], 0
    with sqlite3.connect(path) as connection:
        for sql, params in dict(issued).items():
            verb = sql.lstrip().split(None, 1)[0].upper()
            if "WHERE" not in sql.split() or verb not in ("SELECT", "DELETE"):
                continue
            plan = connection.execute("EXPLAIN QUERY PLAN " + sql, params or ()).fetchall()
            checked += 1
            scans += [(detail, sql) for *_, detail in plan
                      if detail.startswith("SCAN ") and detail.split()[1] in GROWING]
    assert scans == [] and checked > 20
