"""The sender against the stand-in for Notify: each message goes once with its reference,
failures are temporary (retried later) or permanent (failed with Notify's reason), delivery
statuses come back, and with no network everything waits and then goes, once."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import jwt
import pytest
import requests
from sqlalchemy import select

from recovery_desk.domain.messages import notify_setup, outbox_service, sender
from recovery_desk.domain.people import contact_details
from recovery_desk.domain.places import booking_service as booking
from recovery_desk.domain.store.message_models import Message
from recovery_desk.domain.store.timestamps import utc_now
from recovery_desk.rows.messages import ContactChoices
from recovery_desk.vocabulary import MessageKind, MessageStatus
from tests.domain.conftest import ON
from tests.notify_stand_in import API_KEY, SERVICE_ID, StandIn

RDP = "Reduced Drinking Programme"
TEMPLATES = {kind.value: f"f33517ff-2a88-4f6e-b855-c550268ce0{n:02d}"
             for n, kind in enumerate(MessageKind)}
SUNDAY = date(2026, 11, 29)


@pytest.fixture
def notify(db, actor, tmp_path: Path) -> Iterator[tuple[StandIn, Path]]:
    """The stand-in running, and the desk set up to use it."""
    stand_in = StandIn()
    base_url = stand_in.start()
    key_file = tmp_path / "notify-api-key"
    notify_setup.save_setup(db, actor, base_url, TEMPLATES, API_KEY, key_file)
    yield stand_in, key_file
    stand_in.stop()


@pytest.fixture
def booked(db, actor, make_person, group_ids) -> list[int]:
    """Two people who agreed to texts, booked (so two confirmations are queued)."""
    people = [make_person(), make_person()]
    for number, person in enumerate(people, start=1):
        contact_details.save_contact(db, actor, person, ContactChoices(
            mobile=f"07400 12300{number}", texts=True), ON)
        booking.book(db, actor, person, group_ids[RDP], ON)
    return people


def _send(*args: Any, **kwargs: Any) -> tuple[int, int, int, int]:
    """send_due()'s counts: (queued, sent, failed, waiting)."""
    result = sender.send_due(*args, **kwargs)
    return result.queued, result.sent, result.failed, result.waiting


def _rows(db) -> list[Message]:
    with db.reading() as tx:
        return list(tx.scalars(select(Message).order_by(Message.id)))


def test_each_message_goes_once_with_its_reference_and_its_delivery_comes_back(
        db, actor, notify, booked) -> None:
    """Sent with a valid token and the reference; delivered; a second run sends nothing."""
    stand_in, key_file = notify
    client = sender.notify_client(db, key_file)
    assert _send(db, actor, ON, client) == (0, 2, 0, 0)
    assert [p.body["reference"] for p in stand_in.posts] == [m.reference for m in _rows(db)]
    assert {p.claims["iss"] for p in stand_in.received} == {SERVICE_ID}
    assert stand_in.posts[0].body["phone_number"] == "+447400123001"
    assert stand_in.posts[0].body["template_id"] == TEMPLATES["booked"]
    assert [m.status for m in _rows(db)] == [MessageStatus.DELIVERED] * 2
    assert all(m.notify_id in stand_in.accepted for m in _rows(db))
    assert _send(db, actor, ON, client) == (0, 0, 0, 0)
    assert len(stand_in.posts) == 2


def test_permanent_failures_keep_the_reason_and_temporary_ones_go_later(
        db, actor, notify, booked) -> None:
    """400 fails with Notify's reason; 429 and 500 wait (backoff) and then go."""
    stand_in, key_file = notify
    stand_in.script = {"+447400123001": [400], "+447400123002": [429, 500]}
    client = sender.notify_client(db, key_file)
    assert _send(db, actor, ON, client) == (0, 0, 1, 1)
    failed, later = _rows(db)
    assert failed.status is MessageStatus.FAILED and failed.error.startswith("400: Can't send")
    assert later.status is MessageStatus.QUEUED and later.next_try_at is not None
    assert outbox_service.waiting(db, actor).failed == 1
    assert _send(db, actor, ON, client)[1] == 0  # not yet due
    soon = later.next_try_at + timedelta(seconds=1)
    assert _send(db, actor, ON, client, now=lambda: soon)[3] == 1  # the 500
    much_later = soon + timedelta(hours=2)
    assert _send(db, actor, ON, client, now=lambda: much_later)[1] == 1
    assert [p.body["reference"] for p in stand_in.posts].count(later.reference) == 3


