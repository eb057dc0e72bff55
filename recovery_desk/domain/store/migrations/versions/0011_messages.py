"""Reaching people by text and email: contact details and consent on the person, and the
outbox of messages (with the "to phone" list as rows of channel 'phone').

Every existing person gets no mobile, no email, no consent and discreet wording: nothing is
sent to anyone until the desk records their agreement.

Revision ID: 0011_messages
Revises: 0010_cancelled_places
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011_messages"
down_revision: str | None = "0010_cancelled_places"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = (("ix_messages_status_next", ["status", "next_try_at"]),
           ("ix_messages_person", ["service_user_id"]),
           ("ix_messages_created", ["created_at"]))
PERSON_COLUMNS = ("mobile", "email", "texts_consent", "texts_consent_on", "texts_consent_by_id",
                  "emails_consent", "emails_consent_on", "emails_consent_by_id", "wording")


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=24)


def _person_columns() -> list[sa.Column]:
    return [
        sa.Column("mobile", sa.String(20), nullable=False, server_default=""),
        sa.Column("email", sa.String(254), nullable=False, server_default=""),
        sa.Column("texts_consent", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("texts_consent_on", sa.Date(), nullable=True),
        sa.Column("texts_consent_by_id", sa.Integer(),
                  sa.ForeignKey("staff.id", name="fk_service_users_texts_consent_by"),
                  nullable=True),
        sa.Column("emails_consent", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("emails_consent_on", sa.Date(), nullable=True),
        sa.Column("emails_consent_by_id", sa.Integer(),
                  sa.ForeignKey("staff.id", name="fk_service_users_emails_consent_by"),
                  nullable=True),
        sa.Column("wording", _enum("wording", "discreet", "named"), nullable=False,
                  server_default="discreet"),
    ]


# SQLite adds each column in place (ALTER TABLE ... ADD COLUMN takes an inline REFERENCES and
# CHECK): rebuilding the table, as batch mode would, rewrites its schema text in an order that
# varies from run to run, and breaks nothing else only by luck.
SQLITE_COLUMNS = (
    "mobile VARCHAR(20) DEFAULT '' NOT NULL",
    "email VARCHAR(254) DEFAULT '' NOT NULL",
    "texts_consent BOOLEAN DEFAULT 0 NOT NULL",
    "texts_consent_on DATE",
    "texts_consent_by_id INTEGER REFERENCES staff (id)",
    "emails_consent BOOLEAN DEFAULT 0 NOT NULL",
    "emails_consent_on DATE",
    "emails_consent_by_id INTEGER REFERENCES staff (id)",
    "wording VARCHAR(24) DEFAULT 'discreet' NOT NULL "
    "CONSTRAINT wording CHECK (wording IN ('discreet', 'named'))",
)


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for definition in SQLITE_COLUMNS:
            bind.exec_driver_sql(f"ALTER TABLE service_users ADD COLUMN {definition}")
    else:
        for column in _person_columns():
            op.add_column("service_users", column)
    op.create_table(
        "messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("service_user_id", sa.Integer(), nullable=False),
        sa.Column("kind", _enum("message_kind", "reminder", "booked", "cancelled", "offer"),
                  nullable=False),
        sa.Column("channel", _enum("message_channel", "sms", "email", "phone"), nullable=False),
        sa.Column("to", sa.String(254), nullable=False),
        sa.Column("status", _enum("message_status", "queued", "sending", "sent", "delivered",
                                  "permanent-failure", "temporary-failure",
                                  "technical-failure", "failed", "to_phone", "phoned"),
                  nullable=False),
        sa.Column("reference", sa.String(100), nullable=False),
        sa.Column("discreet", sa.Boolean(), nullable=False),
        sa.Column("session_date", sa.Date(), nullable=True),
        sa.Column("group_id", sa.Integer(), nullable=True),
        sa.Column("personalisation", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("error", sa.String(300), nullable=False, server_default=""),
        sa.Column("notify_id", sa.String(40), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default=sa.text("0")),
        sa.Column("next_try_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["service_user_id"], ["service_users.id"]),
        sa.ForeignKeyConstraint(["group_id"], ["groups.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("reference"),
    )
    for name, columns in INDEXES:
        op.create_index(name, "messages", columns)


def downgrade() -> None:
    for name, _columns in INDEXES:
        op.drop_index(name, table_name="messages")
    op.drop_table("messages")
    with op.batch_alter_table("service_users") as batch:
        for name in reversed(PERSON_COLUMNS):
            batch.drop_column(name)
