"""Everything a service needs to take its records elsewhere: every table as a CSV file, a
README that defines each column, and one Excel workbook holding the same tables.

The tables are found from the schema, so a table added later is exported without anyone
remembering to add it here. Ids that point at people, groups, staff, sessions and places are
given their readable values beside them (an NHS number, names, a group's name), so the files
can be read, and imported again, without the ids. Password hashes and the search's own keys
are left out. Each file is owner-only from its creation. Used by the `export-all` verb and the
window's Desk > Export everything.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from enum import Enum
from pathlib import Path
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, Integer, Table, select
from sqlalchemy import Enum as SqlEnum
from sqlalchemy.orm import Session

from recovery_desk.access import Permission
from recovery_desk.domain.store import audit
from recovery_desk.domain.store.actor import Actor
from recovery_desk.domain.store.chosen_files import check_output, make_private
from recovery_desk.domain.store.database import Database
from recovery_desk.domain.store.errors import DomainError
from recovery_desk.domain.store.models import Base

SKIPPED = {"name_words", "audit_chain", "imported_records", "import_batches"}
"""Kept for the desk's own workings (the search's words, the audit chain's last hash, which
import added which row): nothing a service would move."""
HIDDEN = {"password_hash", "recovery_hash", "given_key", "family_key", "preferred_key"}
PERSON = ("nhs_number", "given_name", "family_name", "date_of_birth")
READABLE_WARNING = (
    "These files are not encrypted, whatever the database is: an encrypted database's export "
    "writes readable data. Keep them as carefully as the database itself, and delete them "
    "once they have been moved.")
MEANINGS = {
    "id": "the row's own number in this table; other tables' *_id columns point at it",
    "service_user_id": "the service user's id in service_users.csv",
    "group_id": "the group's id in groups.csv", "session_id": "the session's id in sessions.csv",
    "enrolment_id": "the place's id in enrolments.csv (a place is an enrolment)",
    "referral_id": "the referral the place was booked on, in referrals.csv",
    "cohort_id": "the cohort of a closed group the place belongs to, in cohorts.csv",
    "nhs_number": "the person's NHS number (10 digits)", "given_name": "their first name",
    "family_name": "their last name", "date_of_birth": "their date of birth",
    "group": "the group's name", "keyworker": "the keyworker's name",
    "profile": "the intake profile as JSON (see the README's 'The intake profile')",
    "substances": "from the profile: each substance and the days used in the last 28",
    "goals": "from the profile: the person's goals",
    "abstinent_from_all_since": "from the profile: abstinent from all substances since",
    "date": "the session's date", "mark": "attended, late, apologies or did_not_attend",
    "superseded_by_id": "a later mark that corrected this one (this one is history)",
    "status": "the record's state", "position": "the place in the waiting list's order",
    "capacity": "the most places the group holds at once",
    "preferred_name": "the name they like to be called", "sex": "male, female, intersex or "
    "not_stated", "msm": "whether a man who has sex with men (empty: not asked or declined)",
    "postcode": "their postcode", "phone": "their phone number, international form (+44...)",
    "emergency_contact": "who to contact in an emergency", "referral_source": "who referred "
    "them to the service", "consent_to_store": "whether they consented to their data being "
    "kept", "access_needs": "what helps them take part", "notes": "free-text notes",
    "created_at": "when the record was made", "anonymised_on": "the day the record was "
    "anonymised after the retention period", "made_on": "the day the referral was made",
    "outcome": "the eligibility worked out when the referral was made (a referral), or how an "
    "audited action ended (the audit trail)", "reasons": "the reasons for the eligibility, as "
    "JSON", "justification": "the keyworker's justification for a needs-review referral",
    "withdrawn": "whether the referral was withdrawn", "start_date": "the first session",
    "expected_end_date": "the planned last day", "ended_on": "the day the place ended",
    "end_reason": "why it ended", "flagged_for_keyworker": "whether missed sessions in a row "
    "flagged it for the keyworker", "booked_by": "who booked it", "added_on": "the day they "
    "joined the waiting list", "reason": "the reason given", "passed_over_on": "the day an "
    "offer passed them over", "answer_by": "the last day to answer an offer",
    "recorded_by": "who recorded it", "recorded_at": "when it was recorded",
    "start_time": "the start time", "end_time": "the end time",
    "session_date": "the date of the missed session", "kind": "how contact was tried",
    "said": "what was said", "contacted_on": "the day of the contact",
    "name": "the name", "display_name": "the staff member's name as shown",
    "username": "the name they sign in with", "role": "what they may do",
    "active": "whether it is in use", "at": "when (UTC)", "staff_id": "who did it (staff.csv)",
    "staff": "who did it", "workstation": "the computer it was done at",
    "action": "what was done", "entity": "the kind of record it was done to",
    "entity_id": "the id of that record", "detail": "what else was noted, as JSON",
    "chain_hash": "the audit chain's hash, checking that no earlier row was changed",
    "key": "the setting's name", "value": "the setting's value",
    "first_day": "the first day closed", "last_day": "the last day closed",
    "created_by": "who added it", "retired_on": "the day the group was retired",
    "policies": "the group's policies, as JSON",
    "name_to_be_confirmed": "whether the name is still for the service to confirm",
    "description": "what the group does", "who_for": "who the group is for",
    "format": "how people join and leave", "length_weeks": "how many weeks a place lasts",
    "length_sessions": "how many sessions a place lasts", "joining": "when people may join",
    "referral_required": "whether a keyworker's referral is needed to book",
    "referral_note": "what the service says about referrals",
    "eligibility_rule": "which eligibility rule applies",
    "schedule_frequency": "how often it meets", "schedule_weekdays": "the days it meets "
    "(0 is Monday)", "schedule_positions": "for a monthly group, which of the month's days "
    "(1 is the first)", "schedule_anchor": "a day it meets, for a fortnightly group",
}


@dataclass(frozen=True)
class Exported:
    folder: Path
    tables: int
    rows: int


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


def _tables() -> list[Table]:
    return [t for t in Base.metadata.sorted_tables if t.name not in SKIPPED]


def _readers(tx: Session) -> dict[str, Callable[[dict[str, Any]], dict[str, Any]]]:
    """Per key column, what to write beside it, read once for the whole export."""
    people = {p["id"]: p for p in tx.execute(select(Base.metadata.tables["service_users"]))
              .mappings().all()}
    groups = dict(tx.execute(select(Base.metadata.tables["groups"].c.id,
                                    Base.metadata.tables["groups"].c.name)).all())
    staff = dict(tx.execute(select(Base.metadata.tables["staff"].c.id,
                                   Base.metadata.tables["staff"].c.display_name)).all())
    sessions_t, places_t = Base.metadata.tables["sessions"], Base.metadata.tables["enrolments"]
    sessions = {i: (g, d) for i, g, d in tx.execute(select(
        sessions_t.c.id, sessions_t.c.group_id, sessions_t.c.date)).all()}
    places = {i: (p, g) for i, p, g in tx.execute(select(
        places_t.c.id, places_t.c.service_user_id, places_t.c.group_id)).all()}

    def person(person_id: Any) -> dict[str, Any]:
        found: Any = people.get(person_id) or {}
        return {key: found.get(key) for key in PERSON}

    return {
        "service_users": person, "groups": lambda i: {"group": groups.get(i)},
        "staff": lambda i: {"staff": staff.get(i)},
        "sessions": lambda i: {"group": groups.get(sessions.get(i, (None, None))[0]),
                               "date": sessions.get(i, (None, None))[1]},
        "enrolments": lambda i: {**person(places.get(i, (None, None))[0]),
                                 "group": groups.get(places.get(i, (None, None))[1])}}


def _profile_columns(profile: dict[str, Any] | None) -> dict[str, Any]:
    profile = profile or {}
    return {"substances": ", ".join(f"{s.get('name')} {s.get('days_used_last_28')}"
                                    for s in profile.get("substances") or []),
            "goals": ", ".join(profile.get("goals") or []),
            "abstinent_from_all_since": profile.get("abstinent_from_all_since")}


def _rows(tx: Session, table: Table, readers: dict[str, Any]) -> tuple[list[str], list[list]]:
    columns = [c for c in table.c if c.name not in HIDDEN]
    own = [c.name for c in columns]
    keys = [(c.name, next(iter(c.foreign_keys)).column.table.name) for c in columns
            if c.foreign_keys and next(iter(c.foreign_keys)).column.table.name in readers]

    def beside(row: Any) -> dict[str, Any]:
        """The readable values written after the row's own columns."""
        extra: dict[str, Any] = {}
        for name, target in keys:
            said = readers[target](row[name])
            if target == "staff":
                said = {"keyworker" if name == "keyworker_id" else
                        name.removesuffix("_id"): said["staff"]}
            for key, value in said.items():
                extra.setdefault(key, value)
        if table.name == "service_users":
            extra.update(_profile_columns(row["profile"]))
        return {k: v for k, v in extra.items() if k not in own}

    header = own + list(beside(dict.fromkeys(own)))
    out = [[_cell(row[c.name]) for c in columns] + [_cell(v) for v in beside(row).values()]
           for row in tx.execute(select(*columns).order_by(*table.primary_key.columns))
           .mappings()]
    return header, out


