"""The PostgreSQL server's own set-up: least privilege for the desks' role, reads that cannot
write, a desk that waits for another's lock and then says so, a lost connection that costs one
action and no restart, and a schema only its owner may build."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError, OperationalError, ProgrammingError

from recovery_desk.domain.operations.setup import open_database
from recovery_desk.domain.service import catalogue_service
from recovery_desk.domain.staff import accounts
from recovery_desk.domain.store import migrate
from recovery_desk.domain.store.database import Database
from recovery_desk.domain.store.failures import explain_database_error
from recovery_desk.domain.store.models import AuditEvent, Group, Staff
from recovery_desk.domain.store.server_database import NeedsUpgradeError, NotOurServerDatabaseError
from recovery_desk.vocabulary import StaffRole
from tests.backends import DESK, PostgresqlHome, staff_row
from tests.conftest import CATALOGUE

TODAY = date(2026, 11, 27)
needs_desk_role = pytest.mark.skipif(not DESK, reason="RECOVERY_DESK_TEST_POSTGRESQL_DESK "
                                                      "is not set (the desks' role)")


@pytest.fixture
def server_desk(postgresql: PostgresqlHome, tmp_path):
    from tests.conftest import _desk_with_catalogue

    target = postgresql.copy("desk", _desk_with_catalogue, tmp_path)
    db, actor = open_database(target, CATALOGUE, today=TODAY)
    yield target, db, actor
    db.dispose()
    postgresql.discard(target)


@needs_desk_role
@pytest.mark.parametrize(("statement", "refusal"), [
    ("UPDATE audit_events SET action = 'nothing'", "permission denied for table audit_events"),
    ("DELETE FROM audit_events", "permission denied for table audit_events"),
    ("TRUNCATE audit_events", "permission denied for table audit_events"),
    ("DROP TABLE groups", "must be owner of table groups"),
    ("ALTER TABLE groups ADD COLUMN x integer", "must be owner of table groups"),
    ("CREATE TABLE mine (id integer)", "permission denied for schema public"),
    ("UPDATE alembic_version SET version_num = 'x'", "permission denied for table alembic"),
    ("UPDATE staff SET role = 'manager'", "permission denied for table staff"),
    ("UPDATE staff SET active = true", "permission denied for table staff"),
    ("UPDATE staff SET password_hash = 'x', must_change_password = false",
     "permission denied for table staff"),
    ("UPDATE staff SET recovery_hash = 'x'", "permission denied for table staff"),
    ("INSERT INTO staff (username, display_name, role, active) "
     "VALUES ('me', 'Me', 'manager', true)", "permission denied for table staff"),
    ("DELETE FROM staff", "permission denied for table staff"),
])
def test_the_desks_role_may_not_change_audit_rows_staff_accounts_nor_the_schema(
        server_desk, statement, refusal) -> None:
    _target, db, _actor = server_desk
    with pytest.raises(ProgrammingError, match=refusal), db.writing() as tx:
        tx.execute(text(statement))


@needs_desk_role
def test_the_desks_role_adds_audit_rows_and_writes_every_other_table(server_desk) -> None:
    """Everything a desk does works with these rights: a catalogue change, audited."""
    _target, db, actor = server_desk
    group = catalogue_service.list_groups(db, actor)[0]
    catalogue_service.set_group_active(db, actor, group.id, False, TODAY)
    with db.reading() as tx:
        assert tx.get(Group, group.id).active is False
        actions = tx.execute(text("SELECT action FROM audit_events ORDER BY id DESC"))
        assert actions.scalars().first() == "retire"


PASSWORD = "correct horse battery"


@needs_desk_role
def test_the_apps_own_staff_flows_work_as_the_desks_role(server_desk) -> None:
    """First manager, sign-in, a lock-out, one's own password, a manager's new account, reset
    and deactivation: each through the owner's functions or the bookkeeping columns."""
    _target, db, _system = server_desk
    manager, _code = accounts.create_first_manager(db, "morgan", "Morgan", PASSWORD, "pc")
    kim = accounts.add_staff(db, manager, "kim", "Kim Keyworker", StaffRole.KEYWORKER,
                             "temporary password")
    signed = accounts.sign_in(db, "kim", "temporary password", "pc")
    assert signed.must_change_password
    accounts.change_password(db, signed.actor, "temporary password", PASSWORD)
    assert not accounts.sign_in(db, "kim", PASSWORD, "pc").must_change_password
    for _ in range(5):
        with pytest.raises(accounts.SignInError):
            accounts.sign_in(db, "kim", "wrong password", "pc")
    with pytest.raises(accounts.SignInError, match="locked"):
        accounts.sign_in(db, "kim", PASSWORD, "pc")
    accounts.reset_password(db, manager, kim.staff_id, "another temporary")
    assert accounts.sign_in(db, "kim", "another temporary", "pc").must_change_password
    accounts.set_active(db, manager, kim.staff_id, False)
    with pytest.raises(accounts.SignInError):
        accounts.sign_in(db, "kim", "another temporary", "pc")
    with db.reading() as tx:
        assert tx.scalar(select(Staff.active).where(Staff.username == "kim")) is False
        assert tx.scalar(select(AuditEvent.action).order_by(AuditEvent.id.desc())
                              .limit(1)) == "sign_in"


