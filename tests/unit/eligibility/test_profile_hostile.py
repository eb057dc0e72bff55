"""The intake profile and the daily-dose field against hostile input: numbers hundreds of
digits long, true for a number, values of the wrong kind anywhere, text of any kind. Each gives
a profile or a ProfileError (a value or a ValueError for the dose), never another exception."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recovery_desk.eligibility import ProfileError, check_groups, parse_profile
from recovery_desk.eligibility.profile import KEYS, MAX_DAILY_DOSE_MG, read_daily_dose
from recovery_desk.json_files import JsonFileError, parse_json
from tests.fuzzing import any_text, fuzz, hostile_fragment, json_values, small_json_values
from tests.unit.eligibility.test_profile import GROUPS
from tests.unit.eligibility.test_rules import ON, profile

REDUCING = {"drug": "methadone", "stage": "reducing"}


def _problems(data: Any) -> list[str]:
    with pytest.raises(ProfileError) as caught:
        parse_profile(data, ON)
    return caught.value.problems


def test_a_dose_of_1_followed_by_400_zeros_is_too_big_not_an_overflow() -> None:
    """It used to raise OverflowError: int too large to convert to float."""
    data = profile(substitute_medication=dict(REDUCING, daily_dose_mg=10 ** 400))
    assert _problems(data) == [
        "substitute_medication daily_dose_mg must be a number above 0 and at most 500, not a "
        "number about 401 digits long"]


@pytest.mark.parametrize("dose", [True, False, float("nan"), float("inf"), -1, 0, 500.0001])
def test_doses_that_are_not_a_number_from_0_to_500_are_refused(dose: object) -> None:
    data = profile(substitute_medication=dict(REDUCING, daily_dose_mg=dose))
    assert "daily_dose_mg must be a number above 0 and at most 500" in _problems(data)[0]


@pytest.mark.parametrize("days", [True, 10 ** 400, 28.0])
def test_days_used_must_be_a_whole_number_not_true(days: object) -> None:
    data = profile(substances=[{"name": "alcohol", "days_used_last_28": days}])
    assert "must be a whole number from 0 to 28" in _problems(data)[0]


@pytest.mark.parametrize("written", ["20261110", "2026-W45-1", "２０２６-11-10", "2026-11-10T00"])
def test_dates_must_be_written_yyyy_mm_dd_exactly(written: str) -> None:
    """date.fromisoformat alone also reads '20261110' and ISO week dates."""
    problems = _problems(profile(abstinent_from_all_since=written))
    assert problems == [f"abstinent_from_all_since '{written}' is not a real date in the form "
                        "YYYY-MM-DD"]


def test_messages_show_control_characters_and_long_text_visibly() -> None:
    problems = _problems(profile(sex="ma\x00le" + "x" * 100))
    assert problems == ["sex 'ma\\u0000le" + "x" * 35 + "…' is not one of: male, female, "
                        "intersex, not_stated"]


@pytest.mark.parametrize(("typed", "dose"), [("30", 30.0), (" 12.5 mg ", 12.5), (".5", 0.5),
                                             ("500MG", 500.0)])
def test_the_dose_field_reads_plain_numbers(typed: str, dose: float) -> None:
    assert read_daily_dose(typed) == dose


@pytest.mark.parametrize("typed", ["1" + "0" * 400, "1_0", "nan", "inf", "٣٠", "3e1", "-5", "0",
                                   "", "thirty", "30\x00"])
def test_the_dose_field_refuses_anything_else_with_one_message(typed: str) -> None:
    with pytest.raises(ValueError, match=f"^Write the daily dose in mg: a number above 0 and at "
                                         f"most {MAX_DAILY_DOSE_MG}.$"):
        read_daily_dose(typed)


def _parse_or_refuse(data: Any) -> None:
    try:
        result = parse_profile(data, ON)
    except ProfileError as error:
        assert error.problems and all(isinstance(p, str) and p for p in error.problems)
        return
    check_groups(result, GROUPS, ON)  # a profile that passes can be checked


@fuzz
@given(json_values)
def test_any_json_value_gives_a_profile_or_a_profile_error(data: Any) -> None:
    _parse_or_refuse(data)


@fuzz
@given(st.dictionaries(st.sampled_from(KEYS) | any_text, small_json_values, max_size=4))
def test_any_changes_to_a_profile_give_a_profile_or_a_profile_error(
        changes: dict[str, Any]) -> None:
    _parse_or_refuse(profile(**changes))


@fuzz
@given(st.sampled_from([*KEYS, "substitute_medication.daily_dose_mg",
                        "substances.days_used_last_28"]), hostile_fragment)
def test_hostile_json_in_any_field_gives_a_profile_or_a_message(key: str, raw: str) -> None:
    """The path the `eligibility` verb takes: the file's text through parse_json, then the
    profile. Deep nesting and huge numbers stop at parse_json; the rest at parse_profile."""
    data = profile(substitute_medication=dict(REDUCING, daily_dose_mg=30),
                   substances=[{"name": "alcohol", "days_used_last_28": 3}])
    outer, _, inner = key.partition(".")
    if inner:
        target = data[outer] if isinstance(data[outer], dict) else data[outer][0]
        target[inner] = "@@VALUE@@"
    else:
        data[outer] = "@@VALUE@@"
    text = json.dumps(data).replace('"@@VALUE@@"', raw, 1)
    try:
        value = parse_json(text)
    except JsonFileError:
        return
    _parse_or_refuse(value)


@fuzz
@given(any_text)
def test_any_text_in_the_dose_field_gives_a_dose_or_one_message(typed: str) -> None:
    try:
        dose = read_daily_dose(typed)
    except ValueError as error:
        assert str(error).startswith("Write the daily dose in mg")
        return
    assert 0 < dose <= MAX_DAILY_DOSE_MG
