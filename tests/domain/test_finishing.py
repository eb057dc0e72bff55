"""Places that reach their expected end become completed: when the desk opens, when the day
changes, and inside a booking for the person and group it touches."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from recovery_desk.domain.operations.setup import open_database
from recovery_desk.domain.places import booking_service as booking
from recovery_desk.domain.places import finishing
from recovery_desk.domain.store.models import AuditEvent, Place
from recovery_desk.vocabulary import PlaceStatus
from tests.conftest import CATALOGUE
from tests.domain.conftest import ON

RDP = "Reduced Drinking Programme"


def _statuses(db) -> list[tuple[PlaceStatus, date | None]]:
    with db.reading() as tx:
        return [(e.status, e.ended_on) for e in tx.scalars(
            select(Place).order_by(Place.id))]


def test_the_sweep_finishes_only_places_past_their_end(db, actor, make_person, group_ids) -> None:
    places = [booking.book(db, actor, make_person(), group_ids[RDP], ON) for _ in range(2)]
    end = places[0].end
    assert end is not None
    assert finishing.sweep(db, actor, end) == 0  # the last day is still a day of the place
    assert finishing.sweep(db, actor, end + timedelta(days=1)) == 2
    assert _statuses(db) == [(PlaceStatus.COMPLETED, end)] * 2
    with db.reading() as tx:
        event = tx.scalar(select(AuditEvent).where(AuditEvent.action == "finish"))
    assert event is not None and event.detail["places"] == 2


def test_opening_the_desk_finishes_what_ended_while_it_was_closed(
        db, db_path, actor, make_person, group_ids) -> None:
    place = booking.book(db, actor, make_person(), group_ids[RDP], ON)
    assert place.end is not None
    later, _ = open_database(db_path, CATALOGUE, today=place.end + timedelta(days=30))
    assert _statuses(later) == [(PlaceStatus.COMPLETED, place.end)]
    later.dispose()


def test_a_finished_place_can_be_booked_again(db, actor, make_person, group_ids) -> None:
    """Booking sweeps the person's place in that group first, so a returner is not refused."""
    person = make_person()
    first = booking.book(db, actor, person, group_ids[RDP], ON)
    assert first.end is not None
    again = booking.book(db, actor, person, group_ids[RDP], first.end + timedelta(days=7))
    assert again.start > first.end
    assert [s for s, _ in _statuses(db)] == [PlaceStatus.COMPLETED, PlaceStatus.ACTIVE]