@needs_desk_role
@pytest.mark.parametrize(("call", "refusal"), [
    ("staff_add(:keyworker, 'evil', 'Evil', 'manager', 'x')", "Only an active service manager"),
    ("staff_set_active(:keyworker, :keyworker, true)", "Only an active service manager"),
    ("staff_set_password(:keyworker, :manager, 'x')", "Only an active service manager"),
    ("staff_add_first_manager('evil', 'Evil', 'x', 'y')", "already has a manager"),
    ("staff_recover(:keyworker, 'x', 'y')", "Only an active manager's account"),
])
def test_the_owners_staff_functions_refuse_a_desk_that_claims_what_it_may_not(
        server_desk, call, refusal) -> None:
    """Called directly by the desks' role, each function checks the acting account itself:
    a keyworker cannot make a manager, reset a manager's password or recover an account."""
    _target, db, _system = server_desk
    manager, _code = accounts.create_first_manager(db, "morgan", "Morgan", PASSWORD, "pc")
    keyworker = staff_row(db, "kw", "Kay Worker", StaffRole.KEYWORKER)
    with pytest.raises(DBAPIError, match=refusal), db.writing() as tx:
        tx.execute(text(f"SELECT {call}"), {"keyworker": keyworker,
                                                 "manager": manager.staff_id})
    with db.reading() as tx:
        roles = dict(tx.execute(select(Staff.username, Staff.role)).all())
    assert roles["kw"] is StaffRole.KEYWORKER and "evil" not in roles


@needs_desk_role
def test_a_desks_own_temporary_staff_table_cannot_stand_in_for_the_real_one(
        server_desk) -> None:
    """The functions run with a fixed search_path, temporary tables last."""
    _target, db, _system = server_desk
    _manager, _code = accounts.create_first_manager(db, "morgan", "Morgan", PASSWORD, "pc")
    with db.writing() as tx:
        tx.execute(text("CREATE TEMP TABLE staff (id serial, username text, "
                             "display_name text, role text, active boolean, "
                             "password_hash text, must_change_password boolean, "
                             "failed_sign_ins integer)"))
        tx.execute(text("INSERT INTO pg_temp.staff (id, role, active, password_hash) "
                             "VALUES (:kw, 'manager', true, 'x')"), {"kw": 999})
        with pytest.raises(DBAPIError, match="Only an active service manager"):
            tx.execute(text("SELECT staff_add(999, 'evil', 'Evil', 'manager', 'x')"))


def test_a_reading_transaction_cannot_write(server_desk) -> None:
    _target, db, _actor = server_desk
    with pytest.raises(DBAPIError, match="read-only transaction"), db.reading() as tx:
        tx.execute(text("UPDATE groups SET capacity = 1"))


