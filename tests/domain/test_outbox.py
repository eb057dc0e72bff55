"""The outbox: each cause writes its messages in its own transaction, by the person's consent
and wording; a discreet message names no group and carries no word that reveals treatment."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from recovery_desk.catalogue.service_details import ServiceDetails
from recovery_desk.domain.messages import outbox_service
from recovery_desk.domain.people import contact_details
from recovery_desk.domain.places import booking_service as booking
from recovery_desk.domain.places import register_service
from recovery_desk.domain.places import waiting_list_service as waiting
from recovery_desk.domain.service import catalogue_service, closure_service, service_details
from recovery_desk.domain.service.outbox import REVEALING_WORDS, reveals_treatment
from recovery_desk.domain.store.errors import DomainError
from recovery_desk.domain.store.message_models import Message
from recovery_desk.rows.messages import ContactChoices
from recovery_desk.vocabulary import MessageChannel, MessageKind, MessageStatus, Wording
from tests.domain.conftest import ON

RDP = "Reduced Drinking Programme"
MONDAY = date(2026, 11, 30)
TEXTS = ContactChoices(mobile="07400 123001", texts=True)


def _messages(db) -> list[Message]:
    with db.reading() as tx:
        return list(tx.scalars(select(Message).order_by(Message.id)))


def _reachable(db, actor, person_id: int, choices: ContactChoices = TEXTS) -> None:
    contact_details.save_contact(db, actor, person_id, choices, ON)


@pytest.fixture
def revealing_address(db, actor) -> None:
    """The service's address names what it is, as many do."""
    service_details.save_details(db, actor, ServiceDetails(
        "Harbour Recovery Service", "Harbour Recovery Centre\n4 Example Yard\nAnytown AN1 1AA",
        "", 5))


def test_a_booking_writes_its_confirmation_discreet_unless_named(
        db, actor, make_person, group_ids, revealing_address) -> None:
    """Booked: one text per person who agreed, with the first date; discreet by default."""
    discreet, named, silent = make_person(), make_person(), make_person()
    _reachable(db, actor, discreet)
    _reachable(db, actor, named, replace(TEXTS, mobile="07400 123002", wording=Wording.NAMED))
    for person in (discreet, named, silent):
        booking.book(db, actor, person, group_ids[RDP], ON)
    first, second = _messages(db)
    assert (first.kind, first.channel, first.status, first.to, first.discreet) == (
        MessageKind.BOOKED, MessageChannel.SMS, MessageStatus.QUEUED, "+447400123001", True)
    assert first.session_date == MONDAY
    assert first.personalisation == {
        "first_name": "Person1", "what": "your appointment", "day_and_date": "Mon 30 Nov 2026",
        "time": first.personalisation["time"], "place": "4 Example Yard, Anytown AN1 1AA"}
    assert second.personalisation["what"] == RDP and not second.discreet
    assert "Harbour Recovery Centre" in second.personalisation["place"]
    shown = " ".join(first.personalisation.values()).lower()
    assert not reveals_treatment(shown) and "drinking" not in shown


@pytest.mark.parametrize("word", REVEALING_WORDS)
def test_every_revealing_word_is_caught_in_any_case(word: str) -> None:
    """The list is checked word by word, whatever the case."""
    assert reveals_treatment(f"Unit 4, {word.upper()} House")
    assert not reveals_treatment("Unit 4, Example Yard")


def test_cancelling_a_session_reaches_everyone_booked_and_lists_the_rest_to_phone(
        db, actor, make_person, group_ids) -> None:
    """Cancel this session: a text, an email, and a call for the one who cannot be reached."""
    texts, emails, neither = make_person(), make_person(), make_person()
    _reachable(db, actor, texts)
    _reachable(db, actor, emails, ContactChoices(email="Sam@Example.ORG", emails=True))
    for person in (texts, emails, neither):
        booking.book(db, actor, person, group_ids[RDP], ON)
    before = len(_messages(db))
    assert register_service.cancel_session(db, actor, group_ids[RDP], MONDAY, "Facilitator ill",
                                           MONDAY) == 3
    cancelled = [m for m in _messages(db)[before:]]
    assert {(m.service_user_id, m.channel, m.status, m.to) for m in cancelled} == {
        (texts, MessageChannel.SMS, MessageStatus.QUEUED, "+447400123001"),
        (emails, MessageChannel.EMAIL, MessageStatus.QUEUED, "Sam@example.org"),
        (neither, MessageChannel.PHONE, MessageStatus.TO_PHONE, "")}
    assert all(m.kind is MessageKind.CANCELLED and m.session_date == MONDAY for m in cancelled)
    calls = outbox_service.to_phone(db, actor)
    assert [(c.person_id, c.group, c.session_date) for c in calls] == [(neither, RDP, MONDAY)]
    with pytest.raises(DomainError, match="how it went"):
        outbox_service.record_phoned(db, actor, calls[0].message_id, " ")
    outbox_service.record_phoned(db, actor, calls[0].message_id, "Told them")
    assert outbox_service.to_phone(db, actor) == []


def test_a_closure_over_booked_sessions_tells_those_booked_once(
        db, actor, make_person, group_ids) -> None:
    """A closure queues one cancellation per person per session; overlapping adds none."""
    person = make_person()
    _reachable(db, actor, person)
    booking.book(db, actor, person, group_ids[RDP], ON)
    before = len(_messages(db))
    closure_service.add_closure(db, actor, MONDAY, MONDAY + timedelta(days=7), "Refit",
                                group_ids[RDP], today=ON)
    closure_service.add_closure(db, actor, MONDAY, MONDAY, "Refit again", None, today=ON)
    added = _messages(db)[before:]
    # The programme meets on Mondays and Wednesdays.
    assert [(m.kind, m.session_date) for m in added] == [
        (MessageKind.CANCELLED, MONDAY + timedelta(days=d)) for d in (0, 2, 7)]


def test_an_offer_is_written_with_its_answer_by_date(db, actor, make_person,
                                                     group_ids) -> None:
    """A freed place offered: the person hears of it, with the day to answer by."""
    group = next(g for g in catalogue_service.list_groups(db, actor) if g.name == RDP)
    catalogue_service.update_group(db, actor, replace(group, capacity=1))
    place = booking.book(db, actor, make_person(), group.id, ON)
    hopeful = make_person()
    _reachable(db, actor, hopeful)
    waiting.join(db, actor, hopeful, group.id, ON)
    booking.leave(db, actor, place.enrolment_id, booking.Leaving.COMPLETED, "Finished", ON)
    offer = _messages(db)[-1]
    assert (offer.kind, offer.service_user_id) == (MessageKind.OFFER, hopeful)
    assert offer.personalisation["answer_by"].endswith("2026")
