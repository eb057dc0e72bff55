"""Two desks saving the same person's record at the same moment, on PostgreSQL: a third
connection holds the record's lock while both queue behind it. Reception's save keeps the
assessment as stored when it saves, so a keyworker's assessment saved just before survives."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from recovery_desk.domain.people import intake_service as intake
from recovery_desk.domain.store.actor import Actor
from recovery_desk.domain.store.database import Database
from recovery_desk.vocabulary import StaffRole
from tests.domain.queued_desks import queued_behind

ON = date(2026, 11, 27)


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_reception_saving_contact_details_keeps_an_assessment_saved_meanwhile(
        db, actor, db_path, keyworker_id) -> None:
    """The keyworker's new assessment and reception's corrected date of birth (which is part
    of the stored profile too) and phone number all stay."""
    stored = intake.save_intake(db, actor, intake.PersonDetails(
        given_name="Robin", family_name="Ashworth", date_of_birth=date(1985, 4, 2),
        sex="male", phone="020 7946 0000", keyworker_id=keyworker_id, consent_to_store=True,
        assessment={"substances": [{"name": "alcohol", "days_used_last_28": 20}],
                    "goals": ["reduce_drinking"]}), [], ON)
    keyworker = Actor(keyworker_id, "Kay", StaffRole.KEYWORKER)
    reception = Actor(actor.staff_id, "Jo", StaffRole.RECEPTION)
    assessed, _ = intake.open_person(db, keyworker, stored)
    contact, _ = intake.open_person(db, reception, stored)
    fewer = {"substances": [{"name": "alcohol", "days_used_last_28": 4}],
             "goals": ["reduce_drinking"]}
    desks = [Database.open(db_path) for _ in range(2)]
    try:
        queued_behind(str(db_path), "SELECT id FROM service_users WHERE id = :p FOR UPDATE",
                      {"p": stored}, [
            lambda: intake.save_intake(desks[0], keyworker, replace(assessed, assessment=fewer),
                                       [], ON),
            lambda: intake.save_intake(desks[1], reception,
                                       replace(contact, phone="020 7946 0999",
                                               date_of_birth=date(1985, 4, 3)), [], ON)])
    finally:
        for desk in desks:
            desk.dispose()
    saved, _ = intake.open_person(db, keyworker, stored)
    assert saved.assessment["substances"] == fewer["substances"]
    assert (saved.phone, saved.date_of_birth) == ("+442079460999", date(1985, 4, 3))
