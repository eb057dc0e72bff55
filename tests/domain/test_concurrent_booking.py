"""Two desks (two processes) booking the last places of one group at the same moment, and two
desks booking one person into two groups that meet at the same time."""

from __future__ import annotations

import multiprocessing
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from recovery_desk.domain.operations.setup import open_database
from recovery_desk.domain.people import intake_service as intake
from recovery_desk.domain.places import booking_service as booking
from recovery_desk.domain.places.place_rules import TimeClashError
from recovery_desk.domain.service import catalogue_service
from recovery_desk.domain.store.database import Database
from recovery_desk.domain.store.errors import DomainError
from recovery_desk.domain.store.models import Place, PlaceStatus, StaffRole
from tests.backends import staff_row
from tests.conftest import CATALOGUE
from tests.domain.queued_desks import queued_behind

ON = date(2026, 11, 27)
CAPACITY = 5
PER_DESK = 4


def desk(path: str, people: list[int], group_id: int, start, results) -> None:
    db, actor = open_database(path, CATALOGUE, today=date(2026, 11, 27))
    start.wait()
    for person in people:
        try:
            booking.book(db, actor, person, group_id, ON)
            results.put(("booked", person, ""))
        except DomainError as error:
            results.put(("refused", person, str(error)))
    db.dispose()


def test_two_processes_never_overfill_a_group_and_refusals_say_why(db_path: Path) -> None:
    db, actor = open_database(db_path, CATALOGUE, today=date(2026, 11, 27))
    group = next(g for g in catalogue_service.list_groups(db, actor)
                 if g.name == "Reduced Drinking Programme")
    catalogue_service.update_group(db, actor, replace(group, capacity=CAPACITY))
    keyworker = staff_row(db, "kw", "K W", StaffRole.KEYWORKER)
    people = [intake.save_intake(db, actor, intake.PersonDetails(
        given_name=f"P{n}", family_name="X", date_of_birth=date(1980, 1, 1),
        keyworker_id=keyworker, consent_to_store=True,
        assessment={"substances": [{"name": "alcohol", "days_used_last_28": 9}],
                    "goals": ["reduce_drinking"]}), [intake.ReferralRequest(group.id)], ON)
        for n in range(2 * PER_DESK)]
    db.dispose()

    context = multiprocessing.get_context("spawn")
    start = context.Barrier(2)
    results = context.Queue()
    desks = [context.Process(target=desk, args=(str(db_path), people[i::2], group.id, start,
                                                results)) for i in range(2)]
    for process in desks:
        process.start()
    outcomes = [results.get(timeout=60) for _ in range(2 * PER_DESK)]
    for process in desks:
        process.join(timeout=60)
        assert process.exitcode == 0

    booked = [o for o in outcomes if o[0] == "booked"]
    refused = [o for o in outcomes if o[0] == "refused"]
    assert len(booked) == CAPACITY and len(refused) == 2 * PER_DESK - CAPACITY
    for _, _, message in refused:
        assert f"is full: {CAPACITY} of {CAPACITY} places taken" in message
    db, _ = open_database(db_path, CATALOGUE, today=date(2026, 11, 27))
    with db.reading() as tx:
        assert tx.scalar(select(func.count()).select_from(Place).where(
            Place.status == PlaceStatus.ACTIVE)) == CAPACITY
    db.dispose()


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_one_person_booked_into_two_clashing_groups_at_once_is_told_of_the_clash(
        db, actor, db_path, make_person, group_ids) -> None:
    """Each desk holds a different group's lock, so the person's row is what they queue on:
    both have checked their group and wait behind the audit trail's lock, and the second then
    sees the first's place and refuses with the clash."""
    rdp = next(g for g in catalogue_service.list_groups(db, actor)
               if g.name == "Reduced Drinking Programme")
    twin = catalogue_service.add_group(db, actor, replace(rdp, id=None, name="Twin group"), ON)
    group_ids["Twin group"] = twin.id
    person = make_person(refer_to=("Reduced Drinking Programme", "Twin group"))
    desks = [Database.open(db_path) for _ in range(2)]
    try:
        outcomes = queued_behind(str(db_path), "SELECT id FROM audit_chain FOR UPDATE", {}, [
            lambda: booking.book(desks[0], actor, person, rdp.id, ON),
            lambda: booking.book(desks[1], actor, person, twin.id, ON)])
    finally:
        for desk in desks:
            desk.dispose()
    assert not isinstance(outcomes[0], DomainError), outcomes[0]
    assert isinstance(outcomes[1], TimeClashError)
    assert "clashes in time with: Reduced Drinking Programme (11am" in str(outcomes[1])
