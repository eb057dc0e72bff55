"""A database on a PostgreSQL server that several desks share: whether it is ours, who may
change its schema, and what the desks' role may do.

Least privilege: the schema's owner runs the migrations (`recovery-desk --db URL upgrade`);
desks connect as a role that may read and write rows, may only add (never change or delete)
audit rows, may read but not move the schema revision, and owns nothing, so it cannot alter or
drop a table. The audit triggers (migration 0005) refuse changes to audit rows even to the
owner; the grants are the first wall, the triggers the second. Staff accounts are read, and
their sign-in bookkeeping written, by the desks' role; everything else about an account (a new
one, its role, password, recovery code, whether it is active) changes only through the owner's
functions of migration 0006, which the desks' role may execute.

Used by setup (opening), the upgrade verb and the transfer.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, Engine, inspect, text

from recovery_desk.domain.store.errors import DomainError
from recovery_desk.domain.store.sqlite_files import OUR_TABLES

APPEND_ONLY = "audit_events"
READ_ONLY = "alembic_version"
ROWS = "SELECT, INSERT, UPDATE, DELETE"
STAFF = "staff"
SIGN_IN_BOOKKEEPING = "SELECT, UPDATE (failed_sign_ins, locked_until, last_sign_in_at)"
"""What the desks' role may do to staff rows itself; the rest goes through the functions."""
STAFF_FUNCTIONS = "staff\\_%"


class NotOurServerDatabaseError(DomainError):
    """The database holds another program's tables."""


class NeedsUpgradeError(DomainError):
    """The schema is missing or older, and this role may not build it."""


def table_names(connection: Connection) -> set[str]:
    return set(inspect(connection).get_table_names())


def check_is_ours_or_empty(connection: Connection, where: str) -> None:
    found = table_names(connection)
    if found and not found >= OUR_TABLES:
        listed = ", ".join(sorted(found)[:5])
        raise NotOurServerDatabaseError(
            f"{where} holds another program's tables ({listed}), not Recovery Desk's; nothing "
            "in it was changed. Give Recovery Desk a database of its own.")


def may_change_schema(connection: Connection) -> bool:
    return bool(connection.execute(text(
        "SELECT has_schema_privilege(current_schema(), 'CREATE')")).scalar())


def check_can_upgrade(connection: Connection, where: str) -> None:
    """Before migrating: a desk's role cannot, so say who can instead of failing midway."""
    if not may_change_schema(connection):
        raise NeedsUpgradeError(
            f"The database {where} has no Recovery Desk schema, or an older one, and this "
            "desk's role may not change the schema (as it should be). Ask IT to run "
            "`recovery-desk --db URL upgrade` as the schema's owner (see the README's "
            "'Several desks'), then open it again.")


def _quote(connection: Connection, name: str) -> str:
    return connection.dialect.identifier_preparer.quote(name)


@dataclass(frozen=True)
class Granted:
    role: str
    tables: int
    can_create: bool
    """The role may create objects in the schema: PUBLIC still has CREATE there."""


def granted_roles(connection: Connection) -> set[str]:
    """Roles other than the owner that already hold the desks' rights (on groups)."""
    return set(connection.execute(text(
        "SELECT DISTINCT grantee FROM information_schema.table_privileges "
        "WHERE table_schema = current_schema() AND table_name = 'groups' "
        "AND privilege_type = 'INSERT' AND grantee NOT IN (current_user, 'PUBLIC')"))
        .scalars())


def grant_desk_role(connection: Connection, role: str) -> Granted:
    """Give a desks' role exactly its rights on every table and sequence of the schema, in
    the caller's transaction (again after each upgrade: new tables need grants)."""
    exists = connection.execute(text("SELECT rolsuper FROM pg_roles WHERE rolname = :r"),
                                {"r": role}).first()
    if exists is None:
        raise DomainError(f"There is no role '{role}' on the server; create it first (see "
                          "the README's 'Several desks').")
    owner = connection.execute(text("SELECT current_user")).scalar()
    if role == owner or exists[0]:
        raise DomainError(f"'{role}' owns the schema or is a superuser; desks need a role of "
                          "their own that owns nothing.")
    schema = connection.execute(text("SELECT current_schema()")).scalar()
    who, where = _quote(connection, role), _quote(connection, str(schema))
    connection.execute(text(f"GRANT USAGE ON SCHEMA {where} TO {who}"))
    tables = sorted(table_names(connection))
    for table in tables:
        rights = "SELECT, INSERT" if table == APPEND_ONLY else \
            "SELECT" if table == READ_ONLY else SIGN_IN_BOOKKEEPING if table == STAFF else ROWS
        name = f"{where}.{_quote(connection, table)}"
        connection.execute(text(f"REVOKE ALL ON TABLE {name} FROM {who}"))
        connection.execute(text(f"GRANT {rights} ON TABLE {name} TO {who}"))
    connection.execute(text(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {where} TO {who}"))
    for function in connection.execute(text(
            "SELECT p.oid::regprocedure::text FROM pg_proc p "
            "WHERE p.pronamespace = current_schema()::regnamespace "
            "AND p.proname LIKE :pattern AND p.prosecdef"), {"pattern": STAFF_FUNCTIONS}
            ).scalars():
        connection.execute(text(f"GRANT EXECUTE ON FUNCTION {function} TO {who}"))
    can_create = bool(connection.execute(text(
        "SELECT has_schema_privilege(:r, current_schema(), 'CREATE')"), {"r": role}).scalar())
    return Granted(role, len(tables), can_create)


def move_sequences_past_ids(connection: Connection) -> int:
    """Every serial column's sequence set past the highest id its table holds (after rows
    were copied in with their ids). Returns how many sequences were moved."""
    rows = connection.execute(text(
        "SELECT c.relname, a.attname, pg_get_serial_sequence(quote_ident(c.relname), "
        "a.attname) FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid "
        "WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r' "
        "AND a.attnum > 0 AND NOT a.attisdropped "
        "AND pg_get_serial_sequence(quote_ident(c.relname), a.attname) IS NOT NULL")).all()
    for table, column, sequence in rows:
        top = connection.execute(text(
            f"SELECT max({_quote(connection, column)}) FROM {_quote(connection, table)}")
        ).scalar()
        connection.execute(text("SELECT setval(:s, :v, :called)"),
                           {"s": sequence, "v": top or 1, "called": top is not None})
    return len(rows)


def is_server(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"

