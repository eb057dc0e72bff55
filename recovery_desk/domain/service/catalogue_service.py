"""Reading and changing the group catalogue. Managers change it; every desk reads it.

Each write is one transaction: validation (name unique, capacity 1-100) runs inside it against
what the database holds at that moment, and the change is audited in the same transaction. A
change to a group first takes the lock bookings take, so it never lands between a booking's
count of places and its commit.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from recovery_desk.access import Permission
from recovery_desk.catalogue.details import GroupDetails, validate
from recovery_desk.domain.service.group_rows import apply_details, details_of
from recovery_desk.domain.store import audit
from recovery_desk.domain.store.actor import Actor
from recovery_desk.domain.store.database import Database
from recovery_desk.domain.store.errors import InvalidDetailsError, NotFoundError
from recovery_desk.domain.store.models import Group
from recovery_desk.domain.store.row_locks import locked


def _names_except(tx: Session, group_id: int | None) -> set[str]:
    query = select(Group.name)
    if group_id is not None:
        query = query.where(Group.id != group_id)
    return set(tx.scalars(query))


def list_groups(db: Database, actor: Actor, include_retired: bool = True) -> list[GroupDetails]:
    """Every group, active ones first, each in name order."""
    with db.reading() as tx:
        query = select(Group).order_by(Group.active.desc(), Group.name)
        if not include_retired:
            query = query.where(Group.active.is_(True))
        return [details_of(g) for g in tx.scalars(query)]


def add_groups(tx: Session, actor: Actor, groups: list[GroupDetails],
               today: date) -> list[int]:
    """Add groups inside the caller's transaction (used by add_group and catalogue import)."""
    actor.require(Permission.EDIT_CATALOGUE)
    ids = []
    for details in groups:
        problems = validate(details, _names_except(tx, None))
        if problems:
            raise InvalidDetailsError(problems)
        group = Group(active=details.active, retired_on=None if details.active else today)
        apply_details(group, details)
        tx.add(group)
        tx.flush()
        audit.record(tx, actor, "add", "group", group.id, name=group.name)
        ids.append(group.id)
    return ids


def add_group(db: Database, actor: Actor, details: GroupDetails, today: date) -> GroupDetails:
    with db.writing() as tx:
        (group_id,) = add_groups(tx, actor, [details], today)
        return details_of(tx.get_one(Group, group_id))


def update_group(db: Database, actor: Actor, details: GroupDetails) -> GroupDetails:
    actor.require(Permission.EDIT_CATALOGUE)
    with db.writing() as tx:
        group = locked(tx, Group, details.id) if details.id is not None else None
        if group is None:
            raise NotFoundError("That group no longer exists; reload the catalogue.")
        problems = validate(details, _names_except(tx, group.id))
        if problems:
            raise InvalidDetailsError(problems)
        before = details_of(group)
        apply_details(group, details)
        changed = sorted(k for k, v in vars(details_of(group)).items() if vars(before)[k] != v)
        audit.record(tx, actor, "edit", "group", group.id, changed=changed)
        return details_of(group)


def set_group_active(db: Database, actor: Actor, group_id: int, active: bool,
                     today: date) -> GroupDetails:
    """Retire a group (it stops taking bookings and leaves the timetable) or bring it back.

    Retiring keeps the group and everything that points at it: history is never deleted.
    """
    actor.require(Permission.EDIT_CATALOGUE)
    with db.writing() as tx:
        group = locked(tx, Group, group_id)
        if group is None:
            raise NotFoundError("That group no longer exists; reload the catalogue.")
        group.active = active
        group.retired_on = None if active else today
        audit.record(tx, actor, "restore" if active else "retire", "group", group.id)
        return details_of(group)


def _same(one: GroupDetails, other: GroupDetails) -> bool:
    """Equal in effect: a policy stored at its default is the same as one left unset."""
    return replace(one, policies=one.settings()) == replace(other, policies=other.settings())


@dataclass(frozen=True)
class ImportSummary:
    added: list[str]
    updated: list[str]
    unchanged: list[str]
    """Groups in the file that already matched the database exactly."""
    untouched: list[str]
    """Groups already in the database that the file does not mention; left as they were."""


def import_catalogue(db: Database, actor: Actor, groups: list[GroupDetails],
                     today: date) -> ImportSummary:
    """Add the file's new groups and update those whose names match, all in one transaction.

    Nothing is deleted: a group the file leaves out stays as it is.
    """
    actor.require(Permission.EDIT_CATALOGUE)
    with db.writing() as tx:
        # Every group locked (in one order, as referrals lock theirs) and read afresh: an
        # import never writes back a group as it was before a booking or an edit meanwhile.
        existing = {g.name.casefold(): g for g in tx.scalars(
            select(Group).order_by(Group.id).with_for_update()
            .execution_options(populate_existing=True))}
        added, updated, unchanged = [], [], []
        for details in groups:
            # A name that is not text is refused by validate() when the group is added.
            key = details.name.strip().casefold() if isinstance(details.name, str) else None
            group = existing.pop(key, None)
            if group is None:
                add_groups(tx, actor, [details], today)
                added.append(details.name)
                continue
            problems = validate(details, _names_except(tx, group.id))
            if problems:
                raise InvalidDetailsError(problems)
            before = details_of(group)
            apply_details(group, details)
            group.active = details.active
            group.retired_on = None if details.active else (group.retired_on or today)
            if _same(details_of(group), before):
                unchanged.append(details.name)
                continue
            audit.record(tx, actor, "import", "group", group.id)
            updated.append(details.name)
        return ImportSummary(added, updated, unchanged,
                             sorted(g.name for g in existing.values()))
