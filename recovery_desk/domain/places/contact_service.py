"""Contact attempts after a did-not-attend: the desk logs how it tried to reach the person
(called, left a message, no answer, letter sent) against the place and the session missed, with
a few words of what was said. The person record lists them, and the did-not-attend flag (the
cohort review's members, the person record) shows the last one.

What was said is kept non-clinical on purpose: reception writes it and reads it back, and
reception may not see clinical notes (access.py). "Will come on Thursday" or "number not in
use" belong here; how the person is doing belongs in the keyworker's notes, so the form says so.
Each query costs a fixed number of statements whatever the history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from recovery_desk.access import Permission
from recovery_desk.domain.places.place_rules import lock_group_of
from recovery_desk.domain.places.register_service import dna_streaks
from recovery_desk.domain.store import audit
from recovery_desk.domain.store.actor import Actor
from recovery_desk.domain.store.database import Database
from recovery_desk.domain.store.errors import DomainError
from recovery_desk.domain.store.models import (
    Attendance,
    ContactAttempt,
    Group,
    GroupSession,
    Place,
    Staff,
)
from recovery_desk.domain.store.timestamps import utc_now
from recovery_desk.schedule.phrases import format_date
from recovery_desk.text_checks import text_problem
from recovery_desk.vocabulary import AttendanceMark, ContactKind, PlaceStatus

SAID_LENGTH = 200
SHOWN = 20
"""The newest attempts a record lists."""
MISSED_SHOWN = 12
"""The newest did-not-attends a record offers to log a contact against."""


@dataclass(frozen=True)
class ContactLine:
    """One attempt, as the person record lists it."""

    group: str
    session_date: date
    kind: ContactKind
    said: str
    by: str
    on: date


@dataclass(frozen=True)
class MissedSession:
    """A session the person did not attend (its current mark), to log a contact against."""

    enrolment_id: int
    group: str
    session_date: date


@dataclass(frozen=True)
class LastContact:
    kind: ContactKind
    on: date


FLAG_CONTACT_WORDS = {ContactKind.CALLED: "called and spoke to them",
                      ContactKind.LEFT_MESSAGE: "called and left a message",
                      ContactKind.NO_ANSWER: "called and got no answer",
                      ContactKind.LETTER_SENT: "sent a letter"}
"""The last contact as it reads after its date on a flag: 'Thu 3 Dec 2026, called and left a
message'."""


def flag_words(missed: int, last: LastContact | None) -> str:
    """'3 missed in a row; last contact Thu 3 Dec 2026, called and got no answer'."""
    contact = f"last contact {format_date(last.on)}, {FLAG_CONTACT_WORDS[last.kind]}" \
        if last else "no contact logged yet"
    return f"{missed} missed in a row; {contact}"


def record(db: Database, actor: Actor, enrolment_id: int, session_date: date,
           kind: ContactKind, said: str, today: date) -> int:
    """Log an attempt to reach the person after the session they missed; returns its id.
    Refused unless the session's current mark is a
    did-not-attend, read under the group's lock (a register saved at the same time decides)."""
    actor.require(Permission.TAKE_REGISTERS)
    if not isinstance(kind, ContactKind):
        raise DomainError("Choose how the person was contacted.")
    refused = text_problem(said, "What was said", max_length=SAID_LENGTH)
    if refused:
        raise DomainError(refused)
    if session_date > today:
        raise DomainError(f"The session on {format_date(session_date)} has not happened yet.")
    with db.writing() as tx:
        place, group = lock_group_of(tx, Place, enrolment_id,
                                     "That place no longer exists; reload.")
        mark = tx.scalar(select(Attendance.mark).join(GroupSession).where(
            Attendance.enrolment_id == enrolment_id, GroupSession.date == session_date,
            Attendance.superseded_by_id.is_(None)))
        if mark is not AttendanceMark.DID_NOT_ATTEND:
            raise DomainError(f"The register for {group.name} on {format_date(session_date)} "
                              "does not say they did not attend; reload the register.")
        attempt = ContactAttempt(service_user_id=place.service_user_id, enrolment_id=place.id,
                                 session_date=session_date, kind=kind, said=said.strip(),
                                 contacted_on=today,
                                 recorded_by_id=actor.staff_id, recorded_at=utc_now())
        tx.add(attempt)
        tx.flush()
        audit.record(tx, actor, "contact", "contact_attempt", attempt.id, kind=kind.value,
                     session=str(session_date))
        return attempt.id


def attempts(db: Database, actor: Actor, person_id: int) -> list[ContactLine]:
    """The person's newest SHOWN attempts, newest first, with who logged them."""
    actor.require(Permission.FIND_PEOPLE)
    with db.reading() as tx:
        rows = tx.execute(
            select(ContactAttempt, Group.name, Staff.display_name)
            .join(Place, ContactAttempt.enrolment_id == Place.id)
            .join(Group, Place.group_id == Group.id)
            .join(Staff, ContactAttempt.recorded_by_id == Staff.id)
            .where(ContactAttempt.service_user_id == person_id)
            .order_by(ContactAttempt.recorded_at.desc(), ContactAttempt.id.desc())
            .limit(SHOWN))
        return [ContactLine(group, a.session_date, a.kind, a.said, by, a.contacted_on)
                for a, group, by in rows]


def missed_sessions(db: Database, actor: Actor, person_id: int) -> list[MissedSession]:
    """The person's newest did-not-attends (current marks), newest first."""
    actor.require(Permission.TAKE_REGISTERS)
    with db.reading() as tx:
        rows = tx.execute(
            select(Attendance.enrolment_id, Group.name, GroupSession.date)
            .join(Place, Attendance.enrolment_id == Place.id)
            .join(GroupSession, Attendance.session_id == GroupSession.id)
            .join(Group, GroupSession.group_id == Group.id)
            .where(Place.service_user_id == person_id,
                   Attendance.superseded_by_id.is_(None),
                   Attendance.mark == AttendanceMark.DID_NOT_ATTEND)
            .order_by(GroupSession.date.desc(), Attendance.id.desc()).limit(MISSED_SHOWN))
        return [MissedSession(enrolment_id, group, day) for enrolment_id, group, day in rows]


def last_contacts(tx: Session, enrolment_ids: list[int]) -> dict[int, LastContact]:
    """Per place, its newest attempt, in one statement."""
    if not enrolment_ids:
        return {}
    newest = (select(func.max(ContactAttempt.id))
              .where(ContactAttempt.enrolment_id.in_(enrolment_ids))
              .group_by(ContactAttempt.enrolment_id))
    return {a.enrolment_id: LastContact(a.kind, a.contacted_on) for a in tx.scalars(
        select(ContactAttempt).where(ContactAttempt.id.in_(newest)))}


def flags(db: Database, actor: Actor, person_id: int) -> list[str]:
    """Each of the person's running places flagged for missed sessions, in words with the
    last contact: 'Recovery Skills: 3 missed in a row; last contact Thu 3 Dec 2026, sent a
    letter'."""
    actor.require(Permission.FIND_PEOPLE)
    with db.reading() as tx:
        places = tx.execute(select(Place.id, Group.name).join(Group).where(
            Place.service_user_id == person_id, Place.status == PlaceStatus.ACTIVE,
            Place.flagged_for_keyworker.is_(True)).order_by(Group.name)).all()
        ids = [place_id for place_id, _ in places]
        streaks, last = dna_streaks(tx, ids), last_contacts(tx, ids)
        return [f"{name}: {flag_words(streaks.get(place_id, 0), last.get(place_id))}"
                for place_id, name in places]
