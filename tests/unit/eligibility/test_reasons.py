"""Each group's reasons word for word, as a keyworker reads them aloud: which criterion stands in
the way and why, and the criteria met kept apart."""

from __future__ import annotations

from typing import Any

import pytest

from recovery_desk.eligibility.check import NO_REFERRAL
from recovery_desk.vocabulary import Outcome
from tests.unit.eligibility.test_rules import (
    ADP,
    check,
    days_ago,
    medication,
    profile,
    use,
)

E, N, R = Outcome.ELIGIBLE, Outcome.NOT_ELIGIBLE, Outcome.NEEDS_REVIEW
NOT_FOR_OPIATES = "this group is not for people on methadone or opiates"
BLOCKED: list[tuple[str, dict[str, Any], Outcome, tuple[str, ...], tuple[str, ...]]] = [
    (ADP, profile(abstinent_from_illicit_since=days_ago(3), goals=["maintain_abstinence"]), N,
     ("not eligible: abstinent 3 days from all illicit substances; this group needs 7 days",),
     ("wants to maintain abstinence",)),
    (ADP, profile(abstinent_from_illicit_since=days_ago(30), goals=["change_use"]), N,
     ("not eligible: goals do not include maintaining abstinence; this group is for people "
      "who want to stay abstinent",),
     ("abstinent 30 days from all illicit substances; this group needs 7 days",)),
    ("Recovery Skills", profile(goals=["maintain_abstinence"]), N,
     ("not eligible: no goal of changing their substance use is recorded; this group is for "
      "people who want to make changes",), ()),
    ("Reduced Drinking Programme",
     profile(substances=use(alcohol=20, cannabis=2), goals=["reduce_drinking"],
             substitute_medication=medication("reducing")), N,
     (f"not eligible: takes methadone, 30 mg a day (reducing); {NOT_FOR_OPIATES}",),
     ("drank alcohol on 20 of the last 28 days", "wants to reduce drinking",
      "used cannabis on 2 of the last 28 days: a low amount (up to 4), which is welcome")),
    ("Reduced Drinking Programme",
     profile(substances=use(alcohol=20, heroin=1, ketamine=2), goals=["reduce_drinking"]), N,
     (f"not eligible: used heroin on 1 of the last 28 days; {NOT_FOR_OPIATES}",
      "needs review: used ketamine on 2 of the last 28 days; this group welcomes only low "
      "amounts of cannabis, crack or cocaine"),
     ("drank alcohol on 20 of the last 28 days", "wants to reduce drinking")),
    ("Reduced Drinking Programme", profile(goals=["change_use"]), N,
     ("not eligible: no alcohol in the last 28 days; this group is for people who drink and "
      "want to cut down",
      "not eligible: goals include neither reducing drinking nor preparing for a detox; this "
      "group is for one or the other"), ()),
    ("Abstinent Emotions", profile(abstinent_from_all_since=days_ago(60),
                                   substitute_medication=medication("final_stage")), N,
     ("not eligible: takes methadone, 30 mg a day (final stage); this group is for people "
      "stable in abstinence without substitute medication",),
     ("abstinent 60 days from all substances, alcohol included; this group needs 28 days",)),
    ("Abstinent Emotions", profile(abstinent_from_illicit_since=days_ago(90),
                                   substances=use(alcohol=3)), N,
     ("not eligible: drank alcohol on 3 of the last 28 days; this group needs 28 days "
      "abstinent from all substances, alcohol included",), ()),
    ("Low Dose Group", profile(substitute_medication=medication("reducing")), R,
     ("needs review: takes methadone, 30 mg a day (reducing); a keyworker judges whether this "
      "is the final stage",), ()),
    ("Low Dose Group", profile(), N,
     ("not eligible: takes no substitute medication; this group is for the final stage of a "
      "detox or reduction",), ()),
    ("Medication Reduction Group", profile(), N,
     ("not eligible: takes no substitute medication; this group is for reducing a substitute "
      "prescription",), ()),
    ("MSM Group", profile(msm=False), N,
     ("not eligible: answered no to the MSM question; this group is for men who have sex with "
      "men",), ()),
    ("MSM Group", profile(msm=None), R,
     ("needs review: the MSM question was not asked or was declined; this group is for men "
      "who have sex with men",), ()),
]


@pytest.mark.parametrize(("group", "data", "outcome", "reasons", "met"), BLOCKED,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(BLOCKED)])
def test_what_stands_in_the_way_and_what_was_met(group: str, data: dict[str, Any],
                                                 outcome: Outcome, reasons: tuple[str, ...],
                                                 met: tuple[str, ...]) -> None:
    """The blocking criterion opens with the outcome it brings; the met ones are apart."""
    result = check(group, data)
    assert (result.outcome, result.reasons, result.met) == (outcome, reasons, met)


def test_an_eligible_group_has_nothing_in_the_way_and_says_what_was_met() -> None:
    """Eligible: no reason stands in the way; each criterion met is listed as met."""
    result = check("Abstinence Day Programme", profile(
        abstinent_from_illicit_since=days_ago(10), goals=["maintain_abstinence"]))
    assert result.outcome is E and result.reasons == ()
    assert result.said() == [
        "met: abstinent 10 days from all illicit substances; this group needs 7 days",
        "met: wants to maintain abstinence"]


def test_a_missing_referral_follows_the_reasons_and_is_not_a_criterion() -> None:
    """The referral gate is said after the criteria and never counted as met or blocking."""
    result = check("Recovery Skills", profile(goals=["maintain_abstinence"],
                                              keyworker_referral=False))
    assert result.reasons[-1] == NO_REFERRAL and result.reasons[0].startswith("not eligible: ")


def test_the_deciding_reason_drops_its_opening_for_sentences_that_name_the_outcome() -> None:
    """'not eligible for X: <reason>' never says 'not eligible' twice."""
    result = check("MSM Group", profile(msm=False))
    assert result.deciding_reason == ("answered no to the MSM question; this group is for men "
                                      "who have sex with men")


def test_a_contradiction_names_the_date_the_british_way() -> None:
    """Use in the last 28 days against a long abstinence: the date reads '28 Oct 2026'."""
    result = check(ADP, profile(substances=use(cocaine=2), goals=["maintain_abstinence"],
                                abstinent_from_illicit_since=days_ago(30)))
    assert result.outcome is R
    assert result.reasons == ("needs review: used cocaine on 2 of the last 28 days, yet "
                              "abstinent since Wed 28 Oct 2026; check which is right",)
