"""Rows about reaching people: a person's contact choices, the outbox's messages, the "to
phone" list and how many messages wait.

Filled by domain/people/contact_details.py and domain/messages/; shown by the CLI's `messages`
verbs and the desk's screens.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from recovery_desk.vocabulary import MessageChannel, MessageKind, MessageStatus, Wording


@dataclass(frozen=True)
class ContactChoices:
    """How a person may be reached: given to save_intake() / save_contact(); read back by
    open_person() and contact_choices() with when and by whom each consent was recorded."""

    mobile: str = ""
    email: str = ""
    texts: bool = False
    """They agree to texts (a mobile is then needed)."""
    emails: bool = False
    """They agree to emails (an email address is then needed)."""
    wording: Wording = Wording.DISCREET
    texts_recorded_on: date | None = None
    texts_recorded_by: str = ""
    emails_recorded_on: date | None = None
    emails_recorded_by: str = ""


@dataclass(frozen=True)
class MessageRow:
    """One outbox row, as `messages list` and the outbox screen show it."""

    id: int
    person_id: int
    kind: MessageKind
    channel: MessageChannel
    to: str
    status: MessageStatus
    reference: str
    discreet: bool
    session_date: date | None
    created_at: datetime
    sent_at: datetime | None
    error: str

    def as_json(self) -> dict[str, object]:
        """The fields `messages list --json` prints, dates as ISO text."""
        return {"id": self.id, "person_id": self.person_id, "kind": self.kind.value,
                "channel": self.channel.value, "to": self.to, "status": self.status.value,
                "reference": self.reference, "discreet": self.discreet,
                "session_date": self.session_date.isoformat() if self.session_date else None,
                "created_at": self.created_at.isoformat(timespec="seconds"),
                "sent_at": self.sent_at.isoformat(timespec="seconds") if self.sent_at
                else None, "error": self.error}


@dataclass(frozen=True)
class ToPhoneRow:
    """Someone the desk must ring for an event: no consent or no number to message them."""

    message_id: int
    person_id: int
    name: str
    phone: str
    """Their phone or mobile as people read it; empty when the record has neither."""
    kind: MessageKind
    session_date: date | None
    group: str
    """The group's name (the desk sees it; it is never sent in a discreet message)."""
    created_at: datetime


@dataclass(frozen=True)
class Waiting:
    """How many messages wait to go, and since when (UTC), for the desk's offline line."""

    count: int
    since: datetime | None
    failed: int
    """Messages Notify refused (permanent failures), shown on the desk with their reason."""


@dataclass(frozen=True)
class SendResult:
    """What one sender run did: `messages send --json` prints these four numbers."""

    queued: int
    """Reminders queued by this run."""
    sent: int
    failed: int
    waiting: int
    """Still to go after the run (offline, or retrying after a temporary failure)."""
