"""Walk-ins: someone without a place who comes to a session of an open group is kept on that
session's register as a walk-in, marked attended, so the report can count them.

A walk-in is a row of its own rather than an attendance mark: a mark belongs to a place, and
a walk-in has none (yet). One walk-in per person per session.

Revision ID: 0008_register_day
Revises: 0007_audit_ids
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_register_day"
down_revision: str | None = "0007_audit_ids"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "walk_ins",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("session_id", sa.Integer(), sa.ForeignKey("sessions.id"), nullable=False),
        sa.Column("service_user_id", sa.Integer(), sa.ForeignKey("service_users.id"),
                  nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), sa.ForeignKey("staff.id"), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("session_id", "service_user_id"))
    op.create_index("ix_walk_ins_person", "walk_ins", ["service_user_id"])


def downgrade() -> None:
    op.drop_index("ix_walk_ins_person", table_name="walk_ins")
    op.drop_table("walk_ins")
