"""The temporary files a backup is made in: owner-only from their creation, named as ours, no
journal beside them, and only ours (and only stale ones) ever cleared; a backup killed midway
leaves nothing anyone else can read."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from recovery_desk.domain.operations import backup_service
from recovery_desk.domain.store import backup_files

ROOT = Path(__file__).resolve().parents[2]
HOURS_AGO = time.time() - 2 * 3600

pytestmark = pytest.mark.sqlite_only("backups copy SQLite files")


def _others_may_read(path: Path) -> bool:
    return bool(path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO))


def test_a_backup_killed_midway_leaves_nothing_others_can_read(db_path: Path) -> None:
    """SIGKILL once the copy is made: what is left is owner-only, ours by name, no journal."""
    worker = subprocess.Popen([sys.executable, "-m", "tests.domain.backup_worker",
                               str(db_path)], cwd=ROOT, stdout=subprocess.PIPE, text=True,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        assert worker.stdout is not None and worker.stdout.readline() == "copied\n"
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.communicate()
    left = list((db_path.parent / "backups").iterdir())
    assert len(left) == 1, left
    assert backup_files.PARTIAL.match(left[0].name)
    assert not _others_may_read(left[0])
    assert backup_service.list_backups(db_path.parent / "backups") == []


def test_only_our_own_stale_partial_files_are_cleared(db, actor, db_path: Path) -> None:
    """A stranger's `x.partial` and `.x.partial` survive; ours and their journal go once old,
    and one still young (another backup under way) stays."""
    folder = db_path.parent / "backups"
    folder.mkdir()
    ours = backup_files.new_partial(folder, "backup-20261127-090000.sqlite3")
    journal = Path(f"{ours}-journal")
    journal.write_bytes(b"")
    young = backup_files.new_partial(folder, "backup-20261127-090001.sqlite3")
    earlier = folder / ".backup-863a097730a748298d7613eb7af53e0b.partial"  # older versions'
    strangers = [folder / "x.partial", folder / ".x.partial", folder / ".notes.partial"]
    for path in [ours, journal, earlier, *strangers]:
        path.touch()
        os.utime(path, (HOURS_AGO, HOURS_AGO))
    made = backup_service.take_backup(db, actor, db_path)
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [made.path.name, young.name, *(p.name for p in strangers)])


def test_a_temporary_file_is_owner_only_from_its_creation(tmp_path: Path) -> None:
    """Made with mode 0600 under the most open umask, not chmod-ed later."""
    previous = os.umask(0)
    try:
        partial = backup_files.new_partial(tmp_path, "mine.sqlite3")
    finally:
        os.umask(previous)
    assert oct(partial.stat().st_mode & 0o777) == "0o600"
    assert partial.name.startswith(".mine.sqlite3.recovery-desk-partial-")


def test_a_backup_leaves_no_journal_and_records_when_it_was_taken(db, actor,
                                                                  db_path: Path) -> None:
    """The copy holds its own time; nothing but the backup itself is left in the folder."""
    seen: set[str] = set()
    folder = db_path.parent / "backups"
    made = backup_service.take_backup(
        db, actor, db_path, progress=lambda done, total: seen.update(os.listdir(folder)))
    assert not any(name.endswith(("-journal", "-wal", "-shm")) for name in seen), seen
    assert [p.name for p in folder.iterdir()] == [made.path.name]
    assert made.recorded
    assert backup_files.describe(made.path).taken_at == made.taken_at


def test_a_backup_thinned_away_while_the_folder_is_listed_is_left_out(
        db, actor, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another desk's thinning can remove a backup between the folder being listed and the
    file being read: the listing leaves it out instead of failing (the backup warning and the
    opening checks read this list)."""
    kept = backup_service.take_backup(db, actor, db_path).path
    gone = kept.with_name("backup-20261101-090000.sqlite3")
    gone.write_bytes(kept.read_bytes())
    read = backup_files.sqlite_files.facts

    def thinned_meanwhile(path: Path):
        if path == gone:
            gone.unlink()
        return read(path)

    monkeypatch.setattr(backup_files.sqlite_files, "facts", thinned_meanwhile)
    assert [b.path for b in backup_files.list_backups(kept.parent)] == [kept]
