"""A trail cut short and re-chained behind the triggers still fails `audit verify`: every
backup's newest audit row must still be in the live trail with the same hash, and what is not
is named with the backup that holds it."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, text

from recovery_desk.domain.operations import backup_service
from recovery_desk.domain.service import catalogue_service
from recovery_desk.domain.staff import audit_service
from recovery_desk.domain.store import audit_guard
from recovery_desk.domain.store.audit import GENESIS
from recovery_desk.domain.store.models import AuditEvent
from recovery_desk.domain.store.timestamps import utc_now

TODAY = date(2026, 11, 27)

pytestmark = pytest.mark.sqlite_only(
    "backups are SQLite files; a server is backed up with pg_dump")


def _some_history(db, actor, count: int = 3) -> None:
    for group in catalogue_service.list_groups(db, actor)[:count]:
        catalogue_service.set_group_active(db, actor, group.id, False, TODAY)


def _ids(db) -> list[int]:
    with db.reading() as tx:
        return list(tx.scalars(select(AuditEvent.id).order_by(AuditEvent.id)))


def cut_trail(db_path: Path, raw_sql, keep: int) -> None:
    """What someone with the file can do: drop the triggers, delete every row past `keep`,
    set the chain's head to the last row kept, and put the triggers back as they were."""
    with raw_sql(db_path) as raw:
        for name in audit_guard.SQLITE_TRIGGERS:
            raw.execute(text(f"DROP TRIGGER {name}"))
        raw.execute(text("DELETE FROM audit_events WHERE id > :keep"), {"keep": keep})
        head = raw.execute(text("SELECT chain_hash FROM audit_events WHERE id = :keep"),
                           {"keep": keep}).scalar() or GENESIS
        raw.execute(text("UPDATE audit_chain SET last_hash = :head"), {"head": head})
        for statement in audit_guard.SQLITE_TRIGGERS.values():
            raw.execute(text(statement))


def test_a_backup_records_the_trail_head_it_holds(db, actor, db_path: Path) -> None:
    """The backup's own audit row says which audit row was newest in the copy."""
    _some_history(db, actor)
    before = _ids(db)[-1]
    backup_service.take_backup(db, actor, db_path)
    with db.reading() as tx:
        row = tx.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
        newest = tx.scalar(select(AuditEvent.chain_hash).where(AuditEvent.id == before))
    assert row.action == "backup"
    assert (row.detail["audit_last_id"], row.detail["audit_last_hash"]) == (before, newest)


def test_newest_rows_cut_and_rechained_are_named_with_the_backup(
        db, actor, db_path: Path, raw_sql) -> None:
    """Rows deleted behind the triggers, the head reset: the chain holds, the backup does not."""
    _some_history(db, actor)
    made = backup_service.take_backup(db, actor, db_path)
    ids = _ids(db)
    held = ids[-2]  # the backup's newest row (the last is the backup's own audit row)
    keep = ids[-6]
    db.dispose()
    cut_trail(db_path, raw_sql, keep)
    check = audit_service.verify(db, actor)
    assert check.broken_at is None and not check.holds and check.backups_read == 1
    words = backup_service.timestamp_words(made.taken_at)
    assert check.missing == (f"rows {keep + 1}-{held} are missing ({held - keep} in all): "
                             f"the backup of {words} holds them",)


def test_a_trail_cut_to_nothing_is_found(db, actor, db_path: Path, raw_sql) -> None:
    """Every row deleted and the head set back to the start: the backup names them all."""
    _some_history(db, actor)
    backup_service.take_backup(db, actor, db_path)
    held = _ids(db)[-2]
    db.dispose()
    cut_trail(db_path, raw_sql, 0)
    check = audit_service.verify(db, actor)
    assert check.rows == 0 and not check.holds
    assert check.missing[0].startswith(f"rows 1-{held} are missing ({held} in all)")


def test_rows_added_after_a_cut_do_not_hide_it(db, actor, db_path: Path, raw_sql) -> None:
    """New rows take new ids, so the cut rows still show as missing, not as changed."""
    _some_history(db, actor)
    backup_service.take_backup(db, actor, db_path)
    ids = _ids(db)
    db.dispose()
    cut_trail(db_path, raw_sql, ids[-4])
    _some_history(db, actor, 6)
    check = audit_service.verify(db, actor)
    assert check.broken_at is None and len(check.missing) == 1
    assert check.missing[0].startswith(f"rows {ids[-3]}-{ids[-2]} are missing (2 in all)")


def test_a_backup_in_the_second_folder_counts_too(
        db, actor, db_path: Path, raw_sql, tmp_path: Path) -> None:
    """With the backups folder emptied as well, the copy on the USB disk still tells."""
    second = tmp_path / "usb"
    second.mkdir()
    backup_service.save_policy(db, actor, backup_service.BackupPolicy(second_folder=str(second)))
    _some_history(db, actor)
    made = backup_service.take_backup(db, actor, db_path)
    made.path.unlink()
    db.dispose()
    cut_trail(db_path, raw_sql, 1)
    check = audit_service.verify(db, actor)
    assert check.backups_read == 1 and check.missing
    assert check.missing[0].startswith("rows 2-")


def test_a_sound_trail_holds_against_its_backups_and_a_restore_explains_itself(
        db, actor, db_path: Path) -> None:
    """Backups of a sound trail agree with it; after restoring an older one, what newer
    backups hold beyond it is told as the restore's doing, not as a cut."""
    _some_history(db, actor, 1)
    # a week older than the next, so thinning (by the time recorded inside) keeps both
    older = backup_service.take_backup(
        db, actor, db_path, now=utc_now() - timedelta(days=7)).path
    _some_history(db, actor, 3)
    backup_service.take_backup(db, actor, db_path)
    check = audit_service.verify(db, actor)
    assert check.holds and check.backups_read == 2 and not check.explained
    db.dispose()
    backup_service.restore(db_path, older, actor, today=TODAY)
    check = audit_service.verify(db, actor)
    assert check.holds, check.missing
    assert check.explained and "explains it" in check.explained[0]


def test_an_unreadable_backup_is_counted_not_fatal(db, actor, db_path: Path) -> None:
    """A damaged file among the backups is skipped and counted; the others are read."""
    backup_service.take_backup(db, actor, db_path)
    folder = backup_service.backups_folder(db_path)
    (folder / "backup-20261101-090000.sqlite3").write_bytes(b"not a database at all" * 100)
    check = audit_service.verify(db, actor)
    assert check.holds and (check.backups_read, check.backups_unreadable) == (1, 1)
