"""Access: sign-in fields on staff accounts, an append-only, hash-chained audit trail, and
the date a record was anonymised after the retention period.

Existing audit rows are chained in id order, so `audit verify` holds from the first row. The
database then refuses UPDATE and DELETE on audit_events (a trigger on each dialect). A later
migration that rebuilds audit_events on SQLite (batch mode copies the table) must create the
triggers again.

Revision ID: 0005_access
Revises: 0004_scale
"""

import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from recovery_desk.domain.store.audit import GENESIS, chain_hash

revision: str = "0005_access"
down_revision: str | None = "0004_scale"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

REFUSAL = "The audit trail cannot be changed or deleted."
AUDIT_INDEXES = (("ix_audit_record", ["entity", "entity_id"]), ("ix_audit_at", ["at"]),
                 ("ix_audit_staff", ["staff_id"]))
SQLITE_TRIGGERS = (
    f"CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events "
    f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END",
    f"CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events "
    f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END",
)
POSTGRESQL_TRIGGERS = (
    "CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS "
    f"$$ BEGIN RAISE EXCEPTION '{REFUSAL}'; END $$",
    "CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events "
    "FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()",
    "CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()",
)


def upgrade() -> None:
    with op.batch_alter_table("staff") as batch:
        batch.add_column(sa.Column("must_change_password", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
        batch.add_column(sa.Column("failed_sign_ins", sa.Integer(), nullable=False,
                                   server_default=sa.text("0")))
        batch.add_column(sa.Column("locked_until", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("recovery_hash", sa.String(200), nullable=True))
        batch.add_column(sa.Column("last_sign_in_at", sa.DateTime(), nullable=True))
    with op.batch_alter_table("service_users") as batch:
        batch.add_column(sa.Column("anonymised_on", sa.Date(), nullable=True))
    # Rebuilding the table (SQLite's batch mode) would remake its indexes in no fixed order;
    # dropped first and made again after, the file comes out the same every time.
    for name, _ in AUDIT_INDEXES:
        op.drop_index(name, table_name="audit_events")
    with op.batch_alter_table("audit_events") as batch:
        batch.alter_column("staff_id", existing_type=sa.Integer(), nullable=True)
        batch.add_column(sa.Column("workstation", sa.String(120), nullable=False,
                                   server_default=""))
        batch.add_column(sa.Column("outcome", sa.String(20), nullable=False,
                                   server_default="ok"))
        batch.add_column(sa.Column("chain_hash", sa.String(64), nullable=False,
                                   server_default=""))
    for name, columns in AUDIT_INDEXES:
        op.create_index(name, "audit_events", columns)
    op.create_table("audit_chain",
                    sa.Column("id", sa.Integer(), primary_key=True),
                    sa.Column("last_hash", sa.String(64), nullable=False))
    _chain_existing_rows()
    for statement in SQLITE_TRIGGERS if _sqlite() else POSTGRESQL_TRIGGERS:
        op.execute(statement)


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _chain_existing_rows() -> None:
    connection = op.get_bind()
    events = sa.table("audit_events", sa.column("id"), sa.column("at", sa.DateTime()),
                      sa.column("staff_id"), sa.column("workstation"), sa.column("action"),
                      sa.column("entity"), sa.column("entity_id"), sa.column("outcome"),
                      sa.column("detail", sa.JSON()), sa.column("chain_hash"))
    previous, updates = GENESIS, []
    for row in connection.execute(sa.select(events).order_by(events.c.id)):
        detail = row.detail if isinstance(row.detail, dict) else json.loads(row.detail or "{}")
        previous = chain_hash(previous, row.at, row.staff_id, row.workstation, row.action,
                              row.entity, row.entity_id, row.outcome, detail)
        updates.append({"event": row.id, "hash": previous})
    if updates:
        connection.execute(events.update().where(events.c.id == sa.bindparam("event"))
                           .values(chain_hash=sa.bindparam("hash")), updates)
    chain = sa.table("audit_chain", sa.column("id"), sa.column("last_hash"))
    connection.execute(chain.insert().values(id=1, last_hash=previous))


def downgrade() -> None:
    if _sqlite():
        op.execute("DROP TRIGGER audit_events_no_update")
        op.execute("DROP TRIGGER audit_events_no_delete")
    else:
        op.execute("DROP TRIGGER audit_events_no_truncate ON audit_events")
        op.execute("DROP TRIGGER audit_events_no_change ON audit_events")
        op.execute("DROP FUNCTION audit_events_append_only()")
    op.drop_table("audit_chain")
    with op.batch_alter_table("audit_events") as batch:
        batch.drop_column("chain_hash")
        batch.drop_column("outcome")
        batch.drop_column("workstation")
    with op.batch_alter_table("service_users") as batch:
        batch.drop_column("anonymised_on")
    with op.batch_alter_table("staff") as batch:
        for column in ("last_sign_in_at", "recovery_hash", "locked_until", "failed_sign_ins",
                       "must_change_password"):
            batch.drop_column(column)
