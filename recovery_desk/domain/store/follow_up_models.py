"""The desk's follow-ups after a session: contact attempts after a did-not-attend, and
walk-ins who came to an open group without a place. Kept apart from models.py (which names
them with the rest) so that module stays readable."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from recovery_desk.domain.store.model_base import Base, _enum
from recovery_desk.vocabulary import ContactKind


class ContactAttempt(Base):
    """The desk trying to reach someone after a did-not-attend: how, and what was said in a
    few non-clinical words ("will come Thursday"); clinical notes stay with the keyworker."""

    __tablename__ = "contact_attempts"
    __table_args__ = (Index("ix_contact_attempts_person", "service_user_id", "recorded_at"),
                      Index("ix_contact_attempts_place", "enrolment_id", "recorded_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    service_user_id: Mapped[int] = mapped_column(ForeignKey("service_users.id"))
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("enrolments.id"))
    session_date: Mapped[date] = mapped_column(Date)
    """The session they missed."""
    kind: Mapped[ContactKind] = mapped_column(_enum(ContactKind, "contact_kind"))
    said: Mapped[str] = mapped_column(String(200), default="")
    contacted_on: Mapped[date] = mapped_column(Date)
    """The desk's day when the attempt was made (the flag shows it)."""
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    recorded_at: Mapped[datetime] = mapped_column(DateTime)


class WalkIn(Base):
    """Someone without a place who came to a session of an open group and was marked
    attended as a walk-in; the report counts them apart from the members' marks."""

    __tablename__ = "walk_ins"
    __table_args__ = (UniqueConstraint("session_id", "service_user_id"),
                      Index("ix_walk_ins_person", "service_user_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id"))
    service_user_id: Mapped[int] = mapped_column(ForeignKey("service_users.id"))
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    recorded_at: Mapped[datetime] = mapped_column(DateTime)
