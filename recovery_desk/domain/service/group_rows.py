"""The groups table and GroupDetails, each read from and written to the other.

Every service that needs a group's plain details (bookings, registers, the timetable, the
catalogue) reads them here, so the mapping of the schedule onto columns is written once.
"""

from __future__ import annotations

from typing import Any

from recovery_desk.access import Permission
from recovery_desk.catalogue.details import GroupDetails
from recovery_desk.catalogue.policies import UNNAMED_GROUP, name_reveals_special_category
from recovery_desk.domain.store.actor import Actor
from recovery_desk.domain.store.models import Group
from recovery_desk.schedule.rules import Frequency, Rule


def rule_to_columns(rule: Rule) -> dict[str, Any]:
    return {
        "schedule_frequency": rule.frequency.value,
        "schedule_weekdays": ",".join(str(d) for d in rule.weekdays),
        "schedule_positions": ",".join(str(p) for p in rule.positions),
        "schedule_anchor": rule.anchor,
        "start_time": rule.start,
        "end_time": rule.end,
    }


def _numbers(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split(",") if part)


def rule_of(group: Group) -> Rule:
    return Rule(Frequency(group.schedule_frequency), _numbers(group.schedule_weekdays),
                _numbers(group.schedule_positions), group.schedule_anchor, group.start_time,
                group.end_time)


def details_of(group: Group) -> GroupDetails:
    return GroupDetails(
        id=group.id, name=group.name, name_to_be_confirmed=group.name_to_be_confirmed,
        schedule=rule_of(group), format=group.format, joining=group.joining,
        referral_required=group.referral_required, capacity=group.capacity,
        length_weeks=group.length_weeks, length_sessions=group.length_sessions,
        referral_note=group.referral_note, eligibility_rule=group.eligibility_rule,
        who_for=group.who_for, description=group.description,
        policies=dict(group.policies or {}), active=group.active,
    )


def apply_details(group: Group, details: GroupDetails) -> None:
    """Copy the details onto the row (the caller validates first)."""
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


def name_beside_a_referral(actor: Actor, group: Group) -> str:
    """The group's name as this member of staff may read it beside a person's referral:
    'a group' for staff who may not see assessment answers (reception) where the group's
    name reveals special-category data (its setting; on for the MSM Group by default)."""
    if actor.may(Permission.VIEW_CLINICAL) or not name_reveals_special_category(
            group.eligibility_rule, group.format, dict(group.policies or {})):
        return group.name
    return UNNAMED_GROUP
