"""Reading JSON files handed to the desk: every shape that made Python's json raise something
other than a decoding error becomes one message saying what and where; anything else is a
value or that message (Hypothesis)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recovery_desk.json_files import MAX_DEPTH, JsonFileError, parse_json, read_json
from tests.fuzzing import any_text, dumps, fuzz, hostile_fragment, json_values


def _refusal(text: str) -> str:
    with pytest.raises(JsonFileError) as caught:
        parse_json(text)
    return str(caught.value)


def test_a_hundred_thousand_nested_brackets_are_refused_naming_where() -> None:
    """Python's json would raise RecursionError; the desk says how deep is too deep."""
    message = _refusal('{"groups": ' + "[" * 100_000 + "]" * 100_000 + "}")
    assert message == (f"has lists or objects nested more than {MAX_DEPTH} deep "
                       f"(line 1, column {11 + MAX_DEPTH})")


def test_nesting_deeper_than_the_limit_but_within_pythons_is_refused_too() -> None:
    assert "nested more than" in _refusal("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1))
    assert parse_json("[" * MAX_DEPTH + "]" * MAX_DEPTH) is not None


def test_brackets_inside_text_do_not_count_as_nesting() -> None:
    assert parse_json(json.dumps({"name": "[" * 1_000})) == {"name": "[" * 1_000}


def test_an_integer_of_more_than_4300_digits_is_refused_naming_where() -> None:
    """Python would raise ValueError ('Exceeds the limit (4300 digits)')."""
    message = _refusal('{"capacity":\n  1' + "0" * 5_000 + "}")
    assert message == "has a whole number longer than 20 digits (line 2, column 3)"


def test_a_long_number_inside_text_is_not_mistaken_for_the_long_one() -> None:
    text = '["' + "9" * 50 + '", ' + "1" * 30 + "]"
    assert _refusal(text) == "has a whole number longer than 20 digits (line 1, column 56)"


def test_twenty_digit_integers_and_long_decimals_are_read() -> None:
    assert parse_json("[" + "9" * 20 + ", 1e400, 0." + "1" * 50 + "]")[0] == int("9" * 20)


@pytest.mark.parametrize("word", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_refused(word: str) -> None:
    assert _refusal(f'{{"dose":\n {word}}}') == (f"has {word} (line 2, column 2), which is not "
                                                 "a number JSON allows")


def test_a_key_given_twice_is_refused_rather_than_the_last_one_winning() -> None:
    assert _refusal('{"capacity": 12, "capacity": 99}') == (
        'has the key "capacity" twice in one object; keep only one')


def test_broken_json_names_the_line_and_column() -> None:
    assert _refusal('{"a": 1,\n') == "is not valid JSON (line 2, column 1: Expecting property " \
                                     "name enclosed in double quotes)"


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    """Windows editors (Notepad's 'UTF-8 with BOM') start the file with EF BB BF."""
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps({"name": "Zoë"}).encode())
    assert read_json(path, 1_000, "a file") == {"name": "Zoë"}


def test_utf16_and_other_encodings_are_refused_saying_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "utf16.json"
    path.write_text('{"a": 1}', encoding="utf-16")
    with pytest.raises(JsonFileError, match="is saved as UTF-16; save it as UTF-8"):
        read_json(path, 1_000, "a file")
    path.write_bytes('{"name": "Zoë"}'.encode("latin-1"))
    with pytest.raises(JsonFileError, match=r"is not UTF-8 text \(byte 13 is not part of a "
                                            r"character\); save it as UTF-8"):
        read_json(path, 1_000, "a file")


def test_a_file_over_the_size_limit_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    path.write_text("[" + "1, " * 600_000 + "1]")
    with pytest.raises(JsonFileError, match="is larger than 1 MB, the most a catalogue file may "
                                            "be; is it the right file"):
        read_json(path, 1_000_000, "a catalogue file")


def test_a_missing_file_is_an_os_error_for_the_caller_to_word(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        read_json(tmp_path / "none.json", 1_000, "a file")


@fuzz
@given(json_values)
def test_any_json_value_is_read_back_or_refused_with_a_message(value: object) -> None:
    try:
        parse_json(dumps(value))
    except JsonFileError as error:
        assert str(error).startswith(("has ", "is "))


@fuzz
@given(st.lists(hostile_fragment, min_size=1, max_size=3).map(
    lambda parts: '{"x": [' + ", ".join(parts) + "]}") | any_text)
def test_hostile_fragments_and_arbitrary_text_give_a_value_or_a_message(text: str) -> None:
    try:
        parse_json(text)
    except JsonFileError as error:
        assert str(error).startswith(("has ", "is "))


@fuzz
@given(st.binary(max_size=300) | st.sampled_from([b"\xef\xbb\xbf", b"\xff\xfe", b"\x00" * 9]))
def test_arbitrary_bytes_in_a_file_give_a_value_or_a_message(
        tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "file.json"
    path.write_bytes(data)
    try:
        read_json(path, 200, "a file")
    except JsonFileError as error:
        assert str(error).startswith(("has ", "is "))


@pytest.mark.parametrize("kind", ["pipe", "folder"])
def test_a_pipe_or_a_folder_is_refused_without_waiting(tmp_path: Path, kind: str) -> None:
    """Only a regular file is read: a FIFO with no writer would otherwise wait for ever."""
    import os

    path = tmp_path / "profile.json"
    os.mkfifo(path) if kind == "pipe" else path.mkdir()
    with pytest.raises(JsonFileError, match="is not a regular file"):
        read_json(path, 1000, "a profile")
