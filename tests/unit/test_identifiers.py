"""NHS number, postcode and phone: valid and invalid examples, and normalised forms.

Test phone numbers avoid Ofcom's drama range (07700 900xxx), which phonenumbers rejects.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recovery_desk import identifiers
from recovery_desk.identifiers import (
    IdentifierError,
    format_nhs_number,
    format_phone,
    nhs_number,
    phone,
    postcode,
)
from tests.fuzzing import any_text, fuzz


@pytest.mark.parametrize(("text", "digits"), [
    ("943 476 5919", "9434765919"), ("9434765919", "9434765919"),
    ("401-023-2137", "4010232137"), ("999 999 9999", "9999999999"),
])
def test_valid_nhs_numbers_are_stored_as_ten_digits(text: str, digits: str) -> None:
    assert nhs_number(text) == digits
    assert format_nhs_number(digits) == f"{digits[:3]} {digits[3:6]} {digits[6:]}"


@pytest.mark.parametrize(("text", "message"), [
    ("943 476 5918", "check digit does not match"),
    ("123456789", "has 10 digits"),
    ("94347659190", "has 10 digits"),
    ("94347A5919", "has 10 digits"),
    ("0000200001", "check digit"),  # a check digit of 10 is never issued
])
def test_invalid_nhs_numbers_say_why(text: str, message: str) -> None:
    with pytest.raises(IdentifierError, match=message):
        nhs_number(text)


@pytest.mark.parametrize(("text", "normalised"), [
    ("e8 1dy", "E8 1DY"), ("E81DY", "E8 1DY"), ("sw1a1aa", "SW1A 1AA"),
    ("EC1A 1BB", "EC1A 1BB"), (" w1a  0ax ", "W1A 0AX"), ("M1 1AE", "M1 1AE"),
])
def test_postcodes_are_normalised(text: str, normalised: str) -> None:
    assert postcode(text) == normalised


@pytest.mark.parametrize("text", ["ABC", "12 345", "E8", "E8 1D", "E8 1DYY", ""])
def test_invalid_postcodes(text: str) -> None:
    with pytest.raises(IdentifierError, match="not a UK postcode"):
        postcode(text)


@pytest.mark.parametrize(("text", "e164", "shown"), [
    ("020 7946 0000", "+442079460000", "020 7946 0000"),
    ("07911 123456", "+447911123456", "07911 123456"),
    ("+44 161 496 0000", "+441614960000", "0161 496 0000"),
    ("+33 1 42 68 53 00", "+33142685300", "+33 1 42 68 53 00"),
])
def test_phone_numbers_are_stored_in_e164(text: str, e164: str, shown: str) -> None:
    assert phone(text) == e164
    assert format_phone(e164) == shown


@pytest.mark.parametrize(("text", "message"), [
    ("12345", "not valid"), ("hello", "not a phone number"), ("07700 900123", "not valid"),
    ("020 7946 000", "not valid"),
])
def test_invalid_phone_numbers(text: str, message: str) -> None:
    with pytest.raises(IdentifierError, match=message):
        phone(text)


@pytest.mark.parametrize("text", ["²²²²²²²²²²", "٩٤٣٤٧٦٥٩١٩", "９４３４７６５９１９",
                                  "943\x00476 5919"])
def test_nhs_numbers_are_ten_plain_digits(text: str) -> None:
    """isdigit() used to pass superscripts (then int() raised ValueError, a crash in the form)
    and other scripts' digits (stored as typed)."""
    with pytest.raises(IdentifierError, match="has 10 digits"):
        nhs_number(text)


@fuzz
@given(st.sampled_from([nhs_number, postcode, phone]), any_text | st.from_regex(
    r"\A[0-9 +()-]{0,20}\Z") | st.from_regex(r"\A[A-Za-z]{1,2}[0-9]{1,2} ?[0-9][A-Za-z]{2}\Z"))
def test_any_text_gives_a_normalised_identifier_or_a_message(
        check: Callable[[str], str], text: str) -> None:
    try:
        value = check(text)
    except IdentifierError as error:
        assert str(error)
        return
    assert value.isascii() and value == value.strip() and check(value) == value


@pytest.mark.parametrize(("text", "stored"), [
    (" Sam.O'Brien+desk@Example.ORG ", "Sam.O'Brien+desk@example.org"),
    ("a@b-c.example.co.uk", "a@b-c.example.co.uk"),
])
def test_email_addresses_are_tidied(text: str, stored: str) -> None:
    """The part after the @ is lower-cased; the rest is kept as typed."""
    assert identifiers.email(text) == stored


@pytest.mark.parametrize("text", ["sam", "sam@", "@example.org", "sam@example",
                                  "sam@@example.org", ".sam@example.org", "sam..o@example.org",
                                  "sam o@example.org", "sam@-example.org", "sam@example.c0m",
                                  "s" * 65 + "@example.org"])
def test_wrong_email_addresses_are_refused(text: str) -> None:
    """Each is refused with the same plain advice."""
    with pytest.raises(identifiers.IdentifierError, match="not an email address"):
        identifiers.email(text)


def test_only_a_mobile_takes_texts() -> None:
    """A landline is a phone number but not a mobile."""
    assert identifiers.mobile("07400 123001") == "+447400123001"
    with pytest.raises(identifiers.IdentifierError, match="not a mobile number"):
        identifiers.mobile("020 7946 0000")
