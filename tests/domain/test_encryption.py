"""An encrypted desk: the database, its WAL and every backup hold no byte of a stored name or
note; the right password opens it and a wrong one is refused (counted towards the lock-out);
staff added later open it and its later backups, a deactivated one cannot; an encrypted backup
restores; the audit is held against encrypted backups."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from recovery_desk.domain.operations import backup_service, encryption
from recovery_desk.domain.operations.setup import open_database
from recovery_desk.domain.people import intake_service as intake
from recovery_desk.domain.staff import accounts, audit_service
from recovery_desk.domain.store import key_slots, sqlite_files
from recovery_desk.domain.store.actor import Actor
from recovery_desk.domain.store.database import Database
from recovery_desk.domain.store.errors import DomainError
from recovery_desk.domain.store.models import ServiceUser
from recovery_desk.vocabulary import StaffRole
from tests.conftest import CATALOGUE

pytestmark = pytest.mark.sqlite_only("SQLCipher encrypts SQLite files; a server's disk is IT's")

TODAY = date(2026, 11, 27)
PASSWORD = "boss-password-1"
NAME, NOTE = "Zephyrine Quillfeather", "Prefers the Thursday drop-in near Marlowe Yard"
SECRETS = ("Zephyrine", "Quillfeather", "Marlowe Yard")


@pytest.fixture(autouse=True)
def _no_key_left() -> Iterator[None]:
    """The desk's key is process-wide: each test starts and ends without one."""
    sqlite_files.use_key(None)
    yield
    sqlite_files.use_key(None)


def _open(path: Path, username: str = "boss", password: str = PASSWORD) -> tuple[Database, Actor]:
    return open_database(path, CATALOGUE, today=TODAY,
                         key=key_slots.unlock(path, username, password))


@pytest.fixture
def encrypted(db_path: Path) -> Iterator[tuple[Database, Actor, Actor, str]]:
    """The desk encrypted from its first manager on, holding one person with a note; the
    desk, its own actor, the manager and their recovery code."""
    db, _ = open_database(db_path, CATALOGUE, today=TODAY)
    _, code = accounts.create_first_manager(db, "boss", "Bo Ss", PASSWORD, "ws")
    encryption.encrypt(db, "boss", PASSWORD, "ws", recovery_code=code)
    db, actor = _open(db_path)
    manager = accounts.sign_in(db, "boss", PASSWORD, "ws").actor
    given, family = NAME.split()
    intake.save_intake(db, actor, intake.PersonDetails(
        given_name=given, family_name=family, date_of_birth=date(1980, 1, 1),
        consent_to_store=True, notes=NOTE), [], TODAY)
    yield db, actor, manager, code
    db.dispose()


def _holds_a_secret(path: Path) -> list[str]:
    raw = path.read_bytes()
    return [f"{word} ({coding}) in {path.name}" for word in SECRETS
            for coding in ("utf-8", "utf-16-le", "utf-16-be") if word.encode(coding) in raw]


def test_no_byte_of_a_name_or_note_in_the_database_its_wal_or_any_backup(
        encrypted, db_path: Path, tmp_path: Path) -> None:
    """Searched raw, in UTF-8 and UTF-16: the file, the WAL while open, both backup folders."""
    db, _, manager, _ = encrypted
    second = tmp_path / "usb"
    second.mkdir()
    backup_service.save_policy(db, manager, backup_service.BackupPolicy(
        second_folder=str(second)))
    made = backup_service.take_backup(db, manager, db_path)
    wal = Path(f"{db_path}-wal")
    assert wal.exists() and wal.stat().st_size > 0
    files = [db_path, wal, made.path, second / made.path.name]
    assert [found for path in files for found in _holds_a_secret(path)] == []
    # The USB disk alone opens with the password: the slots went with the backup.
    assert key_slots.unlock(second / db_path.name, "boss", PASSWORD) == db.key
    # The check can fail: the same words are there in a plain copy.
    assert b"Quillfeather" in _plain_copy(db, tmp_path).read_bytes()


def _plain_copy(db: Database, tmp_path: Path) -> Path:
    import sqlcipher3

    assert db.path is not None and db.key is not None
    plain = tmp_path / "plain.sqlite3"
    with sqlcipher3.connect(str(db.path)) as connection:
        connection.execute(key_slots.key_pragma(db.key))
        connection.execute("ATTACH DATABASE ? AS plain KEY ''", (str(plain),))
        connection.execute("SELECT sqlcipher_export('plain')")
        connection.execute("DETACH DATABASE plain")
    return plain


