"""Signing in on a full disk (domain/accounts.py, Database.owe): staff may sign in to read,
the password and lock-outs still count, and the sign-in is audited once, with its own time,
when space returns."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from recovery_desk.domain.service import service_settings
from recovery_desk.domain.staff import accounts
from recovery_desk.domain.store import audit
from recovery_desk.domain.store.failures import explain_database_error
from recovery_desk.domain.store.models import AuditEvent
from recovery_desk.domain.store.timestamps import utc_now
from recovery_desk.vocabulary import StaffRole
from tests.domain.full_disk import disk_full

pytestmark = pytest.mark.sqlite_only("a full disk made with SQLite's max_page_count")

PASSWORD = "correct horse battery"


@pytest.fixture
def manager(db):
    return accounts.create_first_manager(db, "morgan", "Morgan Manager", PASSWORD, "pc1")[0]


def _sign_ins(db, workstation: str) -> list[AuditEvent]:
    with db.reading() as tx:
        return list(tx.scalars(select(AuditEvent).where(
            AuditEvent.action == "sign_in", AuditEvent.workstation == workstation)))


def test_on_a_full_disk_staff_sign_in_to_read_and_are_audited_once_space_returns(
        db, manager) -> None:
    """Signed in read-only with no row; the first write after space returns adds it once."""
    with disk_full(db):
        before = utc_now()
        signed = accounts.sign_in(db, "morgan", PASSWORD, "pc2")
        after = utc_now()
        assert signed.disk_full and signed.actor.staff_id == manager.staff_id
        assert _sign_ins(db, "pc2") == []
        with pytest.raises(OperationalError) as caught:
            service_settings.save(db, signed.actor, {"idle_lock_minutes": 7})
        assert explain_database_error(caught.value).startswith("The disk is full")
        assert _sign_ins(db, "pc2") == []
        assert db.owes_writes
    service_settings.save(db, signed.actor, {"idle_lock_minutes": 7})
    rows = _sign_ins(db, "pc2")
    assert len(rows) == 1 and rows[0].staff_id == manager.staff_id
    assert rows[0].outcome == "ok" and rows[0].detail == {"disk_full": True}
    assert before <= rows[0].at.replace(tzinfo=before.tzinfo) <= after
    assert not db.owes_writes
    service_settings.save(db, signed.actor, {"idle_lock_minutes": 8})
    assert len(_sign_ins(db, "pc2")) == 1
    with db.reading() as tx:
        assert audit.verify(tx).holds


def test_on_a_full_disk_a_wrong_password_or_a_locked_account_is_still_refused(
        db, manager) -> None:
    """Nobody gets through on a full disk who would not get through otherwise."""
    accounts.add_staff(db, manager, "riley", "Riley Reception", StaffRole.RECEPTION, PASSWORD)
    for _ in range(5):
        with pytest.raises(accounts.SignInError):
            accounts.sign_in(db, "riley", "wrong password", "pc3")
    with disk_full(db):
        with pytest.raises(accounts.SignInError, match="do not match"):
            accounts.sign_in(db, "morgan", "wrong password", "pc2")
        with pytest.raises(accounts.SignInError, match="do not match"):
            accounts.sign_in(db, "nobody", PASSWORD, "pc2")
        with pytest.raises(accounts.SignInError, match="locked"):
            accounts.sign_in(db, "riley", PASSWORD, "pc3")
        assert not db.owes_writes


def test_on_a_full_disk_the_desk_still_locks_and_unlocks(db, manager) -> None:
    """The idle lock and the unlock do not wait for space: their rows come later, in order."""
    with disk_full(db):
        accounts.record_lock(db, manager, idle=True)
        signed = accounts.unlock(db, "morgan", PASSWORD, "pc1")
        assert signed.disk_full
    service_settings.save(db, signed.actor, {"idle_lock_minutes": 7})
    with db.reading() as tx:
        actions = [e.action for e in tx.scalars(
            select(AuditEvent).where(AuditEvent.action.in_(("lock", "sign_in", "unlock")))
            .order_by(AuditEvent.id))]
    assert actions[-3:] == ["lock", "sign_in", "unlock"]


def test_owed_sign_ins_are_settled_without_another_save_once_space_returns(
        db, manager) -> None:
    """settle_owed keeps the row owed while the disk is full and writes it once after."""
    with disk_full(db):
        accounts.sign_in(db, "morgan", PASSWORD, "pc2")
        assert not db.settle_owed() and db.owes_writes
    assert db.settle_owed() and not db.owes_writes
    assert db.settle_owed()
    assert len(_sign_ins(db, "pc2")) == 1