def _meaning(table: Table, name: str) -> str:
    column = table.c.get(name)
    if name in MEANINGS:
        said = MEANINGS[name]
    elif column is not None and column.foreign_keys:
        said = f"an id in {next(iter(column.foreign_keys)).column.table.name}.csv"
    elif name.endswith(("_by", "_name")) or column is None:
        said = "the staff member's name" if name.endswith("_by") else "a name"
    else:
        said = name.replace("_", " ")
    if column is not None:
        kind = column.type
        if isinstance(kind, SqlEnum):
            said += f"; one of: {', '.join(kind.enums)}"
        elif isinstance(kind, DateTime):
            said += "; a date and time (UTC), YYYY-MM-DDTHH:MM:SS"
        elif isinstance(kind, Date):
            said += "; a date, YYYY-MM-DD"
        elif isinstance(kind, Boolean):
            said += "; yes or no"
        elif isinstance(kind, Integer):
            said += "; a whole number"
        if column.nullable and not column.primary_key:
            said += "; may be empty"
    return said


def export_all(db: Database, actor: Actor, folder: Path, today: date) -> Exported:
    """Write every table into folder (made here, owner-only; its parent must exist and it
    must not), with README.txt and recovery-desk-export.xlsx. Audited."""
    actor.require(Permission.MOVE_RECORDS)
    folder = Path(os.path.abspath(folder))
    if folder.exists():
        raise DomainError(f"{folder} already exists; nothing was written. Give a new folder's "
                          "name: the export makes it.")
    check_output(folder, database=db.path)  # its parent is there, and it is not backups
    written: dict[str, tuple[list[str], list[list]]] = {}
    with db.reading() as tx:
        readers = _readers(tx)
        for table in _tables():
            written[table.name] = _rows(tx, table, readers)
    folder.mkdir(mode=0o700)
    for name, (header, rows) in written.items():
        path = folder / f"{name}.csv"
        make_private(path)
        with path.open("w", encoding="utf-8-sig", newline="") as file:
            writer = csv.writer(file)
            writer.writerow(header)
            writer.writerows(rows)
    _write_readme(folder / "README.txt", written, today)
    _write_workbook(folder / "recovery-desk-export.xlsx", written)
    total = sum(len(rows) for _, rows in written.values())
    with db.writing() as tx:
        audit.record(tx, actor, "export_all", "database", None, tables=len(written),
                     rows=total)
    return Exported(folder, len(written), total)


