"""Appointment letters, word for word, for a rolling group, the MSM Group (1st and 3rd Thursday,
time to be confirmed) and a closed cohort; every place the person holds, whole, as a calendar
at the service's address; and what
stops a letter (a place that has ended, service details not set, a role without access)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from icalendar import Calendar
from sqlalchemy import select

from recovery_desk.catalogue.service_details import ServiceDetails
from recovery_desk.domain.people import intake_service as intake
from recovery_desk.domain.places import booking_service
from recovery_desk.domain.places.appointment_service import (
    OPEN_ENDED_WEEKS,
    appointment,
    place_sessions,
)
from recovery_desk.domain.service import catalogue_service, service_details
from recovery_desk.domain.store.actor import Actor
from recovery_desk.domain.store.database import Database
from recovery_desk.domain.store.errors import DomainError
from recovery_desk.domain.store.models import AuditEvent
from recovery_desk.exports.appointment_letter import letter_html, letter_text
from recovery_desk.exports.ics import sessions_to_ics
from recovery_desk.vocabulary import StaffRole

ON = date(2026, 11, 27)
DRINKER = {"substances": [{"name": "alcohol", "days_used_last_28": 12}],
           "goals": ["reduce_drinking", "change_use"]}
FINAL_STAGE = {"substances": [], "goals": ["achieve_abstinence"],
               "substitute_medication": {"drug": "methadone", "daily_dose_mg": 5,
                                         "stage": "final_stage"}}
HEAD = ("Hackney Recovery Service: your place in a group\n\n")
FOOT = ("Where: Recovery Centre, 1 Example Road, London E8 1AA\n"
        "Phone: 020 7946 0000\n"
        "If you cannot come: Please phone us on 020 7946 0000 before the session starts, and "
        "we will note your apologies.\n")


@pytest.fixture
def service(db: Database, actor: Actor) -> None:
    service_details.save_details(db, actor, ServiceDetails(
        "Hackney Recovery Service", "Recovery Centre\n1 Example Road\nLondon E8 1AA",
        "020 7946 0000"))


@pytest.fixture
def place(db: Database, actor: Actor, keyworker_id: int):
    groups = {g.name: g.id for g in catalogue_service.list_groups(db, actor)}

    def book(group: str, assessment: dict[str, Any], msm: bool | None = None,
             preferred: str = "") -> int:
        person = intake.save_intake(db, actor, intake.PersonDetails(
            given_name="Alex", family_name="Brennan", preferred_name=preferred,
            date_of_birth=date(1985, 4, 2), sex="male", msm=msm, keyworker_id=keyworker_id,
            consent_to_store=True, assessment=assessment),
            [intake.ReferralRequest(groups[group])], ON)
        return booking_service.book(db, actor, person, groups[group], ON).enrolment_id

    book.groups = groups
    return book


def test_the_letter_for_a_rolling_group(db, actor, service, place) -> None:
    """Starts at the next session, runs 12 weeks, and names the bank holiday it skips."""
    facts = appointment(db, actor, place("Reduced Drinking Programme", DRINKER, preferred="Al"),
                        ON)
    assert facts.first_name == "Al"
    assert letter_text(facts) == HEAD + (
        "Your group: Reduced Drinking Programme\n"
        "First session: Monday 30 November 2026, 11am to 12.30pm\n"
        "After that: every Monday and Wednesday, 11am to 12.30pm\n"
        "How long: Your place runs for 12 weeks, until Monday 22 February 2027.\n"
        "No session on: Monday 28 December 2026 (bank holiday)\n") + FOOT


def test_the_letter_for_the_msm_group(db, actor, service, place) -> None:
    """1st and 3rd Thursdays, time to be confirmed, 12 sessions ending on the 12th that runs."""
    facts = appointment(db, actor, place("MSM Group", DRINKER, msm=True), ON)
    assert letter_text(facts) == HEAD + (
        "Your group: MSM Group\n"
        "First session: Thursday 3 December 2026, at a time we will confirm with you\n"
        "After that: on the 1st and 3rd Thursday of each month, at a time we will confirm "
        "with you\n"
        "How long: Your place is for 12 sessions. The last one is on Thursday 20 May 2027.\n"
    ) + FOOT


def test_the_letter_for_a_closed_cohort(db, actor, service, place) -> None:
    """Everyone starts together; the day and time are still to be confirmed."""
    booking_service.open_cohort(db, actor, place.groups["Low Dose Group"], date(2027, 1, 4), ON)
    facts = appointment(db, actor, place("Low Dose Group", FINAL_STAGE), ON)
    assert letter_text(facts) == HEAD + (
        "Your group: Low Dose Group\n"
        "First session: Monday 4 January 2027, at a time we will confirm with you\n"
        "After that: on days and at a time we will confirm with you\n"
        "How it runs: This is a closed group: everyone starts together, so please come to the "
        "first session. It runs for 12 weeks, until Sunday 28 March 2027.\n") + FOOT


def test_the_printed_letter_says_the_same_and_nothing_clinical(db, actor, service,
                                                               place) -> None:
    facts = appointment(db, actor, place("Reduced Drinking Programme", DRINKER), ON)
    page = letter_html(facts)
    for words in ("Dear Alex,", "Reduced Drinking Programme", "Friday 27 November 2026",
                  "Monday 30 November 2026, 11am to 12.30pm", "1 Example Road",
                  "we will note your apologies", "font-size: 15pt"):
        assert words in page
    for clinical in ("alcohol", "drink", "Brennan", "methadone", "eligib", "referr"):
        assert clinical not in page.lower().replace("reduced drinking programme", "")


def test_a_letter_needs_the_services_address_and_phone(db, actor, place) -> None:
    facts = appointment(db, actor, place("Reduced Drinking Programme", DRINKER), ON)
    message = ("The service's address and phone number are not set, so a letter cannot say "
               "where to come or who to call. A manager sets them in the Catalogue tab "
               "(Service details…).")
    assert facts.service.missing_for_letters() == message
    with pytest.raises(ValueError, match="address and phone number are not set"):
        letter_text(facts)


def test_a_place_that_has_ended_has_no_letter(db, actor, service, place) -> None:
    enrolment = place("Reduced Drinking Programme", DRINKER)
    booking_service.leave(db, actor, enrolment, booking_service.Leaving.WITHDRAWN, "Moved",
                          date(2026, 12, 2))
    with pytest.raises(DomainError, match="Alex Brennan's place in Reduced Drinking Programme "
                                          "has ended"):
        appointment(db, actor, enrolment, date(2026, 12, 3))


def test_reception_makes_letters_and_each_is_audited(db, actor, service, place) -> None:
    """A letter names the person, so making one is recorded like viewing their record."""
    enrolment = place("Reduced Drinking Programme", DRINKER)
    reception = Actor(actor.staff_id, "Rae", StaffRole.RECEPTION)
    appointment(db, reception, enrolment, ON)
    with db.reading() as tx:
        assert tx.scalars(select(AuditEvent.entity_id).where(
            AuditEvent.action == "letter")).all() == [enrolment]


def test_the_calendar_covers_every_place_to_its_end_and_leaves_closures_out(
        db, actor, service, place, keyworker_id) -> None:
    """A rolling place to its end date (included, as on its register); a place with no end
    date OPEN_ENDED_WEEKS ahead; closures listed but never written to the file."""
    enrolment = place("Reduced Drinking Programme", DRINKER)
    facts = appointment(db, actor, enrolment, ON)
    skills = place.groups["Recovery Skills"]
    intake.save_intake(db, actor, intake.PersonDetails(**{
        **vars(intake.open_person(db, actor, facts.person_id)[0])}),
        [intake.ReferralRequest(skills)], ON)
    booking_service.book(db, actor, facts.person_id, skills, ON)
    rows = place_sessions(db, actor, facts.person_id, ON)
    assert {r.group_name for r in rows} == {"Reduced Drinking Programme", "Recovery Skills"}
    drinking = [r.date for r in rows if r.group_name == "Reduced Drinking Programme"]
    assert drinking[0] == date(2026, 11, 30) and drinking[-1] == facts.end == date(2027, 2, 22)
    skills = [r.date for r in rows if r.group_name == "Recovery Skills"]  # no end date
    assert OPEN_ENDED_WEEKS == 12
    assert skills[0] == ON and skills[-1] == date(2027, 2, 16)  # the last before Fri 19 Feb
    closed = [(r.date, r.group_name) for r in rows if not r.runs]
    assert (date(2026, 12, 25), "Recovery Skills") in closed
    calendar = sessions_to_ics(rows, "Groups at Hackney Recovery Service").decode()
    assert calendar.count("BEGIN:VEVENT") == len(rows) - len(closed)
    assert "20261225" not in calendar


def test_an_msm_place_is_written_whole_at_the_services_address(db, actor, service,
                                                               place) -> None:
    """All 12 sessions of an MSM Group place, to the 12th (Thu 20 May 2027), in the letter's
    facts and the calendar; each event's LOCATION is the service's address."""
    facts = appointment(db, actor, place("MSM Group", DRINKER, msm=True), ON)
    held = [s.date for s in facts.sessions if s.runs]
    assert len(held) == 12 and held[0] == date(2026, 12, 3) and held[-1] == date(2027, 5, 20)
    rows = place_sessions(db, actor, facts.person_id, ON)
    assert [r.date for r in rows if r.runs] == held
    address = ", ".join(facts.service.address_lines)
    calendar = Calendar.from_ical(sessions_to_ics(rows, "Groups", address))
    events = calendar.walk("VEVENT")
    assert len(events) == 12
    assert {str(e.get("location")) for e in events} == {
        "Recovery Centre, 1 Example Road, London E8 1AA"}


def test_a_letter_lists_every_closure_before_the_place_ends(db, actor, service, place) -> None:
    """A closure in the place's last weeks (past the first 12 weeks from today) is named."""
    from recovery_desk.domain.service import closure_service

    closure_service.add_closure(db, actor, date(2027, 5, 6), date(2027, 5, 6),
                                "Staff training", None)
    enrolment = place("MSM Group", DRINKER, msm=True)
    facts = appointment(db, actor, enrolment, ON)
    assert "No session on: Thursday 6 May 2027 (the group does not meet)" in letter_text(facts)
    assert facts.end == date(2027, 6, 3)  # the 12th session that runs, after the closure


def test_a_calendar_costs_the_same_statements_for_one_place_or_two(
        db, actor, service, place) -> None:
    """Set-based: the places in one query, the closures once, whatever the number of places
    or how far ahead they run."""
    from tests.domain.test_statement_counts import _counted

    facts = appointment(db, actor, place("Reduced Drinking Programme", DRINKER), ON)
    one = _counted(db, lambda: place_sessions(db, actor, facts.person_id, ON))
    intake.save_intake(db, actor, intake.PersonDetails(**{
        **vars(intake.open_person(db, actor, facts.person_id)[0])}),
        [intake.ReferralRequest(place.groups["Recovery Skills"])], ON)
    booking_service.book(db, actor, facts.person_id, place.groups["Recovery Skills"], ON)
    two = _counted(db, lambda: place_sessions(db, actor, facts.person_id, ON))
    assert one == two
