"""People's names and notes as people write them: quotes, emoji, right-to-left text and very
long notes are stored and read back exactly; what cannot be stored or seen (over-long names,
control characters) is refused with a message per field and nothing is saved; and normalise()
answers anything at all with details and messages, never an exception (Hypothesis)."""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from recovery_desk.domain.people import intake_service as intake
from recovery_desk.domain.store.actor import Actor
from recovery_desk.domain.store.database import Database
from recovery_desk.domain.store.errors import DomainError, InvalidDetailsError
from recovery_desk.domain.store.models import ServiceUser
from tests.domain.test_intake_service import group_id, person
from tests.fuzzing import any_text, fuzz, fuzz_slow, small_json_values

ON = date(2026, 11, 27)
# Each under the 80 characters a name column holds; the notes far beyond a screenful.
GIVEN = "Zoë \"Zee\" O'Brien-Łukasiewicz 👩🏽‍⚕️"
FAMILY = "כהן-عبد الله"
PREFERRED = "Ｚ ☕ <b>bold</b> %s {0} \\n"
NOTES = ("Said \"I'll come Tuesdays\"; prefers ‘Zee’. שלום 👋\n\tSecond line.\n"
         + "∑ long note " * 900)[:10_000]
ACCESS = "Wheelchair user; needs step-free access. ♿ Right-to-left: مرحبا\n" * 3


def test_names_and_notes_of_every_kind_are_stored_and_read_back_exactly(
        db: Database, actor: Actor) -> None:
    assert len(NOTES) == 10_000
    details = person(given_name=GIVEN, family_name=FAMILY, preferred_name=PREFERRED,
                     notes=NOTES, access_needs=ACCESS, emergency_contact="Ann “Mum” Ó Sé ☎")
    person_id = intake.save_intake(db, actor, details, [], ON)
    stored, _ = intake.open_person(db, actor, person_id)
    assert (stored.given_name, stored.family_name, stored.preferred_name) == (
        GIVEN, FAMILY, PREFERRED)
    assert stored.notes == NOTES and stored.access_needs == ACCESS
    assert stored.emergency_contact == "Ann “Mum” Ó Sé ☎"
    assert [p.id for p in intake.search_people(db, actor, "O'Brien")] == [person_id]
    assert [p.id for p in intake.search_people(db, actor, "عبد")] == [person_id]


def _people(db: Database) -> int:
    with db.reading() as tx:
        return tx.scalar(select(func.count()).select_from(ServiceUser)) or 0


@pytest.mark.parametrize(("field", "value", "message"), [
    ("given_name", "N" * 10_000, "A first name can be at most 80 characters; this one has "
                                 "10,000."),
    ("family_name", "N" * 81, "A last name can be at most 80 characters; this one has 81."),
    ("preferred_name", "👍" * 81, "A preferred name can be at most 80 characters; this one has "
                                  "81."),
    ("emergency_contact", "x" * 201, "The emergency contact can be at most 200 characters; this "
                                     "one has 201."),
    ("given_name", "Rob\x00in", "A first name cannot contain control characters: character 4 "
                                "is U+0000 (NUL)."),
    ("family_name", "Ash\nworth", "A last name cannot contain control characters: character 4 "
                                  "is U+000A (a new line)."),
    ("given_name", "Rob\u2028in", "A first name cannot contain control characters: character 4 "
                                  "is U+2028 (a line separator)."),
    ("notes", "Fine\n\tbut\x1b[2J", "Notes cannot contain control characters: character 10 is "
                                    "U+001B (ESC). Only tabs and new lines are allowed."),
    ("access_needs", "\ud800", "Access needs cannot contain control characters: character 1 is "
                               "U+D800. Only tabs and new lines are allowed."),
    ("family_name", "Smith\u202eevil", "A last name cannot contain invisible characters: "
                                        "character 6 is U+202E (RIGHT-TO-LEFT OVERRIDE)."),
    ("given_name", "\ufeffAnn", "A first name cannot contain invisible characters: character "
                                "1 is U+FEFF (ZERO WIDTH NO-BREAK SPACE)."),
    ("preferred_name", "A\u200bnn", "A preferred name cannot contain invisible characters: "
                                    "character 2 is U+200B (ZERO WIDTH SPACE)."),
    ("nhs_number", "٩٤٣٤٧٦٥٩١٩", "An NHS number has 10 digits, like 943 476 5919."),
    ("nhs_number", "9" * 41, "An NHS number can be at most 40 characters; this one has 41."),
])
def test_what_cannot_be_stored_or_seen_is_refused_per_field_and_nothing_saved(
        db: Database, actor: Actor, field: str, value: str, message: str) -> None:
    with pytest.raises(InvalidDetailsError) as caught:
        intake.save_intake(db, actor, person(**{field: value}), [], ON)
    assert caught.value.problems == {field: message}
    assert _people(db) == 0


def test_a_justification_with_control_characters_is_refused(
        db: Database, actor: Actor, keyworker_id: int) -> None:
    rdp = group_id(db, actor, "Reduced Drinking Programme")
    with pytest.raises(DomainError, match="A justification cannot contain control characters"):
        intake.save_intake(db, actor, person(keyworker_id=keyworker_id),
                           [intake.ReferralRequest(rdp, "ok\x00")], ON)
    assert _people(db) == 0


FIELD_VALUES: dict[str, st.SearchStrategy[Any]] = {
    f.name: any_text for f in fields(intake.PersonDetails) if f.name not in ("id",)}
FIELD_VALUES.update(
    date_of_birth=st.none() | st.dates() | small_json_values,
    sex=st.sampled_from(["male", "female", "not_stated"]) | any_text | small_json_values,
    msm=st.none() | st.booleans() | small_json_values,
    keyworker_id=st.none() | st.integers() | small_json_values,
    consent_to_store=st.booleans() | small_json_values,
    assessment=st.dictionaries(any_text, small_json_values, max_size=4) | small_json_values,
    given_name=any_text | small_json_values, nhs_number=any_text | small_json_values)


@fuzz
@given(st.fixed_dictionaries({}, optional=FIELD_VALUES))
def test_normalise_answers_anything_with_details_and_messages(changes: dict[str, Any]) -> None:
    details, problems = intake.normalise(replace(person(), **changes), ON)
    assert all(isinstance(k, str) and isinstance(m, str) and m for k, m in problems.items())
    if not problems:
        assert isinstance(details.given_name, str) and details.given_name == \
            details.given_name.strip()
        assert len(details.given_name) <= 80 and "\x00" not in details.given_name


TEXT_FIELDS = ("given_name", "family_name", "preferred_name", "emergency_contact",
               "access_needs", "notes")


@fuzz_slow
@given(st.fixed_dictionaries({}, optional={key: any_text for key in TEXT_FIELDS}))
def test_any_text_is_stored_exactly_or_refused_with_nothing_saved(
        db: Database, actor: Actor, changes: dict[str, str]) -> None:
    """Through save_intake and back: what is saved reads back exactly (one-line fields trimmed
    of the spaces around them), and what is refused leaves no one behind."""
    before = _people(db)
    details = person(nhs_number="", **changes)
    try:
        person_id = intake.save_intake(db, actor, details, [], ON)
    except InvalidDetailsError as error:
        assert set(error.problems) <= set(TEXT_FIELDS)
        assert _people(db) == before
        return
    stored, _ = intake.open_person(db, actor, person_id)
    for key in TEXT_FIELDS:
        expected = getattr(details, key)
        if key not in ("access_needs", "notes"):
            expected = expected.strip()
        assert getattr(stored, key) == expected
