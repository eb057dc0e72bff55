"""Subject access: the tables to read are found from the schema, and the export holds
everything about the one person and nothing about anyone else."""

from __future__ import annotations

import json

from sqlalchemy import Column, ForeignKey, Integer, MetaData, Table

from recovery_desk.domain.people import subject_access
from recovery_desk.domain.places import booking_service, register_service
from recovery_desk.domain.store.models import Base
from recovery_desk.vocabulary import AttendanceMark
from tests.domain.conftest import ON

RDP = "Reduced Drinking Programme"


def test_every_table_that_leads_back_to_a_person_is_read() -> None:
    """Found from the foreign keys, nearest first: a table added later is not missed."""
    found = [route.table.name for route in subject_access.routes()]
    assert set(found[:5]) == {"enrolments", "referrals", "waiting_list_entries", "walk_ins",
                              "messages"}
    assert "attendance" in found and "groups" not in found and "staff" not in found
    assert "name_words" not in found  # derived from the names already exported


def test_a_table_added_later_is_followed_without_being_named() -> None:
    metadata = MetaData()
    for table in Base.metadata.sorted_tables:
        table.to_metadata(metadata)
    Table("key_notes", metadata, Column("id", Integer, primary_key=True),
          Column("enrolment_id", ForeignKey("enrolments.id")))
    assert "key_notes" in [route.table.name for route in subject_access.routes(metadata)]


def test_the_export_holds_this_person_and_no_one_else(db, actor, make_person,
                                                     group_ids) -> None:
    mine, theirs = make_person(), make_person()
    places = [booking_service.book(db, actor, person, group_ids[RDP], ON)
              for person in (mine, theirs)]
    register_service.record(db, actor, group_ids[RDP], places[0].start,
                            {p.enrolment_id: AttendanceMark.ATTENDED for p in places},
                            places[0].start)
    held = subject_access.gather(db, actor, mine)
    text = json.dumps(held)
    assert held["person"]["given_name"] == "Person1" and "Person2" not in text
    assert [p["id"] for p in held["enrolments"]] == [places[0].enrolment_id]
    assert [m["enrolment_id"] for m in held["attendance"]] == [places[0].enrolment_id]
    assert held["referrals"][0]["group"] == RDP  # catalogue references given as names
    assert {row["action"] for row in held["audit_of_this_record"]} >= {"add", "refer", "book"}
    assert "given_key" not in held["person"]
    again = subject_access.gather(db, actor, mine)
    assert [row["record"] for row in again["audit_of_this_record"]
            if row["action"] == "export"] == ["subject_access"]
