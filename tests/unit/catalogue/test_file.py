"""The catalogue file against hostile content: a list or an object where text belongs, for every
key; numbers of thousands of digits; brackets nested a hundred thousand deep; a byte-order mark;
true for a number; control characters. Each is one message naming the group and the key, and
Hypothesis checks that any file at all gives groups that can be saved or such a message."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recovery_desk.catalogue.details import validate
from recovery_desk.catalogue.file import (
    MAX_FILE_BYTES,
    OPTIONAL_KEYS,
    REQUIRED_KEYS,
    CatalogueFileError,
    group_to_entry,
    read_catalogue,
)
from recovery_desk.schedule import parse_rule
from tests.conftest import CATALOGUE
from tests.fuzzing import any_text, fuzz, hostile_fragment, json_values, small_json_values

ENTRY = group_to_entry(read_catalogue(CATALOGUE)[0])
LABEL = 'group 1 ("Abstinence Day Programme")'
PLACEHOLDER = "\"@@VALUE@@\""


def _document(**changes: Any) -> dict[str, Any]:
    return {"format": "recovery-desk-catalogue", "version": 1,
            "groups": [dict(ENTRY, **changes)]}


def _text_with(key: str, raw: str) -> str:
    """The one-group catalogue with the raw JSON text given as the value of key."""
    return json.dumps(_document(**{key: "@@VALUE@@"})).replace(PLACEHOLDER, raw, 1)


def _problems(path: Path, text: str | bytes) -> list[str]:
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogueFileError) as caught:
        read_catalogue(path)
    assert "Traceback" not in str(caught.value)
    return caught.value.problems


WRONG_KIND = {
    "name": "group 1: \"name\": a name must be text, not {kind}.",
    "schedule": f"{LABEL}: schedule must be text, not {{kind}}",
    "format": f"{LABEL}: format must be one of: rolling, structured, weekly, closed_cohort, "
              "open; not {kind}",
    "joining": f"{LABEL}: joining must be one of: any_week, any_session, cohort_start, "
               "not_stated; not {kind}",
    "referral_required": f"{LABEL}: \"referral_required\": whether a referral is required "
                         "must be true or false.",
    "capacity": f"{LABEL}: capacity must be a whole number from 1 to 100; {{kind}} is not.",
    "name_to_be_confirmed": f"{LABEL}: \"name_to_be_confirmed\": whether the name is to be "
                            "confirmed must be true or false.",
    "length_weeks": f"{LABEL}: \"length_weeks\": length in weeks must be a whole number from 1 "
                    "to 104, or left out.",
    "length_sessions": f"{LABEL}: \"length_sessions\": length in sessions must be a whole "
                       "number from 1 to 104, or left out.",
    "referral_note": f"{LABEL}: \"referral_note\": the referral note must be text, not "
                     "{kind}.",
    "eligibility_rule": f"{LABEL}: \"eligibility_rule\": {{kind}} is not a known rule; choose "
                        "one of abstinence_day_programme, recovery_skills, reduced_drinking, "
                        "abstinent_emotions, low_dose, medication_reduction, msm, "
                        "keyworker_judgement.",
    "who_for": f"{LABEL}: \"who_for\": who it is for must be text, not {{kind}}.",
    "description": f"{LABEL}: \"description\": the description must be text, not {{kind}}.",
    "policies": f"{LABEL}: \"policies\": the policies must be setting names, each with a whole "
                "number.",
    "active": f"{LABEL}: \"active\": whether the group is active must be true or false.",
}


def test_every_key_is_covered() -> None:
    assert set(WRONG_KIND) == set(REQUIRED_KEYS) | set(OPTIONAL_KEYS)


@pytest.mark.parametrize("key", sorted(WRONG_KIND))
@pytest.mark.parametrize(("value", "kind"), [(["rolling"], "a list"), ({}, "an object")])
def test_a_list_or_an_object_in_any_key_is_one_message_naming_the_key(
        tmp_path: Path, key: str, value: Any, kind: str) -> None:
    """`"format": ["rolling"]` and `"joining": {}` used to end in a TypeError traceback."""
    if key == "policies" and value == {}:
        value, kind = [], "a list"  # an empty object is a good policies value
    problems = _problems(tmp_path / "c.json", json.dumps(_document(**{key: value})))
    assert problems == [WRONG_KIND[key].format(kind=kind)]


@pytest.mark.parametrize("key", ["capacity", "length_weeks", "name"])
def test_an_integer_of_more_than_4300_digits_is_refused_naming_where(tmp_path: Path,
                                                                     key: str) -> None:
    problems = _problems(tmp_path / "c.json", _text_with(key, "1" + "0" * 5_000))
    assert len(problems) == 1
    assert problems[0].startswith("the file has a whole number longer than 20 digits (line 1, "
                                  "column ")


def test_a_hundred_thousand_nested_brackets_are_refused(tmp_path: Path) -> None:
    problems = _problems(tmp_path / "c.json",
                         _text_with("format", "[" * 100_000 + "]" * 100_000))
    assert len(problems) == 1
    assert problems[0].startswith("the file has lists or objects nested more than 32 deep")


def test_a_file_over_two_megabytes_is_refused_as_the_wrong_file(tmp_path: Path) -> None:
    problems = _problems(tmp_path / "c.json",
                         _text_with("description", json.dumps("x" * MAX_FILE_BYTES)))
    assert problems == ["the file is larger than 2 MB, the most a catalogue file may be; is it "
                        "the right file?"]


def test_a_byte_order_mark_from_a_windows_editor_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "c.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(_document()).encode("utf-8"))
    assert [g.name for g in read_catalogue(path)] == ["Abstinence Day Programme"]


@pytest.mark.parametrize("key", ["capacity", "length_weeks", "length_sessions"])
def test_true_is_not_a_number(tmp_path: Path, key: str) -> None:
    """`"length_weeks": true` used to be stored as 1."""
    problems = _problems(tmp_path / "c.json", json.dumps(_document(**{key: True})))
    assert len(problems) == 1 and ("true is not" in problems[0]
                                   or "must be a whole number" in problems[0])


def test_true_is_not_a_policy_value(tmp_path: Path) -> None:
    problems = _problems(tmp_path / "c.json",
                         json.dumps(_document(policies={"min_abstinent_days": True})))
    assert problems == [f"{LABEL}: \"policies\": days abstinent from all illicit substances "
                        "before joining must be a whole number from 0 to 365."]


@pytest.mark.parametrize(("raw", "shown"), [("\\u0000", "\\u0000"), ("\\u001b[31m", "\\u001b"),
                                            ("\\ud800", "\\ud800"), ("\\u2028", "\\u2028")])
def test_control_characters_in_a_name_are_refused_and_shown_visibly(
        tmp_path: Path, raw: str, shown: str) -> None:
    """A NUL in a name used to be stored; a lone surrogate could not be stored at all."""
    problems = _problems(tmp_path / "c.json", _text_with("name", f'"Evening{raw}Group"'))
    assert len(problems) == 1
    assert problems[0].startswith(f'group 1 ("Evening{shown}')
    assert "a name cannot contain control characters: character 8 is U+" in problems[0]
    assert "\x00" not in problems[0] and "\x1b" not in problems[0]


def test_notes_may_hold_tabs_and_new_lines_but_not_other_controls(tmp_path: Path) -> None:
    path = tmp_path / "c.json"
    path.write_text(json.dumps(_document(description="Line one\n\tLine two")))
    assert read_catalogue(path)[0].description == "Line one\n\tLine two"
    problems = _problems(path, json.dumps(_document(description="Bell\x07")))
    assert problems == [f"{LABEL}: \"description\": the description cannot contain control "
                        "characters: character 5 is U+0007. Only tabs and new lines are "
                        "allowed."]


def test_a_name_over_120_characters_is_refused(tmp_path: Path) -> None:
    problems = _problems(tmp_path / "c.json", json.dumps(_document(name="N" * 121)))
    assert problems == ['group 1 ("' + "N" * 40 + '…"): "name": a name can be at most 120 '
                        "characters; this one has 121."]


def test_a_key_given_twice_is_refused(tmp_path: Path) -> None:
    text = json.dumps(_document()).replace('"capacity": 12', '"capacity": 12, "capacity": 99')
    assert _problems(tmp_path / "c.json", text) == [
        'the file has the key "capacity" twice in one object; keep only one']


def test_a_schedule_with_a_control_character_is_refused(tmp_path: Path) -> None:
    problems = _problems(tmp_path / "c.json", json.dumps(_document(schedule="Mon\x00 1-2pm")))
    assert problems == [f'{LABEL}: schedule "Mon\\u0000 1-2pm": the schedule cannot contain '
                        "control characters: character 4 is U+0000 (NUL)"]


def _read_or_refuse(path: Path) -> None:
    """What every file must give: groups that validate and whose schedules read back, or a
    CatalogueFileError of one-line problems."""
    try:
        groups = read_catalogue(path)
    except CatalogueFileError as error:
        assert error.problems and all("\n" not in p and p for p in error.problems)
        return
    for group in groups:
        assert validate(group, set()) == {}
        assert parse_rule(group.schedule_words) == group.schedule


@fuzz
@given(st.sampled_from(sorted(WRONG_KIND)), hostile_fragment)
def test_any_value_in_any_key_gives_groups_or_messages(tmp_path: Path,
                                                       key: str, raw: str) -> None:
    path = tmp_path / "c.json"
    path.write_text(_text_with(key, raw), encoding="utf-8")
    _read_or_refuse(path)


@fuzz
@given(st.dictionaries(st.sampled_from(sorted(WRONG_KIND)) | any_text, small_json_values,
                       max_size=6))
def test_any_entry_gives_groups_or_messages(tmp_path: Path,
                                            changes: dict[str, Any]) -> None:
    path = tmp_path / "c.json"
    document = _document(**changes)
    path.write_text(json.dumps(document, allow_nan=True), encoding="utf-8")
    _read_or_refuse(path)


@fuzz
@given(json_values | st.fixed_dictionaries(
    {"format": st.just("recovery-desk-catalogue") | json_values,
     "version": st.just(1) | json_values, "groups": json_values}))
def test_any_document_gives_groups_or_messages(tmp_path: Path,
                                               document: Any) -> None:
    path = tmp_path / "c.json"
    path.write_text(json.dumps(document, allow_nan=True), encoding="utf-8")
    _read_or_refuse(path)


@fuzz
@given(st.binary(max_size=400))
def test_any_bytes_give_groups_or_messages(tmp_path: Path,
                                           data: bytes) -> None:
    path = tmp_path / "c.json"
    path.write_bytes(data)
    _read_or_refuse(path)
