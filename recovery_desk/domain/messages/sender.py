"""The sender: what is due goes to GOV.UK Notify, exactly once, and what Notify says comes back.

One run (send_due: `messages send`, or the desk while it is open) queues tomorrow's reminders,
settles messages a crash left 'sending', sends each due message in turn and fetches delivery
statuses. Exactly once: a message is marked 'sending' and committed before it is handed to
Notify with its unique reference; if the answer is lost (a crash, a dropped network) the
message stays 'sending', and the next run asks Notify for that reference before anything is
sent again: found, it is stored as sent; not found, it is queued again.

Temporary failures (429, 5xx, no network) wait with a growing backoff; with no network the
run stops at once and everything waits. Permanent ones (400: an invalid number or address,
403: a bad key, an opted-out person) are failed with Notify's reason, for the desk to see.
Nothing personal is logged: only ids, statuses and counts.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import func, select

from recovery_desk.access import Permission
from recovery_desk.domain.messages.notify_setup import NotifySettings, read_key, read_settings
from recovery_desk.domain.messages.reminders import queue_reminders
from recovery_desk.domain.service import service_settings
from recovery_desk.domain.store import audit
from recovery_desk.domain.store.actor import Actor
from recovery_desk.domain.store.database import Database
from recovery_desk.domain.store.message_models import Message
from recovery_desk.domain.store.row_locks import locked
from recovery_desk.domain.store.timestamps import utc_now
from recovery_desk.rows.messages import SendResult
from recovery_desk.vocabulary import MessageChannel, MessageStatus

log = logging.getLogger(__name__)

BATCH = 500
"""At most this many messages a run; the rest go on the next."""
STALE_SENDING = timedelta(minutes=2)
"""A 'sending' row older than this was left by a run that stopped (the client gives up after
REQUEST_TIMEOUT); a younger one may be another desk's send still under way."""
REQUEST_TIMEOUT = 30
MAX_BACKOFF = timedelta(hours=1)
DELIVERY_STATUSES = {"delivered": MessageStatus.DELIVERED,
                     "permanent-failure": MessageStatus.PERMANENT_FAILURE,
                     "temporary-failure": MessageStatus.TEMPORARY_FAILURE,
                     "technical-failure": MessageStatus.TECHNICAL_FAILURE}
CHECK_DELIVERY_FOR = timedelta(days=7)


class NotifyClient(Protocol):
    """The calls of notifications_python_client's NotificationsAPIClient the sender makes."""

    def send_sms_notification(self, phone_number: str, template_id: str,
                              personalisation: Any = None, reference: Any = None,
                              sms_sender_id: Any = None) -> Any: ...

    def send_email_notification(self, email_address: str, template_id: str,
                                personalisation: Any = None, reference: Any = None,
                                email_reply_to_id: Any = None,
                                one_click_unsubscribe_url: Any = None) -> Any: ...

    def get_all_notifications(self, status: Any = None, template_type: Any = None,
                              reference: Any = None, older_than: Any = None,
                              include_jobs: Any = None) -> Any: ...

    def get_notification_by_id(self, id: Any) -> Any: ...


def notify_client(db: Database, key_file: Path) -> NotifyClient | None:
    """A client for the set-up account, or None when no key is stored here (messages wait)."""
    key = read_key(key_file)
    if key is None:
        return None
    from notifications_python_client.notifications import NotificationsAPIClient

    with db.reading() as tx:
        base_url = read_settings(tx).base_url
    client: NotifyClient = NotificationsAPIClient(key, base_url=base_url,
                                                  timeout=REQUEST_TIMEOUT)
    return client


