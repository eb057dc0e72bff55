"""Every eligibility rule and boundary, table-driven, with eligible_from."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest

from recovery_desk.catalogue.file import read_catalogue
from recovery_desk.eligibility import check_group, check_groups, parse_profile
from recovery_desk.eligibility.check import NO_REFERRAL
from recovery_desk.vocabulary import Outcome
from tests.conftest import CATALOGUE

ON = date(2026, 11, 27)
E, N, R = Outcome.ELIGIBLE, Outcome.NOT_ELIGIBLE, Outcome.NEEDS_REVIEW
GROUPS = {g.name: g for g in read_catalogue(CATALOGUE)}


def days_ago(days: int) -> str:
    return (ON - timedelta(days=days)).isoformat()


def profile(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"date_of_birth": "1985-04-02", "sex": "male", "msm": None,
                            "substances": [], "abstinent_from_illicit_since": None,
                            "abstinent_from_all_since": None, "substitute_medication": None,
                            "goals": [], "keyworker_referral": True}
    base.update(changes)
    return base


def use(**days: int) -> list[dict[str, Any]]:
    return [{"name": name, "days_used_last_28": count} for name, count in days.items()]


def medication(stage: str, drug: str = "methadone") -> dict[str, Any]:
    return {"drug": drug, "daily_dose_mg": 30, "stage": stage}


def check(group: str, data: dict[str, Any]):
    return check_group(parse_profile(data, ON), GROUPS[group], ON)


ADP = "Abstinence Day Programme"
CASES = [
    # group, profile, outcome, a reason that must appear, eligible_from
    (ADP, profile(abstinent_from_illicit_since=days_ago(7), goals=["maintain_abstinence"]),
     E, "met: abstinent 7 days from all illicit substances; this group needs 7 days", None),
    (ADP, profile(abstinent_from_illicit_since=days_ago(6), goals=["maintain_abstinence"]),
     N, "not eligible: abstinent 6 days from all illicit substances; this group needs 7 days",
     ON + timedelta(1)),
    (ADP, profile(abstinent_from_illicit_since=days_ago(3), goals=["maintain_abstinence"]),
     N, "abstinent 3 days", ON + timedelta(4)),
    (ADP, profile(abstinent_from_all_since=days_ago(10), goals=["maintain_abstinence"]),
     E, "abstinent 10 days", None),
    (ADP, profile(abstinent_from_illicit_since=days_ago(30), goals=["change_use"]),
     N, "goals do not include maintaining abstinence", None),
    (ADP, profile(abstinent_from_illicit_since=days_ago(3), goals=[]),
     N, "abstinent 3 days", None),
    (ADP, profile(substances=use(cannabis=3), goals=["maintain_abstinence"]),
     N, "used cannabis on 3 of the last 28 days; this group needs 7 days", None),
    (ADP, profile(goals=["maintain_abstinence"]),
     R, "no date of abstinence from all illicit substances is recorded", None),
    (ADP, profile(substances=use(cocaine=2), abstinent_from_illicit_since=days_ago(40),
                  goals=["maintain_abstinence"]), R, "check which is right", None),
    ("Recovery Skills", profile(goals=["prepare_for_detox"]), E, "prepare for a detox", None),
    ("Recovery Skills", profile(goals=["reduce_medication"]), E, "a change to their", None),
    ("Recovery Skills", profile(goals=["maintain_abstinence"]), N, "no goal of changing", None),
    ("Reduced Drinking Programme", profile(substances=use(alcohol=20), goals=["reduce_drinking"]),
     E, "drank alcohol on 20 of the last 28 days", None),
    ("Reduced Drinking Programme", profile(substances=use(alcohol=20, cannabis=4),
                                           goals=["prepare_for_detox"]),
     E, "used cannabis on 4 of the last 28 days: a low amount (up to 4)", None),
    ("Reduced Drinking Programme", profile(substances=use(alcohol=20, cannabis=5),
                                           goals=["reduce_drinking"]),
     R, "used cannabis on 5 of the last 28 days; up to 4 counts as the low amount", None),
    ("Reduced Drinking Programme", profile(substances=use(alcohol=9, crack=1, ketamine=1),
                                           goals=["reduce_drinking"]),
     R, "used ketamine on 1 of the last 28 days; this group welcomes only low amounts", None),
    ("Reduced Drinking Programme", profile(substances=use(alcohol=20, heroin=1),
                                           goals=["reduce_drinking"]),
     N, "not eligible: used heroin on 1 of the last 28 days; this group is not for people on "
        "methadone or opiates", None),
    ("Reduced Drinking Programme", profile(substances=use(alcohol=20, other_opioids=2),
                                           goals=["reduce_drinking"]), N, "other opioids", None),
    ("Reduced Drinking Programme", profile(substances=use(alcohol=20), goals=["reduce_drinking"],
                                           substitute_medication=medication("maintenance",
                                                                            "buprenorphine")),
     N, "not eligible: takes buprenorphine, 30 mg a day (maintenance); this group is not for "
        "people on methadone or opiates", None),
    ("Reduced Drinking Programme", profile(substances=use(alcohol=0), goals=["reduce_drinking"]),
     N, "no alcohol in the last 28 days", None),
    ("Reduced Drinking Programme", profile(substances=use(alcohol=8), goals=["change_use"]),
     N, "goals include neither reducing drinking nor preparing for a detox", None),
    ("Abstinent Emotions", profile(abstinent_from_all_since=days_ago(28)),
     E, "abstinent 28 days from all substances, alcohol included; this group needs 28 days",
     None),
    ("Abstinent Emotions", profile(abstinent_from_all_since=days_ago(27)),
     N, "abstinent 27 days from all substances", ON + timedelta(1)),
    ("Abstinent Emotions", profile(abstinent_from_all_since=days_ago(60),
                                   substitute_medication=medication("final_stage")),
     N, "stable in abstinence without substitute medication", None),
    ("Abstinent Emotions", profile(abstinent_from_all_since=days_ago(2),
                                   substitute_medication=medication("final_stage")),
     N, "abstinent 2 days", None),
    ("Abstinent Emotions", profile(abstinent_from_illicit_since=days_ago(90),
                                   substances=use(alcohol=3)),
     N, "drank alcohol on 3 of the last 28 days; this group needs 28 days", None),
    ("Low Dose Group", profile(substitute_medication=medication("final_stage")),
     E, "(final stage): the final stage this group is for", None),
    ("Low Dose Group", profile(substitute_medication=medication("reducing")),
     R, "a keyworker judges whether this is the final stage", None),
    ("Low Dose Group", profile(substitute_medication=medication("maintenance")),
     N, "(maintenance); this group is for the final stage", None),
    ("Low Dose Group", profile(), N, "no substitute medication", None),
    ("Medication Reduction Group", profile(substitute_medication=medication("maintenance"),
                                           goals=["reduce_medication"]),
     E, "and wants to reduce it", None),
    ("Medication Reduction Group", profile(substitute_medication=medication("maintenance")),
     R, "reducing it is not among their goals", None),
    ("Medication Reduction Group", profile(goals=["reduce_medication"]), N,
     "no substitute medication", None),
    ("MSM Group", profile(msm=True), E, "answered yes to the MSM question", None),
    ("MSM Group", profile(msm=False), N, "answered no to the MSM question", None),
    ("MSM Group", profile(msm=None), R, "not asked or was declined", None),
]


@pytest.mark.parametrize(("group", "data", "outcome", "reason", "eligible_from"), CASES,
                         ids=[f"{c[0]}-{c[2].value}-{i}" for i, c in enumerate(CASES)])
def test_rules_and_boundaries(group: str, data: dict, outcome: Outcome, reason: str,
                              eligible_from: date | None) -> None:
    result = check(group, data)
    assert result.outcome is outcome, result.reasons
    assert any(reason in r for r in result.said()), result.said()
    assert result.eligible_from == eligible_from


def test_the_reason_for_the_outcome_comes_first() -> None:
    result = check("Reduced Drinking Programme",
                   profile(substances=use(alcohol=20, heroin=2), goals=["reduce_drinking"]))
    assert result.reasons[0].startswith("not eligible: used heroin")


def test_referral_required_by_group_and_setting() -> None:
    """The page's four groups and, by default, the two closed groups need one; MSM does not."""
    required = {name: check(name, profile(msm=True)).referral_required for name in GROUPS}
    assert required == {name: name != "MSM Group" for name in GROUPS}
    msm = replace(GROUPS["MSM Group"], referral_required=True)
    assert check_group(parse_profile(profile(msm=True), ON), msm, ON).referral_required


