"""Moving a service's SQLite database onto a PostgreSQL server, whole.

Every table is copied in dependency order (alembic_version, audit_chain and name_words
included) in one transaction on the server; a row that points into its own table (a corrected
register mark) follows the row it points at. Sequences are then
moved past the highest id, and before anything is committed the row count and a checksum of
every table are compared with the file's, and the audit chain is verified on the server. Any
difference rolls the whole copy back. Audit rows are only inserted, which the append-only
triggers allow.

The target must be empty: no tables at all, or a schema just made by `upgrade` that nothing
has used. The file is read in one snapshot, so a desk still writing to it cannot tear the copy.
Used by the transfer verb.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Column,
    ColumnElement,
    Connection,
    Engine,
    MetaData,
    String,
    Table,
    func,
    or_,
    select,
)
from sqlalchemy.orm import Session

from recovery_desk.access import Permission
from recovery_desk.domain.store import audit, migrate, server_database
from recovery_desk.domain.store.actor import Actor
from recovery_desk.domain.store.database import Database, make_engine
from recovery_desk.domain.store.errors import DomainError
from recovery_desk.domain.store.models import Base
from recovery_desk.schedule.words import counted

BATCH = 2000
ALEMBIC = Table("alembic_version", MetaData(),
                Column("version_num", String(32), primary_key=True))
# Made by every migrated schema: the revision and the audit chain's first head.
MADE_BY_MIGRATIONS = {"alembic_version": 1, "audit_chain": 1}


class TransferError(DomainError):
    """The transfer was refused or did not check out; the server was left as it was."""


@dataclass(frozen=True)
class TableCopy:
    name: str
    rows: int
    checksum: str


@dataclass(frozen=True)
class Transferred:
    tables: tuple[TableCopy, ...]
    audit_rows: int
    seconds: float
    sequences: int

    @property
    def rows(self) -> int:
        return sum(t.rows for t in self.tables)


Progress = Callable[[str, int], None]
"""Called with (table, rows copied so far) as the copy goes."""


def tables_in_order() -> list[Table]:
    """Every table, each after the tables it points at; the schema revision first."""
    return [ALEMBIC, *Base.metadata.sorted_tables]


def _order(table: Table) -> list[Column[Any]]:
    return list(table.primary_key.columns)


def _self_references(table: Table) -> list[str]:
    return [column.name for column in table.columns
            if any(fk.column.table is table for fk in column.foreign_keys)]


def _plain(value: Any) -> Any:
    """A value as the same text on both databases (dates, times, enums, JSON)."""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def checksum(connection: Connection, table: Table) -> TableCopy:
    """SHA-256 over every row in key order, each row's values as canonical JSON."""
    digest, rows = hashlib.sha256(), 0
    result = connection.execution_options(yield_per=BATCH).execute(
        select(table).order_by(*_order(table)))
    for row in result:
        digest.update(json.dumps([_plain(v) for v in row], sort_keys=True, default=str,
                                 ensure_ascii=False).encode("utf-8"))
        digest.update(b"\n")
        rows += 1
    return TableCopy(table.name, rows, digest.hexdigest())


def _batches(connection: Connection, table: Table,
             *where: ColumnElement[bool]) -> Iterator[list[dict[str, Any]]]:
    result = connection.execution_options(yield_per=BATCH).execute(
        select(table).where(*where).order_by(*_order(table)))
    for chunk in result.mappings().partitions(BATCH):
        yield [dict(row) for row in chunk]


def _copy_table(source: Connection, target: Connection, table: Table,
                progress: Progress | None) -> None:
    """Rows in key order. Where a row points into its own table (a register mark corrected by
    a later one), the rows pointing nowhere go first and the others follow once what they
    point at is in: the partial unique index on current marks forbids the usual trick of
    inserting the pointer empty and filling it in afterwards."""
    pointers = _self_references(table)
    copied = 0
    for rows in _batches(source, table, *(table.c[c].is_(None) for c in pointers)):
        target.execute(table.insert(), rows)
        copied += len(rows)
        if progress is not None:
            progress(table.name, copied)
    if not pointers:
        return
    waiting = [row for rows in _batches(source, table, or_(
        *(table.c[c].is_not(None) for c in pointers))) for row in rows]
    while waiting:
        pending = {row["id"] for row in waiting}
        ready = [row for row in waiting if all(row[c] not in pending for c in pointers)]
        if not ready:
            raise TransferError(f"The rows of {table.name} point at each other in a circle; "
                                "nothing was copied.")
        target.execute(table.insert(), ready)
        waiting = [row for row in waiting if row["id"] not in {r["id"] for r in ready}]
        copied += len(ready)
        if progress is not None:
            progress(table.name, copied)


