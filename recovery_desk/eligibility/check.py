"""Checking a profile against groups: the outcome, reasons, referral gate and eligible-from,
and the rules a referral must meet (said once, for the intake form and the referral service)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from recovery_desk.catalogue.details import GroupDetails
from recovery_desk.eligibility.profile import Profile
from recovery_desk.eligibility.rules import RULES
from recovery_desk.text_checks import text_problem
from recovery_desk.vocabulary import Outcome

NO_REFERRAL = "no keyworker referral is on file; this group needs one before booking"


@dataclass(frozen=True)
class GroupEligibility:
    group_id: int | None
    group: str
    outcome: Outcome
    reasons: tuple[str, ...]
    referral_required: bool
    eligible_from: date | None

    @property
    def can_refer(self) -> bool:
        """Eligible, needs review (with a justification), or a wait with a known end."""
        return self.outcome is not Outcome.NOT_ELIGIBLE or self.eligible_from is not None

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


def referral_problems(result: GroupEligibility, person: str, keyworker_chosen: bool,
                      justification: str) -> dict[str, str]:
    """What stops a referral to this group being recorded, keyed by the field to fix:
    'eligibility', 'keyworker' or 'justification'. Empty when it can be recorded."""
    problems: dict[str, str] = {}
    if result.referral_required and not keyworker_chosen:
        problems["keyworker"] = f"{result.group} takes a keyworker's referral: choose the " \
                                "keyworker making it."
    refused_text = text_problem(justification, "A justification", multiline=True)
    if refused_text:
        problems["justification"] = refused_text
    elif result.outcome is Outcome.NEEDS_REVIEW and not justification.strip():
        problems["justification"] = f"{result.group} needs review: write a short " \
                                    "justification for the referral."
    if not result.can_refer:
        problems["eligibility"] = f"{person} is not eligible for {result.group}: " \
                                  f"{result.reasons[0]}."
    return problems