def send_due(db: Database, actor: Actor, on: date, client: NotifyClient | None,
             now: Callable[[], datetime] = utc_now,
             stale_after: timedelta = STALE_SENDING, remind: bool = True) -> SendResult:
    """Queue reminders for the day after `on` (unless remind is False), then (with a client)
    settle, send and fetch statuses. Returns the four counts `messages send` prints."""
    actor.require(Permission.SEND_MESSAGES)
    queued = queue_reminders(db, actor, on) if remind else 0
    sent = failed = 0
    if client is not None:
        with db.reading() as tx:
            settings = read_settings(tx)
        if _settle(db, client, now() - stale_after):
            sent, failed = _send(db, client, settings, on, now)
            _fetch_statuses(db, client, now())
        if sent or failed:
            with db.writing() as tx:
                audit.record(tx, actor, "send_messages", "messages", None, sent=sent,
                             failed=failed)
    with db.reading() as tx:
        waiting = tx.scalar(select(func.count()).select_from(Message).where(
            Message.status.in_((MessageStatus.QUEUED, MessageStatus.SENDING)))) or 0
    return SendResult(queued, sent, failed, waiting)


def send_from_desk(db: Database, actor: Actor, today: date, key_file: Path,
                   hour: int | None = None) -> SendResult:
    """The desk's own run while it is open (its timer, off the window's thread): what is due
    goes when Notify is set up here; tomorrow's reminders are queued only from the service's
    reminder hour (a setting) on, so a person booked in the morning is reminded too. hour:
    the desk's local hour now (default: the clock's)."""
    start = service_settings.read(db)["reminder_hour"]
    hour = datetime.now().hour if hour is None else hour
    return send_due(db, actor, today, notify_client(db, key_file), remind=hour >= start)


def _is_offline(error: Exception) -> bool:
    """No answer at all (the library's 503 with no response): the network or Notify is down."""
    return getattr(error, "response", None) is None


def _status_code(error: Exception) -> int:
    return int(getattr(error, "status_code", 503))


def _reason(error: Exception) -> str:
    message = getattr(error, "message", "")
    if isinstance(message, list):  # Notify's errors: [{"error": ..., "message": ...}]
        message = "; ".join(str(e.get("message", e)) if isinstance(e, dict) else str(e)
                            for e in message)
    return f"{_status_code(error)}: {message}"[:300]


def _settle(db: Database, client: NotifyClient, before: datetime) -> bool:
    """Each message left 'sending' before `before` looked up by reference: sent if Notify has
    it, queued again if not. False when Notify cannot be reached (everything waits)."""
    from notifications_python_client.errors import APIError

    with db.reading() as tx:
        stale = list(tx.scalars(select(Message.id).where(
            Message.status == MessageStatus.SENDING, Message.next_try_at < before)))
    for message_id in stale:
        with db.writing() as tx:
            row = locked(tx, Message, message_id)
            if row is None or row.status is not MessageStatus.SENDING:
                continue
            try:
                found = client.get_all_notifications(reference=row.reference)
            except APIError as error:
                if _is_offline(error):
                    return False
                log.warning("Looking up message %s failed: %s", row.id, _status_code(error))
                continue
            known = (found or {}).get("notifications") or []
            if known:
                row.status = MessageStatus.SENT
                row.notify_id = str(known[0].get("id"))
                row.sent_at = row.sent_at or row.next_try_at
                row.status = DELIVERY_STATUSES.get(known[0].get("status", ""), row.status)
            else:
                row.status = MessageStatus.QUEUED
    return True


def _send(db: Database, client: NotifyClient, settings: NotifySettings, on: date,
          now: Callable[[], datetime]) -> tuple[int, int]:
    """Send each due message in turn; (sent, failed)."""
    with db.reading() as tx:
        due = list(tx.scalars(select(Message.id).where(
            Message.status == MessageStatus.QUEUED,
            (Message.next_try_at.is_(None)) | (Message.next_try_at <= now()))
            .order_by(Message.id).limit(BATCH)))
    sent = failed = 0
    for message_id in due:
        outcome = _send_one(db, client, settings, message_id, on, now)
        sent += outcome == "sent"
        failed += outcome in ("failed", "refused key")
        if outcome in ("offline", "refused key"):
            # No network, or a key Notify refuses (403): every other message would fare the
            # same, so they wait for the next run rather than all failing now.
            break
    return sent, failed


