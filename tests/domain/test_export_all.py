"""export-all: every table as owner-only CSV with a README, one workbook, audited; and a round
trip into an empty database that gives the same report figures."""

from __future__ import annotations

import csv
import os
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from recovery_desk.domain.operations import import_service as imports
from recovery_desk.domain.operations.export_all import READABLE_WARNING, export_all
from recovery_desk.domain.operations.import_files import guess_columns, read_sheet
from recovery_desk.domain.operations.setup import open_database
from recovery_desk.domain.places import booking_service, register_service
from recovery_desk.domain.reports import report_service
from recovery_desk.domain.store.errors import DomainError
from recovery_desk.domain.store.models import AuditEvent, Base
from recovery_desk.vocabulary import AttendanceMark, StaffRole
from tests.backends import staff_row
from tests.conftest import CATALOGUE

TODAY = date(2026, 12, 9)
RDP = "Reduced Drinking Programme"


def _desk_history(db, actor, make_person, group_ids) -> None:
    """Two people booked at the desk, two registers taken, one place ended."""
    first, second = make_person(), make_person()
    places = [booking_service.book(db, actor, p, group_ids[RDP], date(2026, 11, 27))
              for p in (first, second)]
    for day, marks in ((date(2026, 11, 30), (AttendanceMark.ATTENDED, AttendanceMark.LATE)),
                       (date(2026, 12, 2), (AttendanceMark.DID_NOT_ATTEND,
                                            AttendanceMark.ATTENDED))):
        register_service.record(db, actor, group_ids[RDP], day, {
            p.enrolment_id: m for p, m in zip(places, marks, strict=True)}, TODAY)
    booking_service.leave(db, actor, places[0].enrolment_id, booking_service.Leaving.WITHDRAWN,
                          "moved away", date(2026, 12, 3))


def _figures(db, actor, group_ids) -> dict:
    made = report_service.report(db, actor, date(2026, 11, 1), TODAY, [group_ids[RDP]], TODAY)
    return made.as_json()


def test_everything_out_and_back_in_gives_the_same_report(
        db, actor, make_person, group_ids, new_database, tmp_path) -> None:
    """Export, import each kind into an empty database: the report's figures match."""
    _desk_history(db, actor, make_person, group_ids)
    done = export_all(db, actor, tmp_path / "out", TODAY)
    names = {t.name for t in Base.metadata.sorted_tables} - {
        "name_words", "audit_chain", "imported_records", "import_batches"}
    assert {p.stem for p in done.folder.glob("*.csv")} == names
    assert all(os.stat(p).st_mode & 0o077 == 0 for p in done.folder.iterdir())
    readme = (done.folder / "README.txt").read_text()
    assert READABLE_WARNING in readme and "  start_date: " in readme
    with (done.folder / "enrolments.csv").open(encoding="utf-8-sig") as file:
        header = next(csv.reader(file))
    assert all(f"  {column}: " in readme for column in header)
    assert set(load_workbook(done.folder / "recovery-desk-export.xlsx",
                             read_only=True).sheetnames) == names
    with db.reading() as tx:
        assert tx.scalar(select(AuditEvent.detail).where(AuditEvent.action == "export_all"))[
            "tables"] == len(names)

    empty, manager = open_database(new_database(), CATALOGUE, today=TODAY)
    try:
        staff_row(empty, "kw", "Kay Worker", StaffRole.KEYWORKER)
        for kind, table in (("people", "service_users"), ("referrals", "referrals"),
                            ("places", "enrolments"), ("attendance", "attendance"),
                            ("waiting", "waiting_list_entries")):
            found = read_sheet(done.folder / f"{table}.csv")
            result = imports.run_import(empty, manager, kind, found,
                                        guess_columns(kind, found.header), TODAY)
            assert (result.refused, result.imported) == ((), len(found.rows)), kind
        assert _figures(empty, manager, group_ids) == _figures(db, actor, group_ids)
    finally:
        empty.dispose()


def test_an_existing_folder_is_never_written_into(db, actor, tmp_path) -> None:
    """The export makes its own folder, so nothing already there is replaced."""
    (tmp_path / "out").mkdir()
    with pytest.raises(DomainError, match="already exists; nothing was written"):
        export_all(db, actor, tmp_path / "out", TODAY)
