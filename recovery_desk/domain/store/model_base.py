"""The declarative base every model maps onto, and how enums are stored: shared by models.py
and the model modules beside it (message_models, follow_up_models, import_models)."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any, ClassVar

from sqlalchemy import JSON, Table
from sqlalchemy import Enum as SqlEnum
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    type_annotation_map: ClassVar = {dict[str, Any]: JSON, list[Any]: JSON}
    if TYPE_CHECKING:
        # Each model here maps one Table; SQLAlchemy types __table__ as any FROM clause.
        __table__: ClassVar[Table]


def _enum(enum_type: type[StrEnum], name: str) -> SqlEnum:
    # Stored as plain strings with a CHECK: readable in the file and portable to PostgreSQL.
    return SqlEnum(enum_type, name=name, native_enum=False, create_constraint=True,
                   values_callable=lambda members: [m.value for m in members], length=24)
