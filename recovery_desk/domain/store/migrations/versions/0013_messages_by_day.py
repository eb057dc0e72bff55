"""The outbox found by a session's day and kind (tomorrow's reminders, a cancelled session's
messages) through an index, not by walking its history back from the newest.

Revision ID: 0013_messages_by_day
Revises: 0012_import_batches
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0013_messages_by_day"
down_revision: str | None = "0012_import_batches"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_messages_session", "messages", ["session_date", "kind"])


def downgrade() -> None:
    op.drop_index("ix_messages_session", table_name="messages")
