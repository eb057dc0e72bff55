"""Import batches: each file a manager brings in from a spreadsheet, and the records it added,
so the batch can be counted, audited and taken out again as one.

Revision ID: 0012_import_batches
Revises: 0011_messages
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012_import_batches"
down_revision: str | None = "0011_messages"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "import_batches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("file_name", sa.String(200), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("imported", sa.Integer(), nullable=False),
        sa.Column("made_by_id", sa.Integer(), nullable=False),
        sa.Column("made_at", sa.DateTime(), nullable=False),
        sa.Column("undone_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["made_by_id"], ["staff.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "imported_records",
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("table_name", sa.String(60), nullable=False),
        sa.Column("row_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["batch_id"], ["import_batches.id"]),
        sa.PrimaryKeyConstraint("batch_id", "table_name", "row_id"),
    )
    op.create_index("ix_imported_records_row", "imported_records", ["table_name", "row_id"])


def downgrade() -> None:
    op.drop_index("ix_imported_records_row", table_name="imported_records")
    op.drop_table("imported_records")
    op.drop_table("import_batches")