def test_the_right_password_opens_and_a_wrong_one_is_refused_and_counted(
        encrypted, db_path: Path) -> None:
    """A wrong password, an unknown name and no key at all are refused; five wrong lock."""
    db, _, _, _ = encrypted
    db.dispose()
    sqlite_files.use_key(None)
    with pytest.raises(DomainError, match="encrypted"):
        open_database(db_path, CATALOGUE, today=TODAY)
    with pytest.raises(key_slots.KeyRefusedError, match="do not match"):
        key_slots.unlock(db_path, "nobody", PASSWORD)
    for _ in range(4):
        with pytest.raises(key_slots.KeyRefusedError, match="do not match"):
            key_slots.unlock(db_path, "boss", "wrong-password")
    with pytest.raises(key_slots.KeyRefusedError, match="locked for 15 minutes"):
        key_slots.unlock(db_path, "boss", "wrong-password")
    with pytest.raises(key_slots.KeyRefusedError, match="locked"):
        key_slots.unlock(db_path, "boss", PASSWORD)  # even the right one, while locked
    later = key_slots.unlock(db_path, "boss", PASSWORD,
                             now=key_slots.datetime.now(key_slots.UTC)
                             + key_slots.timedelta(minutes=16))
    reopened, _ = open_database(db_path, CATALOGUE, today=TODAY, key=later)
    assert accounts.sign_in(reopened, "boss", PASSWORD, "ws").actor.name == "Bo Ss"
    reopened.dispose()


def test_staff_added_later_open_it_and_its_later_backups_and_a_leaver_cannot(
        encrypted, db_path: Path) -> None:
    """A new account's temporary password, then their own, open it; deactivated, nothing."""
    db, _, manager, _ = encrypted
    line = accounts.add_staff(db, manager, "kay", "Kay Worker", StaffRole.KEYWORKER,
                              "temporary-1")
    kay = accounts.sign_in(db, "kay", "temporary-1", "ws").actor
    accounts.change_password(db, kay, "temporary-1", "kays-own-1")
    with pytest.raises(key_slots.KeyRefusedError):
        key_slots.unlock(db_path, "kay", "temporary-1")
    backup = backup_service.take_backup(db, manager, db_path).path
    db.dispose()
    sqlite_files.use_key(None)
    key = backup_service.backup_key(db_path, backup, "kay", "kays-own-1")
    assert encryption.check_key(backup, key) and encryption.check_key(db_path, key)
    db, _ = _open(db_path)
    accounts.set_active(db, accounts.sign_in(db, "boss", PASSWORD, "ws").actor,
                        line.staff_id, False)
    db.dispose()
    with pytest.raises(key_slots.KeyRefusedError):
        key_slots.unlock(db_path, "kay", "kays-own-1")
    with pytest.raises(key_slots.KeyRefusedError):
        backup_service.backup_key(db_path, backup, "kay", "kays-own-1")


def test_an_encrypted_backup_restores_and_the_audit_is_held_against_it(
        encrypted, db_path: Path) -> None:
    """Restore takes the backup's content; the pre-restore copy is encrypted too."""
    db, actor, manager, _ = encrypted
    backup = backup_service.take_backup(db, manager, db_path).path
    assert audit_service.verify(db, manager).backups_read >= 1
    given, family = "Later", "Person"
    intake.save_intake(db, actor, intake.PersonDetails(
        given_name=given, family_name=family, date_of_birth=date(1990, 1, 1),
        consent_to_store=True), [], TODAY)
    db.dispose()
    done = backup_service.restore(db_path, backup, manager, today=TODAY)
    assert key_slots.is_encrypted(done.kept_copy) and key_slots.is_encrypted(db_path)
    db, actor = _open(db_path)
    with db.reading() as tx:
        assert tx.scalar(select(func.count()).select_from(ServiceUser)) == 1
    db.dispose()


def test_the_recovery_code_opens_it_and_recovering_rewraps_both_slots(
        encrypted, db_path: Path) -> None:
    """The manager's recovery code unwraps the key; recover() rewraps both slots."""
    db, _, _, code = encrypted
    db.dispose()
    key = key_slots.unlock_with_recovery(db_path, "boss", code.lower())
    assert encryption.check_key(db_path, key)
    reopened, _ = open_database(db_path, CATALOGUE, today=TODAY, key=key)
    _, fresh = accounts.recover(reopened, "boss", code, "new-password-2", "ws")
    reopened.dispose()
    assert encryption.check_key(db_path, key_slots.unlock(db_path, "boss", "new-password-2"))
    assert encryption.check_key(db_path, key_slots.unlock_with_recovery(db_path, "boss", fresh))
    slots = key_slots.KeySlots.read(db_path)
    assert set(slots.slots) == {"boss", "recovery:boss"}
    assert "boss-password" not in key_slots.slots_path(db_path).read_text()
    with pytest.raises(key_slots.KeyRefusedError):
        key_slots.unlock_with_recovery(db_path, "boss", "AAAAA-BBBBB-CCCCC-DDDDD")


def test_encrypting_twice_or_by_a_non_manager_is_refused(encrypted, db_path: Path) -> None:
    """An encrypted database says so; nothing is changed."""
    db, _, _, _ = encrypted
    before = db_path.read_bytes()[:4096]
    with pytest.raises(DomainError, match="already encrypted"):
        encryption.encrypt(db, "boss", PASSWORD, "ws")
    assert db_path.read_bytes()[:4096] == before