def test_offline_everything_waits_then_goes_once_when_notify_is_back(
        db, actor, notify, booked) -> None:
    """No network: nothing breaks, both wait; back: each reference reaches Notify once."""
    stand_in, key_file = notify
    port = stand_in.port
    client = sender.notify_client(db, key_file)
    stand_in.stop()
    assert _send(db, actor, ON, client) == (0, 0, 0, 2)
    shown = outbox_service.waiting(db, actor)
    assert shown.count == 2 and shown.since is not None and shown.since <= utc_now()
    back = StandIn()
    back.start(port)
    try:
        # The one whose answer was lost is looked up by reference before it is sent again.
        assert _send(db, actor, ON, client, stale_after=timedelta(0)) \
            == (0, 2, 0, 0)
        assert sorted(p.body["reference"] for p in back.posts) \
            == sorted(m.reference for m in _rows(db))
        assert any("reference=" in r.path for r in back.received)
    finally:
        back.stop()


def test_a_message_notify_already_has_is_not_sent_again(db, actor, notify, booked) -> None:
    """Left 'sending' by a crash after Notify took it: found by reference, stored as sent."""
    stand_in, key_file = notify
    client = sender.notify_client(db, key_file)
    first = _rows(db)[0]
    answer = client.send_sms_notification(first.to, TEMPLATES["booked"], {}, first.reference)
    with db.writing() as tx:
        row = tx.get_one(Message, first.id)
        row.status, row.next_try_at = MessageStatus.SENDING, datetime(2026, 11, 27, 9)
    assert _send(db, actor, ON, client)[1] == 1  # only the second
    assert [p.body["reference"] for p in stand_in.posts].count(first.reference) == 1
    assert _rows(db)[0].notify_id == answer["id"]


def test_reminders_are_queued_once_per_person_per_session(db, actor, notify, booked) -> None:
    """Run twice the day before: one reminder each, sent once."""
    _, key_file = notify
    client = sender.notify_client(db, key_file)
    assert _send(db, actor, SUNDAY, client) == (2, 4, 0, 0)
    assert _send(db, actor, SUNDAY, client) == (0, 0, 0, 0)
    reminders = [m for m in _rows(db) if m.kind is MessageKind.REMINDER]
    assert {m.session_date for m in reminders} == {SUNDAY + timedelta(days=1)}


def test_a_key_notify_refuses_fails_one_message_and_the_rest_wait(db, actor, notify, booked,
                                                                   tmp_path: Path) -> None:
    """403: the first fails with Notify's reason; the others are not thrown away on it."""
    stand_in, _ = notify
    wrong = tmp_path / "wrong-key"
    wrong.write_text(API_KEY[:-1] + "1")
    assert _send(db, actor, ON, sender.notify_client(db, wrong)) == (0, 0, 1, 1)
    first, second = _rows(db)
    assert first.status is MessageStatus.FAILED and first.error.startswith("403: Invalid token")
    assert second.status is MessageStatus.QUEUED
    assert stand_in.posts == []


def test_the_stand_in_refuses_tokens_notify_would_refuse(notify) -> None:
    """A stale token, or one signed with another secret, gets Notify's 403."""
    stand_in, _ = notify
    url = f"http://127.0.0.1:{stand_in.port}/v2/notifications"
    other = "0c2b5b8e-9f4e-4c47-a3a1-2f0c1f2e9d11"
    for secret, issued in ((stand_in.secret, time.time() - 60), (other, time.time())):
        token = jwt.encode({"iss": SERVICE_ID, "iat": int(issued)}, secret, algorithm="HS256")
        answer = requests.get(url, headers={"Authorization": f"Bearer {token}"}, timeout=5)
        assert answer.status_code == 403
        assert answer.json()["errors"][0]["error"] == "AuthError"


def test_the_desk_queues_tomorrows_reminders_only_from_the_reminder_hour(
        db, actor, booked, notify) -> None:
    """Reminder hour 10 (the default): the desk's 9 o'clock run sends the confirmations and
    queues no reminder; its 10 o'clock run queues Monday's two reminders and sends them."""
    _stand_in, key_file = notify
    assert sender.send_from_desk(db, actor, SUNDAY, key_file, hour=9).queued == 0
    result = sender.send_from_desk(db, actor, SUNDAY, key_file, hour=10)
    assert (result.queued, result.sent, result.waiting) == (2, 2, 0)
