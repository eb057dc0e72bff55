"""Profile validation: every problem listed, and Hypothesis over valid and broken profiles."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recovery_desk.catalogue.file import read_catalogue
from recovery_desk.eligibility import ProfileError, check_groups, parse_profile
from recovery_desk.eligibility.check import NO_REFERRAL, SAID_AS
from recovery_desk.eligibility.profile import DRUGS, GOALS, SEXES, STAGES, SUBSTANCES
from recovery_desk.vocabulary import Outcome
from tests.conftest import CATALOGUE
from tests.unit.eligibility.test_rules import ON, profile

GROUPS = read_catalogue(CATALOGUE)


@pytest.mark.parametrize(("changes", "problem"), [
    ({"date_of_birth": "2027-01-01"}, "date_of_birth 2027-01-01 is after the date of the check"),
    ({"date_of_birth": "1985-02-30"}, "'1985-02-30' is not a real date"),
    ({"date_of_birth": None}, "date_of_birth is required"),
    ({"sex": "man"}, "sex 'man' is not one of"),
    ({"msm": "yes"}, "msm must be true, false or null"),
    ({"substances": [{"name": "beer", "days_used_last_28": 2}]}, "'beer' is not a known"),
    ({"substances": [{"name": "alcohol", "days_used_last_28": 29}]}, "from 0 to 28, not 29"),
    ({"substances": [{"name": "alcohol", "days_used_last_28": -1}]}, "from 0 to 28, not -1"),
    ({"substances": [{"name": "alcohol", "days_used_last_28": 2.5}]}, "not 2.5"),
    ({"substances": [{"name": "alcohol", "days_used_last_28": 2},
                     {"name": "alcohol", "days_used_last_28": 3}]}, "alcohol is listed twice"),
    ({"abstinent_from_all_since": "2026-12-01"}, "is after the date of the check"),
    ({"abstinent_from_illicit_since": "1980-01-01"}, "is before their date of birth"),
    ({"substitute_medication": {"drug": "morphine", "daily_dose_mg": 30, "stage": "reducing"}},
     "drug 'morphine' is not one of"),
    ({"substitute_medication": {"drug": "methadone", "daily_dose_mg": 0, "stage": "reducing"}},
     "daily_dose_mg must be a number above 0"),
    ({"substitute_medication": {"drug": "methadone", "daily_dose_mg": 30, "stage": "done"}},
     "stage 'done' is not one of"),
    ({"goals": ["sobriety"]}, "goal 'sobriety' is not one of"),
    ({"keyworker_referral": "yes"}, "keyworker_referral must be true or false"),
    ({"favourite_colour": "blue"}, "'favourite_colour' is not a profile field"),
])
def test_each_schema_break_is_named(changes: dict, problem: str) -> None:
    with pytest.raises(ProfileError) as caught:
        parse_profile(profile(**changes), ON)
    assert any(problem in p for p in caught.value.problems), caught.value.problems


def test_every_problem_is_listed_at_once() -> None:
    with pytest.raises(ProfileError) as caught:
        parse_profile(profile(sex="x", goals=["y"], msm=3), ON)
    assert len(caught.value.problems) == 3


@st.composite
def valid_profiles(draw: st.DrawFn) -> dict[str, Any]:
    born = draw(st.dates(min_value=date(1930, 1, 1), max_value=ON))
    since = st.none() | st.dates(min_value=born, max_value=ON).map(date.isoformat)
    names = draw(st.lists(st.sampled_from(SUBSTANCES), unique=True))
    medication = draw(st.none() | st.fixed_dictionaries({
        "drug": st.sampled_from(DRUGS), "stage": st.sampled_from(STAGES),
        "daily_dose_mg": st.floats(0.5, 500) | st.integers(1, 500)}))
    return {"date_of_birth": born.isoformat(), "sex": draw(st.sampled_from(SEXES)),
            "msm": draw(st.none() | st.booleans()),
            "substances": [{"name": n, "days_used_last_28": draw(st.integers(0, 28))}
                           for n in names],
            "abstinent_from_illicit_since": draw(since), "abstinent_from_all_since": draw(since),
            "substitute_medication": medication,
            "goals": draw(st.lists(st.sampled_from(GOALS), unique=True)),
            "keyworker_referral": draw(st.booleans())}


@given(valid_profiles())
def test_every_valid_profile_gets_one_outcome_per_active_group_with_a_reason(
        data: dict[str, Any]) -> None:
    results = check_groups(parse_profile(data, ON), GROUPS, ON)
    assert [r.group for r in results] == [g.name for g in GROUPS if g.active]
    for result in results:
        assert result.said() and all(result.said())
        blocking = [r for r in result.reasons if r != NO_REFERRAL]
        assert bool(blocking) == (result.outcome is not Outcome.ELIGIBLE)
        assert all(r.startswith(("not eligible: ", "needs review: ")) for r in blocking)
        assert blocking[:1] == [] or blocking[0].startswith(SAID_AS[result.outcome])
        assert result.eligible_from is None or result.eligible_from > ON


junk = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12) \
    | st.lists(st.integers(), max_size=3)


@given(valid_profiles(), st.sampled_from(["date_of_birth", "sex", "msm", "substances",
                                          "abstinent_from_all_since", "substitute_medication",
                                          "goals", "keyworker_referral", "unknown_key"]),
       junk)
def test_broken_profiles_raise_the_validation_error_and_nothing_else(
        data: dict[str, Any], key: str, value: object) -> None:
    data[key] = value
    try:
        parse_profile(data, ON)
    except ProfileError as error:
        assert error.problems
    # Some junk is valid (msm=None, for example); anything else must be a ProfileError.


def test_abstinent_days_count_up_to_the_check_date() -> None:
    data = parse_profile(profile(abstinent_from_all_since=(ON - timedelta(7)).isoformat()), ON)
    assert (ON - data.abstinent_from_all_since).days == 7
