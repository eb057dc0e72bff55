"""Places: one active place per person per group, one live waiting-list entry, one current
register mark (partial unique indexes), and when an offer passed someone over.

Revision ID: 0003_places
Revises: 0002_people
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_places"
down_revision: str | None = "0002_people"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = (
    ("one_active_place", "enrolments", ["service_user_id", "group_id"], "status = 'active'"),
    ("one_live_waiting_entry", "waiting_list_entries", ["service_user_id", "group_id"],
     "status IN ('waiting', 'offered')"),
    ("one_current_mark", "attendance", ["session_id", "enrolment_id"],
     "superseded_by_id IS NULL"),
)


def upgrade() -> None:
    with op.batch_alter_table("waiting_list_entries") as batch:
        batch.add_column(sa.Column("passed_over_on", sa.Date(), nullable=True))
    for name, table, columns, condition in INDEXES:
        op.create_index(name, table, columns, unique=True, sqlite_where=sa.text(condition),
                        postgresql_where=sa.text(condition))


def downgrade() -> None:
    for name, table, _columns, _condition in INDEXES:
        op.drop_index(name, table_name=table)
    with op.batch_alter_table("waiting_list_entries") as batch:
        batch.drop_column("passed_over_on")
