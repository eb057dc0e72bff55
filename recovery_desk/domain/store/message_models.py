"""The outbox table: texts and emails waiting for Notify, and the "to phone" list.

Kept apart from models.py (which maps it with the rest) so that module stays readable.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column

from recovery_desk.domain.store.model_base import Base, _enum
from recovery_desk.vocabulary import MessageChannel, MessageKind, MessageStatus


class Message(Base):
    """The outbox: a text or email written in the same transaction as its cause (a booking,
    a cancellation, an offer; reminders by the sender), sent by domain/messages/sender.py;
    or, with channel "phone", a person the desk must ring because no message can reach them.
    The reference is unique and goes to Notify with the message, so a send whose answer was
    lost is looked up there before it is sent again."""

    __tablename__ = "messages"
    __table_args__ = (Index("ix_messages_status_next", "status", "next_try_at"),
                      Index("ix_messages_person", "service_user_id"),
                      Index("ix_messages_created", "created_at"),
                      # Tomorrow's reminders, a cancelled session's messages: found by their
                      # day, not by walking the outbox's history back from the newest.
                      Index("ix_messages_session", "session_date", "kind"))

    id: Mapped[int] = mapped_column(primary_key=True)
    service_user_id: Mapped[int] = mapped_column(ForeignKey("service_users.id"))
    kind: Mapped[MessageKind] = mapped_column(_enum(MessageKind, "message_kind"))
    channel: Mapped[MessageChannel] = mapped_column(_enum(MessageChannel, "message_channel"))
    to: Mapped[str] = mapped_column(String(254), default="")
    status: Mapped[MessageStatus] = mapped_column(_enum(MessageStatus, "message_status"))
    reference: Mapped[str] = mapped_column(String(100), unique=True)
    discreet: Mapped[bool] = mapped_column(Boolean, default=True)
    session_date: Mapped[date | None] = mapped_column(Date)
    group_id: Mapped[int | None] = mapped_column(ForeignKey("groups.id"))
    personalisation: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)
    error: Mapped[str] = mapped_column(String(300), default="", server_default="")
    notify_id: Mapped[str | None] = mapped_column(String(40))
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    next_try_at: Mapped[datetime | None] = mapped_column(DateTime)
    """UTC; a temporary failure waits until then (backoff)."""
