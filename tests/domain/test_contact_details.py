"""Contact choices: validated, consent recorded with its day and who recorded it (audited),
through the intake or alone, by reception."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import select

from recovery_desk.domain.people import contact_details
from recovery_desk.domain.people import intake_service as intake
from recovery_desk.domain.store.actor import Actor
from recovery_desk.domain.store.errors import InvalidDetailsError
from recovery_desk.domain.store.models import AuditEvent
from recovery_desk.rows.messages import ContactChoices
from recovery_desk.vocabulary import StaffRole, Wording
from tests.backends import staff_row
from tests.domain.conftest import ON


@pytest.mark.parametrize(("choices", "field", "words"), [
    (ContactChoices(mobile="020 7946 0000", texts=True), "mobile", "not a mobile"),
    (ContactChoices(mobile="07700 900123", texts=True), "mobile", "not valid"),
    (ContactChoices(texts=True), "mobile", "Texts need a mobile"),
    (ContactChoices(email="sam@example", emails=True), "email", "not an email"),
    (ContactChoices(email="sam..x@example.org"), "email", "not an email"),
    (ContactChoices(emails=True), "email", "Emails need an email address"),
])
def test_wrong_contact_choices_are_refused_per_field(db, actor, make_person, choices, field,
                                                      words) -> None:
    """Each mistake is named on its field and nothing is saved."""
    person = make_person()
    with pytest.raises(InvalidDetailsError) as refused:
        contact_details.save_contact(db, actor, person, choices, ON)
    assert words in refused.value.problems[field]
    assert contact_details.contact_choices(db, actor, person) == ContactChoices()


def test_reception_records_consent_on_intake_with_the_day_and_who(db, make_person) -> None:
    """Given through the intake, consent carries its day and recorder, audited once."""
    person = make_person()
    reception = Actor(staff_row(db, "rita", "Rita Reception", StaffRole.RECEPTION), "Rita",
                      StaffRole.RECEPTION, "desk")
    details, _ = intake.open_person(db, reception, person)
    assert details.contact == ContactChoices()
    choices = ContactChoices(mobile="07400 123 001", email="Sam@Example.org", texts=True,
                             wording=Wording.NAMED)
    intake.save_intake(db, reception, replace(details, contact=choices), [], ON)
    stored = contact_details.contact_choices(db, reception, person)
    assert stored == replace(choices, mobile="+447400123001", email="Sam@example.org",
                             texts_recorded_on=ON, texts_recorded_by="Rita Reception")
    # Saving the record without contact choices keeps them.
    details, _ = intake.open_person(db, reception, person)
    intake.save_intake(db, reception, replace(details, contact=None, postcode="E1 6AN"), [], ON)
    assert contact_details.contact_choices(db, reception, person) == stored
    with db.reading() as tx:
        consents = list(tx.scalars(select(AuditEvent).where(AuditEvent.action == "consent")))
    assert [(c.entity_id, c.detail["changed"]) for c in consents] == [
        (person, ["texts", "wording"])]
    assert "447400123001" not in str(consents[0].detail)
