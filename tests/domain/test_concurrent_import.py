"""An import of places racing a desk's booking for a group's last place (PostgreSQL, queued
behind the group's lock): the import counts the places only once it holds the lock, so the
group is never overfilled and the loser is told why."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import update

from recovery_desk.domain.operations import import_service
from recovery_desk.domain.operations.import_files import guess_columns, read_csv
from recovery_desk.domain.places import booking_service
from recovery_desk.domain.store.database import Database
from recovery_desk.domain.store.errors import DomainError
from recovery_desk.domain.store.models import Group
from tests.domain.conftest import ON
from tests.domain.queued_desks import queued_behind_group

RDP = "Reduced Drinking Programme"
MONDAY = date(2026, 11, 30)


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_an_import_and_a_booking_for_the_last_place(db, actor, db_path, make_person,
                                                    group_ids) -> None:
    """The import, first to the lock, takes the place; the booking queued after it is
    refused as full."""
    group_id = group_ids[RDP]
    with db.writing() as tx:
        tx.execute(update(Group).where(Group.id == group_id).values(capacity=1))
    make_person()
    second = make_person()
    sheet = read_csv(f"Forename,Surname,DOB,Group,Start date\r\nPerson1,Test,1/1/1980,{RDP},"
                     "30/11/2026\r\n".encode(), "places.csv")
    desks = [Database.open(db_path) for _ in range(2)]
    try:
        outcomes = queued_behind_group(str(db_path), group_id, [
            lambda: import_service.run_import(desks[0], actor, "places", sheet,
                                              guess_columns("places", sheet.header), MONDAY),
            lambda: booking_service.book(desks[1], actor, second, group_id, ON)])
    finally:
        for desk in desks:
            desk.dispose()
    assert outcomes[0].imported == 1
    assert isinstance(outcomes[1], DomainError)
    assert str(outcomes[1]).startswith("Reduced Drinking Programme is full: 1 of 1 place")
