"""The outbox as the desk reads it: the messages newest first, the "to phone" list, how many
wait and since when, and the desk logging that it rang someone on the list.

Each is a service of the usual shape fn(db, actor, ...) returning plain rows
(rows/messages.py); reading the outbox shows contact details, so it needs SEND_MESSAGES
(reception and up); recording a call needs EDIT_CONTACT.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from recovery_desk import identifiers
from recovery_desk.access import Permission
from recovery_desk.domain.store import audit
from recovery_desk.domain.store.actor import Actor
from recovery_desk.domain.store.database import Database
from recovery_desk.domain.store.errors import DomainError, NotFoundError
from recovery_desk.domain.store.message_models import Message
from recovery_desk.domain.store.models import Group, ServiceUser
from recovery_desk.domain.store.row_locks import locked
from recovery_desk.rows.messages import MessageRow, ToPhoneRow, Waiting
from recovery_desk.text_checks import reason_problem
from recovery_desk.vocabulary import MessageChannel, MessageKind, MessageStatus

LIST_LIMIT = 500


def list_messages(db: Database, actor: Actor, limit: int = LIST_LIMIT,
                  kind: MessageKind | None = None,
                  session_date: date | None = None,
                  group_id: int | None = None) -> list[MessageRow]:
    """The outbox newest first (texts, emails and "to phone" rows), at most limit; one
    statement. kind, session_date and group_id narrow it (tomorrow's reminders: REMINDER and
    the day; a cancelled session: CANCELLED, its day and its group)."""
    actor.require(Permission.SEND_MESSAGES)
    query = select(Message)
    if kind is not None:
        query = query.where(Message.kind == kind)
    if session_date is not None:
        query = query.where(Message.session_date == session_date)
    if group_id is not None:
        query = query.where(Message.group_id == group_id)
    with db.reading() as tx:
        return [MessageRow(m.id, m.service_user_id, m.kind, m.channel, m.to, m.status,
                           m.reference, m.discreet, m.session_date, m.created_at, m.sent_at,
                           m.error)
                for m in tx.scalars(query.order_by(Message.created_at.desc(),
                                                   Message.id.desc()).limit(limit))]


def to_phone(db: Database, actor: Actor) -> list[ToPhoneRow]:
    """People the desk must ring (no consent or no number to message them), oldest first,
    with their number; one statement."""
    actor.require(Permission.SEND_MESSAGES)
    with db.reading() as tx:
        rows = tx.execute(
            select(Message, ServiceUser, Group.name).join(
                ServiceUser, Message.service_user_id == ServiceUser.id)
            .outerjoin(Group, Message.group_id == Group.id)
            .where(Message.status == MessageStatus.TO_PHONE)
            .order_by(Message.created_at, Message.id))
        return [ToPhoneRow(m.id, p.id, p.name, m.to or _number(p), m.kind, m.session_date,
                           name or "", m.created_at) for m, p, name in rows]


def _number(person: ServiceUser) -> str:
    number = person.mobile or person.phone
    return identifiers.format_phone(number) if number else ""


def waiting(db: Database, actor: Actor) -> Waiting:
    """How many texts and emails wait to go and since when (the oldest), and how many Notify
    refused: the desk's line that works offline. One statement."""
    actor.require(Permission.SEND_MESSAGES)
    with db.reading() as tx:
        count, since = tx.execute(select(func.count(), func.min(Message.created_at)).where(
            Message.status.in_((MessageStatus.QUEUED, MessageStatus.SENDING)))).one()
        failed = tx.scalar(select(func.count()).select_from(Message).where(
            Message.status == MessageStatus.FAILED)) or 0
        return Waiting(count or 0, since, failed)


def record_phoned(db: Database, actor: Actor, message_id: int, said: str) -> None:
    """The desk rang the person on the "to phone" list: the row leaves the list and the
    contact is logged (audited with the few non-clinical words said)."""
    actor.require(Permission.EDIT_CONTACT)
    refused = reason_problem(said, "Say in a few words how it went (\"told them\", \"left a "
                                   "message\").")
    if refused:
        raise DomainError(refused)
    with db.writing() as tx:
        row = locked(tx, Message, message_id)
        if row is None:
            raise NotFoundError("That call is no longer on the list; reload.")
        if row.channel is not MessageChannel.PHONE or row.status is not MessageStatus.TO_PHONE:
            raise DomainError("That call has already been logged; reload.")
        row.status, row.error = MessageStatus.PHONED, said.strip()[:300]
        audit.record(tx, actor, "phoned", "message", row.id, kind=row.kind.value,
                     said=said.strip())