def _write_readme(path: Path, written: dict[str, tuple[list[str], list[list]]],
                  today: date) -> None:
    tables = {t.name: t for t in _tables()}
    lines = [f"Recovery Desk: everything held, exported {today.isoformat()}", "",
             READABLE_WARNING, "",
             "Each table is a CSV file (UTF-8, comma-separated, first row the column names) "
             "and a sheet of recovery-desk-export.xlsx. Columns named after another table's "
             "id are followed by that record's readable values.", ""]
    for name, (header, rows) in written.items():
        doc = " ".join((tables[name].info.get("doc") or _doc(name)).split())
        lines += [f"{name}.csv ({len(rows)} rows)", *([f"  {doc}"] if doc else [])]
        lines += [f"  {column}: {_meaning(tables[name], column)}" for column in header]
        lines.append("")
    make_private(path)
    path.write_text("\n".join(lines), encoding="utf-8")


def _doc(table_name: str) -> str:
    for mapper in Base.registry.mappers:
        if getattr(mapper.class_, "__tablename__", None) == table_name:
            return mapper.class_.__doc__ or ""
    return ""


def _write_workbook(path: Path, written: dict[str, tuple[list[str], list[list]]]) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for name, (header, rows) in written.items():
        sheet = book.create_sheet(name[:31])
        sheet.append(header)
        for row in rows:
            sheet.append(row)
    make_private(path)
    book.save(path)
