"""A place can be cancelled as booked in error: enrolments.status also allows 'cancelled'.

A cancelled place never was a place: no figure counts it (reports, registers, capacity, the
cohort review), while the record and the audit trail keep what happened. The status column's
CHECK constraint (enrolment_status) is widened; no row changes.

Revision ID: 0010_cancelled_places
Revises: 0009_contact_attempts
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_cancelled_places"
down_revision: str | None = "0009_contact_attempts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BEFORE = ("active", "completed", "withdrawn", "discharged")
AFTER = (*BEFORE, "cancelled")


def _status(values: tuple[str, ...]) -> sa.Enum:
    return sa.Enum(*values, name="enrolment_status", native_enum=False, create_constraint=True,
                   length=24)


def _change(old: tuple[str, ...], new: tuple[str, ...]) -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        op.drop_constraint("enrolment_status", "enrolments", type_="check")
        op.create_check_constraint("enrolment_status", "enrolments",
                                   sa.column("status").in_(new))
        return
    # SQLite cannot alter a constraint, and rebuilding the table would break the register
    # marks' references to it. Its documented way to change a CHECK without touching the
    # rows: rewrite the table's schema text and bump the schema version, in this transaction.
    table_sql = str(bind.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'enrolments'").scalar())
    was, becomes = _check_text(old), _check_text(new)
    if was not in table_sql:
        raise RuntimeError("The enrolments table's status constraint is not the expected one.")
    version = int(bind.exec_driver_sql("PRAGMA schema_version").scalar_one())
    bind.exec_driver_sql("PRAGMA writable_schema = ON")
    bind.exec_driver_sql("UPDATE sqlite_master SET sql = ? WHERE type = 'table' "
                         "AND name = 'enrolments'", (table_sql.replace(was, becomes),))
    bind.exec_driver_sql(f"PRAGMA schema_version = {version + 1}")
    bind.exec_driver_sql("PRAGMA writable_schema = OFF")


def _check_text(values: tuple[str, ...]) -> str:
    return "CHECK (status IN (" + ", ".join(f"'{v}'" for v in values) + "))"


def upgrade() -> None:
    _change(BEFORE, AFTER)


def downgrade() -> None:
    op.execute("UPDATE enrolments SET status = 'withdrawn' WHERE status = 'cancelled'")
    _change(AFTER, BEFORE)
