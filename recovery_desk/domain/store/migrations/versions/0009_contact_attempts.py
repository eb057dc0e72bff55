"""Contact attempts and answer-by dates: the desk's tries to reach someone after a
did-not-attend (how, and a few non-clinical words), and the last day to answer a waiting-list
offer.

Revision ID: 0009_contact_attempts
Revises: 0008_register_day
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_contact_attempts"
down_revision: str | None = "0008_register_day"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = (("ix_contact_attempts_person", ["service_user_id", "recorded_at"]),
           ("ix_contact_attempts_place", ["enrolment_id", "recorded_at"]))


def upgrade() -> None:
    with op.batch_alter_table("waiting_list_entries") as batch:
        batch.add_column(sa.Column("answer_by", sa.Date(), nullable=True))
    op.create_table(
        "contact_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("service_user_id", sa.Integer(), nullable=False),
        sa.Column("enrolment_id", sa.Integer(), nullable=False),
        sa.Column("session_date", sa.Date(), nullable=False),
        sa.Column("kind", sa.Enum("called", "left_message", "no_answer", "letter_sent",
                                  name="contact_kind", native_enum=False,
                                  create_constraint=True, length=24), nullable=False),
        sa.Column("said", sa.String(200), nullable=False),
        sa.Column("contacted_on", sa.Date(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["service_user_id"], ["service_users.id"]),
        sa.ForeignKeyConstraint(["enrolment_id"], ["enrolments.id"]),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["staff.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    for name, columns in INDEXES:
        op.create_index(name, "contact_attempts", columns)


def downgrade() -> None:
    for name, _columns in INDEXES:
        op.drop_index(name, table_name="contact_attempts")
    op.drop_table("contact_attempts")
    with op.batch_alter_table("waiting_list_entries") as batch:
        batch.drop_column("answer_by")
