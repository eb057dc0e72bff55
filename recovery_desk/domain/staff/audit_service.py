"""The audit trail for the manager: searching it, exporting it, and checking its chain.

Searches read the indexed columns (time, staff, record) and come a page at a time; an export
is itself audited. Verifying walks the chain and then holds it against every backup it can
read (audit_backups.py), so a trail cut short and re-chained is still found.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from time import perf_counter

from sqlalchemy import Select, func, select

from recovery_desk.access import Permission
from recovery_desk.domain.store import audit, audit_backups
from recovery_desk.domain.store.actor import Actor
from recovery_desk.domain.store.database import Database
from recovery_desk.domain.store.models import AuditEvent, Staff

PAGE = 500


@dataclass(frozen=True)
class AuditFilter:
    first: date | None = None
    last: date | None = None
    """Inclusive, in UTC days."""
    staff_id: int | None = None
    action: str = ""
    entity: str = ""
    entity_id: int | None = None


@dataclass(frozen=True)
class AuditLine:
    event_id: int
    at: datetime
    """UTC."""
    staff: str
    workstation: str
    action: str
    entity: str
    entity_id: int | None
    outcome: str
    detail: str


def _filtered(query: Select, chosen: AuditFilter) -> Select:
    if chosen.first is not None:
        query = query.where(AuditEvent.at >= datetime.combine(chosen.first, time.min))
    if chosen.last is not None:
        query = query.where(AuditEvent.at < datetime.combine(chosen.last + timedelta(days=1),
                                                             time.min))
    if chosen.staff_id is not None:
        query = query.where(AuditEvent.staff_id == chosen.staff_id)
    if chosen.action:
        query = query.where(AuditEvent.action == chosen.action)
    if chosen.entity:
        query = query.where(AuditEvent.entity == chosen.entity)
    if chosen.entity_id is not None:
        query = query.where(AuditEvent.entity_id == chosen.entity_id)
    return query


def _detail(values: dict[str, object]) -> str:
    return "; ".join(f"{k.replace('_', ' ')}: {v}" for k, v in sorted(values.items()))


def search(db: Database, actor: Actor, chosen: AuditFilter,
           offset: int = 0) -> tuple[list[AuditLine], int]:
    """A page of matching rows, newest first, and how many match in all."""
    actor.require(Permission.VIEW_AUDIT)
    query = select(AuditEvent, Staff.display_name).outerjoin(
        Staff, AuditEvent.staff_id == Staff.id)
    with db.reading() as tx:
        total = tx.scalar(_filtered(select(func.count()).select_from(AuditEvent),
                                         chosen)) or 0
        rows = tx.execute(_filtered(query, chosen).order_by(AuditEvent.id.desc())
                               .offset(offset).limit(PAGE))
        return [AuditLine(e.id, e.at, name or "(no account)", e.workstation, e.action,
                          e.entity, e.entity_id, e.outcome, _detail(e.detail))
                for e, name in rows], total


def actions_and_records(db: Database, actor: Actor) -> tuple[list[str], list[str]]:
    """The actions and record types the trail holds, for the search's choices."""
    actor.require(Permission.VIEW_AUDIT)
    with db.reading() as tx:
        return (list(tx.scalars(select(AuditEvent.action).distinct()
                                     .order_by(AuditEvent.action))),
                list(tx.scalars(select(AuditEvent.entity).distinct()
                                     .order_by(AuditEvent.entity))))


def export(db: Database, actor: Actor, chosen: AuditFilter, path: Path) -> int:
    """Every matching row to a CSV file (UTC times); the export is audited. Returns rows."""
    actor.require(Permission.EXPORT_RECORDS)
    query = _filtered(select(AuditEvent, Staff.display_name).outerjoin(
        Staff, AuditEvent.staff_id == Staff.id), chosen).order_by(AuditEvent.id)
    written = 0
    with db.reading() as tx, path.open("w", newline="", encoding="utf-8") as out:
        table = csv.writer(out)
        table.writerow(["id", "time_utc", "staff", "workstation", "action", "record_type",
                        "record_id", "outcome", "detail", "chain_hash"])
        for event, name in tx.execute(query.execution_options(yield_per=2000)):
            table.writerow([event.id, event.at.isoformat(sep=" "), name or "", event.workstation,
                            event.action, event.entity, event.entity_id or "", event.outcome,
                            _detail(event.detail), event.chain_hash])
            written += 1
    with db.writing() as tx:
        audit.record(tx, actor, "export", "audit_trail", None, rows=written)
    return written


def backup_copies(db: Database) -> list[audit_backups.BackupCopy]:
    """The backups of an SQLite database, in its backups folder and the second folder."""
    from recovery_desk.domain.store import backup_files, backup_schedule
    if db.path is None:
        return []
    folders = [backup_files.backups_folder(db.path)]
    second = backup_schedule.read_policy(db).second_folder
    if second:
        folders.append(Path(second))
    return [audit_backups.BackupCopy(
                found.path, found.taken_at,
                ("the backup of " if found.kind == "backup" else "the copy kept by the restore "
                 "of ") + backup_files.timestamp_words(found.taken_at))
            for folder in folders for found in backup_files.list_backups(folder)]


def verify(db: Database, actor: Actor) -> audit.ChainCheck:
    """The chain walked row by row, then held against every backup that can be read."""
    actor.require(Permission.VIEW_AUDIT)
    started = perf_counter()
    copies = backup_copies(db)
    with db.reading() as tx:
        check = audit.verify(tx)
        against = audit_backups.compare(tx, copies)
    return replace(check, missing=against.missing, explained=against.explained,
                   backups_read=against.read, backups_unreadable=against.unreadable,
                   seconds=perf_counter() - started)
