"""One spreadsheet row of each kind, checked by the rules of the form or desk action that makes
that record and written in the import's transaction: people as the intake form saves them,
referrals as a keyworker records them, places as a booking makes them (a full group refuses),
waiting-list entries as the desk adds them, and past register marks as a register takes them.

A row that would be refused at the desk raises Refused with the reason; a record that is
already held (the same person, referral, place, entry or mark) is counted as already here.
Used by import_service only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from recovery_desk import identifiers
from recovery_desk.domain.operations.import_files import as_date, as_text, as_yes, squeeze
from recovery_desk.domain.people import intake_service
from recovery_desk.domain.places.place_rules import (
    active_place,
    current_referral,
    lock_group,
    lock_person,
    place_in_transaction,
    place_problem,
    places_for,
)
from recovery_desk.domain.places.places import span_for
from recovery_desk.domain.places.register_service import session_group, session_row
from recovery_desk.domain.places.timetable_service import places_on
from recovery_desk.domain.service.group_rows import details_of
from recovery_desk.domain.service.service_calendar import ServiceCalendar
from recovery_desk.domain.store.actor import Actor
from recovery_desk.domain.store.errors import DomainError
from recovery_desk.domain.store.models import (
    Attendance,
    Group,
    GroupSession,
    Place,
    Referral,
    ServiceUser,
    Staff,
    WaitingListEntry,
)
from recovery_desk.domain.store.timestamps import utc_now
from recovery_desk.eligibility import ProfileError, parse_profile
from recovery_desk.eligibility.profile import SEXES
from recovery_desk.identifiers import search_key
from recovery_desk.text_checks import reason_problem
from recovery_desk.vocabulary import (
    LIVE_WAITING,
    AttendanceMark,
    PlaceStatus,
    StaffRole,
    WaitingStatus,
)

SEX_WORDS = {"m": "male", "f": "female", "man": "male", "woman": "female",
             "not stated": "not_stated", "not_stated": "not_stated", "": "not_stated",
             "prefer not to say": "not_stated", **{s: s for s in SEXES}}
MARK_WORDS = {"attended": AttendanceMark.ATTENDED, "present": AttendanceMark.ATTENDED,
              "a": AttendanceMark.ATTENDED, "late": AttendanceMark.LATE,
              "l": AttendanceMark.LATE, "apologies": AttendanceMark.APOLOGIES,
              "apology": AttendanceMark.APOLOGIES, "sent apologies": AttendanceMark.APOLOGIES,
              "did not attend": AttendanceMark.DID_NOT_ATTEND, "dna": AttendanceMark.DID_NOT_ATTEND,
              "did_not_attend": AttendanceMark.DID_NOT_ATTEND}
ENDINGS = {s.value: s for s in (PlaceStatus.ACTIVE, PlaceStatus.COMPLETED,
                                PlaceStatus.WITHDRAWN, PlaceStatus.DISCHARGED)}


class Refused(Exception):
    """The row is refused; the message is the reason, as the desk would give it."""


@dataclass
class Known:
    """What the import looks rows up in, read once per file (a fixed number of statements)
    and kept up to date as rows are added."""

    groups: dict[str, int]
    keyworkers: dict[str, int]
    by_nhs: dict[str, int]
    by_name: dict[tuple[str, str, date], int]
    locked: dict[int, Group] = field(default_factory=dict)
    written: dict[str, list[int]] = field(default_factory=dict)
    """Table name -> ids of the rows this file added."""

    def wrote(self, table: str, row_id: int) -> None:
        self.written.setdefault(table, []).append(row_id)


def known(tx: Session) -> Known:
    people = tx.execute(select(ServiceUser.id, ServiceUser.nhs_number, ServiceUser.given_key,
                               ServiceUser.family_key, ServiceUser.date_of_birth)).all()
    return Known(
        groups={squeeze(name): i for i, name in tx.execute(
            select(Group.id, Group.name).where(Group.active.is_(True)))},
        keyworkers={squeeze(name): i for i, name in tx.execute(
            select(Staff.id, Staff.display_name).where(Staff.role == StaffRole.KEYWORKER,
                                                       Staff.active.is_(True)))},
        by_nhs={p.nhs_number: p.id for p in people if p.nhs_number},
        by_name={(p.given_key, p.family_key, p.date_of_birth): p.id for p in people})


def _date(values: dict[str, Any], key: str, words: str) -> date:
    try:
        return as_date(values.get(key))
    except ValueError as error:
        raise Refused(f"{words}: {error}") from error


def _keyworker(lookups: Known, values: dict[str, Any]) -> int | None:
    name = as_text(values.get("keyworker"))
    if not name:
        return None
    found = lookups.keyworkers.get(squeeze(name))
    if found is None:
        raise Refused(f"'{name}' is not an active keyworker on the desk")
    return found


def _words(text: str) -> list[str]:
    return ["_".join(w.casefold().split()) for w in re.split(r"[,;/]", text) if w.strip()]


def _assessment(values: dict[str, Any]) -> dict[str, Any]:
    """The intake profile's substances ('alcohol 20, cannabis 2': days used in the last 28),
    goals ('reduce drinking, change use') and abstinence date, as written; checked with the
    rest of the profile."""
    found: dict[str, Any] = {}
    substances = as_text(values.get("substances"))
    if substances:
        found["substances"] = []
        for part in re.split(r"[,;/]", substances):
            if not part.strip():
                continue
            match = re.fullmatch(r"\s*([^\d:=]+?)\s*[:=]?\s*(\d+)?\s*", part)
            if match is None or match.group(2) is None:
                raise Refused(f"Substances: write each with its days used in the last 28, "
                              f"like 'alcohol 20' ('{part.strip()}')")
            found["substances"].append({"name": "_".join(match.group(1).casefold().split()),
                                        "days_used_last_28": int(match.group(2))})
    if goals := as_text(values.get("goals")):
        found["goals"] = _words(goals)
    if as_text(values.get("abstinent_from_all_since")):
        found["abstinent_from_all_since"] = _date(
            values, "abstinent_from_all_since", "Abstinent since").isoformat()
    return found


def person_row(tx: Session, lookups: Known, values: dict[str, Any], on: date) -> bool:
    """A person, checked as the intake form checks one; False when already here."""
    try:
        born: date | None = as_date(values.get("date_of_birth"))
    except ValueError as error:
        if as_text(values.get("date_of_birth")):
            raise Refused(f"Date of birth: {error}") from error
        born = None
    sex = SEX_WORDS.get(as_text(values.get("sex")).casefold())
    if sex is None:
        raise Refused(f"Sex '{as_text(values.get('sex'))}' is not one of: {', '.join(SEXES)}")
    def text(key: str) -> str:
        return as_text(values.get(key))

    try:
        consent = as_yes(values.get("consent_to_store"))
    except ValueError as error:
        raise Refused(f"Consent to store: {error}") from error
    details = intake_service.PersonDetails(
        given_name=as_text(values.get("given_name")), family_name=as_text(
            values.get("family_name")), date_of_birth=born, sex=sex,
        preferred_name=text("preferred_name"), nhs_number=text("nhs_number"),
        postcode=text("postcode"), phone=text("phone"),
        emergency_contact=text("emergency_contact"), referral_source=text("referral_source"),
        access_needs=text("access_needs"), notes=text("notes"),
        keyworker_id=_keyworker(lookups, values), consent_to_store=consent,
        assessment=_assessment(values))
    details, problems = intake_service.normalise(details, on)
    if problems:
        raise Refused(" ".join(problems.values()))
    try:
        parse_profile(details.profile(), on)
    except ProfileError as error:
        raise Refused("; ".join(error.problems)) from error
    assert details.date_of_birth is not None
    key = (search_key(details.given_name), search_key(details.family_name),
           details.date_of_birth)
    if (details.nhs_number and details.nhs_number in lookups.by_nhs) or key in lookups.by_name:
        return False
    person = ServiceUser(created_at=utc_now(), **{k: getattr(details, k) for k in (
        "given_name", "family_name", "preferred_name", "date_of_birth", "sex", "postcode",
        "phone", "emergency_contact", "keyworker_id", "referral_source", "consent_to_store",
        "access_needs", "notes")}, nhs_number=details.nhs_number or None,
        profile=details.profile())
    tx.add(person)
    tx.flush()
    lookups.wrote("service_users", person.id)
    if details.nhs_number:
        lookups.by_nhs[details.nhs_number] = person.id
    lookups.by_name[key] = person.id
    return True


def _person(tx: Session, lookups: Known, values: dict[str, Any]) -> ServiceUser:
    """The person a row names, by NHS number or by name and date of birth; locked after
    their group, as a booking locks them."""
    nhs = as_text(values.get("nhs_number"))
    if nhs:
        try:
            person_id = lookups.by_nhs.get(identifiers.nhs_number(nhs))
        except identifiers.IdentifierError as error:
            raise Refused(str(error)) from error
    else:
        key = (search_key(as_text(values.get("given_name"))),
               search_key(as_text(values.get("family_name"))),
               _date(values, "date_of_birth", "Date of birth"))
        person_id = lookups.by_name.get(key)
    if person_id is None:
        raise Refused("nobody on the desk has this NHS number, or this name and date of "
                      "birth; import the people first")
    return lock_person(tx, person_id)


def _group(tx: Session, lookups: Known, values: dict[str, Any]) -> Group:
    name = as_text(values.get("group"))
    group_id = lookups.groups.get(squeeze(name))
    if group_id is None:
        raise Refused(f"'{name}' is not a group in the catalogue" if name
                      else "the group is missing")
    if group_id not in lookups.locked:  # each group locked once, in the file's order
        lookups.locked[group_id] = lock_group(tx, group_id)
    return lookups.locked[group_id]


def referral_row(tx: Session, actor: Actor, lookups: Known, values: dict[str, Any]) -> bool:
    """A referral, with its eligibility worked out for the day it was made and the referral
    rules (a keyworker, a justification for needs-review) checked as the form checks them."""
    group = _group(tx, lookups, values)  # the group's lock first, as bookings take it
    person = _person(tx, lookups, values)
    made_on = _date(values, "made_on", "Referred on")
    if tx.scalar(select(func.count()).select_from(Referral).where(
            Referral.service_user_id == person.id, Referral.group_id == group.id,
            Referral.made_on == made_on)):
        return False
    keyworker = _keyworker(lookups, values) or person.keyworker_id
    details = replace(intake_service.stored_details(person), keyworker_id=keyworker)
    try:
        profile = parse_profile(details.profile(), made_on)
    except ProfileError as error:
        raise Refused("; ".join(error.problems)) from error
    try:
        referral_id = intake_service.write_referral(
            tx, actor, person.id, details, profile, group,
            as_text(values.get("justification")), made_on)
    except DomainError as error:
        raise Refused(str(error)) from error
    lookups.wrote("referrals", referral_id)
    return True


def place_row(tx: Session, actor: Actor, lookups: Known, values: dict[str, Any]) -> bool:
    """A place from its first session, booked as the desk books one (referral, eligibility,
    a full group, a time clash), then ended as it ended."""
    group = _group(tx, lookups, values)  # the group's lock first, as bookings take it
    person = _person(tx, lookups, values)
    start = _date(values, "start_date", "Start date")
    status_word = as_text(values.get("status")).casefold() or "active"
    if status_word not in ENDINGS:
        raise Refused(f"Status '{status_word}' is not one of: {', '.join(ENDINGS)}")
    if tx.scalar(select(func.count()).select_from(Place).where(
            Place.service_user_id == person.id, Place.group_id == group.id,
            Place.start_date == start)):
        return False
    try:
        booked = place_in_transaction(tx, actor, person, group, start, False, start=start)
    except DomainError as error:
        raise Refused(str(error)) from error
    lookups.wrote("enrolments", booked.enrolment_id)
    if ENDINGS[status_word] is not PlaceStatus.ACTIVE:
        ended = _date(values, "ended_on", "Ended on")
        reason = as_text(values.get("end_reason"))
        if refused := reason_problem(reason, "Give a reason for ending the place."):
            raise Refused(refused)
        if ended < start:
            raise Refused("the place ends before it starts")
        place = tx.get(Place, booked.enrolment_id)
        assert place is not None
        place.status, place.ended_on, place.end_reason = ENDINGS[status_word], ended, reason
    elif as_text(values.get("ended_on")):
        raise Refused("an active place has no end date; give the status it ended with")
    return True


def waiting_row(tx: Session, lookups: Known, values: dict[str, Any]) -> bool:
    """A waiting-list entry, added as the desk adds one: eligible and referred, no place
    already, and the group full on the day."""
    group = _group(tx, lookups, values)  # the group's lock first, as bookings take it
    person = _person(tx, lookups, values)
    added = _date(values, "added_on", "Added on")
    if tx.scalar(select(func.count()).select_from(WaitingListEntry).where(
            WaitingListEntry.service_user_id == person.id,
            WaitingListEntry.group_id == group.id, WaitingListEntry.status.in_(LIVE_WAITING))):
        return False
    details = details_of(group)
    problem = place_problem(person, details, current_referral(tx, person.id, group.id), added,
                            waiting=True)
    if problem:
        raise Refused(f"Cannot add {person.name} to the waiting list: {problem}")
    if active_place(tx, person.id, group.id):
        raise Refused(f"{person.name} already has a place in {group.name}")
    free = places_for(tx, group, span_for(tx, ServiceCalendar(tx), details, added)).free
    if free > 0:
        raise Refused(f"{group.name} has {free} free place{'s' if free != 1 else ''}: "
                      "import the place instead")
    last = tx.scalar(select(func.max(WaitingListEntry.position)).where(
        WaitingListEntry.group_id == group.id, WaitingListEntry.status.in_(LIVE_WAITING))) or 0
    entry = WaitingListEntry(group_id=group.id, service_user_id=person.id, position=last + 1,
                             added_on=added, status=WaitingStatus.WAITING)
    tx.add(entry)
    tx.flush()
    lookups.wrote("waiting_list_entries", entry.id)
    return True


def attendance_row(tx: Session, actor: Actor, lookups: Known, values: dict[str, Any],
                   today: date) -> bool:
    """A past register mark: the session must have run (not closed, not cancelled, not still
    to come) and the person must have had a place in it that day."""
    group = _group(tx, lookups, values)  # the group's lock first, as bookings take it
    person = _person(tx, lookups, values)
    day = _date(values, "date", "Session date")
    word = as_text(values.get("mark")).casefold().replace("-", " ")
    mark = MARK_WORDS.get(word)
    if mark is None:
        raise Refused(f"Mark '{word}' is not attended, late, apologies or did not attend")
    try:
        session_group(tx, group.id, day, today)
    except DomainError as error:
        raise Refused(str(error)) from error
    place = next((p for p, _ in places_on(tx, group.id, day)
                  if p.service_user_id == person.id), None)
    if place is None:
        raise Refused(f"{person.name} had no place in {group.name} on that day; import the "
                      "place first")
    had_session = tx.scalar(select(GroupSession.id).where(GroupSession.group_id == group.id,
                                                          GroupSession.date == day))
    session = session_row(tx, group, day)
    if had_session is None:
        lookups.wrote("sessions", session.id)
    current = tx.scalar(select(Attendance).where(
        Attendance.session_id == session.id, Attendance.enrolment_id == place.id,
        Attendance.superseded_by_id.is_(None)))
    if current is not None:
        if current.mark is mark:
            return False
        raise Refused(f"{person.name} is already marked {current.mark.value.replace('_', ' ')}"
                      " for that session; correct it on the register")
    row = Attendance(session_id=session.id, enrolment_id=place.id, mark=mark,
                     recorded_by_id=actor.staff_id, recorded_at=utc_now())
    tx.add(row)
    tx.flush()
    lookups.wrote("attendance", row.id)
    return True
