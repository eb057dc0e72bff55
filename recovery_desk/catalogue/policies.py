"""Service policies the page leaves open, each a setting with a default, and the eligibility rules
a group can follow. The catalogue shows and edits them; eligibility and bookings read them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from recovery_desk.vocabulary import GroupFormat

DEFAULT_CAPACITY = 12
REVEALS_SPECIAL_CATEGORY = "name_reveals_special_category"
UNNAMED_GROUP = "a group"
"""What reception reads for a group whose name reveals special-category data."""
MIN_CAPACITY, MAX_CAPACITY = 1, 100


@dataclass(frozen=True)
class NumberSetting:
    """A whole-number setting with a default, limits, a label and a unit: a group's policy
    here, or a service-wide setting (domain/service/service_settings.py)."""

    key: str
    label: str
    default: int
    minimum: int
    maximum: int
    unit: str


@dataclass(frozen=True)
class Policy(NumberSetting):
    rules: frozenset[str] = frozenset()
    """The eligibility rules it belongs to; empty means it depends on format instead."""
    formats: frozenset[GroupFormat] = frozenset()
    """The formats it belongs to; with both empty it applies to every group."""
    switch: bool = False
    """A yes (1) or no (0) setting rather than a number: shown as a tick box."""
    default_by_rule: tuple[tuple[str, int], ...] = ()
    """Defaults other than `default` for groups following these eligibility rules."""

    def default_for(self, eligibility_rule: str) -> int:
        return dict(self.default_by_rule).get(eligibility_rule, self.default)

    def words(self, value: int) -> str:
        """The value as the catalogue shows it."""
        return ("yes" if value else "no") if self.switch else f"{value} {self.unit}"

    def applies_to(self, eligibility_rule: str, group_format: GroupFormat) -> bool:
        if self.rules:
            return eligibility_rule in self.rules
        if self.formats:
            return group_format in self.formats
        return True


POLICIES: dict[str, Policy] = {p.key: p for p in (
    Policy("min_abstinent_days", "Days abstinent from all illicit substances before joining",
           7, 0, 365, "days", rules=frozenset({"abstinence_day_programme"})),
    Policy("low_amount_days", "Most days of cannabis, crack or cocaine in the last 28 that "
           "still count as 'low amounts'", 4, 0, 28, "days",
           rules=frozenset({"reduced_drinking"})),
    Policy("stable_abstinence_days", "Days abstinent from all substances, alcohol included, "
           "that count as 'stable in abstinence'", 28, 0, 365, "days",
           rules=frozenset({"abstinent_emotions"})),
    Policy("late_join_sessions", "Sessions into a closed cohort a late joiner may still start",
           0, 0, 12, "sessions", formats=frozenset({GroupFormat.CLOSED_COHORT})),
    Policy("dna_flag_count", "Did-not-attends in a row that flag the place for the keyworker",
           3, 1, 12, "in a row"),
    Policy("offer_answer_days", "Days a person has to answer a waiting-list offer", 7, 1, 60,
           "days"),
    Policy("no_answer_keeps_position", "Someone who does not answer an offer by then keeps "
           "their position on the waiting list (otherwise they leave it)", 1, 0, 1, "",
           switch=True),
    # A referral's group can say what the assessment found (the MSM Group says the person is
    # a man who has sex with men). Reception may not see assessment answers, so where this is
    # on they see that a referral exists for "a group", never which, nor its eligibility.
    Policy(REVEALS_SPECIAL_CATEGORY, "Its name reveals special-category data (reception sees "
           "a referral to it as 'a group')", 0, 0, 1, "", switch=True,
           default_by_rule=(("msm", 1),)),
)}

ELIGIBILITY_RULES: dict[str, str] = {
    "abstinence_day_programme": "Abstinent from illicit substances and wants to stay abstinent",
    "recovery_skills": "Wants to change their substance use",
    "reduced_drinking": "Drinks and wants to cut down or prepare for detox; no opiates or "
                        "substitute medication",
    "abstinent_emotions": "Stable in abstinence from all substances, alcohol included",
    "low_dose": "In the final stage of a detox or reduction",
    "medication_reduction": "On substitute medication and wants to reduce it",
    "msm": "Men who have sex with men",
    "keyworker_judgement": "No set rule: a keyworker judges each referral",
}


def policies_for(eligibility_rule: str, group_format: GroupFormat) -> list[Policy]:
    return [p for p in POLICIES.values() if p.applies_to(eligibility_rule, group_format)]


def effective_policies(eligibility_rule: str, group_format: GroupFormat,
                       stored: dict[str, Any]) -> dict[str, int]:
    """Every policy that applies to the group, its stored value or else the default."""
    return {p.key: int(stored.get(p.key, p.default_for(eligibility_rule)))
            for p in policies_for(eligibility_rule, group_format)}


def name_reveals_special_category(eligibility_rule: str, group_format: GroupFormat,
                                  stored: dict[str, Any]) -> bool:
    """Whether reception sees this group's referrals as 'a group' (a setting; on by default
    for the MSM Group's rule, off for the others)."""
    return bool(effective_policies(eligibility_rule, group_format, stored)
                [REVEALS_SPECIAL_CATEGORY])