def test_a_desk_waiting_for_another_desks_lock_gives_up_and_says_so(server_desk) -> None:
    target, db, actor = server_desk
    group_id = catalogue_service.list_groups(db, actor)[0].id
    impatient = Database.open(target, busy_timeout_ms=300)
    try:
        with db.writing() as holding:
            holding.execute(text("SELECT id FROM groups WHERE id = :g FOR UPDATE"),
                            {"g": group_id})
            with pytest.raises(OperationalError) as caught, impatient.writing() as waiting:
                waiting.execute(text("SELECT id FROM groups WHERE id = :g FOR UPDATE"),
                                {"g": group_id})
        assert explain_database_error(caught.value).startswith(
            "Another desk is saving just now")
    finally:
        impatient.dispose()


def _terminate_desks(postgresql: PostgresqlHome, target: str) -> int:
    """What a server restart does to a desk: every connection it holds is cut."""
    with postgresql.raw(target) as owner:
        return len(owner.execute(text(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()")).all())


def test_a_lost_connection_costs_one_action_and_the_desk_carries_on(
        postgresql, server_desk) -> None:
    """Connections cut between actions are noticed before use (pool_pre_ping); one cut in the
    middle of a transaction fails that action with the words for a lost server, and is thrown
    away, so the next action works without reopening anything."""
    target, db, actor = server_desk
    groups = catalogue_service.list_groups(db, actor)
    assert _terminate_desks(postgresql, target) >= 1
    assert len(catalogue_service.list_groups(db, actor)) == len(groups)  # between actions

    with pytest.raises(OperationalError) as caught, db.writing() as tx:
        tx.execute(text("SELECT 1"))
        _terminate_desks(postgresql, target)
        tx.execute(text("UPDATE groups SET capacity = capacity"))
    assert caught.value.connection_invalidated
    assert explain_database_error(caught.value).startswith(
        "The database server cannot be reached just now")
    catalogue_service.set_group_active(db, actor, groups[0].id, False, TODAY)  # carries on
    assert not next(g for g in catalogue_service.list_groups(db, actor, include_retired=True)
                    if g.id == groups[0].id).active


@needs_desk_role
def test_only_the_owner_builds_the_schema_and_a_desk_is_told_who_can(
        postgresql) -> None:
    empty = postgresql.new(None, owner=False)
    try:
        with pytest.raises(NeedsUpgradeError, match=r"recovery-desk --db URL upgrade"):
            open_database(empty, CATALOGUE, today=TODAY)
        owner = Database.open(postgresql.url(postgresql.database(empty), owner=True))
        done = migrate.upgrade_server(owner.engine, [postgresql.desk_role])
        assert (done.before, done.after) == (None, migrate.HEAD_REVISION)
        assert [g.role for g in done.granted] == [postgresql.desk_role]
        db, _ = open_database(empty, CATALOGUE, today=TODAY)  # now the desk opens it
        assert len(catalogue_service.list_groups(db, _)) == 7
        db.dispose()
        again = migrate.upgrade_server(owner.engine, [])
        assert [g.role for g in again.granted] == [postgresql.desk_role]  # remembered
        owner.dispose()
    finally:
        postgresql.discard(empty)


def test_another_programs_server_database_is_refused_untouched(postgresql) -> None:
    other = postgresql.new(None)
    try:
        with postgresql.raw(other) as owner:
            owner.execute(text("CREATE TABLE invoices (id integer)"))
        with pytest.raises(NotOurServerDatabaseError, match="another program's tables"):
            open_database(other, CATALOGUE, today=TODAY)
        owner_db = Database.open(other)
        with pytest.raises(NotOurServerDatabaseError):
            migrate.upgrade_server(owner_db.engine, [])
        owner_db.dispose()
        with postgresql.raw(other) as owner:
            tables = owner.execute(text(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).scalars().all()
        assert tables == ["invoices"]
    finally:
        postgresql.discard(other)
