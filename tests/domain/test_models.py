"""Every model writes to a real SQLite file and reads back the same."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import select

from recovery_desk.domain.store.actor import Actor
from recovery_desk.domain.store.database import Database
from recovery_desk.domain.store.models import (
    Attendance,
    AttendanceMark,
    AuditEvent,
    Closure,
    Cohort,
    Group,
    GroupSession,
    Outcome,
    Place,
    PlaceStatus,
    Referral,
    ServiceUser,
    Staff,
    StaffRole,
    WaitingListEntry,
    WaitingStatus,
)
from tests.backends import staff_row


def test_people_places_and_registers_round_trip(db: Database, actor: Actor) -> None:
    """A service user with a referral, a place, a waiting-list entry and a register mark."""
    keyworker_id = staff_row(db, "kw", "Kay Worker", StaffRole.KEYWORKER)
    with db.writing() as tx:
        group = tx.scalar(select(Group).where(Group.name == "Recovery Skills"))
        keyworker = tx.get_one(Staff, keyworker_id)
        person = ServiceUser(given_name="Ada", family_name="Example",
                             date_of_birth=date(1985, 4, 2), sex="female", msm=None,
                             nhs_number="9434765919", postcode="E8 1DY", phone="+442079460000",
                             keyworker=keyworker, consent_to_store=True,
                             profile={"goals": ["change_use"]}, created_at=datetime(2026, 11, 1))
        tx.add(person)
        tx.flush()
        referral = Referral(service_user_id=person.id, group_id=group.id,
                            keyworker_id=keyworker.id, made_on=date(2026, 11, 2),
                            outcome=Outcome.NEEDS_REVIEW, reasons=["a reason"],
                            justification="seen twice")
        cohort = Cohort(group_id=group.id, start_date=date(2026, 12, 1))
        tx.add_all([referral, cohort])
        tx.flush()
        enrolment = Place(service_user_id=person.id, group_id=group.id,
                              referral_id=referral.id, cohort_id=cohort.id,
                              start_date=date(2026, 12, 1), expected_end_date=None,
                              status=PlaceStatus.ACTIVE, booked_by_id=actor.staff_id)
        session = GroupSession(group_id=group.id, date=date(2026, 12, 1),
                               start_time=time(11), end_time=time(12, 30))
        tx.add_all([enrolment, session,
                         WaitingListEntry(group_id=group.id, service_user_id=person.id,
                                          position=1, added_on=date(2026, 11, 3),
                                          status=WaitingStatus.WAITING),
                         Closure(group_id=group.id, first_day=date(2026, 12, 8),
                                 last_day=date(2026, 12, 9), reason="Training",
                                 created_by_id=actor.staff_id)])
        tx.flush()
        tx.add(Attendance(session_id=session.id, enrolment_id=enrolment.id,
                               mark=AttendanceMark.LATE, recorded_by_id=actor.staff_id,
                               recorded_at=datetime(2026, 12, 1, 11, 5)))
    with db.reading() as tx:
        person = tx.scalar(select(ServiceUser))
        assert (person.given_name, person.date_of_birth, person.msm) == ("Ada", date(1985, 4, 2),
                                                                          None)
        assert person.keyworker.display_name == "Kay Worker"
        assert person.profile == {"goals": ["change_use"]}
        referral = tx.scalar(select(Referral))
        assert referral.outcome is Outcome.NEEDS_REVIEW and referral.reasons == ["a reason"]
        assert tx.scalar(select(Place)).status is PlaceStatus.ACTIVE
        assert tx.scalar(select(GroupSession)).start_time == time(11)
        assert tx.scalar(select(Attendance)).mark is AttendanceMark.LATE
        assert tx.scalar(select(WaitingListEntry)).status is WaitingStatus.WAITING
        assert tx.scalar(select(Closure)).last_day == date(2026, 12, 9)
        assert tx.scalar(select(Cohort)).start_date == date(2026, 12, 1)


def test_the_default_catalogue_is_audited_as_added(db: Database) -> None:
    """Loading the catalogue into a new database leaves an audit event per group."""
    with db.reading() as tx:
        events = tx.scalars(select(AuditEvent)).all()
    assert len(events) == 7 and {e.action for e in events} == {"add"}
