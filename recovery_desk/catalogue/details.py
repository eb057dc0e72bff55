"""A group as the catalogue sees it: plain details, their words, and their validation.

Used by the catalogue service (inside its transaction), the catalogue file import and the
catalogue editor (for messages beside each field before saving).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from recovery_desk.catalogue.policies import (
    DEFAULT_CAPACITY,
    ELIGIBILITY_RULES,
    MAX_CAPACITY,
    MIN_CAPACITY,
    POLICIES,
    effective_policies,
)
from recovery_desk.schedule.phrases import render_rule
from recovery_desk.schedule.rules import Frequency, Rule
from recovery_desk.vocabulary import FORMAT_WORDS, JOINING_WORDS, GroupFormat, Joining


@dataclass(frozen=True)
class GroupDetails:
    """Everything the catalogue holds about one group, free of the database."""

    name: str
    schedule: Rule
    format: GroupFormat
    joining: Joining
    referral_required: bool
    capacity: int = DEFAULT_CAPACITY
    length_weeks: int | None = None
    length_sessions: int | None = None
    referral_note: str = ""
    eligibility_rule: str = "keyworker_judgement"
    who_for: str = ""
    description: str = ""
    policies: dict[str, int] = field(default_factory=dict)
    name_to_be_confirmed: bool = False
    active: bool = True
    id: int | None = None

    @property
    def schedule_words(self) -> str:
        return render_rule(self.schedule)

    @property
    def display_name(self) -> str:
        return f"{self.name} (name to be confirmed by the service)" if self.name_to_be_confirmed \
            else self.name

    @property
    def length_words(self) -> str:
        if self.length_sessions and self.length_weeks:
            return f"{self.length_sessions} sessions (about {self.length_weeks} weeks)"
        if self.length_sessions:
            return f"{self.length_sessions} sessions"
        if self.length_weeks:
            per_week = len(self.schedule.weekdays) if self.schedule.frequency is Frequency.WEEKLY \
                else 0
            extra = f", {per_week} sessions a week" if per_week > 1 else ""
            return f"{self.length_weeks} weeks{extra}"
        return "Not stated by the service"

    @property
    def format_words(self) -> str:
        return FORMAT_WORDS[self.format]

    @property
    def joining_words(self) -> str:
        return JOINING_WORDS[self.joining]

    @property
    def referral_words(self) -> str:
        required = "Keyworker referral required" if self.referral_required \
            else "No referral needed"
        return f"{required}. {self.referral_note}".strip() if self.referral_note else required

    def settings(self) -> dict[str, int]:
        """The policies that apply to this group, with defaults filled in."""
        return effective_policies(self.eligibility_rule, self.format, self.policies)

    def with_id(self, group_id: int) -> GroupDetails:
        return replace(self, id=group_id)


def validate(details: GroupDetails, other_names: set[str]) -> dict[str, str]:
    """Field name -> message for each mistake; empty when the group can be saved.

    other_names are the names of the other groups, compared without case.
    """
    problems: dict[str, str] = {}
    name = details.name.strip()
    if not name:
        problems["name"] = "A group needs a name."
    elif len(name) > 120:
        problems["name"] = "A name can be at most 120 characters."
    elif name.casefold() in {n.casefold() for n in other_names}:
        problems["name"] = f"There is already a group called '{name}'."
    if isinstance(details.capacity, bool) or not isinstance(details.capacity, int) \
            or not MIN_CAPACITY <= details.capacity <= MAX_CAPACITY:
        problems["capacity"] = (f"Capacity must be a whole number from {MIN_CAPACITY} to "
                                f"{MAX_CAPACITY}; '{details.capacity}' is not.")
    for field_name in ("length_weeks", "length_sessions"):
        value = getattr(details, field_name)
        if value is not None and (not isinstance(value, int) or not 1 <= value <= 104):
            unit = field_name.split("_")[1]
            problems[field_name] = f"Length in {unit} must be a whole number from 1 to 104."
    if details.eligibility_rule not in ELIGIBILITY_RULES:
        problems["eligibility_rule"] = (f"'{details.eligibility_rule}' is not a known rule; "
                                        f"choose one of {', '.join(ELIGIBILITY_RULES)}.")
    for key, value in details.policies.items():
        policy = POLICIES.get(key)
        if policy is None:
            problems[f"policy:{key}"] = f"'{key}' is not a known policy."
        elif isinstance(value, bool) or not isinstance(value, int) \
                or not policy.minimum <= value <= policy.maximum:
            problems[f"policy:{key}"] = (f"{policy.label} must be a whole number from "
                                         f"{policy.minimum} to {policy.maximum}.")
    return problems
