"""Retention: records with no contact for longer than the retention period (a service setting,
default 8 years after last contact), and anonymising them once a manager confirms.

Anonymising keeps what the service's figures need (sex, the year of birth, referrals, places,
marks and their dates) and removes names, identifiers, contact details, notes, the assessment
and any free text; the audit keeps that it happened.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import and_, exists, func, or_, select, union_all, update

from recovery_desk.access import Permission
from recovery_desk.domain.service import service_settings
from recovery_desk.domain.store import audit
from recovery_desk.domain.store.actor import Actor
from recovery_desk.domain.store.database import Database
from recovery_desk.domain.store.models import (
    ContactAttempt,
    GroupSession,
    Place,
    Referral,
    ServiceUser,
    WaitingListEntry,
    WalkIn,
)
from recovery_desk.vocabulary import LIVE_WAITING, PlaceStatus

ANONYMISED_GIVEN = "Anonymised"


@dataclass(frozen=True)
class PastRetention:
    person_id: int
    name: str
    last_contact: date


def cutoff(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def _quiet_since(limit: date):
    """People with nothing on record on or after limit, and nothing still running."""
    person = ServiceUser.id
    return and_(
        ServiceUser.anonymised_on.is_(None),
        ServiceUser.created_at < datetime.combine(limit, time.min),
        ~exists().where(Referral.service_user_id == person, Referral.made_on >= limit),
        ~exists().where(Place.service_user_id == person, or_(
            Place.status == PlaceStatus.ACTIVE, Place.start_date >= limit,
            Place.ended_on >= limit, Place.expected_end_date >= limit)),
        ~exists().where(WaitingListEntry.service_user_id == person, or_(
            WaitingListEntry.status.in_(LIVE_WAITING), WaitingListEntry.added_on >= limit)),
        # A walk-in is contact too: someone who came to a session lately is not quiet.
        ~exists().where(WalkIn.service_user_id == person, WalkIn.session_id == GroupSession.id,
                        GroupSession.date >= limit))


def past_retention(db: Database, actor: Actor, today: date) -> list[PastRetention]:
    """Everyone whose last contact is before the retention cutoff, oldest first. Listing
    their names is audited."""
    actor.require(Permission.RETENTION)
    years = service_settings.read(db)["retention_years"]
    limit = cutoff(today, years)
    with db.writing() as tx:
        people = tx.execute(select(ServiceUser.id, ServiceUser.given_name,
                                        ServiceUser.family_name, ServiceUser.created_at)
                                 .where(_quiet_since(limit))).all()
        ids = [p.id for p in people]
        dates = union_all(
            select(Referral.service_user_id.label("person"), Referral.made_on.label("day"))
            .where(Referral.service_user_id.in_(ids)),
            select(Place.service_user_id, func.coalesce(Place.ended_on,
                                                            Place.start_date))
            .where(Place.service_user_id.in_(ids)),
            select(WaitingListEntry.service_user_id, WaitingListEntry.added_on)
            .where(WaitingListEntry.service_user_id.in_(ids)),
            select(WalkIn.service_user_id, GroupSession.date)
            .join(GroupSession, WalkIn.session_id == GroupSession.id)
            .where(WalkIn.service_user_id.in_(ids))).subquery()
        last = {person: day for person, day in tx.execute(
            select(dates.c.person, func.max(dates.c.day)).group_by(dates.c.person))}
        found = [PastRetention(p.id, f"{p.given_name} {p.family_name}",
                               max(filter(None, (last.get(p.id), p.created_at.date()))))
                 for p in people]
        audit.record(tx, actor, "view", "retention_review", None, people=len(found),
                     years=years)
        return sorted(found, key=lambda r: (r.last_contact, r.person_id))


def anonymise(db: Database, actor: Actor, person_ids: list[int], today: date) -> int:
    """Anonymise these people, each still past the retention period when checked again here.
    Returns how many were anonymised."""
    actor.require(Permission.RETENTION)
    limit = cutoff(today, service_settings.read(db)["retention_years"])
    with db.writing() as tx:
        # Locked and read afresh: a record another desk is saving is anonymised after that
        # save, never overwritten by it with the details restored.
        people = tx.scalars(select(ServiceUser).where(
            ServiceUser.id.in_(person_ids), _quiet_since(limit)).order_by(ServiceUser.id)
            .with_for_update(of=ServiceUser)
            .execution_options(populate_existing=True)).all()
        for person in people:
            person.given_name, person.family_name = ANONYMISED_GIVEN, f"#{person.id}"
            person.preferred_name = ""
            person.date_of_birth = date(person.date_of_birth.year, 7, 1)
            person.nhs_number = None
            person.postcode = person.phone = person.emergency_contact = ""
            person.referral_source = person.access_needs = person.notes = ""
            person.profile = {}
            person.keyworker_id = None
            person.anonymised_on = today
            for referral in tx.scalars(select(Referral).where(
                    Referral.service_user_id == person.id)):
                referral.justification = ""
            for place in tx.scalars(select(Place).where(
                    Place.service_user_id == person.id)):
                place.end_reason = ""
            for entry in tx.scalars(select(WaitingListEntry).where(
                    WaitingListEntry.service_user_id == person.id)):
                entry.reason = ""
            audit.record(tx, actor, "anonymise", "service_user", person.id,
                         last_contact_before=str(limit))
        if people:
            # What was said when the desk rang them goes with their other words.
            tx.execute(update(ContactAttempt).where(ContactAttempt.service_user_id.in_(
                [person.id for person in people])).values(said=""))
        return len(people)
