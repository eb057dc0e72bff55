"""Two desks changing the same staff accounts at the same moment, on PostgreSQL: a third
connection holds a lock both need while they queue behind it. Failed sign-ins at once are all
counted, and two managers cannot deactivate each other and leave no manager."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from recovery_desk.domain.staff import accounts
from recovery_desk.domain.store.database import Database
from recovery_desk.domain.store.errors import DomainError
from recovery_desk.domain.store.models import Staff
from recovery_desk.vocabulary import StaffRole
from tests.domain.queued_desks import queued_behind

PASSWORD = "correct horse battery"
pytestmark = pytest.mark.parametrize("backend", ["postgresql"], indirect=True)


def test_two_failed_sign_ins_at_once_both_count(db, db_path) -> None:
    """Each desk reads the count of failed sign-ins under the account's lock: two at once
    count two, so guessing from several desks cannot slip past the lock-out."""
    actor, _code = accounts.create_first_manager(db, "morgan", "Morgan M", PASSWORD, "pc1")
    desks = [Database.open(db_path) for _ in range(2)]

    def wrong(desk: Database) -> object:
        try:
            return accounts.sign_in(desk, "morgan", "wrong password!", "pc2")
        except accounts.SignInError as error:
            return error

    try:
        outcomes = queued_behind(str(db_path), "SELECT id FROM staff WHERE id = :s FOR UPDATE",
                                 {"s": actor.staff_id}, [lambda: wrong(desks[0]),
                                                         lambda: wrong(desks[1])])
    finally:
        for desk in desks:
            desk.dispose()
    assert all(isinstance(o, accounts.SignInError) for o in outcomes), outcomes
    with db.reading() as tx:
        assert tx.get_one(Staff, actor.staff_id).failed_sign_ins == 2


def test_two_managers_deactivating_each_other_at_once_leave_one(db, db_path) -> None:
    """Both queue behind the audit trail's lock with their checks done; the second, reading
    the managers under their lock, sees it would leave none and is refused."""
    first, _code = accounts.create_first_manager(db, "morgan", "Morgan M", PASSWORD, "pc1")
    line = accounts.add_staff(db, first, "robin", "Robin R", StaffRole.MANAGER, PASSWORD)
    second = accounts.sign_in(db, "robin", PASSWORD, "pc2").actor
    desks = [Database.open(db_path) for _ in range(2)]
    try:
        outcomes = queued_behind(str(db_path), "SELECT id FROM audit_chain FOR UPDATE", {}, [
            lambda: accounts.set_active(desks[0], first, line.staff_id, False),
            lambda: accounts.set_active(desks[1], second, first.staff_id, False)])
    finally:
        for desk in desks:
            desk.dispose()
    assert outcomes[0] is None
    assert isinstance(outcomes[1], DomainError)
    assert "last manager who can sign in" in str(outcomes[1])
    with db.reading() as tx:
        active = tx.scalars(select(Staff.username).where(
            Staff.role == StaffRole.MANAGER, Staff.active.is_(True),
            Staff.password_hash.is_not(None))).all()
    assert active == ["morgan"]
