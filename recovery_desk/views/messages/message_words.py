"""How the Messages window words the outbox: channels, statuses, times in the desk's own time
zone, and the "waiting" line ("3 messages waiting to go since Fri 4 Dec 2026 09:15")."""

from __future__ import annotations

from datetime import UTC, datetime

from recovery_desk.rows.messages import MessageRow, Waiting
from recovery_desk.schedule.phrases import format_date
from recovery_desk.vocabulary import MessageChannel, MessageStatus

CHANNEL_WORDS = {MessageChannel.SMS: "Text", MessageChannel.EMAIL: "Email",
                 MessageChannel.PHONE: "To phone"}
STATUS_WORDS = {MessageStatus.TO_PHONE: "To phone", MessageStatus.PHONED: "Phoned",
                MessageStatus.FAILED: "Refused by Notify"}


def status_words(status: MessageStatus) -> str:
    """'Queued', 'Delivered', 'Permanent failure', 'Refused by Notify'."""
    return STATUS_WORDS.get(status, status.value.replace("-", " ").capitalize())


def local_time(at: datetime) -> str:
    """A stored (naive UTC) time as the desk's clock shows it: 'Fri 4 Dec 2026 09:15'."""
    here = at.replace(tzinfo=UTC).astimezone()
    return f"{format_date(here.date())} {here:%H:%M}"


def waiting_words(waiting: Waiting) -> str:
    """The desk's line on what has not gone yet; '' when nothing waits or failed."""
    parts = []
    if waiting.count:
        noun = "message" if waiting.count == 1 else "messages"
        since = f" since {local_time(waiting.since)}" if waiting.since else ""
        parts.append(f"{waiting.count} {noun} waiting to go{since}")
    if waiting.failed:
        parts.append(f"{waiting.failed} refused by Notify (see the outbox)")
    return "; ".join(parts) + ("." if parts else "")


def _people(count: int) -> str:
    return f"{count} {'person' if count == 1 else 'people'}"


def told_words(rows: list[MessageRow]) -> str:
    """What a cancellation queued: 'A text or email will tell 1 person; 2 people are on the
    "to phone" list.'"""
    phone = sum(row.channel is MessageChannel.PHONE for row in rows)
    verb = "is" if phone == 1 else "are"
    return (f"A text or email will tell {_people(len(rows) - phone)}; {_people(phone)} {verb} "
            "on the \u201cto phone\u201d list.")
