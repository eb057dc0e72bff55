"""One function per eligibility rule: profile, the group's settings and the date -> a verdict.

Each reason names the fact and the rule, in words a keyworker can read aloud ("takes methadone,
30 mg a day (reducing); this group is not for people on methadone or opiates"). A verdict's
outcome is the worst of its findings: not eligible, then needs review, then eligible; the
findings that were met are kept apart from those that stand in the way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from recovery_desk.eligibility.profile import OPIATES, Profile, substance_words
from recovery_desk.schedule.phrases import format_date
from recovery_desk.schedule.words import counted
from recovery_desk.vocabulary import Outcome

LOW_AMOUNT_SUBSTANCES = ("cannabis", "crack", "cocaine")
CHANGE_GOALS = ("change_use", "reduce_drinking", "prepare_for_detox", "achieve_abstinence",
                "reduce_medication")
GOAL_WORDS = {"maintain_abstinence": "maintain abstinence",
              "achieve_abstinence": "achieve abstinence", "change_use": "change their use",
              "reduce_drinking": "reduce drinking", "prepare_for_detox": "prepare for a detox",
              "reduce_medication": "reduce their substitute medication"}
STAGE_WORDS = {"maintenance": "maintenance", "reducing": "reducing",
               "final_stage": "final stage"}
NOT_FOR_OPIATES = "this group is not for people on methadone or opiates"
_SEVERITY = {Outcome.ELIGIBLE: 0, Outcome.NEEDS_REVIEW: 1, Outcome.NOT_ELIGIBLE: 2}


@dataclass
class Verdict:
    findings: list[tuple[Outcome, str]] = field(default_factory=list)
    eligible_from: date | None = None
    """Set only when the one thing in the way is days of abstinence still to come."""

    def add(self, outcome: Outcome, reason: str) -> None:
        self.findings.append((outcome, reason))

    @property
    def outcome(self) -> Outcome:
        return max((o for o, _ in self.findings), key=_SEVERITY.__getitem__,
                   default=Outcome.NEEDS_REVIEW)

    @property
    def reasons(self) -> list[tuple[Outcome, str]]:
        """What stands in the way, the findings that decide the outcome first."""
        return sorted(((o, r) for o, r in self.findings if o is not Outcome.ELIGIBLE),
                      key=lambda finding: -_SEVERITY[finding[0]])

    @property
    def met(self) -> list[str]:
        """The criteria that were met, in the rule's order."""
        return [r for o, r in self.findings if o is Outcome.ELIGIBLE]


def _days(count: int) -> str:
    return counted(count, "day")


def _used(profile: Profile, name: str) -> str:
    verb = "drank alcohol" if name == "alcohol" else f"used {substance_words(name)}"
    return f"{verb} on {profile.days_used(name)} of the last 28 days"


def _medication(profile: Profile) -> str:
    medication = profile.substitute_medication
    assert medication is not None
    return (f"takes {medication.drug}, {medication.daily_dose_mg:g} mg a day "
            f"({STAGE_WORDS[medication.stage]})")


def _abstinence(verdict: Verdict, profile: Profile, since: date | None, needed: int, on: date,
                what: str, recent_use: dict[str, int]) -> None:
    """The shared test of 'abstinent from <what> for at least <needed> days'."""
    if since is None:
        if recent_use:
            name = next(iter(recent_use))
            verdict.add(Outcome.NOT_ELIGIBLE, f"{_used(profile, name)}; this group needs "
                                              f"{_days(needed)} abstinent from {what}")
        else:
            verdict.add(Outcome.NEEDS_REVIEW, f"no date of abstinence from {what} is recorded; "
                                              f"this group needs {_days(needed)}")
        return
    days = (on - since).days
    if days < needed:
        verdict.add(Outcome.NOT_ELIGIBLE, f"abstinent {_days(days)} from {what}; this group "
                                          f"needs {_days(needed)}")
        verdict.eligible_from = since + timedelta(days=needed)
    else:
        verdict.add(Outcome.ELIGIBLE, f"abstinent {_days(days)} from {what}; this group needs "
                                      f"{_days(needed)}")
    if recent_use and days >= 28:
        name = next(iter(recent_use))
        verdict.add(Outcome.NEEDS_REVIEW, f"{_used(profile, name)}, yet abstinent since "
                                          f"{format_date(since)}; check which is right")


def abstinence_day_programme(profile: Profile, settings: dict[str, int], on: date) -> Verdict:
    verdict = Verdict()
    _abstinence(verdict, profile, profile.illicit_since, settings["min_abstinent_days"], on,
                "all illicit substances", profile.illicit_use())
    if "maintain_abstinence" in profile.goals:
        verdict.add(Outcome.ELIGIBLE, "wants to maintain abstinence")
    else:
        verdict.add(Outcome.NOT_ELIGIBLE, "goals do not include maintaining abstinence; this "
                                          "group is for people who want to stay abstinent")
        verdict.eligible_from = None
    return verdict


def recovery_skills(profile: Profile, settings: dict[str, int], on: date) -> Verdict:
    verdict = Verdict()
    chosen = [g for g in CHANGE_GOALS if g in profile.goals]
    if chosen:
        verdict.add(Outcome.ELIGIBLE, f"wants to {GOAL_WORDS[chosen[0]]}: a change to their "
                                      "substance use, which this group supports")
    else:
        verdict.add(Outcome.NOT_ELIGIBLE, "no goal of changing their substance use is recorded; "
                                          "this group is for people who want to make changes")
    return verdict


