"""Checking a profile against groups: the outcome, reasons, referral gate and eligible-from."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from recovery_desk.domain.catalogue import GroupDetails
from recovery_desk.domain.models import Outcome
from recovery_desk.eligibility.profile import Profile
from recovery_desk.eligibility.rules import RULES

NO_REFERRAL = "no keyworker referral is on file; this group needs one before booking"


@dataclass(frozen=True)
class GroupEligibility:
    group_id: int | None
    group: str
    outcome: Outcome
    reasons: tuple[str, ...]
    referral_required: bool
    eligible_from: date | None

    def as_json(self) -> dict[str, object]:
        return {"group": self.group, "outcome": self.outcome.value,
                "reasons": list(self.reasons), "referral_required": self.referral_required,
                "eligible_from": self.eligible_from.isoformat() if self.eligible_from else None}


def check_group(profile: Profile, group: GroupDetails, on: date) -> GroupEligibility:
    verdict = RULES[group.eligibility_rule](profile, group.settings(), on)
    reasons = verdict.reasons
    if group.referral_required and not profile.keyworker_referral:
        reasons.append(NO_REFERRAL)
    eligible_from = verdict.eligible_from if verdict.outcome is Outcome.NOT_ELIGIBLE else None
    return GroupEligibility(group.id, group.name, verdict.outcome, tuple(reasons),
                            group.referral_required, eligible_from)


def check_groups(profile: Profile, groups: Iterable[GroupDetails],
                 on: date) -> list[GroupEligibility]:
    """One result per active group, in the order given; retired groups are not checked."""
    return [check_group(profile, g, on) for g in groups if g.active]
