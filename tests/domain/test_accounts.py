"""Staff accounts: the first manager, Argon2id passwords, sign-in with lock-outs, recovery
codes, and the manager's keeping of accounts; every sign-in attempt audited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from recovery_desk.domain.service import service_settings
from recovery_desk.domain.staff import accounts
from recovery_desk.domain.store.errors import DomainError, InvalidDetailsError, NotAllowedError
from recovery_desk.domain.store.models import AuditEvent, Staff
from recovery_desk.domain.store.timestamps import utc_now
from recovery_desk.vocabulary import StaffRole

PASSWORD = "correct horse battery"


@pytest.fixture
def manager(db):
    actor, code = accounts.create_first_manager(db, "morgan", "Morgan Manager", PASSWORD, "pc1")
    return actor, code


def _sign_ins(db) -> list[tuple[int | None, str]]:
    with db.reading() as tx:
        return [(e.staff_id, e.outcome) for e in tx.scalars(
            select(AuditEvent).where(AuditEvent.action == "sign_in").order_by(AuditEvent.id))]


def test_a_new_database_needs_a_first_manager_and_gets_only_one(db) -> None:
    assert accounts.needs_first_manager(db)
    actor, code = accounts.create_first_manager(db, "morgan", "Morgan Manager", PASSWORD, "pc1")
    assert actor.role is StaffRole.MANAGER and actor.workstation == "pc1"
    assert len(code) == 23 and code.count("-") == 3
    assert not accounts.needs_first_manager(db)
    with pytest.raises(DomainError, match="already has a manager"):
        accounts.create_first_manager(db, "other", "Other", PASSWORD, "pc1")


def test_passwords_are_argon2id_at_the_owasp_minimum_or_above(db, manager) -> None:
    with db.reading() as tx:
        stored = tx.scalar(select(Staff.password_hash).where(Staff.username == "morgan"))
    assert stored.startswith("$argon2id$") and "m=19456,t=2,p=1" in stored
    assert PASSWORD not in stored


@pytest.mark.parametrize(("username", "name", "password", "field"), [
    ("Morgan Smith", "Morgan", PASSWORD, "username"),
    ("m", "Morgan", PASSWORD, "username"),
    ("morgan", "", PASSWORD, "display_name"),
    ("morgan", "Morgan\u202enagroM", PASSWORD, "display_name"),
    ("morgan", "Mor\u200bgan", PASSWORD, "display_name"),
    ("morgan", "Morgan", "short", "password"),
    ("morgan", "Morgan", " leading space pw", "password"),
])
def test_bad_first_manager_details_are_refused_per_field(db, username, name, password,
                                                        field) -> None:
    with pytest.raises(InvalidDetailsError) as caught:
        accounts.create_first_manager(db, username, name, password, "pc1")
    assert set(caught.value.problems) == {field}
    assert accounts.needs_first_manager(db)


def test_signing_in_checks_the_password_and_audits_every_attempt(db, manager) -> None:
    actor = manager[0]
    with pytest.raises(accounts.SignInError, match="do not match"):
        accounts.sign_in(db, "morgan", "wrong password!", "pc2")
    with pytest.raises(accounts.SignInError, match="do not match"):
        accounts.sign_in(db, "nobody", PASSWORD, "pc2")
    signed = accounts.sign_in(db, "Morgan ", PASSWORD, "pc2")
    assert signed.actor.staff_id == actor.staff_id and not signed.must_change_password
    assert _sign_ins(db) == [(actor.staff_id, "ok"), (actor.staff_id, "refused"),
                             (None, "refused"), (actor.staff_id, "ok")]


def test_five_failures_lock_the_account_even_against_the_right_password(db, manager) -> None:
    for _ in range(4):
        with pytest.raises(accounts.SignInError, match="do not match"):
            accounts.sign_in(db, "morgan", "wrong password!", "pc2")
    with pytest.raises(accounts.SignInError, match="locked for 15 minutes"):
        accounts.sign_in(db, "morgan", "wrong password!", "pc2")
    with pytest.raises(accounts.SignInError, match="locked after too many failed sign-ins"):
        accounts.sign_in(db, "morgan", PASSWORD, "pc2")
    with db.writing() as tx:  # fifteen minutes pass
        staff = tx.scalar(select(Staff).where(Staff.username == "morgan"))
        staff.locked_until = utc_now() - timedelta(seconds=1)
    assert accounts.sign_in(db, "morgan", PASSWORD, "pc2").actor.name == "Morgan Manager"


def test_the_lockout_follows_its_settings(db, manager) -> None:
    service_settings.save(db, manager[0], {"lockout_attempts": 3, "lockout_minutes": 2})
    for _ in range(2):
        with pytest.raises(accounts.SignInError, match="do not match"):
            accounts.sign_in(db, "morgan", "wrong password!", "pc2")
    with pytest.raises(accounts.SignInError, match="locked for 2 minutes"):
        accounts.sign_in(db, "morgan", "wrong password!", "pc2")


def test_staff_added_by_a_manager_set_their_own_password_at_first_sign_in(db, manager) -> None:
    added = accounts.add_staff(db, manager[0], "jo", "Jo Bennett", StaffRole.RECEPTION,
                               "temporary pass 1")
    signed = accounts.sign_in(db, "jo", "temporary pass 1", "desk")
    assert signed.must_change_password and signed.actor.role is StaffRole.RECEPTION
    with pytest.raises(InvalidDetailsError, match="not your current password"):
        accounts.change_password(db, signed.actor, "wrong", "jo's own password")
    accounts.change_password(db, signed.actor, "temporary pass 1", "jo's own password")
    assert not accounts.sign_in(db, "jo", "jo's own password", "desk").must_change_password
    assert [line.username for line in accounts.list_staff(db, manager[0])] == ["jo", "morgan"]
    assert added.must_change_password


def test_a_reset_unlocks_and_asks_for_a_new_password(db, manager) -> None:
    accounts.add_staff(db, manager[0], "sam", "Sam", StaffRole.KEYWORKER, "temporary pass 1")
    for _ in range(5):
        with pytest.raises(accounts.SignInError):
            accounts.sign_in(db, "sam", "wrong password!", "desk")
    sam = next(s for s in accounts.list_staff(db, manager[0]) if s.username == "sam")
    assert sam.locked
    accounts.reset_password(db, manager[0], sam.staff_id, "another temporary")
    assert accounts.sign_in(db, "sam", "another temporary", "desk").must_change_password


def test_a_leaver_is_deactivated_and_cannot_sign_in_and_the_last_manager_stays(db, manager) -> None:
    line = accounts.add_staff(db, manager[0], "leaver", "Lee Leaver", StaffRole.KEYWORKER,
                              "temporary pass 1")
    accounts.set_active(db, manager[0], line.staff_id, False)
    with pytest.raises(accounts.SignInError, match="do not match an active account"):
        accounts.sign_in(db, "leaver", "temporary pass 1", "desk")
    with pytest.raises(DomainError, match="your own account"):
        accounts.set_active(db, manager[0], manager[0].staff_id, False)


def test_only_a_manager_keeps_accounts(db, manager) -> None:
    accounts.add_staff(db, manager[0], "kay", "Kay", StaffRole.KEYWORKER, "temporary pass 1")
    keyworker = accounts.sign_in(db, "kay", "temporary pass 1", "desk").actor
    with pytest.raises(NotAllowedError, match="add staff"):
        accounts.add_staff(db, keyworker, "x", "X", StaffRole.RECEPTION, "temporary pass 1")


def test_a_forgotten_manager_password_is_reset_with_the_one_time_code(db, manager) -> None:
    actor, code = manager
    with pytest.raises(accounts.SignInError, match="recovery code do not match"):
        accounts.recover(db, "morgan", "AAAAA-AAAAA-AAAAA-AAAAA", "brand new password", "pc")
    again, fresh = accounts.recover(db, "morgan", code.lower(), "brand new password", "pc")
    assert again.staff_id == actor.staff_id and fresh != code
    assert accounts.sign_in(db, "morgan", "brand new password", "pc")
    with pytest.raises(accounts.SignInError):  # the code is spent
        accounts.recover(db, "morgan", code, "yet another password", "pc")
