"""Two desks acting on the same offer or the same place at the same moment: the second sees
what the first did (the row is read under the group's lock) and is refused with a clear
message, never acting on what it read before waiting. The interleaving is forced on
PostgreSQL: a third connection holds the group's lock while both desks queue behind it."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from recovery_desk.domain.places import booking_service as booking
from recovery_desk.domain.places import waiting_list_service as waiting
from recovery_desk.domain.service import catalogue_service
from recovery_desk.domain.store.database import Database
from recovery_desk.domain.store.errors import DomainError
from recovery_desk.domain.store.models import AuditEvent, Place, WaitingListEntry
from recovery_desk.vocabulary import PlaceStatus, WaitingStatus
from tests.domain.conftest import ON
from tests.domain.queued_desks import queued_behind_group

RDP = "Reduced Drinking Programme"
ON_SERVER = pytest.mark.parametrize("backend", ["postgresql"], indirect=True)


@pytest.fixture
def offer(db, actor, make_person):
    """A group of one place, freed and offered to the first of two people waiting."""
    group = next(g for g in catalogue_service.list_groups(db, actor) if g.name == RDP)
    catalogue_service.update_group(db, actor, replace(group, capacity=1))
    place = booking.book(db, actor, make_person(), group.id, ON)
    for _ in range(2):
        waiting.join(db, actor, make_person(), group.id, ON)
    booking.leave(db, actor, place.enrolment_id, booking.Leaving.COMPLETED, "Finished", ON)
    entry = waiting.entries(db, actor, group.id)[0]
    assert entry.status is WaitingStatus.OFFERED
    return group.id, entry.entry_id


def _answers(db: Database, entry_id: int) -> list[str]:
    with db.reading() as tx:
        return list(tx.scalars(select(AuditEvent.action).where(
            AuditEvent.entity == "waiting_list_entry", AuditEvent.entity_id == entry_id,
            AuditEvent.action.in_(["accept", "decline", "skip", "no_answer"]))))


def _active_places(db: Database, group_id: int) -> int:
    with db.reading() as tx:
        return tx.scalar(select(func.count()).select_from(Place).where(
            Place.group_id == group_id, Place.status == PlaceStatus.ACTIVE)) or 0


def _desk_actions(db_path, actor, entry_id):
    desks = [Database.open(db_path) for _ in range(2)]
    return desks, {
        "accept": lambda: waiting.accept(desks[0], actor, entry_id, ON),
        "decline": lambda: waiting.decline(desks[1], actor, entry_id, "Moved away", ON),
    }


@ON_SERVER
@pytest.mark.parametrize("first", ["accept", "decline"])
def test_two_desks_answering_one_offer_at_once_answer_it_once(db, actor, db_path, offer,
                                                              first) -> None:
    """One declines while the other accepts: the first in the queue wins, the second is told
    the offer is closed; never two places in a group of one, never two answers."""
    group_id, entry_id = offer
    desks, actions = _desk_actions(db_path, actor, entry_id)
    second = "decline" if first == "accept" else "accept"
    try:
        won, lost = queued_behind_group(str(db_path), group_id,
                                        [actions[first], actions[second]])
    finally:
        for desk in desks:
            desk.dispose()
    assert not isinstance(won, DomainError), won
    assert isinstance(lost, DomainError)
    assert str(lost) == "That offer is no longer open; reload the waiting list."
    assert _answers(db, entry_id) == [first]
    assert _active_places(db, group_id) == (1 if first == "accept" else 0)
    with db.reading() as tx:
        statuses = {i: s for i, s in tx.execute(
            select(WaitingListEntry.id, WaitingListEntry.status))}
    assert statuses[entry_id] is (WaitingStatus.ACCEPTED if first == "accept"
                                  else WaitingStatus.DECLINED)
    held = sum(1 for s in statuses.values() if s is WaitingStatus.OFFERED)
    assert _active_places(db, group_id) + held <= 1


@ON_SERVER
@pytest.mark.parametrize("first", ["accept", "no_answer"])
def test_no_answer_and_an_acceptance_at_once_answer_the_offer_once(db, actor, db_path, offer,
                                                                   first) -> None:
    """One desk records no answer by the date while another books the place the person has
    just accepted: the first in the queue wins, the second is told the offer is closed; the
    place is never both booked and offered to the next person."""
    group_id, entry_id = offer
    desks = [Database.open(db_path) for _ in range(2)]
    late = ON + timedelta(days=7)
    actions = {"accept": lambda: waiting.accept(desks[0], actor, entry_id, late),
               "no_answer": lambda: waiting.no_answer(desks[1], actor, entry_id, today=late)}
    second = "no_answer" if first == "accept" else "accept"
    try:
        won, lost = queued_behind_group(str(db_path), group_id,
                                        [actions[first], actions[second]])
    finally:
        for desk in desks:
            desk.dispose()
    assert not isinstance(won, DomainError), won
    assert isinstance(lost, DomainError)
    assert str(lost) == "That offer is no longer open; reload the waiting list."
    assert _answers(db, entry_id) == [first]
    with db.reading() as tx:
        statuses = {i: s for i, s in tx.execute(
            select(WaitingListEntry.id, WaitingListEntry.status))}
    assert statuses[entry_id] is (WaitingStatus.ACCEPTED if first == "accept"
                                  else WaitingStatus.WAITING)
    held = sum(1 for s in statuses.values() if s is WaitingStatus.OFFERED)
    assert (_active_places(db, group_id), held) == ((1, 0) if first == "accept" else (0, 1))


def test_an_offer_already_answered_is_refused_whichever_answer_comes_second(
        db, actor, offer) -> None:
    """The same two answers one after the other, on each backend: the second is refused and
    changes nothing."""
    group_id, entry_id = offer
    waiting.accept(db, actor, entry_id, ON)
    with pytest.raises(DomainError, match="That offer is no longer open"):
        waiting.decline(db, actor, entry_id, "Moved away", ON)
    with pytest.raises(DomainError, match="That offer is no longer open"):
        waiting.accept(db, actor, entry_id, ON)
    assert _answers(db, entry_id) == ["accept"]
    assert _active_places(db, group_id) == 1


def _ends(db: Database, place_id: int) -> list[tuple[str, dict]]:
    with db.reading() as tx:
        return [(a, d) for a, d in tx.execute(select(AuditEvent.action, AuditEvent.detail)
                .where(AuditEvent.entity == "enrolment", AuditEvent.entity_id == place_id,
                       AuditEvent.action != "book"))]


@ON_SERVER
def test_two_desks_ending_one_place_at_once_end_it_once(db, actor, db_path, make_person,
                                                        group_ids) -> None:
    """The first desk in the queue ends the place; the second is told it has already ended.
    Audited once, and the first reason is the one kept."""
    group_id = group_ids[RDP]
    place = booking.book(db, actor, make_person(), group_id, ON)
    desks = [Database.open(db_path) for _ in range(2)]
    try:
        first, second = queued_behind_group(str(db_path), group_id, [
            lambda: booking.leave(desks[0], actor, place.enrolment_id,
                                  booking.Leaving.WITHDRAWN, "Moved to another service", ON),
            lambda: booking.leave(desks[1], actor, place.enrolment_id,
                                  booking.Leaving.DISCHARGED, "Discharged by keyworker", ON)])
    finally:
        for desk in desks:
            desk.dispose()
    assert not isinstance(first, DomainError), first
    assert isinstance(second, DomainError)
    assert str(second) == "That place has already ended; reload."
    assert _ends(db, place.enrolment_id) == [
        ("withdrawn", {"reason": "Moved to another service"})]
    with db.reading() as tx:
        ended = tx.get_one(Place, place.enrolment_id)
        assert (ended.status, ended.end_reason) == (PlaceStatus.WITHDRAWN,
                                                    "Moved to another service")


def test_a_place_already_ended_is_not_ended_again(db, actor, make_person, group_ids) -> None:
    """Ending an ended place, on each backend: refused, the first reason and audit kept."""
    place = booking.book(db, actor, make_person(), group_ids[RDP], ON)
    booking.leave(db, actor, place.enrolment_id, booking.Leaving.WITHDRAWN, "First", ON)
    with pytest.raises(DomainError, match="That place has already ended"):
        booking.leave(db, actor, place.enrolment_id, booking.Leaving.COMPLETED, "Second", ON)
    assert _ends(db, place.enrolment_id) == [("withdrawn", {"reason": "First"})]
