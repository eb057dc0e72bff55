"""Retention: records quiet for longer than the retention period are listed, and once a
manager confirms, their names and identifiers go while the figures stay."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select, text

from recovery_desk.domain.people import intake_service as intake
from recovery_desk.domain.people import retention_service
from recovery_desk.domain.places import (
    booking_service,
    contact_service,
    finishing,
    register_service,
)
from recovery_desk.domain.service import service_settings
from recovery_desk.domain.store.models import (
    AuditEvent,
    ContactAttempt,
    NameWord,
    Place,
    Referral,
    ServiceUser,
)
from recovery_desk.vocabulary import AttendanceMark, ContactKind
from tests.domain.conftest import ON

RDP = "Reduced Drinking Programme"
LATER = date(2033, 6, 1)
MISSED = date(2026, 11, 30)


def _age(db, person: int, created: datetime) -> None:
    with db.writing() as tx:
        tx.execute(text("UPDATE service_users SET created_at = :at WHERE id = :id"),
                        {"at": created, "id": person})


def test_only_records_quiet_past_the_period_are_listed(db, actor, make_person,
                                                        group_ids) -> None:
    quiet, booked = make_person(), make_person()
    place = booking_service.book(db, actor, booked, group_ids[RDP], ON)
    for person in (quiet, booked):
        _age(db, person, datetime(2026, 1, 1))
    due = retention_service.past_retention(db, actor, LATER)
    assert due == []  # 8 years from the referral in Nov 2026 have not passed by Jun 2033
    service_settings.save(db, actor, {"retention_years": 5})
    due = retention_service.past_retention(db, actor, date(2032, 6, 1))
    # The booked person's place is still marked running (nothing has finished it), so they
    # are not quiet; the other was last in touch when referred.
    assert [(d.person_id, d.last_contact) for d in due] == [(quiet, ON)]
    finishing.sweep(db, actor, date(2032, 6, 1))
    due = retention_service.past_retention(db, actor, date(2032, 6, 1))
    assert [(d.person_id, d.last_contact) for d in due] == [(quiet, ON), (booked, place.end)]


def test_anonymising_removes_names_and_identifiers_and_keeps_the_figures(
        db, actor, make_person, group_ids) -> None:
    person = make_person()
    place = booking_service.book(db, actor, person, group_ids[RDP], ON).enrolment_id
    register_service.record(db, actor, group_ids[RDP], MISSED,
                            {place: AttendanceMark.DID_NOT_ATTEND}, MISSED)
    contact_service.record(db, actor, place, MISSED, ContactKind.CALLED,
                           "Said they are moving to Leeds", today=MISSED)
    service_settings.save(db, actor, {"retention_years": 1})
    when = date(2029, 1, 1)
    finishing.sweep(db, actor, when)
    assert retention_service.anonymise(db, actor, [person], when) == 1
    details, _ = intake.open_person(db, actor, person)
    assert (details.given_name, details.family_name) == ("Anonymised", f"#{person}")
    assert details.date_of_birth == date(1980, 7, 1) and details.nhs_number == ""
    assert details.assessment == {} and details.notes == ""
    with db.reading() as tx:
        assert tx.scalar(select(func.count()).select_from(Place)) == 1
        assert tx.scalar(select(func.count()).select_from(Referral)) == 1
        # What was said on the phone goes with their words; that the desk called stays.
        assert tx.execute(select(ContactAttempt.kind, ContactAttempt.said)).all() == [
            (ContactKind.CALLED, "")]
        assert tx.scalar(select(func.count()).select_from(NameWord).where(
            NameWord.word == "person1")) == 0
        assert tx.get(ServiceUser, person).anonymised_on == when
        assert tx.scalar(select(AuditEvent.action).where(
            AuditEvent.action == "anonymise")) == "anonymise"
    assert intake.search_people(db, actor, "person1") == []
    assert retention_service.anonymise(db, actor, [person], when) == 0  # once only


def test_a_walk_in_is_contact_that_keeps_a_record(db, actor, make_person, group_ids) -> None:
    """Someone whose only recent contact was walking in to a session is not quiet; listed
    later, their last contact is that session."""
    from recovery_desk.domain.places import walk_in_service

    person = make_person(refer_to=(), msm=True)
    _age(db, person, datetime(2020, 1, 1))
    thursday = date(2026, 12, 3)
    walk_in_service.add_walk_in(db, actor, group_ids["MSM Group"], thursday, person, thursday)
    service_settings.save(db, actor, {"retention_years": 5})
    assert retention_service.past_retention(db, actor, date(2031, 6, 1)) == []
    due = retention_service.past_retention(db, actor, date(2032, 6, 1))
    assert [(d.person_id, d.last_contact) for d in due] == [(person, thursday)]
