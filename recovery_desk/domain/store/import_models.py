"""What each import from a spreadsheet added, so it can be counted, audited and taken out
again as one (domain/operations/import_service.py). Kept apart from models.py (which names
them with the rest) so that module stays readable."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from recovery_desk.domain.store.model_base import Base


class ImportBatch(Base):
    """A file a manager imported (people, referrals, places, waiting lists or registers):
    counted and audited as one, and taken out again as one while nothing newer depends on it."""

    __tablename__ = "import_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    file_name: Mapped[str] = mapped_column(String(200))
    rows: Mapped[int] = mapped_column(Integer)
    imported: Mapped[int] = mapped_column(Integer)
    made_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    made_at: Mapped[datetime] = mapped_column(DateTime)
    undone_at: Mapped[datetime | None] = mapped_column(DateTime)


class ImportedRecord(Base):
    """One row an import batch added, named by its table and id."""

    __tablename__ = "imported_records"
    __table_args__ = (Index("ix_imported_records_row", "table_name", "row_id"),)

    batch_id: Mapped[int] = mapped_column(ForeignKey("import_batches.id"), primary_key=True)
    table_name: Mapped[str] = mapped_column(String(60), primary_key=True)
    row_id: Mapped[int] = mapped_column(Integer, primary_key=True)
