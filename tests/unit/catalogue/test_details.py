"""validate(), the check the editor, the file and the catalogue service share: true is not a
number, control characters are not text, and any value in any field gives messages, never an
exception (Hypothesis)."""

from __future__ import annotations

from dataclasses import fields, replace
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recovery_desk.catalogue.details import GroupDetails, validate, whole_number_in
from recovery_desk.catalogue.file import read_catalogue
from recovery_desk.schedule.rules import Frequency, Rule
from tests.conftest import CATALOGUE
from tests.fuzzing import any_text, fuzz, small_json_values

GOOD = read_catalogue(CATALOGUE)[0]


@pytest.mark.parametrize("key", ["capacity", "length_weeks", "length_sessions"])
@pytest.mark.parametrize("value", [True, False])
def test_true_and_false_are_not_whole_numbers(key: str, value: bool) -> None:
    assert key in validate(replace(GOOD, **{key: value}), set())


def test_whole_numbers_are_ints_within_the_range() -> None:
    assert whole_number_in(12, 1, 100)
    assert not any(whole_number_in(v, 1, 100) for v in (True, 12.0, "12", None, 0, 101,
                                                        10 ** 5000))


@pytest.mark.parametrize(("field", "value", "message"), [
    ("name", "Evening\x00Group", "A name cannot contain control characters: character 8 is "
                                 "U+0000 (NUL)."),
    ("name", "Evening\tGroup", "A name cannot contain control characters: character 8 is "
                               "U+0009 (a tab)."),
    ("referral_note", "Ask\nfirst", "The referral note cannot contain control characters: "
                                    "character 4 is U+000A (a new line)."),
    ("description", "Ring \x07", "The description cannot contain control characters: "
                                 "character 6 is U+0007. Only tabs and new lines are allowed."),
    ("name", "N" * 121, "A name can be at most 120 characters; this one has 121."),
])
def test_text_fields_refuse_what_cannot_be_seen_or_stored(field: str, value: str,
                                                          message: str) -> None:
    assert validate(replace(GOOD, **{field: value}), set()) == {field: message}


def test_names_with_quotes_emoji_and_right_to_left_text_are_fine() -> None:
    name = "O'Brien \"Tuesday\" 🌱 קבוצת ערב"
    assert validate(replace(GOOD, name=name, description="x" * 10_000), set()) == {}


rules = st.sampled_from([GOOD.schedule, Rule(Frequency.UNKNOWN)])
FIELD_VALUES: dict[str, st.SearchStrategy[Any]] = {
    f.name: small_json_values for f in fields(GroupDetails) if f.name != "id"}
FIELD_VALUES.update(name=any_text | small_json_values, schedule=rules | small_json_values,
                    description=any_text, who_for=any_text, referral_note=any_text,
                    policies=st.dictionaries(any_text, small_json_values, max_size=5)
                    | small_json_values)


@fuzz
@given(st.fixed_dictionaries({}, optional=FIELD_VALUES))
def test_any_value_in_any_field_gives_messages_not_exceptions(changes: dict[str, Any]) -> None:
    problems = validate(replace(GOOD, **changes), {"Recovery Skills", "\x00"})
    assert all(isinstance(k, str) and isinstance(m, str) and m for k, m in problems.items())
    if not problems:
        assert isinstance(changes.get("name", GOOD.name), str)