def reduced_drinking(profile: Profile, settings: dict[str, int], on: date) -> Verdict:
    verdict = Verdict()
    low = settings["low_amount_days"]
    medication = profile.substitute_medication
    if medication is not None:
        verdict.add(Outcome.NOT_ELIGIBLE, f"{_medication(profile)}; {NOT_FOR_OPIATES}")
    for name in sorted(OPIATES):
        if profile.days_used(name):
            verdict.add(Outcome.NOT_ELIGIBLE, f"{_used(profile, name)}; {NOT_FOR_OPIATES}")
    drinking_days = profile.days_used("alcohol")
    if drinking_days:
        verdict.add(Outcome.ELIGIBLE, _used(profile, "alcohol"))
    else:
        verdict.add(Outcome.NOT_ELIGIBLE, "no alcohol in the last 28 days; this group is for "
                                          "people who drink and want to cut down")
    goals = [g for g in ("reduce_drinking", "prepare_for_detox") if g in profile.goals]
    if goals:
        verdict.add(Outcome.ELIGIBLE, f"wants to {GOAL_WORDS[goals[0]]}")
    else:
        verdict.add(Outcome.NOT_ELIGIBLE, "goals include neither reducing drinking nor "
                                          "preparing for a detox; this group is for one or "
                                          "the other")
    for name, days in profile.illicit_use().items():
        if name in OPIATES:
            continue
        if name in LOW_AMOUNT_SUBSTANCES and days <= low:
            verdict.add(Outcome.ELIGIBLE, f"{_used(profile, name)}: a low amount (up to {low}), "
                                          "which is welcome")
        elif name in LOW_AMOUNT_SUBSTANCES:
            verdict.add(Outcome.NEEDS_REVIEW, f"{_used(profile, name)}; up to {low} counts as "
                                              "the low amount this group welcomes")
        else:
            verdict.add(Outcome.NEEDS_REVIEW, f"{_used(profile, name)}; this group welcomes only "
                                              "low amounts of cannabis, crack or cocaine")
    return verdict


def abstinent_emotions(profile: Profile, settings: dict[str, int], on: date) -> Verdict:
    verdict = Verdict()
    recent = {n: d for n, d in profile.substances.items() if d > 0}
    _abstinence(verdict, profile, profile.abstinent_from_all_since,
                settings["stable_abstinence_days"], on, "all substances, alcohol included",
                recent)
    if profile.substitute_medication is not None:
        verdict.add(Outcome.NOT_ELIGIBLE, f"{_medication(profile)}; this group is for people "
                                          "stable in abstinence without substitute "
                                          "medication")
        verdict.eligible_from = None
    return verdict


def low_dose(profile: Profile, settings: dict[str, int], on: date) -> Verdict:
    verdict = Verdict()
    medication = profile.substitute_medication
    if medication is None:
        verdict.add(Outcome.NOT_ELIGIBLE, "takes no substitute medication; this group is for "
                                          "the final stage of a detox or reduction")
    elif medication.stage == "final_stage":
        verdict.add(Outcome.ELIGIBLE, f"{_medication(profile)}: the final stage this group is "
                                      "for")
    elif medication.stage == "reducing":
        verdict.add(Outcome.NEEDS_REVIEW, f"{_medication(profile)}; a keyworker judges whether "
                                          "this is the final stage")
    else:
        verdict.add(Outcome.NOT_ELIGIBLE, f"{_medication(profile)}; this group is for the final "
                                          "stage of a detox or reduction")
    return verdict


def medication_reduction(profile: Profile, settings: dict[str, int], on: date) -> Verdict:
    verdict = Verdict()
    if profile.substitute_medication is None:
        verdict.add(Outcome.NOT_ELIGIBLE, "takes no substitute medication; this group is for "
                                          "reducing a substitute prescription")
    elif "reduce_medication" in profile.goals:
        verdict.add(Outcome.ELIGIBLE, f"{_medication(profile)} and wants to reduce it")
    else:
        verdict.add(Outcome.NEEDS_REVIEW, f"{_medication(profile)}, but reducing it is not among "
                                          "their goals")
    return verdict


def msm(profile: Profile, settings: dict[str, int], on: date) -> Verdict:
    verdict = Verdict()
    if profile.msm is True:
        verdict.add(Outcome.ELIGIBLE, "answered yes to the MSM question; this group is for men "
                                      "who have sex with men")
    elif profile.msm is False:
        verdict.add(Outcome.NOT_ELIGIBLE, "answered no to the MSM question; this group is for "
                                          "men who have sex with men")
    else:
        verdict.add(Outcome.NEEDS_REVIEW, "the MSM question was not asked or was declined; this "
                                          "group is for men who have sex with men")
    return verdict


def keyworker_judgement(profile: Profile, settings: dict[str, int], on: date) -> Verdict:
    verdict = Verdict()
    verdict.add(Outcome.NEEDS_REVIEW, "this group has no set rule; a keyworker judges each "
                                      "referral")
    return verdict


RULES: dict[str, Callable[[Profile, dict[str, int], date], Verdict]] = {
    "abstinence_day_programme": abstinence_day_programme,
    "recovery_skills": recovery_skills,
    "reduced_drinking": reduced_drinking,
    "abstinent_emotions": abstinent_emotions,
    "low_dose": low_dose,
    "medication_reduction": medication_reduction,
    "msm": msm,
    "keyworker_judgement": keyworker_judgement,
}
