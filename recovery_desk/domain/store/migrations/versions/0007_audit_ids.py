"""Audit row ids are never reused: audit_events becomes AUTOINCREMENT on SQLite.

Without it SQLite gives a new row the largest id plus one, so rows cut from the end of the
trail would have their ids taken again by the next rows, and a comparison with a backup
would see changed rows where rows are missing. The table is rebuilt (SQLite cannot change a
key in place) with every row and id kept; sqlite_sequence starts from the largest id. The
append-only triggers go with the old table and are made again, as are the indexes.

On PostgreSQL the ids come from a sequence, which never hands out a number twice: nothing to do.

Revision ID: 0007_audit_ids
Revises: 0005_access
"""

from collections.abc import Sequence

from alembic import op

from recovery_desk.domain.store.audit_guard import SQLITE_TRIGGERS

revision: str = "0007_audit_ids"
down_revision: str | None = "0006_staff_guard"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

AUDIT_INDEXES = (("ix_audit_record", ["entity", "entity_id"]), ("ix_audit_at", ["at"]),
                 ("ix_audit_staff", ["staff_id"]))


def _rebuild(autoincrement: bool) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for name in SQLITE_TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    # Dropped first and made again after, so the file comes out the same every time.
    for name, _ in AUDIT_INDEXES:
        op.drop_index(name, table_name="audit_events")
    with op.batch_alter_table("audit_events", recreate="always",
                              table_kwargs={"sqlite_autoincrement": autoincrement}):
        pass
    for name, columns in AUDIT_INDEXES:
        op.create_index(name, "audit_events", columns)
    for statement in SQLITE_TRIGGERS.values():
        op.execute(statement)


def upgrade() -> None:
    _rebuild(True)


def downgrade() -> None:
    _rebuild(False)
