"""Importing a service's spreadsheet (people, referrals, places, waiting lists, past registers)
and taking an import out again.

The whole file is one transaction: every row the desk's own rules accept goes in, each refused
row is reported with its number and the reason, and the batch is audited as one. A dry run
does exactly the same work and then rolls it back, so its counts are the import's counts.
`undo` takes a batch out again within the days the service allows, while nothing newer points
at its records. Used by the `import` verb and the window's import wizard.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import Table, delete, func, select
from sqlalchemy.orm import Session

from recovery_desk.access import Permission
from recovery_desk.domain.operations import import_rows
from recovery_desk.domain.operations.import_files import FIELDS, KINDS, Sheet
from recovery_desk.domain.service import service_settings
from recovery_desk.domain.store import audit
from recovery_desk.domain.store.actor import Actor
from recovery_desk.domain.store.database import Database
from recovery_desk.domain.store.errors import DomainError, NotFoundError
from recovery_desk.domain.store.models import Base, ImportBatch, ImportedRecord
from recovery_desk.domain.store.row_locks import locked
from recovery_desk.domain.store.timestamps import utc_now
from recovery_desk.schedule.words import counted

OWNED = {"name_words"}
WORDS = {"service_users": "people", "enrolments": "places", "attendance": "register marks",
         "waiting_list_entries": "waiting-list entries"}
"""Rows that belong to a person and go with them (the search's words of their names)."""


@dataclass(frozen=True)
class Refusal:
    row: int
    """The row's number in the file as a spreadsheet shows it (the header is row 1)."""
    reason: str


@dataclass(frozen=True)
class RowOutcome:
    row: int
    outcome: str
    """'imported', 'already here' or 'refused'."""
    reason: str = ""


@dataclass(frozen=True)
class ImportResult:
    kind: str
    rows: int
    imported: int
    already_here: int
    refused: tuple[Refusal, ...]
    batch: int | None
    """None for a dry run, or when nothing was imported."""
    outcomes: tuple[RowOutcome, ...] = field(default=(), compare=False)

    def as_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "rows": self.rows, "imported": self.imported,
                "already_here": self.already_here,
                "refused": [{"row": r.row, "reason": r.reason} for r in self.refused],
                "batch": self.batch}

    def said(self) -> str:
        refused = f", {len(self.refused)} refused" if self.refused else ""
        return (f"{counted(self.rows, 'row')}: {self.imported} imported, "
                f"{self.already_here} already here{refused}.")


class _DryRun(Exception):
    def __init__(self, result: ImportResult) -> None:
        super().__init__("dry run")
        self.result = result


def check_columns(kind: str, columns: dict[str, int]) -> None:
    """DomainError unless every field the kind needs has a column (a person is named by an NHS
    number, or by first name, last name and date of birth)."""
    if kind not in KINDS:
        raise DomainError(f"'{kind}' is not a kind of import; choose one of: "
                          f"{', '.join(KINDS)}.")
    missing = [f.label for f in FIELDS[kind] if f.required and f.key not in columns]
    if kind != "people" and "nhs_number" not in columns and not all(
            k in columns for k in ("given_name", "family_name", "date_of_birth")):
        missing.append("NHS number (or first name, last name and date of birth)")
    if missing:
        raise DomainError(f"No column is matched to: {', '.join(missing)}.")


def run_import(db: Database, actor: Actor, kind: str, sheet: Sheet, columns: dict[str, int],
               today: date, *, dry_run: bool = False, file_name: str = "") -> ImportResult:
    """Import the sheet's rows of this kind (columns: field key -> column index) in one
    transaction; a dry run rolls it all back."""
    actor.require(Permission.MOVE_RECORDS)
    check_columns(kind, columns)
    try:
        with db.writing() as tx:
            result = _import(tx, actor, kind, sheet, columns, today, file_name[:200])
            if dry_run:
                raise _DryRun(result)
            return result
    except _DryRun as done:
        return replace(done.result, batch=None)  # its number was rolled back with the rest


def _row_writer(kind: str, tx: Session, actor: Actor, lookups: import_rows.Known,
                today: date) -> Callable[[dict[str, Any]], bool]:
    if kind == "people":
        return lambda values: import_rows.person_row(tx, lookups, values, today)
    if kind == "referrals":
        return lambda values: import_rows.referral_row(tx, actor, lookups, values)
    if kind == "places":
        return lambda values: import_rows.place_row(tx, actor, lookups, values)
    if kind == "waiting":
        return lambda values: import_rows.waiting_row(tx, lookups, values)
    return lambda values: import_rows.attendance_row(tx, actor, lookups, values, today)


