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
SAID_AS = {Outcome.NOT_ELIGIBLE: "not eligible: ", Outcome.NEEDS_REVIEW: "needs review: "}
"""How a reason that stands in the way opens, read aloud: which outcome it brings about."""


@dataclass(frozen=True)
class GroupEligibility:
    group_id: int | None
    group: str
    outcome: Outcome
    reasons: tuple[str, ...]
    """What stands in the way, each opening with the outcome it brings ("not eligible: takes
    methadone, ...; this group is not for people on methadone or opiates"), the deciding
    reasons first, then a missing referral; empty for a group the person is eligible for."""
    referral_required: bool
    eligible_from: date | None
    met: tuple[str, ...] = ()
    """The criteria that were met, shown apart from what stands in the way."""

    def said(self) -> list[str]:
        """Every line, as read aloud and as kept on a referral: what stands in the way, then
        each criterion met ("met: wants to maintain abstinence")."""
        return [*self.reasons, *(f"met: {criterion}" for criterion in self.met)]

    @property
    def deciding_reason(self) -> str:
        """The first reason without its opening words, for a sentence that names the outcome
        itself ("not eligible for the MSM Group on ...: answered no to the MSM question")."""
        first = self.reasons[0] if self.reasons else ""
        return first.removeprefix(SAID_AS.get(self.outcome, ""))

    @property
    def can_refer(self) -> bool:
        """Eligible, needs review (with a justification), or a wait with a known end."""
        return self.outcome is not Outcome.NOT_ELIGIBLE or self.eligible_from is not None

    def as_json(self) -> dict[str, object]:
        return {"group": self.group, "outcome": self.outcome.value,
                "reasons": list(self.reasons), "met": list(self.met),
                "referral_required": self.referral_required,
                "eligible_from": self.eligible_from.isoformat() if self.eligible_from else None}


def check_group(profile: Profile, group: GroupDetails, on: date) -> GroupEligibility:
    verdict = RULES[group.eligibility_rule](profile, group.settings(), on)
    reasons = [SAID_AS[outcome] + reason for outcome, reason in verdict.reasons]
    if group.referral_required and not profile.keyworker_referral:
        reasons.append(NO_REFERRAL)
    eligible_from = verdict.eligible_from if verdict.outcome is Outcome.NOT_ELIGIBLE else None
    return GroupEligibility(group.id, group.name, verdict.outcome, tuple(reasons),
                            group.referral_required, eligible_from, tuple(verdict.met))


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
                                  f"{result.deciding_reason}."
    return problems
