"""Text from outside checked before it is stored, and values shown safely in messages: each
kind of character refused or kept, and (Hypothesis) no value at all makes either function
raise."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recovery_desk.text_checks import describe, quoted, shown, text_problem
from tests.fuzzing import any_text, fuzz, json_values


@pytest.mark.parametrize("text", ["O'Brien", 'Zoë "Zee"', "👩🏽‍⚕️", "כהן", "عبد الله",
                                  "Anne-Marie D'Arcy", "Łukasiewicz", "مهر\u200cانگیز",
                                  "क्\u200dष", "e\u0301", "x" * 10_000, ""])
def test_real_text_is_kept_whatever_its_script(text: str) -> None:
    """Accents, apostrophes, hyphens, right-to-left scripts, and zero-width joiners that shape
    emoji and Persian or Indic words are part of real names."""
    assert text_problem(text, "A name") is None


@pytest.mark.parametrize(("text", "found"), [
    ("Ann\u202eSmith", "character 4 is U+202E (RIGHT-TO-LEFT OVERRIDE)"),
    ("\ufeffAnn", "character 1 is U+FEFF (ZERO WIDTH NO-BREAK SPACE)"),
    ("A\u200bnn", "character 2 is U+200B (ZERO WIDTH SPACE)"),
    ("\u200fmark", "character 1 is U+200F (RIGHT-TO-LEFT MARK)"),
    ("A\u200dnn", "character 2 is U+200D (ZERO WIDTH JOINER)"),
    ("Ann\u200d", "character 4 is U+200D (ZERO WIDTH JOINER)"),
    ("\u3164", "character 1 is U+3164 (HANGUL FILLER)"),
    ("a\U000e0041", "character 2 is U+E0041 (TAG LATIN CAPITAL LETTER A)"),
])
def test_invisible_characters_are_refused_naming_which_and_where(text: str, found: str) -> None:
    """Format characters that make two names look alike are refused as control characters are;
    a joiner is kept only between letters of a script that needs it, never in a Latin name."""
    assert text_problem(text, "A name") == f"A name cannot contain invisible characters: {found}."
    assert "\\u" in shown(text)


def test_free_text_refuses_only_what_reorders_it() -> None:
    """Notes keep the right-to-left marks that set Hebrew among English; an override, an
    embedding or an isolate, which show text in another order than stored, is refused."""
    assert text_problem("Said \u200fשלום\u200f twice", "Notes", multiline=True) is None
    assert text_problem("paid \u202e01$\u202c", "Notes", multiline=True) == (
        "Notes cannot contain invisible characters: character 6 is U+202E (RIGHT-TO-LEFT "
        "OVERRIDE).")
    assert text_problem("a\u2067b", "Notes", multiline=True) is not None


@pytest.mark.parametrize(("text", "found"), [
    ("a\x00", "character 2 is U+0000 (NUL)"), ("\x7f", "character 1 is U+007F (DEL)"),
    ("a\x85", "character 2 is U+0085"), ("\ud800", "character 1 is U+D800"),
    ("a\u2028b", "character 2 is U+2028 (a line separator)"),
    ("a\tb", "character 2 is U+0009 (a tab)"), ("a\r\n", "character 2 is U+000D (a carriage "
                                                          "return)"),
])
def test_control_characters_are_refused_saying_which_and_where(text: str, found: str) -> None:
    assert text_problem(text, "A name") == f"A name cannot contain control characters: {found}."


def test_notes_may_hold_tabs_and_new_lines_only() -> None:
    assert text_problem("one\n\ttwo", "Notes", multiline=True) is None
    assert text_problem("one\r\ntwo", "Notes", multiline=True) == (
        "Notes cannot contain control characters: character 4 is U+000D (a carriage return). "
        "Only tabs and new lines are allowed.")


def test_length_is_counted_without_the_spaces_around() -> None:
    assert text_problem("  " + "x" * 80 + "  ", "A first name", max_length=80) is None
    assert text_problem("x" * 10_000, "A first name", max_length=80) == (
        "A first name can be at most 80 characters; this one has 10,000.")


@pytest.mark.parametrize(("value", "kind"), [(None, "null"), (True, "true"), ([], "a list"),
                                             ({}, "an object"), (3, "a number")])
def test_values_that_are_not_text_are_named_by_their_json_kind(value: object, kind: str) -> None:
    assert describe(value) == kind
    assert text_problem(value, "A name") == f"A name must be text, not {kind}."


def test_values_in_messages_are_short_visible_and_never_raise() -> None:
    assert quoted("a\x00b") == "'a\\u0000b'"
    assert quoted("x" * 100) == "'" + "x" * 40 + "…'"
    assert quoted(10 ** 5_000) == "a number about 5,001 digits long"
    assert quoted(12) == "12" and quoted(12, quote_numbers=True) == "'12'"
    assert quoted(float("nan")) == "nan" and quoted([1]) == "a list"
    assert shown("tab\there") == "tab\\u0009here"


@fuzz
@given(json_values | st.integers(min_value=10 ** 4_000) | any_text,
       st.booleans(), st.none() | st.integers(0, 200))
def test_no_value_makes_the_checks_raise(value: object, multiline: bool,
                                        longest: int | None) -> None:
    problem = text_problem(value, "A name", multiline=multiline, max_length=longest)
    assert problem is None or problem.startswith("A name ")
    text = quoted(value)
    assert text and "\x00" not in text and "\n" not in text and len(text) <= 2 + 40 * 6 + 1


def test_a_reason_is_refused_when_blank_unreadable_or_too_long() -> None:
    """One check for every reason staff give (ending a place, answering an offer, changing the
    order, closing a day): blank gets the caller's words, the rest the shared ones."""
    from recovery_desk.text_checks import REASON_LENGTH, reason_problem

    assert reason_problem("Moved to Leeds", "Give one.") is None
    assert reason_problem("   ", "Give one.") == "Give one."
    assert reason_problem("a\x00b", "Give one.").startswith("A reason cannot contain control")
    assert reason_problem("x" * (REASON_LENGTH + 1), "Give one.") == (
        f"A reason can be at most {REASON_LENGTH} characters; this one has "
        f"{REASON_LENGTH + 1}.")
    assert reason_problem(None, "Give one.") == "A reason must be text, not null."