def _check_target_is_empty(target: Connection, where: str) -> bool:
    """True if the schema is already there (made by upgrade, unused); refuses anything else."""
    server_database.check_is_ours_or_empty(target, where)
    found = server_database.table_names(target)
    if not found:
        server_database.check_can_upgrade(target, where)
        return False
    revision = target.execute(select(ALEMBIC.c.version_num)).scalar()
    if revision != migrate.HEAD_REVISION:
        raise TransferError(
            f"{where} holds Recovery Desk's schema at revision {revision}, not this "
            f"version's ({migrate.HEAD_REVISION}); run `recovery-desk --db URL upgrade` "
            "first, or start from an empty database.")
    used = [f"{table.name} ({counted(count, 'row', thousands=True)})"
            for table in tables_in_order()
            if (count := target.execute(select(func.count()).select_from(table)).scalar() or 0)
            > MADE_BY_MIGRATIONS.get(table.name, 0)]
    if used:
        raise TransferError(
            f"{where} is not empty: it holds {', '.join(used[:4])}. A transfer only fills an "
            "empty database, so nothing was copied; give it a new database.")
    return True


def _verify_chain(connection: Connection) -> audit.ChainCheck:
    with Session(bind=connection) as tx:
        return audit.verify(tx)


def transfer(db: Database, actor: Actor, target_url: str,
             progress: Progress | None = None) -> Transferred:
    """Copy the whole of db (an SQLite file) into the empty server database at target_url."""
    actor.require(Permission.BACKUPS)
    if not db.is_sqlite:
        raise TransferError("A transfer copies an SQLite database file to a server: give the "
                            "file with --db.")
    engine = make_engine(target_url)
    where = engine.url.render_as_string(hide_password=True)
    try:
        if not server_database.is_server(engine):
            raise TransferError(f"{where} is not a PostgreSQL server database; a transfer "
                                "goes to one (postgresql+psycopg://ROLE@HOST/DATABASE).")
        return _transfer(db, actor, engine, where, progress)
    finally:
        engine.dispose()


def _transfer(db: Database, actor: Actor, engine: Engine, where: str,
              progress: Progress | None) -> Transferred:
    with engine.connect() as target:
        schema_ready = _check_target_is_empty(target, where)
    if not schema_ready:
        migrate.ensure_current(engine)
    # Recorded first, in the file's own trail, so the copy carries the record of itself.
    with db.writing() as tx:
        audit.record(tx, actor, "transfer", "database", None, to=where)
    started = time.perf_counter()
    with db.reading() as reading, engine.begin() as target:
        source = reading.connection()
        unknown = server_database.table_names(source) - {t.name for t in tables_in_order()}
        if unknown:
            raise TransferError(f"The file holds tables this version does not know "
                                f"({', '.join(sorted(unknown))}); nothing was copied.")
        for name in MADE_BY_MIGRATIONS:
            target.execute(next(t for t in tables_in_order() if t.name == name).delete())
        for table in tables_in_order():
            _copy_table(source, target, table, progress)
        sequences = server_database.move_sequences_past_ids(target)
        copies = []
        for table in tables_in_order():
            mine, theirs = checksum(source, table), checksum(target, table)
            if mine != theirs:
                raise TransferError(
                    f"The copy of {table.name} does not match the file "
                    f"({counted(mine.rows, 'row', thousands=True)} there, {theirs.rows:,} "
                    "here, checksums differ: "
                    f"{mine.checksum != theirs.checksum}); nothing was kept on the server.")
            copies.append(mine)
        chain, copied_chain = _verify_chain(source), _verify_chain(target)
        if copied_chain != chain:
            raise TransferError("The audit trail does not verify the same on the server as "
                                "in the file; nothing was kept on the server.")
    return Transferred(tuple(copies), chain.rows, time.perf_counter() - started, sequences)
