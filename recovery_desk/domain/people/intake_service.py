"""Service users and their referrals: finding, opening (audited) and saving an intake.

save_intake() is one transaction: the person's details and contact choices are validated, each
referred group's eligibility is worked out again from the database as it is then, and the
referral rules are checked there (a justification for needs-review), not only in the form."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from sqlalchemy import String, and_, select
from sqlalchemy.orm import Session

from recovery_desk import identifiers
from recovery_desk.access import Permission
from recovery_desk.domain.people.contact_details import choices_of, normalise_contact, write_contact
from recovery_desk.domain.service.group_rows import details_of, name_beside_a_referral
from recovery_desk.domain.store import audit
from recovery_desk.domain.store.actor import Actor
from recovery_desk.domain.store.database import Database
from recovery_desk.domain.store.errors import DomainError, InvalidDetailsError, NotFoundError
from recovery_desk.domain.store.models import Group, NameWord, Referral, ServiceUser, Staff
from recovery_desk.domain.store.row_locks import locked
from recovery_desk.domain.store.timestamps import utc_now
from recovery_desk.eligibility import (
    Profile,
    ProfileError,
    check_group,
    parse_profile,
    referral_problems,
)
from recovery_desk.eligibility.profile import SEXES
from recovery_desk.identifiers import search_key
from recovery_desk.rows.messages import ContactChoices
from recovery_desk.schedule.phrases import read_date
from recovery_desk.text_checks import text_problem
from recovery_desk.vocabulary import Outcome, StaffRole, person_name

SEARCH_LIMIT = 25
IDENTIFIER_LENGTH = 40  # enough for an NHS number, postcode or phone number however spaced
ASSESSMENT_KEYS = ("substances", "abstinent_from_illicit_since", "abstinent_from_all_since",
                   "substitute_medication", "goals")


@dataclass(frozen=True)
class PersonDetails:
    given_name: str
    family_name: str
    date_of_birth: date | None
    sex: str = "not_stated"
    msm: bool | None = None
    preferred_name: str = ""
    nhs_number: str = ""
    postcode: str = ""
    phone: str = ""
    emergency_contact: str = ""
    keyworker_id: int | None = None
    referral_source: str = ""
    consent_to_store: bool = False
    access_needs: str = ""
    notes: str = ""
    assessment: dict[str, Any] = field(default_factory=dict)
    """The assessment part of the intake profile: substances, abstinence, medication, goals."""
    id: int | None = None
    contact: ContactChoices | None = None
    """Mobile, email, consents and wording (contact_details.py); None keeps what is stored."""

    @property
    def name(self) -> str:
        return person_name(self.given_name, self.family_name)

    def profile(self) -> dict[str, Any]:
        """The whole intake profile (domain.md's JSON) for eligibility."""
        return {"date_of_birth": self.date_of_birth.isoformat() if self.date_of_birth else None,
                "sex": self.sex, "msm": self.msm, **{k: self.assessment.get(k) for k in (
                    "abstinent_from_illicit_since", "abstinent_from_all_since",
                    "substitute_medication")},
                "substances": self.assessment.get("substances", []),
                "goals": self.assessment.get("goals", []),
                "keyworker_referral": self.keyworker_id is not None}


@dataclass(frozen=True)
class ReferralRequest:
    group_id: int
    justification: str = ""


@dataclass(frozen=True)
class PersonSummary:
    id: int
    name: str
    date_of_birth: date
    nhs_number: str


@dataclass(frozen=True)
class ReferralSummary:
    group: str
    """'a group' for reception where the name would reveal special-category data."""
    made_on: date
    outcome: Outcome | None
    """None for staff who may not see assessments (the eligibility follows from one)."""
    keyworker: str


# What each free-text field is called in a message, and whether it may hold several lines.
_TEXT_FIELDS = (("given_name", "A first name", False), ("family_name", "A last name", False),
                ("preferred_name", "A preferred name", False),
                ("emergency_contact", "The emergency contact", False),
                ("referral_source", "The referral source", False),
                ("access_needs", "Access needs", True), ("notes", "Notes", True))


def _column_length(key: str) -> int | None:
    column_type = ServiceUser.__table__.c[key].type
    assert isinstance(column_type, String)  # every one-line text field is a String column
    return column_type.length


# The longest each one-line field may be: its column's length, so nothing is cut when stored.
_LONGEST = {key: _column_length(key) for key, _, multiline in _TEXT_FIELDS if not multiline}


def normalise(details: PersonDetails, on: date) -> tuple[PersonDetails, dict[str, str]]:
    """The details with identifiers normalised, and a message per field that is wrong.

    Every field is checked for its kind as well as its value, so that whatever reaches here
    (from the form, a script or a test) ends as a message, never an exception."""
    problems: dict[str, str] = {}
    for key, words, multiline in _TEXT_FIELDS:
        problem = text_problem(getattr(details, key), words, multiline=multiline,
                               max_length=_LONGEST.get(key))
        if problem:
            problems[key] = problem
    if "given_name" not in problems and not details.given_name.strip():
        problems["given_name"] = "Enter their first name."
    if "family_name" not in problems and not details.family_name.strip():
        problems["family_name"] = "Enter their last name."
    if details.date_of_birth is None:
        problems["date_of_birth"] = "Enter their date of birth."
    elif not isinstance(details.date_of_birth, date):
        problems["date_of_birth"] = "The date of birth must be a date."
    elif details.date_of_birth > on:
        problems["date_of_birth"] = "The date of birth is in the future."
    if not isinstance(details.sex, str) or details.sex not in SEXES:
        problems["sex"] = f"Choose one of: {', '.join(SEXES)}."
    if details.msm is not None and not isinstance(details.msm, bool):
        problems["msm"] = "Choose yes, no, or not asked."
    if details.keyworker_id is not None and (isinstance(details.keyworker_id, bool)
                                             or not isinstance(details.keyworker_id, int)):
        problems["keyworker"] = "Choose a keyworker from the list."
    if not isinstance(details.assessment, dict):
        problems["assessment"] = "The assessment must be the intake profile's fields."
    cleaned: dict[str, Any] = {}  # str values; Any because replace() below takes each field
    for key, words, check in (("nhs_number", "An NHS number", identifiers.nhs_number),
                              ("postcode", "A postcode", identifiers.postcode),
                              ("phone", "A phone number", identifiers.phone)):
        value = getattr(details, key)
        problem = text_problem(value, words, max_length=IDENTIFIER_LENGTH)
        if problem:
            problems[key] = problem
            continue
        value = value.strip()
        try:
            cleaned[key] = check(value) if value else ""
        except identifiers.IdentifierError as error:
            problems[key] = str(error)
            cleaned[key] = value
    if details.contact is not None:
        cleaned["contact"] = normalise_contact(details.contact, problems)
    if details.consent_to_store is not True:
        problems["consent_to_store"] = ("Their consent to store their data is needed before "
                                        "anything is saved.")
    # One-line fields are kept without the spaces around them (the length allowed is counted
    # that way too); notes are kept exactly as written.
    lines = {key: getattr(details, key).strip() for key in _LONGEST
             if isinstance(getattr(details, key), str)}
    return replace(details, **lines, **cleaned), problems


def _starts_with(column: Any, prefix: str) -> Any:
    """column LIKE 'prefix%', written as a range so an index serves it on any database and
    nothing typed (a % or _) is read as a wildcard."""
    return and_(column >= prefix, column < prefix + "\U0010ffff")


def search_people(db: Database, actor: Actor, text: str) -> list[PersonSummary]:
    """People each of whose typed words starts a word of their names (accents, case and
    punctuation ignored),
    or whose date of birth (2/4/1985, 1985-04-02) matches, or whose NHS number starts with
    the digits typed; at most SEARCH_LIMIT, by surname.

    A read: as-you-type searches are not written one by one. The desk records a settled
    search with record_search(), and every record opened is audited by open_person()."""
    actor.require(Permission.FIND_PEOPLE)
    words = [search_key(word) for word in text.split()]
    words = [word for word in words if word]
    digits = "".join(ch for ch in text if ch.isdigit())
    if not words and not digits:
        return []
    try:
        born: date | None = read_date(text)
    except ValueError:
        born = None
    query = select(ServiceUser.id, ServiceUser.given_name, ServiceUser.family_name,
                   ServiceUser.date_of_birth, ServiceUser.nhs_number)
    if born is not None:
        query = query.where(ServiceUser.date_of_birth == born)
    elif len(digits) >= 3 and digits == "".join(text.split()):
        query = query.where(_starts_with(ServiceUser.nhs_number, digits))
    else:
        for word in {w for typed in words for w in typed.split()}:
            query = query.where(ServiceUser.id.in_(
                select(NameWord.service_user_id).where(_starts_with(NameWord.word, word))))
    query = query.order_by(ServiceUser.family_key, ServiceUser.given_key, ServiceUser.id)
    with db.reading() as tx:
        return [PersonSummary(row.id, person_name(row.given_name, row.family_name),
                              row.date_of_birth, row.nhs_number or "")
                for row in tx.execute(query.limit(SEARCH_LIMIT))]


def record_search(db: Database, actor: Actor, found: int) -> None:
    """Audit a settled search: how many were listed, never the words (they can name people)."""
    actor.require(Permission.FIND_PEOPLE)
    with db.writing() as tx:
        audit.record(tx, actor, "search", "service_user", None, found=found)


def open_person(db: Database, actor: Actor,
                person_id: int) -> tuple[PersonDetails, list[ReferralSummary]]:
    """A service user's details and referrals. Every opening is audited. Staff who may not
    see clinical details get the record without the assessment and notes."""
    actor.require(Permission.FIND_PEOPLE)
    with db.writing() as tx:
        person = tx.get(ServiceUser, person_id)
        if person is None:
            raise NotFoundError("That person's record no longer exists.")
        referrals = tx.execute(
            select(Referral, Group, Staff.display_name).join(Group)
            .outerjoin(Staff, Referral.keyworker_id == Staff.id)
            .where(Referral.service_user_id == person_id).order_by(Referral.made_on.desc()))
        clinical = actor.may(Permission.VIEW_CLINICAL)
        summaries = [ReferralSummary(name_beside_a_referral(actor, group), r.made_on,
                                     r.outcome if clinical else None, keyworker or "none")
                     for r, group, keyworker in referrals]
        audit.record(tx, actor, "view", "service_user", person_id)
        details = stored_details(person)
        if not clinical:
            details = replace(details, msm=None, assessment={}, notes="")
        return details, summaries


def record_version(db: Database, actor: Actor, person_id: int) -> str:
    """A fingerprint of what the intake form shows of a person (their details and referrals),
    so a desk can tell that another desk changed the record it has open. Not a view of the
    record, so not audited; None of it is shown."""
    actor.require(Permission.FIND_PEOPLE)
    with db.reading() as tx:
        person = tx.get(ServiceUser, person_id)
        if person is None:
            return "gone"
        referrals = tx.execute(select(
            Referral.id, Referral.made_on, Referral.outcome, Referral.withdrawn,
            Referral.keyworker_id, Referral.justification).where(
            Referral.service_user_id == person_id).order_by(Referral.id)).all()
        shown = (stored_details(person), [tuple(row) for row in referrals])
    return hashlib.sha256(repr(shown).encode("utf-8")).hexdigest()


def stored_details(person: ServiceUser) -> PersonDetails:
    """A stored person as the intake form's details."""
    return PersonDetails(
        id=person.id, given_name=person.given_name, family_name=person.family_name,
        preferred_name=person.preferred_name, date_of_birth=person.date_of_birth,
        sex=person.sex, msm=person.msm, nhs_number=person.nhs_number or "",
        postcode=person.postcode, phone=person.phone,
        emergency_contact=person.emergency_contact, keyworker_id=person.keyworker_id,
        referral_source=person.referral_source, consent_to_store=person.consent_to_store,
        access_needs=person.access_needs, notes=person.notes,
        assessment={k: v for k, v in (person.profile or {}).items() if k in ASSESSMENT_KEYS},
        contact=choices_of(person))


def keyworkers(db: Database, actor: Actor) -> list[tuple[int, str]]:
    actor.require(Permission.FIND_PEOPLE)
    with db.reading() as tx:
        return [(i, n) for i, n in tx.execute(
            select(Staff.id, Staff.display_name).where(
                Staff.role == StaffRole.KEYWORKER, Staff.active.is_(True))
            .order_by(Staff.display_name))]


def save_intake(db: Database, actor: Actor, details: PersonDetails,
                referrals: list[ReferralRequest], on: date) -> int:
    """Save the person (new or existing) and a referral to each requested group; returns the
    person's id. Raises InvalidDetailsError (per field) or DomainError (a referral rule).

    Staff who may not see clinical details change contact details only: the stored
    assessment and notes are kept as they were."""
    actor.require(Permission.EDIT_CONTACT)
    if referrals:
        actor.require(Permission.RECORD_REFERRALS)
    details, profile = _valid_intake(details, on)
    with db.writing() as tx:
        # The groups first (in one order; bookings lock a group before anything else), then
        # the person: each read locked, so a group retired meanwhile takes no referral and
        # an assessment another desk saved meanwhile is what reception's save keeps.
        groups = {group_id: locked(tx, Group, group_id)
                  for group_id in sorted({request.group_id for request in referrals})}
        _check_nhs_number_free(tx, details)
        person_id = _write_person(tx, actor, details, on)
        for request in referrals:
            write_referral(tx, actor, person_id, details, profile, groups[request.group_id],
                            request.justification, on)
        return person_id


def _valid_intake(details: PersonDetails, on: date) -> tuple[PersonDetails, Profile]:
    """The details normalised and their assessment read as an eligibility profile; raises
    InvalidDetailsError with every problem found, per field."""
    details, problems = normalise(details, on)
    profile = None
    if not problems:
        try:
            profile = parse_profile(details.profile(), on)
        except ProfileError as error:
            problems["assessment"] = "; ".join(error.problems)
    if problems:
        raise InvalidDetailsError(problems)
    assert profile is not None
    return details, profile


def _check_nhs_number_free(tx: Session, details: PersonDetails) -> None:
    """Refuses an NHS number that already belongs to someone else."""
    if details.nhs_number:
        clash = tx.scalar(select(ServiceUser).where(
            ServiceUser.nhs_number == details.nhs_number,
            ServiceUser.id != (details.id or -1)))
        if clash is not None:
            raise InvalidDetailsError({"nhs_number": (
                f"This NHS number already belongs to {clash.name}; find them with the "
                "search instead.")})


def _write_person(tx: Session, actor: Actor, details: PersonDetails, on: date) -> int:
    """The person added, or their row (locked) changed, and audited; returns their id. Only
    staff who may see clinical details change the assessment and notes."""
    clinical = actor.may(Permission.VIEW_CLINICAL)
    person = locked(tx, ServiceUser, details.id) if details.id else ServiceUser(
        created_at=utc_now(), profile={}, notes="")
    if person is None:
        raise NotFoundError("That person's record no longer exists.")
    for key in ("given_name", "family_name", "preferred_name", "date_of_birth", "sex",
                "postcode", "phone", "emergency_contact", "keyworker_id",
                "referral_source", "consent_to_store", "access_needs"):
        setattr(person, key, getattr(details, key))
    if clinical:
        person.msm = details.msm  # an assessment answer, like the profile below
    person.nhs_number = details.nhs_number or None
    if clinical:
        person.notes = details.notes
        person.profile = details.profile()
    else:
        kept = {k: v for k, v in (person.profile or {}).items() if k in ASSESSMENT_KEYS}
        person.profile = replace(details, msm=person.msm, assessment=kept).profile()
    tx.add(person)
    tx.flush()
    if details.contact is not None:
        write_contact(tx, actor, person, details.contact, on)
    audit.record(tx, actor, "edit" if details.id else "add", "service_user", person.id)
    return person.id


def write_referral(tx: Session, actor: Actor, person_id: int, details: PersonDetails,
                    profile: Profile, group: Group | None, justification: str,
                    on: date) -> int:
    """A referral to the (locked) group, its eligibility worked out again here and the
    referral rules checked on it; audited. Returns its id. (The import calls it too.)"""
    if group is None or not group.active:
        raise DomainError("A group chosen for referral has been retired; reload and "
                          "choose again.")
    result = check_group(profile, details_of(group), on)
    refused = referral_problems(result, details.name, details.keyworker_id is not None,
                                justification)
    if refused:
        raise DomainError(next(iter(refused.values())))
    referral = Referral(service_user_id=person_id, group_id=group.id,
                        keyworker_id=details.keyworker_id, made_on=on,
                        outcome=result.outcome, reasons=result.said(),
                        justification=justification.strip())
    tx.add(referral)
    tx.flush()
    audit.record(tx, actor, "refer", "referral", referral.id, group=group.name,
                 outcome=result.outcome.value)
    return referral.id
