"""Two desks at once on the outbox: two sender runs queue tomorrow's reminders once, and two
desks logging the same "to phone" call log it once, the second told so. Forced on PostgreSQL:
a third connection holds the lock both queue behind."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from recovery_desk.domain.messages import outbox_service
from recovery_desk.domain.messages.reminders import queue_reminders
from recovery_desk.domain.people import contact_details
from recovery_desk.domain.places import booking_service as booking
from recovery_desk.domain.places import register_service
from recovery_desk.domain.store.database import Database
from recovery_desk.domain.store.errors import DomainError
from recovery_desk.domain.store.message_models import Message
from recovery_desk.rows.messages import ContactChoices
from recovery_desk.vocabulary import MessageKind
from tests.domain.conftest import ON
from tests.domain.queued_desks import queued_behind

RDP = "Reduced Drinking Programme"
SUNDAY, MONDAY = date(2026, 11, 29), date(2026, 11, 30)
ON_SERVER = pytest.mark.parametrize("backend", ["postgresql"], indirect=True)


@ON_SERVER
def test_two_sender_runs_at_once_queue_each_reminder_once(db, actor, db_path, make_person,
                                                          group_ids) -> None:
    """Both read after the lock: the second finds the first's references and adds none."""
    for number in range(3):
        person = make_person()
        contact_details.save_contact(db, actor, person, ContactChoices(
            mobile=f"07400 12300{number}", texts=True), ON)
        booking.book(db, actor, person, group_ids[RDP], ON)
    desks = [Database.open(db_path) for _ in range(2)]
    try:
        added = queued_behind(db_path, "SELECT id FROM audit_chain FOR UPDATE", {}, [
            lambda: queue_reminders(desks[0], actor, SUNDAY),
            lambda: queue_reminders(desks[1], actor, SUNDAY)])
    finally:
        for desk in desks:
            desk.dispose()
    assert added == [3, 0]
    with db.reading() as tx:
        assert tx.scalar(select(func.count()).select_from(Message).where(
            Message.kind == MessageKind.REMINDER)) == 3


@ON_SERVER
def test_two_desks_logging_the_same_call_log_it_once(db, actor, db_path, make_person,
                                                     group_ids) -> None:
    """The second desk reads the call after the lock and is told it is already logged."""
    booking.book(db, actor, make_person(), group_ids[RDP], ON)
    register_service.cancel_session(db, actor, group_ids[RDP], MONDAY, "Facilitator ill",
                                    MONDAY)
    call = outbox_service.to_phone(db, actor)[0].message_id
    desks = [Database.open(db_path) for _ in range(2)]
    try:
        first, second = queued_behind(
            db_path, "SELECT id FROM messages WHERE id = :m FOR UPDATE", {"m": call}, [
                lambda: outbox_service.record_phoned(desks[0], actor, call, "Told them"),
                lambda: outbox_service.record_phoned(desks[1], actor, call, "Left a message")])
    finally:
        for desk in desks:
            desk.dispose()
    assert first is None
    assert isinstance(second, DomainError) and "already been logged" in str(second)
    assert outbox_service.to_phone(db, actor) == []