def _claim(db: Database, settings: NotifySettings, message_id: int, on: date,
           at: datetime) -> dict[str, Any] | str:
    """Mark the message 'sending' and commit (the point after which it is only ever looked
    up, never blindly sent again); returns what to send, or why nothing is sent."""
    with db.writing() as tx:
        row = locked(tx, Message, message_id)
        if row is None or row.status is not MessageStatus.QUEUED:
            return "skipped"
        template = settings.templates.get(row.kind)
        if template is None:
            return "skipped"  # waits until its template is set up
        if row.session_date is not None and row.session_date < on:
            row.status, row.error = MessageStatus.FAILED, "Not sent: the session has passed."
            return "failed"
        row.status, row.attempts, row.next_try_at = MessageStatus.SENDING, row.attempts + 1, at
        return {"channel": row.channel, "to": row.to, "template": template,
                "fields": dict(row.personalisation), "reference": row.reference,
                "attempts": row.attempts}


def _send_one(db: Database, client: NotifyClient, settings: NotifySettings, message_id: int,
              on: date, now: Callable[[], datetime]) -> str:
    """'sent', 'failed', 'refused key', 'waiting', 'offline' or 'skipped'."""
    from notifications_python_client.errors import APIError

    claim = _claim(db, settings, message_id, on, now())
    if isinstance(claim, str):
        return claim
    try:
        if claim["channel"] is MessageChannel.SMS:
            answer = client.send_sms_notification(claim["to"], claim["template"],
                                                  claim["fields"], claim["reference"])
        else:
            answer = client.send_email_notification(claim["to"], claim["template"],
                                                    claim["fields"], claim["reference"])
    except APIError as error:
        return _store_failure(db, message_id, error, claim["attempts"], now())
    with db.writing() as tx:
        row = locked(tx, Message, message_id)
        assert row is not None
        row.status, row.sent_at, row.error = MessageStatus.SENT, now(), ""
        row.notify_id = str((answer or {}).get("id", ""))[:40] or None
    return "sent"


def _store_failure(db: Database, message_id: int, error: Exception, attempts: int,
                   at: datetime) -> str:
    code = _status_code(error)
    temporary = code == 429 or code >= 500
    log.warning("Message %s: Notify answered %s", message_id, code)
    with db.writing() as tx:
        row = locked(tx, Message, message_id)
        assert row is not None
        if _is_offline(error):
            # No answer: Notify may have it. Left 'sending', so the next run looks it up.
            return "offline"
        row.error = _reason(error)
        if temporary:
            row.status = MessageStatus.QUEUED
            row.next_try_at = at + min(MAX_BACKOFF, timedelta(minutes=2 ** min(attempts, 10)))
            return "waiting"
        row.status = MessageStatus.FAILED
        return "refused key" if code == 403 else "failed"


def _fetch_statuses(db: Database, client: NotifyClient, at: datetime) -> None:
    """Delivery statuses of messages sent in the last week and not yet final."""
    from notifications_python_client.errors import APIError

    with db.reading() as tx:
        open_ones = list(tx.execute(select(Message.id, Message.notify_id).where(
            Message.status == MessageStatus.SENT, Message.notify_id.is_not(None),
            Message.sent_at >= at - CHECK_DELIVERY_FOR).order_by(Message.id).limit(BATCH)))
    for message_id, notify_id in open_ones:
        try:
            answer = client.get_notification_by_id(notify_id)
        except APIError as error:
            if _is_offline(error):
                return
            continue
        status = DELIVERY_STATUSES.get((answer or {}).get("status", ""))
        if status is not None:
            with db.writing() as tx:
                row = locked(tx, Message, message_id)
                if row is not None and row.status is MessageStatus.SENT:
                    row.status = status
