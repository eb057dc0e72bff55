"""Saving an intake: the person, referrals with their evidence, and each refused save."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import select

from recovery_desk.domain.people import intake_service as intake
from recovery_desk.domain.people import person_record_service
from recovery_desk.domain.service import catalogue_service
from recovery_desk.domain.store.actor import Actor
from recovery_desk.domain.store.errors import DomainError, InvalidDetailsError
from recovery_desk.domain.store.models import AuditEvent, Outcome, Referral, StaffRole

ON = date(2026, 11, 27)


@pytest.fixture
def keyworker(keyworker_id: int) -> int:
    return keyworker_id


def group_id(db, actor, name: str) -> int:
    return next(g.id for g in catalogue_service.list_groups(db, actor) if g.name == name)


def person(**changes) -> intake.PersonDetails:
    details = intake.PersonDetails(
        given_name="Robin", family_name="Ashworth", date_of_birth=date(1985, 4, 2), sex="male",
        msm=None, nhs_number="943 476 5919", postcode="e8 1dy", phone="020 7946 0000",
        consent_to_store=True,
        assessment={"substances": [{"name": "alcohol", "days_used_last_28": 20}],
                    "goals": ["reduce_drinking"]})
    return replace(details, **changes)


def test_saving_stores_the_person_normalised_and_a_referral_with_its_evidence(
        db, actor, keyworker) -> None:
    rdp = group_id(db, actor, "Reduced Drinking Programme")
    person_id = intake.save_intake(db, actor, person(keyworker_id=keyworker),
                                   [intake.ReferralRequest(rdp)], ON)
    details, referrals = intake.open_person(db, actor, person_id)
    assert (details.nhs_number, details.postcode, details.phone) == (
        "9434765919", "E8 1DY", "+442079460000")
    assert details.assessment["goals"] == ["reduce_drinking"]
    assert [(r.group, r.outcome, r.keyworker) for r in referrals] == [
        ("Reduced Drinking Programme", Outcome.ELIGIBLE, "Kay Worker")]
    with db.reading() as tx:
        stored = tx.scalar(select(Referral))
        assert stored.reasons[0] == "met: drank alcohol on 20 of the last 28 days"
        actions = [e.action for e in tx.scalars(select(AuditEvent).where(
            AuditEvent.entity.in_(["service_user", "referral"])).order_by(AuditEvent.id))]
    assert actions == ["add", "refer", "view"]


def test_a_referral_only_group_without_a_keyworker_is_refused_and_nothing_saved(
        db, actor) -> None:
    rdp = group_id(db, actor, "Reduced Drinking Programme")
    with pytest.raises(DomainError, match="takes a keyworker's referral"):
        intake.save_intake(db, actor, person(), [intake.ReferralRequest(rdp)], ON)
    assert intake.search_people(db, actor, "Ashworth") == []


def test_needs_review_needs_a_justification(db, actor, keyworker) -> None:
    msm = group_id(db, actor, "MSM Group")
    with pytest.raises(DomainError, match="needs review: write a short justification"):
        intake.save_intake(db, actor, person(keyworker_id=keyworker),
                           [intake.ReferralRequest(msm)], ON)
    intake.save_intake(db, actor, person(keyworker_id=keyworker),
                       [intake.ReferralRequest(msm, "Discussed at assessment; wants to join")],
                       ON)
    with db.reading() as tx:
        assert tx.scalar(select(Referral)).justification.startswith("Discussed")


def test_a_group_they_are_not_eligible_for_is_refused_with_the_reason(
        db, actor, keyworker) -> None:
    low_dose = group_id(db, actor, "Low Dose Group")
    with pytest.raises(DomainError, match="not eligible for Low Dose Group: takes no substitute"):
        intake.save_intake(db, actor, person(keyworker_id=keyworker),
                           [intake.ReferralRequest(low_dose)], ON)


def test_a_wait_on_abstinence_days_can_still_be_referred(db, actor, keyworker) -> None:
    """Not eligible yet, but eligible from a known date: the referral is recorded as such."""
    adp = group_id(db, actor, "Abstinence Day Programme")
    waiting = person(keyworker_id=keyworker, assessment={
        "abstinent_from_illicit_since": "2026-11-25", "goals": ["maintain_abstinence"]})
    intake.save_intake(db, actor, waiting, [intake.ReferralRequest(adp)], ON)
    with db.reading() as tx:
        assert tx.scalar(select(Referral)).outcome is Outcome.NOT_ELIGIBLE


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"given_name": " "}, "given_name", "Enter their first name."),
    ({"date_of_birth": None}, "date_of_birth", "Enter their date of birth."),
    ({"date_of_birth": date(2027, 1, 1)}, "date_of_birth", "in the future"),
    ({"nhs_number": "943 476 5918"}, "nhs_number", "check digit does not match"),
    ({"postcode": "E8"}, "postcode", "not a UK postcode"),
    ({"phone": "12345"}, "phone", "not valid"),
    ({"consent_to_store": False}, "consent_to_store", "consent"),
    ({"assessment": {"substances": [{"name": "alcohol", "days_used_last_28": 29}]}},
     "assessment", "from 0 to 28, not 29"),
])
def test_each_invalid_field_is_refused(db, actor, changes, field, message) -> None:
    with pytest.raises(InvalidDetailsError) as caught:
        intake.save_intake(db, actor, person(**changes), [], ON)
    assert message in caught.value.problems[field]


def test_an_nhs_number_belongs_to_one_person(db, actor) -> None:
    intake.save_intake(db, actor, person(), [], ON)
    with pytest.raises(InvalidDetailsError, match="already belongs to Robin Ashworth"):
        intake.save_intake(db, actor, person(given_name="Sam"), [], ON)


def test_search_by_name_date_of_birth_and_nhs_number(db, actor) -> None:
    intake.save_intake(db, actor, person(), [], ON)
    intake.save_intake(db, actor, person(given_name="Sam", family_name="Ashton",
                                         nhs_number="", date_of_birth=date(1990, 1, 5)), [], ON)
    assert [p.name for p in intake.search_people(db, actor, "ash")] == ["Sam Ashton",
                                                                       "Robin Ashworth"]
    assert [p.name for p in intake.search_people(db, actor, "robin ash")] == ["Robin Ashworth"]
    assert [p.name for p in intake.search_people(db, actor, "05/01/1990")] == ["Sam Ashton"]
    assert [p.name for p in intake.search_people(db, actor, "943 476")] == ["Robin Ashworth"]
    assert intake.search_people(db, actor, "  ") == []


def test_search_ignores_accents_case_and_punctuation_and_takes_no_wildcards(db, actor) -> None:
    """'zoe' finds Zoë, 'obr' finds O'Brien, 'jones' finds Smith-Jones; % and _ are letters
    typed, not wildcards, so they list nobody."""
    intake.save_intake(db, actor, person(given_name="Zoë", family_name="O'Brien"), [], ON)
    intake.save_intake(db, actor, person(given_name="Kim", family_name="Smith-Jones",
                                         nhs_number=""), [], ON)
    assert [p.name for p in intake.search_people(db, actor, "ZOE obr")] == ["Zoë O'Brien"]
    assert [p.name for p in intake.search_people(db, actor, "jones")] == ["Kim Smith-Jones"]
    assert intake.search_people(db, actor, "%") == []
    assert intake.search_people(db, actor, "_") == []


def test_a_search_is_a_read_and_a_settled_search_is_audited_without_the_words(db, actor) -> None:
    from recovery_desk.domain.store.models import AuditEvent

    intake.save_intake(db, actor, person(), [], ON)
    intake.search_people(db, actor, "robin")
    with db.reading() as tx:
        assert tx.query(AuditEvent).filter_by(action="search").count() == 0
    intake.record_search(db, actor, 1)
    with db.reading() as tx:
        (event,) = tx.query(AuditEvent).filter_by(action="search").all()
        assert event.detail == {"found": 1} and "robin" not in str(event.detail).lower()


def test_reception_cannot_record_referrals(db, actor, keyworker) -> None:
    reception = Actor(actor.staff_id, "Jo", StaffRole.RECEPTION)
    rs = group_id(db, actor, "Recovery Skills")
    with pytest.raises(DomainError, match="Only keyworker or service manager staff"):
        intake.save_intake(db, reception, person(keyworker_id=keyworker),
                           [intake.ReferralRequest(rs)], ON)


def test_reception_neither_sees_nor_changes_the_assessment_and_the_msm_answer(
        db, actor, keyworker) -> None:
    """The MSM answer is an assessment answer (sexual orientation is special-category data):
    reception opens the record without it, and saving contact details keeps it as stored."""
    stored = intake.save_intake(db, actor, replace(person(keyworker_id=keyworker), msm=True),
                                [], ON)
    before, _ = intake.open_person(db, actor, stored)
    reception = Actor(actor.staff_id, "Jo", StaffRole.RECEPTION)
    seen, _ = intake.open_person(db, reception, stored)
    assert (seen.msm, seen.assessment, seen.notes) == (None, {}, "")
    intake.save_intake(db, reception, replace(seen, phone="020 7946 0999"), [], ON)
    kept, _ = intake.open_person(db, actor, stored)
    assert kept.msm is True and kept.assessment == before.assessment
    assert kept.phone == "+442079460999"


def test_reception_sees_a_referral_to_a_revealing_group_as_a_group(
        db, actor, keyworker) -> None:
    """The MSM Group's name says what the assessment found: reception reads 'a group' beside
    the referral, and no eligibility for any; keyworkers read both; the manager's setting
    decides which groups are named."""
    msm, rs = group_id(db, actor, "MSM Group"), group_id(db, actor, "Recovery Skills")
    stored = intake.save_intake(db, actor, replace(person(keyworker_id=keyworker), msm=True), [
        intake.ReferralRequest(msm, "Discussed at assessment"), intake.ReferralRequest(rs)], ON)
    reception = Actor(actor.staff_id, "Jo", StaffRole.RECEPTION)
    keyworker_actor = Actor(keyworker, "Kay", StaffRole.KEYWORKER)
    _, seen = intake.open_person(db, reception, stored)
    assert sorted((r.group, r.outcome) for r in seen) == [("Recovery Skills", None),
                                                          ("a group", None)]
    _, seen = intake.open_person(db, keyworker_actor, stored)
    assert sorted(r.group for r in seen) == ["MSM Group", "Recovery Skills"]
    assert all(r.outcome is Outcome.ELIGIBLE for r in seen)
    assert sorted(n for _, n in person_record_service.unbooked_referrals(
        db, reception, stored)) == ["Recovery Skills", "a group"]

    groups = {g.name: g for g in catalogue_service.list_groups(db, actor)}
    for name, on in (("MSM Group", 0), ("Recovery Skills", 1)):
        catalogue_service.update_group(db, actor, replace(groups[name], policies={
            **groups[name].policies, "name_reveals_special_category": on}))
    _, seen = intake.open_person(db, reception, stored)
    assert sorted(r.group for r in seen) == ["MSM Group", "a group"]
