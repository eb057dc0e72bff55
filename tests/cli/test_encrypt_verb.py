"""The command line on an encrypted desk: `staff init` encrypts a new real database, every verb
then needs --user and the right password (one line and exit status 2 otherwise, never a
traceback), and `encrypt` encrypts a plain one, the demo's too."""

from __future__ import annotations

from pathlib import Path

import pytest

from recovery_desk.__main__ import main
from recovery_desk.domain.operations.demo import DEMO_PASSWORD
from recovery_desk.domain.store import key_slots, sqlite_files
from tests.cli.conftest import PASSWORD

pytestmark = pytest.mark.sqlite_only("SQLCipher encrypts SQLite files; a server's disk is IT's")

SESSIONS = ["sessions", "--from", "2026-11-30", "--to", "2026-11-30"]


@pytest.fixture(autouse=True)
def _no_key_left():
    sqlite_files.use_key(None)
    yield
    sqlite_files.use_key(None)


def _one_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    return err


def test_staff_init_encrypts_and_every_verb_then_needs_the_right_password(
        db_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """No --user, a wrong password, an unknown name: one line, exit 2; the right one opens."""
    monkeypatch.setenv("RECOVERY_DESK_PASSWORD", PASSWORD)
    assert main(["--db", str(db_path), "staff", "init", "--user", "morgan"]) == 0
    capsys.readouterr()
    assert key_slots.is_encrypted(db_path)
    assert main(["--db", str(db_path), *SESSIONS]) == 2
    assert "encrypted: give --user NAME" in _one_line(capsys)
    monkeypatch.setenv("RECOVERY_DESK_PASSWORD", "not the password")
    assert main(["--db", str(db_path), "--user", "morgan", *SESSIONS]) == 2
    assert "do not match a member of staff" in _one_line(capsys)
    assert main(["--db", str(db_path), "--user", "nobody", *SESSIONS]) == 2
    assert "do not match a member of staff" in _one_line(capsys)
    monkeypatch.setenv("RECOVERY_DESK_PASSWORD", PASSWORD)
    assert main(["--db", str(db_path), "--user", "morgan", *SESSIONS]) == 0
    assert "Mon 30 Nov 2026" in capsys.readouterr().out


def test_encrypt_turns_a_plain_database_into_an_encrypted_one(
        as_manager, db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The manager's new recovery code is printed once; the copy beside is gone."""
    arguments = as_manager(db_path)
    assert not key_slots.is_encrypted(db_path)
    assert main([*arguments, "encrypt"]) == 0
    out = capsys.readouterr().out
    assert "The database is encrypted" in out and "recovery code" in out
    assert key_slots.is_encrypted(db_path)
    assert not Path(f"{db_path}.encrypting").exists()
    assert main([*arguments, *SESSIONS]) == 0
    assert main([*arguments, "encrypt"]) == 2
    assert "already encrypted" in _one_line(capsys)


def test_encrypt_needs_a_manager(staff_member, db_path: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    """A keyworker is refused in one line; the database stays plain."""
    from recovery_desk.vocabulary import StaffRole

    arguments = staff_member(db_path, "kay", StaffRole.KEYWORKER, temporary=False)
    assert main([*arguments, "encrypt"]) == 2
    assert "manager" in _one_line(capsys)
    assert not key_slots.is_encrypted(db_path)


def test_the_demo_is_plain_and_encrypt_works_on_it_too(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A newcomer can try encrypting the demo's fictitious service."""
    demo = tmp_path / "demo.sqlite3"
    monkeypatch.setenv("RECOVERY_DESK_PASSWORD", DEMO_PASSWORD)
    arguments = ["--db", str(demo), "--demo", "--user", "demo-manager"]
    assert main([*arguments, *SESSIONS]) == 0
    assert not key_slots.is_encrypted(demo)
    assert main([*arguments, "encrypt"]) == 0
    assert key_slots.is_encrypted(demo)
    capsys.readouterr()
    assert main([*arguments, *SESSIONS]) == 0
    assert "Mon 30 Nov 2026" in capsys.readouterr().out


def test_an_encrypted_backup_restores_even_when_the_database_and_its_slots_are_lost(
        db_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The backup folder's copy of the key slots opens the backup with the password."""
    monkeypatch.setenv("RECOVERY_DESK_PASSWORD", PASSWORD)
    assert main(["--db", str(db_path), "staff", "init", "--user", "morgan"]) == 0
    signed = ["--db", str(db_path), "--user", "morgan"]
    assert main([*signed, "backup"]) == 0
    backup = next((db_path.parent / "backups").glob("backup-*.sqlite3"))
    assert key_slots.is_encrypted(backup)
    sqlite_files.use_key(None)  # as a new process: `backups` signs nobody in
    assert main(["--db", str(db_path), "backups"]) == 0
    assert "schema (encrypted)" in capsys.readouterr().out
    assert main([*signed, "restore", "--yes", str(backup)]) == 0
    assert "pre-restore" in capsys.readouterr().out
    kept = next((db_path.parent / "backups").glob("pre-restore-*.sqlite3"))
    assert key_slots.is_encrypted(kept)
    db_path.unlink()
    key_slots.slots_path(db_path).unlink()
    sqlite_files.use_key(None)
    monkeypatch.setenv("RECOVERY_DESK_PASSWORD", "not the password")
    assert main([*signed, "restore", "--yes", str(backup)]) == 2
    assert "do not match" in _one_line(capsys)
    monkeypatch.setenv("RECOVERY_DESK_PASSWORD", PASSWORD)
    assert main([*signed, "restore", "--yes", str(backup)]) == 0
    capsys.readouterr()
    sqlite_files.use_key(None)
    assert key_slots.is_encrypted_desk(db_path)
    assert main([*signed, *SESSIONS]) == 0
    assert "Mon 30 Nov 2026" in capsys.readouterr().out