def _import(tx: Session, actor: Actor, kind: str, sheet: Sheet, columns: dict[str, int],
            today: date, file_name: str) -> ImportResult:
    lookups = import_rows.known(tx)
    write = _row_writer(kind, tx, actor, lookups, today)
    outcomes: list[RowOutcome] = []
    # A person row writes nothing before it is accepted; other kinds book, refer or mark
    # through the desk's own steps, so each such row is a savepoint a refusal rolls back.
    nested = kind != "people"
    for number, row in enumerate(sheet.rows, start=2):
        values = {key: row[index] for key, index in columns.items()}
        sizes = {table: len(ids) for table, ids in lookups.written.items()}
        point = tx.begin_nested() if nested else None
        try:
            added = write(values)
        except import_rows.Refused as refusal:
            if point is not None:
                point.rollback()
            for table, ids in lookups.written.items():
                del ids[sizes.get(table, 0):]
            lookups.locked.clear()  # a rolled-back savepoint may have taken a group's lock
            outcomes.append(RowOutcome(number, "refused", str(refusal).rstrip(".") + "."))
            continue
        if point is not None:
            point.commit()
        outcomes.append(RowOutcome(number, "imported" if added else "already here"))
    imported = sum(o.outcome == "imported" for o in outcomes)
    batch_id = _record_batch(tx, actor, kind, file_name, len(sheet.rows), imported,
                             lookups.written) if imported else None
    refused = tuple(Refusal(o.row, o.reason) for o in outcomes if o.outcome == "refused")
    already = sum(o.outcome == "already here" for o in outcomes)
    audit.record(tx, actor, "import", "import_batch", batch_id, kind=kind,
                 rows=len(sheet.rows), imported=imported, already_here=already,
                 refused=len(refused))
    return ImportResult(kind, len(sheet.rows), imported, already, refused, batch_id,
                        tuple(outcomes))


def _record_batch(tx: Session, actor: Actor, kind: str, file_name: str, rows: int,
                  imported: int, written: dict[str, list[int]]) -> int:
    batch = ImportBatch(kind=kind, file_name=file_name, rows=rows, imported=imported,
                        made_by_id=actor.staff_id, made_at=utc_now())
    tx.add(batch)
    tx.flush()
    records = [{"batch_id": batch.id, "table_name": table, "row_id": row_id}
               for table, ids in written.items() for row_id in ids]
    if records:
        tx.execute(ImportedRecord.__table__.insert(), records)
    return batch.id


@dataclass(frozen=True)
class BatchRow:
    id: int
    kind: str
    file_name: str
    made_at: datetime
    imported: int
    undone: bool


def batches(db: Database, actor: Actor) -> list[BatchRow]:
    """Every import, newest first."""
    actor.require(Permission.MOVE_RECORDS)
    with db.reading() as tx:
        return [BatchRow(b.id, b.kind, b.file_name, b.made_at, b.imported,
                         b.undone_at is not None)
                for b in tx.scalars(select(ImportBatch).order_by(ImportBatch.id.desc()))]


def undo(db: Database, actor: Actor, batch_id: int, today: date) -> int:
    """Take an import's records out again; returns how many. Refused once the service's days
    for it have passed, or while a record made since points at one of them."""
    actor.require(Permission.MOVE_RECORDS)
    with db.writing() as tx:
        batch = locked(tx, ImportBatch, batch_id)
        if batch is None:
            raise NotFoundError(f"There is no import batch {batch_id}.")
        if batch.undone_at is not None:
            raise DomainError(f"Import batch {batch_id} was already taken out.")
        days = service_settings.values_in(tx)["import_undo_days"]
        age = (today - batch.made_at.date()).days
        if age > days:
            raise DomainError(f"Import batch {batch_id} was made {counted(age, 'day')} ago; an "
                              f"import can be taken out for {counted(days, 'day')} (a manager "
                              "can change this in the service's settings).")
        ours: dict[str, set[int]] = {}
        for table, row_id in tx.execute(select(ImportedRecord.table_name,
                                               ImportedRecord.row_id)
                                        .where(ImportedRecord.batch_id == batch_id)):
            ours.setdefault(table, set()).add(row_id)
        _refuse_dependents(tx, ours)
        removed = _remove(tx, ours)
        batch.undone_at = utc_now()
        audit.record(tx, actor, "undo", "import_batch", batch_id, kind=batch.kind,
                     removed=removed)
        return removed


def _links(tables: set[str]) -> list[tuple[Table, Any, str]]:
    """(table, its key column, the table it points at) for every key into the given tables,
    found from the schema so a table added later is checked too."""
    found = []
    for table in Base.metadata.sorted_tables:
        for key in table.foreign_keys:
            if key.column.table.name in tables and table.name not in OWNED:
                found.append((table, key.parent, key.column.table.name))
    return found


def _refuse_dependents(tx: Session, ours: dict[str, set[int]]) -> None:
    for table, column, target in _links(set(ours)):
        query = select(func.count()).select_from(table).where(column.in_(ours[target]))
        own = ours.get(table.name)
        if own and "id" in table.c:
            query = query.where(table.c.id.not_in(own))
        elif table.name == ImportedRecord.__tablename__:
            continue
        if tx.scalar(query):
            raise DomainError(f"Records made since the import use its "
                              f"{WORDS.get(target, target.replace('_', ' '))} "
                              f"({WORDS.get(table.name, table.name.replace('_', ' '))}); "
                              "it can no longer be taken out.")


def _remove(tx: Session, ours: dict[str, set[int]]) -> int:
    removed = 0
    tables = {t.name: t for t in Base.metadata.sorted_tables}
    if "service_users" in ours:
        words = tables["name_words"]
        tx.execute(delete(words).where(words.c.service_user_id.in_(ours["service_users"])))
    # Children before parents: the schema's order, reversed.
    for table in reversed(Base.metadata.sorted_tables):
        if table.name in ours:
            ids = sorted(ours[table.name])
            for start in range(0, len(ids), 500):
                tx.execute(delete(table).where(table.c.id.in_(ids[start:start + 500])))
            removed += len(ids)
    return removed
