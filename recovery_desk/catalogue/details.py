"""A group as the catalogue sees it: plain details, their words, and their validation.

Used by the catalogue service (inside its transaction), the catalogue file import and the
catalogue editor (for messages beside each field before saving).
"""

from __future__ import annotations

from dataclasses import dataclass, field

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
from recovery_desk.schedule.words import counted
from recovery_desk.text_checks import quoted, text_problem
from recovery_desk.vocabulary import FORMAT_WORDS, JOINING_WORDS, GroupFormat, Joining

MAX_NAME_LENGTH = 120
"""The groups table's name column holds 120 characters."""
MAX_LENGTH = 104
"""The longest a group runs, in weeks or sessions: two years."""


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
            return (f"{counted(self.length_sessions, 'session')} (about "
                    f"{counted(self.length_weeks, 'week')})")
        if self.length_sessions:
            return counted(self.length_sessions, "session")
        if self.length_weeks:
            per_week = len(self.schedule.weekdays) if self.schedule.frequency is Frequency.WEEKLY \
                else 0
            extra = f", {per_week} sessions a week" if per_week > 1 else ""
            return f"{counted(self.length_weeks, 'week')}{extra}"
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


def whole_number_in(value: object, low: int, high: int) -> bool:
    """A whole number from low to high; true and false are not numbers here, though Python
    counts them as 1 and 0."""
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def validate(details: GroupDetails, other_names: set[str]) -> dict[str, str]:
    """Field name -> message for each mistake; empty when the group can be saved.

    other_names are the names of the other groups, compared without case. Every field is
    checked for its kind as well as its value, because details can come from a file.
    """
    problems: dict[str, str] = {}
    name_problem = text_problem(details.name, "A name", max_length=MAX_NAME_LENGTH)
    if name_problem:
        problems["name"] = name_problem
    elif not details.name.strip():
        problems["name"] = "A group needs a name."
    elif details.name.strip().casefold() in {n.casefold() for n in other_names}:
        problems["name"] = f"There is already a group called '{details.name.strip()}'."
    if not isinstance(details.schedule, Rule):
        problems["schedule"] = "The schedule must be a schedule such as 'Tuesday 5-6.30pm'."
    for key, kind in (("format", GroupFormat), ("joining", Joining)):
        if not isinstance(getattr(details, key), kind):
            problems[key] = f"Choose one of: {', '.join(m.value for m in kind)}."
    for key, words in (("referral_required", "Whether a referral is required"),
                       ("name_to_be_confirmed", "Whether the name is to be confirmed"),
                       ("active", "Whether the group is active")):
        if not isinstance(getattr(details, key), bool):
            problems[key] = f"{words} must be true or false."
    if not whole_number_in(details.capacity, MIN_CAPACITY, MAX_CAPACITY):
        problems["capacity"] = (f"Capacity must be a whole number from {MIN_CAPACITY} to "
                                f"{MAX_CAPACITY}; {quoted(details.capacity, True)} is not.")
    for field_name in ("length_weeks", "length_sessions"):
        value = getattr(details, field_name)
        if value is not None and not whole_number_in(value, 1, MAX_LENGTH):
            unit = field_name.split("_")[1]
            problems[field_name] = (f"Length in {unit} must be a whole number from 1 to "
                                    f"{MAX_LENGTH}, or left out.")
    if not isinstance(details.eligibility_rule, str) \
            or details.eligibility_rule not in ELIGIBILITY_RULES:
        problems["eligibility_rule"] = (f"{quoted(details.eligibility_rule)} is not a known "
                                        f"rule; choose one of {', '.join(ELIGIBILITY_RULES)}.")
    for key, words, multiline in (("referral_note", "The referral note", False),
                                  ("who_for", "Who it is for", True),
                                  ("description", "The description", True)):
        problem = text_problem(getattr(details, key), words, multiline=multiline)
        if problem:
            problems[key] = problem
    if not isinstance(details.policies, dict):
        problems["policies"] = "The policies must be setting names, each with a whole number."
        return problems
    for key, value in details.policies.items():
        policy = POLICIES.get(key) if isinstance(key, str) else None
        field_name = f"policy:{key if isinstance(key, str) else quoted(key)}"
        if policy is None:
            problems[field_name] = f"{quoted(key)} is not a known policy."
        elif not whole_number_in(value, policy.minimum, policy.maximum):
            problems[field_name] = (f"{policy.label} must be a whole number from "
                                         f"{policy.minimum} to {policy.maximum}.")
    return problems
