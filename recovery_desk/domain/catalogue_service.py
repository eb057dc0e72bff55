"""Reading and changing the group catalogue. Managers change it; every desk reads it.

Each write is one transaction: validation (name unique, capacity 1-100) runs inside it against
what the database holds at that moment, and the change is audited in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from recovery_desk.domain import audit
from recovery_desk.domain.catalogue import (
    GroupDetails,
    rule_from_columns,
    rule_to_columns,
    validate,
)
from recovery_desk.domain.database import Database
from recovery_desk.domain.errors import InvalidDetailsError, NotFoundError
from recovery_desk.domain.models import Group, StaffRole
from recovery_desk.domain.staff import Actor


def details_of(group: Group) -> GroupDetails:
    return GroupDetails(
        id=group.id, name=group.name, name_to_be_confirmed=group.name_to_be_confirmed,
        schedule=rule_from_columns(group.schedule_frequency, group.schedule_weekdays,
                                   group.schedule_positions, group.schedule_anchor,
                                   group.start_time, group.end_time),
        format=group.format, joining=group.joining, referral_required=group.referral_required,
        capacity=group.capacity, length_weeks=group.length_weeks,
        length_sessions=group.length_sessions, referral_note=group.referral_note,
        eligibility_rule=group.eligibility_rule, who_for=group.who_for,
        description=group.description, policies=dict(group.policies or {}), active=group.active,
    )


def _apply(group: Group, details: GroupDetails) -> None:
    group.name = details.name.strip()
    group.name_to_be_confirmed = details.name_to_be_confirmed
    group.description = details.description.strip()
    group.who_for = details.who_for.strip()
    group.format = details.format
    group.joining = details.joining
    group.length_weeks = details.length_weeks
    group.length_sessions = details.length_sessions
    group.referral_required = details.referral_required
    group.referral_note = details.referral_note.strip()
    group.eligibility_rule = details.eligibility_rule
    group.capacity = details.capacity
    group.policies = dict(details.policies)
    for column, value in rule_to_columns(details.schedule).items():
        setattr(group, column, value)


def _names_except(session: Session, group_id: int | None) -> set[str]:
    query = select(Group.name)
    if group_id is not None:
        query = query.where(Group.id != group_id)
    return set(session.scalars(query))


def list_groups(db: Database, actor: Actor, include_retired: bool = True) -> list[GroupDetails]:
    """Every group, active ones first, each in name order."""
    with db.reading() as session:
        query = select(Group).order_by(Group.active.desc(), Group.name)
        if not include_retired:
            query = query.where(Group.active.is_(True))
        return [details_of(g) for g in session.scalars(query)]


def add_groups(session: Session, actor: Actor, groups: list[GroupDetails]) -> list[int]:
    """Add groups inside the caller's transaction (used by add_group and catalogue import)."""
    actor.require(StaffRole.MANAGER, to="change the catalogue")
    ids = []
    for details in groups:
        problems = validate(details, _names_except(session, None))
        if problems:
            raise InvalidDetailsError(problems)
        group = Group(active=details.active, retired_on=None if details.active else date.today())
        _apply(group, details)
        session.add(group)
        session.flush()
        audit.record(session, actor, "add", "group", group.id, name=group.name)
        ids.append(group.id)
    return ids


def add_group(db: Database, actor: Actor, details: GroupDetails) -> GroupDetails:
    with db.writing() as session:
        (group_id,) = add_groups(session, actor, [details])
        return details_of(session.get_one(Group, group_id))


def update_group(db: Database, actor: Actor, details: GroupDetails) -> GroupDetails:
    actor.require(StaffRole.MANAGER, to="change the catalogue")
    with db.writing() as session:
        group = session.get(Group, details.id) if details.id is not None else None
        if group is None:
            raise NotFoundError("That group no longer exists; reload the catalogue.")
        problems = validate(details, _names_except(session, group.id))
        if problems:
            raise InvalidDetailsError(problems)
        before = details_of(group)
        _apply(group, details)
        changed = sorted(k for k, v in vars(details_of(group)).items() if vars(before)[k] != v)
        audit.record(session, actor, "edit", "group", group.id, changed=changed)
        return details_of(group)


def set_group_active(db: Database, actor: Actor, group_id: int, active: bool,
                     today: date) -> GroupDetails:
    """Retire a group (it stops taking bookings and leaves the timetable) or bring it back.

    Retiring keeps the group and everything that points at it: history is never deleted.
    """
    actor.require(StaffRole.MANAGER, to="retire or restore a group")
    with db.writing() as session:
        group = session.get(Group, group_id)
        if group is None:
            raise NotFoundError("That group no longer exists; reload the catalogue.")
        group.active = active
        group.retired_on = None if active else today
        audit.record(session, actor, "restore" if active else "retire", "group", group.id)
        return details_of(group)


@dataclass(frozen=True)
class ImportSummary:
    added: list[str]
    updated: list[str]
    untouched: list[str]
    """Groups already in the database that the file does not mention; left as they were."""


def import_catalogue(db: Database, actor: Actor, groups: list[GroupDetails]) -> ImportSummary:
    """Add the file's new groups and update those whose names match, all in one transaction.

    Nothing is deleted: a group the file leaves out stays as it is.
    """
    actor.require(StaffRole.MANAGER, to="import a catalogue")
    with db.writing() as session:
        existing = {g.name.casefold(): g for g in session.scalars(select(Group))}
        added, updated = [], []
        for details in groups:
            group = existing.pop(details.name.strip().casefold(), None)
            if group is None:
                add_groups(session, actor, [details])
                added.append(details.name)
                continue
            problems = validate(details, _names_except(session, group.id))
            if problems:
                raise InvalidDetailsError(problems)
            _apply(group, details)
            group.active = details.active
            group.retired_on = None if details.active else (group.retired_on or date.today())
            audit.record(session, actor, "import", "group", group.id)
            updated.append(details.name)
        return ImportSummary(added, updated, sorted(g.name for g in existing.values()))
