"""Checking and normalising what people are identified and reached by: NHS number (Modulus 11),
UK postcode, phone number (stored E.164, via phonenumbers), and the search key of a name. Pure;
used by the intake form and the service-user service."""

from __future__ import annotations

import re
import unicodedata

POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")


class IdentifierError(ValueError):
    """Text that is not a valid identifier; the message says what is wrong."""


def nhs_number(text: str) -> str:
    """Ten digits (spaces and dashes allowed) whose last digit is the Modulus 11 check digit."""
    digits = re.sub(r"[\s-]", "", text)
    # [0-9], not isdigit(): that also takes superscripts (which int() refuses) and the digits
    # of other scripts (which would be stored as typed).
    if not re.fullmatch(r"[0-9]{10}", digits):
        raise IdentifierError("An NHS number has 10 digits, like 943 476 5919.")
    total = sum(int(d) * weight for d, weight in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    if check == 10 or check != int(digits[9]):
        raise IdentifierError("That is not a valid NHS number: the check digit does not match. "
                              "Check each digit.")
    return digits


def format_nhs_number(digits: str) -> str:
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}"


def postcode(text: str) -> str:
    """A UK postcode in capitals with one space before the last three characters: 'E8 1DY'."""
    squeezed = re.sub(r"\s", "", text).upper()
    match = POSTCODE.match(squeezed)
    if not match:
        raise IdentifierError("That is not a UK postcode; write it like E8 1DY.")
    return f"{match.group(1)} {match.group(2)}"


def phone(text: str) -> str:
    """A UK (or +-prefixed international) phone number, returned in E.164: '+442079460000'."""
    import phonenumbers

    try:
        number = phonenumbers.parse(text, "GB")
    except phonenumbers.NumberParseException as error:
        raise IdentifierError("That is not a phone number; write it like 020 7946 0000 or "
                              "07911 123456.") from error
    if not phonenumbers.is_valid_number(number):
        raise IdentifierError("That phone number is not valid: check the number of digits and "
                              "the area code.")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def mobile(text: str) -> str:
    """A mobile number that can take texts (phone() and a mobile by the numbering plan),
    in E.164."""
    import phonenumbers

    e164 = phone(text)
    kind = phonenumbers.number_type(phonenumbers.parse(e164, "GB"))
    if kind not in (phonenumbers.PhoneNumberType.MOBILE,
                    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE):
        raise IdentifierError("That is not a mobile number, so it cannot take texts; UK "
                              "mobiles start 07.")
    return e164


_EMAIL_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
_EMAIL_LOCAL = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}")


def email(text: str) -> str:
    """An email address as Notify will take it, lower-cased after the @.

    A careful check rather than RFC 5322's whole grammar (which allows quoted spaces and
    comments no one types at a desk): one @; before it 1-64 of the characters mail systems
    accept unquoted, with no leading, trailing or double dot; after it a domain of at least
    two dot-separated labels (letters, digits, inner hyphens, at most 63 each) whose last
    is letters only; 254 characters in all. Whether the address exists only sending shows."""
    value = text.strip()
    local, at, domain = value.rpartition("@")
    labels = domain.lower().split(".")
    if not at or "@" in local or len(value) > 254 or not _EMAIL_LOCAL.fullmatch(local) \
            or local.startswith(".") or local.endswith(".") or ".." in local \
            or len(labels) < 2 or not all(_EMAIL_LABEL.fullmatch(x) for x in labels) \
            or not labels[-1].isalpha() or len(labels[-1]) < 2:
        raise IdentifierError("That is not an email address; write it like "
                              "name@example.org.")
    return f"{local}@{domain.lower()}"


def format_phone(e164: str) -> str:
    """E.164 back to the way people read it: '020 7946 0000'."""
    import phonenumbers

    number = phonenumbers.parse(e164, "GB")
    kind = phonenumbers.PhoneNumberFormat.NATIONAL if number.country_code == 44 \
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    return phonenumbers.format_number(number, kind)


def search_key(name: str) -> str:
    """A name as the search compares it: accents dropped, case folded, spaces squeezed.

    Stored beside each name and indexed, so "find as you type" is a prefix look-up in an
    index ('zoe' finds Zoë, 'obr' finds O'Brien, 'jones' finds Smith-Jones's second part)
    rather than a scan of every record.
    """
    decomposed = unicodedata.normalize("NFKD", name.replace("-", " "))
    plain = "".join(ch for ch in decomposed
                    if not unicodedata.combining(ch) and (ch.isalnum() or ch.isspace()))
    return " ".join(plain.casefold().split())
