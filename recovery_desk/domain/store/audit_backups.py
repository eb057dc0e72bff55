"""The audit trail held against the backups: what a backup holds, the live trail must still
hold, row for row.

Someone with the database file can drop the triggers, delete the newest audit rows (or all of
them), set the chain's head to match and put the triggers back: the chain alone then holds.
But every backup is a copy of the trail as it was, with its own newest row (id and hash). The
live trail must still have that row with that hash (the chain then vouches for every row
before it); if it lacks it, the rows the backup holds past the live trail's last matching id
are named as missing. Ids are never reused (migration 0006), so a cut shows as missing ids,
not as changed rows.

A restore rewinds the trail on purpose (and is audited): what backups taken before the newest
restore hold beyond it is told as explained by that restore, not as a break. The backups read
are those in the backups folder and the second folder; one that cannot be read is counted
apart. Used by audit_service.verify; backup_service.take_backup records each backup's head in
its own audit row (head_detail).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from recovery_desk.domain.store import sqlite_files
from recovery_desk.domain.store.models import AuditEvent


@dataclass(frozen=True)
class BackupCopy:
    path: Path
    taken_at: datetime
    """UTC."""
    words: str
    """How the desk names it: 'the backup of Thu 3 Dec 2026, 14:02'."""


@dataclass(frozen=True)
class Comparison:
    missing: tuple[str, ...]
    """What backups hold that the trail lacks, and nothing explains."""
    explained: tuple[str, ...]
    """What older backups hold beyond a later restore (expected)."""
    read: int
    unreadable: int


def head_detail(backup: Path) -> dict[str, object]:
    """The backup's newest audit row, for the audit row recording the backup."""
    try:
        head = sqlite_files.audit_head(backup)
    except (sqlite3.DatabaseError, OSError):
        return {}
    return {"audit_last_id": head.last_id if head else 0,
            "audit_last_hash": head.last_hash if head else ""}


def _live_hash(tx: Session, event_id: int) -> str | None:
    return tx.scalar(select(AuditEvent.chain_hash).where(AuditEvent.id == event_id))


def _rows(first: int, last: int) -> str:
    return f"row {first} is" if first == last else f"rows {first}-{last} are"


def _finding(tx: Session, copy: BackupCopy) -> tuple[int, str, str] | None:
    """What the trail lacks against one backup, or None when it holds all of it: the
    backup's newest id (to keep the widest finding), the kind, and the words."""
    head = sqlite_files.audit_head(copy.path)
    if head is None:
        return None
    live = _live_hash(tx, head.last_id)
    if live == head.last_hash:
        return None
    if live is not None:
        return head.last_id, "rewritten", (f"row {head.last_id} differs from {copy.words}: "
                                           "the trail up to it was rewritten")
    kept = tx.scalar(select(func.max(AuditEvent.id))
                          .where(AuditEvent.id <= head.last_id)) or 0
    first, last, count, kept_hash = sqlite_files.audit_rows_after(copy.path, kept)
    words = f"{_rows(first, last)} missing ({count} in all): {copy.words} holds them"
    if kept and kept_hash is not None and kept_hash != _live_hash(tx, kept):
        words += f"; row {kept} differs from it too"
    return head.last_id, "missing", words


def _latest_restore(tx: Session) -> tuple[int, datetime] | None:
    row = tx.execute(select(AuditEvent.id, AuditEvent.at)
                          .where(AuditEvent.entity == "database",
                                 AuditEvent.action == "restore")
                          .order_by(AuditEvent.id.desc()).limit(1)).first()
    return (row[0], row[1]) if row else None


def compare(tx: Session, copies: list[BackupCopy]) -> Comparison:
    """Every readable backup against the live trail; the widest finding of each kind."""
    restore = _latest_restore(tx)
    read = unreadable = 0
    widest: dict[tuple[bool, str], tuple[int, str]] = {}
    for copy in copies:
        try:
            found = _finding(tx, copy)
        except (sqlite3.DatabaseError, OSError):
            unreadable += 1
            continue
        read += 1
        if found is None:
            continue
        last_id, kind, words = found
        before_restore = restore is not None and copy.taken_at <= restore[1]
        if restore is not None and before_restore:
            words += f" (the restore recorded in row {restore[0]} explains it)"
        key = (before_restore, kind)
        if key not in widest or last_id > widest[key][0]:
            widest[key] = (last_id, words)
    return Comparison(tuple(w for (k, _), (_, w) in sorted(widest.items()) if not k),
                      tuple(w for (k, _), (_, w) in sorted(widest.items()) if k),
                      read, unreadable)
