"""The service's details (name, address, phone, the small-number rule), kept as rows of the
settings table. Every desk reads them (letters, reports); only a manager changes them.

Validation runs inside the write transaction, as for the catalogue, and the change is audited
with the names of the fields that changed.
"""

from __future__ import annotations

from dataclasses import fields

from sqlalchemy import select
from sqlalchemy.orm import Session

from recovery_desk import identifiers
from recovery_desk.access import Permission
from recovery_desk.catalogue.service_details import (
    MAX_ADDRESS_LINE,
    MAX_ADDRESS_LINES,
    MAX_NAME,
    MAX_SMALL_NUMBER,
    MIN_SMALL_NUMBER,
    ServiceDetails,
)
from recovery_desk.domain.store import audit
from recovery_desk.domain.store.actor import Actor
from recovery_desk.domain.store.database import Database
from recovery_desk.domain.store.errors import InvalidDetailsError
from recovery_desk.domain.store.models import Setting

KEYS = {"name": "service_name", "address": "service_address", "phone": "service_phone",
        "small_number": "report_small_number"}
"""ServiceDetails field -> settings key."""


def read_details(tx: Session) -> ServiceDetails:
    """The stored details inside the caller's transaction; defaults for any not yet set."""
    stored = {s.key: s.value for s in tx.scalars(
        select(Setting).where(Setting.key.in_(KEYS.values())))}
    values: dict[str, str | int] = {}
    for field, key in KEYS.items():
        if key in stored:
            values[field] = int(stored[key]) if field == "small_number" else stored[key]
    # mypy checks a ** mapping's values against every field; each here goes to its own.
    return ServiceDetails(**values)  # type: ignore[arg-type]


def service_details(db: Database, actor: Actor) -> ServiceDetails:
    actor.require(Permission.VIEW_TIMETABLE)
    with db.reading() as tx:
        return read_details(tx)


def normalise(details: ServiceDetails) -> tuple[ServiceDetails, dict[str, str]]:
    """The details tidied (spaces, the phone as people read it) and field -> message for each
    mistake."""
    problems: dict[str, str] = {}
    name = " ".join(details.name.split())
    if not name:
        problems["name"] = "The service needs a name; it heads every report."
    elif len(name) > MAX_NAME:
        problems["name"] = f"A name can be at most {MAX_NAME} characters."
    lines = details.address_lines
    if len(lines) > MAX_ADDRESS_LINES:
        problems["address"] = f"An address has at most {MAX_ADDRESS_LINES} lines."
    elif any(len(line) > MAX_ADDRESS_LINE for line in lines):
        problems["address"] = f"Each line of the address can be at most {MAX_ADDRESS_LINE} " \
                              "characters."
    phone = details.phone.strip()
    if phone:
        try:
            phone = identifiers.format_phone(identifiers.phone(phone))
        except identifiers.IdentifierError as error:
            problems["phone"] = str(error)
    threshold = details.small_number
    if isinstance(threshold, bool) or not isinstance(threshold, int) \
            or not MIN_SMALL_NUMBER <= threshold <= MAX_SMALL_NUMBER:
        problems["small_number"] = (f"The small-number rule needs a whole number from "
                                    f"{MIN_SMALL_NUMBER} to {MAX_SMALL_NUMBER}.")
    return ServiceDetails(name, "\n".join(lines), phone, threshold), problems


def save_details(db: Database, actor: Actor, details: ServiceDetails) -> ServiceDetails:
    """Store the service's details; InvalidDetailsError names each field that is wrong."""
    actor.require(Permission.EDIT_CATALOGUE)
    details, problems = normalise(details)
    if problems:
        raise InvalidDetailsError(problems)
    with db.writing() as tx:
        # As for service settings: a detail never saved has no row to lock, so the audit
        # chain's lock is taken first and the details are read under it.
        audit.lock_chain(tx)
        before = read_details(tx)
        changed = [f.name for f in fields(ServiceDetails)
                   if getattr(before, f.name) != getattr(details, f.name)]
        for field in changed:
            key = KEYS[field]
            row = tx.get(Setting, key) or Setting(key=key)
            row.value = str(getattr(details, field))
            tx.add(row)
        audit.record(tx, actor, "edit", "service_details", None, changed=changed)
        return details
