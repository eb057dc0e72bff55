"""How a person may be reached by text and email: their mobile and email address, whether they
agree to each (with the day and the staff member who recorded it, audited) and whether messages
may name the group ("named") or must say only "your appointment" ("discreet", the default).

Reception may record and change these (they are contact details, Permission.EDIT_CONTACT):
through the intake (intake_service.save_intake with PersonDetails.contact) or on their own
with save_contact(). Read back with contact_choices() (or open_person()'s details.contact).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy.orm import Session, object_session

from recovery_desk import identifiers
from recovery_desk.access import Permission
from recovery_desk.domain.store import audit
from recovery_desk.domain.store.actor import Actor
from recovery_desk.domain.store.database import Database
from recovery_desk.domain.store.errors import InvalidDetailsError, NotFoundError
from recovery_desk.domain.store.models import ServiceUser, Staff
from recovery_desk.domain.store.row_locks import locked
from recovery_desk.rows.messages import ContactChoices
from recovery_desk.text_checks import text_problem
from recovery_desk.vocabulary import Wording


def normalise_contact(choices: ContactChoices,
                      problems: dict[str, str]) -> ContactChoices:
    """The choices with the mobile in E.164 and the email tidied; adds a message per wrong
    field to problems (keys "mobile", "email", "texts", "emails", "wording")."""
    if not isinstance(choices, ContactChoices):
        problems["contact"] = "The contact choices must be a mobile, an email and consents."
        return ContactChoices()
    cleaned: dict[str, str] = {}
    for key, words, check in (("mobile", "A mobile number", identifiers.mobile),
                              ("email", "An email address", identifiers.email)):
        value = getattr(choices, key)
        problem = text_problem(value, words, max_length=254)
        if problem:
            problems[key] = problem
            continue
        try:
            cleaned[key] = check(value.strip()) if value.strip() else ""
        except identifiers.IdentifierError as error:
            problems[key] = str(error)
    if not isinstance(choices.texts, bool) or not isinstance(choices.emails, bool):
        problems["texts"] = "Choose yes or no for texts and for emails."
    elif choices.texts and not choices.mobile.strip() and "mobile" not in problems:
        problems["mobile"] = "Texts need a mobile number: enter it, or untick texts."
    elif choices.emails and not choices.email.strip() and "email" not in problems:
        problems["email"] = "Emails need an email address: enter it, or untick emails."
    if choices.wording not in tuple(Wording):
        problems["wording"] = "Choose named or discreet messages."
    return replace(choices, mobile=cleaned.get("mobile", choices.mobile),
                   email=cleaned.get("email", choices.email))


def write_contact(tx: Session, actor: Actor, person: ServiceUser, choices: ContactChoices,
                  on: date) -> None:
    """Store valid choices on the (locked) person; a consent given or withdrawn records the
    day and who recorded it, and is audited (what changed, never the number or address)."""
    person.mobile, person.email = choices.mobile, choices.email
    changed = []
    if bool(person.texts_consent) != choices.texts:
        person.texts_consent = choices.texts
        person.texts_consent_on, person.texts_consent_by_id = on, actor.staff_id
        changed.append("texts")
    if bool(person.emails_consent) != choices.emails:
        person.emails_consent = choices.emails
        person.emails_consent_on, person.emails_consent_by_id = on, actor.staff_id
        changed.append("emails")
    if person.wording is not Wording(choices.wording):
        person.wording = Wording(choices.wording)
        changed.append("wording")
    if changed:
        tx.flush()
        audit.record(tx, actor, "consent", "service_user", person.id, changed=changed,
                     texts=choices.texts, emails=choices.emails,
                     wording=Wording(choices.wording).value)


def choices_of(person: ServiceUser) -> ContactChoices:
    """What the (loaded) person's row says, with the names of the staff who recorded each
    consent, read in the person's own transaction."""
    tx = object_session(person)

    def by(staff_id: int | None) -> str:
        if tx is None or staff_id is None:
            return ""
        staff = tx.get(Staff, staff_id)
        return staff.display_name if staff is not None else ""

    return ContactChoices(person.mobile or "", person.email or "", bool(person.texts_consent),
                          bool(person.emails_consent), person.wording or Wording.DISCREET,
                          person.texts_consent_on, by(person.texts_consent_by_id),
                          person.emails_consent_on, by(person.emails_consent_by_id))


def contact_choices(db: Database, actor: Actor, person_id: int) -> ContactChoices:
    """A person's contact choices (reception sees contact details)."""
    actor.require(Permission.FIND_PEOPLE)
    with db.reading() as tx:
        person = tx.get(ServiceUser, person_id)
        if person is None:
            raise NotFoundError("That person's record no longer exists.")
        return choices_of(person)


def save_contact(db: Database, actor: Actor, person_id: int, choices: ContactChoices,
                 on: date) -> ContactChoices:
    """Change only how the person may be reached; InvalidDetailsError names each wrong field.
    Returns the choices as stored."""
    actor.require(Permission.EDIT_CONTACT)
    problems: dict[str, str] = {}
    choices = normalise_contact(choices, problems)
    if problems:
        raise InvalidDetailsError(problems)
    with db.writing() as tx:
        person = locked(tx, ServiceUser, person_id)
        if person is None:
            raise NotFoundError("That person's record no longer exists.")
        write_contact(tx, actor, person, choices, on)
        tx.flush()
        return choices_of(person)
