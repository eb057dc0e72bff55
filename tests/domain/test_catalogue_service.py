"""The catalogue service: reading, adding, editing and retiring groups, with its rules."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest
from sqlalchemy import select

from recovery_desk.catalogue.details import GroupDetails
from recovery_desk.domain.service import catalogue_service as service
from recovery_desk.domain.store.actor import Actor
from recovery_desk.domain.store.database import Database
from recovery_desk.domain.store.errors import InvalidDetailsError, NotAllowedError
from recovery_desk.domain.store.models import (
    AuditEvent,
    GroupFormat,
    Joining,
    Place,
    PlaceStatus,
    ServiceUser,
    StaffRole,
)
from recovery_desk.schedule import parse_rule

TODAY = date(2026, 11, 27)


def _new_group(**changes: object) -> GroupDetails:
    group = GroupDetails("Women's Group", parse_rule("Thursday 10-11.30am"), GroupFormat.WEEKLY,
                         Joining.ANY_WEEK, True, capacity=10)
    return replace(group, **changes)


def _by_name(db: Database, actor: Actor, name: str) -> GroupDetails:
    return next(g for g in service.list_groups(db, actor) if g.name == name)


def test_the_default_catalogue_holds_the_seven_groups_from_the_page(db: Database,
                                                                    actor: Actor) -> None:
    """Names, schedules and the unnamed group marked for the service to confirm."""
    groups = {g.name: g for g in service.list_groups(db, actor)}
    assert set(groups) == {"Abstinence Day Programme", "Recovery Skills",
                           "Reduced Drinking Programme", "Abstinent Emotions", "Low Dose Group",
                           "Medication Reduction Group", "MSM Group"}
    assert groups["Abstinence Day Programme"].schedule_words == "Mon, Tue, Thu and Fri, 1.30-3pm"
    assert groups["Recovery Skills"].schedule_words == "Tue and Fri, 11am-12.30pm"
    assert groups["Abstinent Emotions"].schedule_words == "Tuesday, 5-6.30pm"
    assert groups["MSM Group"].schedule_words == \
        "1st and 3rd Thursday of the month, time to be confirmed"
    assert groups["Low Dose Group"].schedule_words == "Weekly, day and time to be confirmed"
    assert groups["Medication Reduction Group"].name_to_be_confirmed
    assert not groups["MSM Group"].referral_required
    assert groups["Abstinence Day Programme"].settings()["min_abstinent_days"] == 7


def test_a_manager_adds_a_group_and_it_is_audited(db: Database, actor: Actor) -> None:
    """The group is stored with its schedule and the change names who made it."""
    added = service.add_group(db, actor, _new_group(), TODAY)
    assert added.id is not None and added.schedule_words == "Thursday, 10-11.30am"
    with db.reading() as tx:
        event = tx.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert (event.action, event.entity_id, event.staff_id) == ("add", added.id, actor.staff_id)


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"name": "  "}, "name", "A group needs a name."),
    ({"name": "recovery skills"}, "name", "There is already a group called 'recovery skills'."),
    ({"capacity": 0}, "capacity", "whole number from 1 to 100; '0' is not"),
    ({"capacity": 101}, "capacity", "whole number from 1 to 100; '101' is not"),
    ({"capacity": "ten"}, "capacity", "'ten' is not"),
    ({"policies": {"dna_flag_count": 0}}, "policy:dna_flag_count", "from 1 to 12"),
])
def test_bad_details_are_refused_with_a_message_per_field(
        db: Database, actor: Actor, changes: dict, field: str, message: str) -> None:
    """Validation runs inside the service's transaction; nothing is added."""
    before = len(service.list_groups(db, actor))
    with pytest.raises(InvalidDetailsError) as caught:
        service.add_group(db, actor, _new_group(**changes), TODAY)
    assert message in caught.value.problems[field]
    assert len(service.list_groups(db, actor)) == before


def test_editing_keeps_the_id_and_refuses_another_groups_name(db: Database,
                                                              actor: Actor) -> None:
    """A group may keep its own name but not take another's."""
    group = _by_name(db, actor, "Recovery Skills")
    saved = service.update_group(db, actor, replace(group, capacity=15))
    assert (saved.id, saved.capacity) == (group.id, 15)
    with pytest.raises(InvalidDetailsError, match="already a group called"):
        service.update_group(db, actor, replace(group, name="MSM Group"))


def test_retiring_keeps_the_group_and_its_places(db: Database, actor: Actor) -> None:
    """A retired group stays in the catalogue with its history; it can be restored."""
    group = _by_name(db, actor, "Abstinent Emotions")
    with db.writing() as tx:
        person = ServiceUser(given_name="A", family_name="B", date_of_birth=date(1990, 1, 1),
                             sex="male", created_at=datetime(2026, 1, 1))
        tx.add(person)
        tx.flush()
        tx.add(Place(service_user_id=person.id, group_id=group.id,
                              start_date=date(2026, 11, 3), status=PlaceStatus.ACTIVE,
                              booked_by_id=actor.staff_id))
    retired = service.set_group_active(db, actor, group.id, False, date(2026, 11, 27))
    assert not retired.active
    assert group.id not in {g.id for g in service.list_groups(db, actor, include_retired=False)}
    with db.reading() as tx:
        assert tx.scalar(select(Place)).group_id == group.id
    assert service.set_group_active(db, actor, group.id, True, date(2026, 11, 28)).active


def test_only_a_manager_changes_the_catalogue(db: Database, actor: Actor) -> None:
    """Reception can read the catalogue but not change it."""
    reception = Actor(actor.staff_id, "Jo Bennett", StaffRole.RECEPTION)
    assert service.list_groups(db, reception)
    with pytest.raises(NotAllowedError,
                       match="Only service manager staff can change the catalogue"):
        service.add_group(db, reception, _new_group(), TODAY)