def test_a_missing_referral_is_said_but_does_not_change_the_outcome() -> None:
    result = check("Recovery Skills", profile(goals=["change_use"], keyworker_referral=False))
    assert result.outcome is E and result.reasons == (NO_REFERRAL,)
    assert NO_REFERRAL not in check("MSM Group", profile(msm=True,
                                                         keyworker_referral=False)).reasons


def test_policy_settings_move_the_boundaries() -> None:
    stricter = replace(GROUPS[ADP], policies={"min_abstinent_days": 14})
    data = parse_profile(profile(abstinent_from_illicit_since=days_ago(10),
                                 goals=["maintain_abstinence"]), ON)
    result = check_group(data, stricter, ON)
    assert result.outcome is N and "this group needs 14 days" in result.reasons[0]
    assert result.eligible_from == ON + timedelta(4)


def test_retired_groups_are_not_checked() -> None:
    groups = [replace(GROUPS["MSM Group"], active=False), GROUPS["Recovery Skills"]]
    results = check_groups(parse_profile(profile(), ON), groups, ON)
    assert [r.group for r in results] == ["Recovery Skills"]


def test_the_example_profile_from_the_domain_page() -> None:
    data = {"date_of_birth": "1985-04-02", "sex": "male", "msm": True,
            "substances": use(alcohol=20, cannabis=2),
            "abstinent_from_illicit_since": "2026-11-10", "abstinent_from_all_since": None,
            "substitute_medication": medication("reducing"), "goals": ["reduce_drinking"],
            "keyworker_referral": True}
    outcomes = {r.group: r.outcome for r in check_groups(parse_profile(data, ON),
                                                         GROUPS.values(), ON)}
    assert outcomes == {ADP: N, "Recovery Skills": E, "Reduced Drinking Programme": N,
                        "Abstinent Emotions": N, "Low Dose Group": R,
                        "Medication Reduction Group": R, "MSM Group": E}


def test_the_catalogue_and_the_rules_name_the_same_rules() -> None:
    """Every rule the catalogue offers has a function, every function is offered, each
    policy belongs to rules that exist, and a new group's default rule is one of them."""
    from recovery_desk.catalogue.details import GroupDetails
    from recovery_desk.catalogue.policies import ELIGIBILITY_RULES, POLICIES
    from recovery_desk.eligibility.rules import RULES

    assert set(RULES) == set(ELIGIBILITY_RULES)
    assert all(p.rules <= set(RULES) for p in POLICIES.values())
    assert GroupDetails.__dataclass_fields__["eligibility_rule"].default in RULES
