"""Text from outside (a form, a catalogue file, an intake profile) checked before it is stored,
and any value shown back safely in a message.

Used by the catalogue's validation, the intake service's normalise() and the intake profile.
Pure: imports nothing of the project.

Control characters are refused because they are invisible on screen and in print: a NUL in a
name makes two records look alike, and a lone surrogate (possible from a JSON "\\ud800" escape)
cannot even be written to the database. Tabs and new lines are allowed in notes, nowhere else.
Invisible format characters are refused for the same reason: a right-to-left override (U+202E)
shows "Smith" for "htimS", a zero-width space or byte-order mark makes two names that look the
same differ. The one exception is the zero-width joiner and non-joiner (U+200D, U+200C), which
spell emoji sequences and words in Persian and the Indic scripts: they are kept between two
visible characters when the one before is not Latin, so "A\u200dnn" cannot pass for "Ann".
Free text over several lines (notes, descriptions) is read, not compared: there only the
direction overrides, embeddings and isolates, which reorder what is shown, are refused; the
right-to-left and left-to-right marks that set Hebrew or Arabic among English stay.
"""

from __future__ import annotations

import re
import unicodedata

_SINGLE_LINE_REFUSED = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_MULTILINE_REFUSED = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_CHARACTER_NAMES = {"\x00": "NUL", "\t": "a tab", "\n": "a new line", "\r": "a carriage return",
                    "\x1b": "ESC", "\x7f": "DEL", "\u2028": "a line separator",
                    "\u2029": "a paragraph separator"}
_INVISIBLE_CATEGORIES = frozenset({"Cf", "Zl", "Zp"})
"""Format characters and line and paragraph separators: nothing on screen."""
_INVISIBLE_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
"""Blank characters filed as letters or symbols (Hangul fillers, the blank braille cell)."""
_JOINERS = frozenset("\u200c\u200d")
_REORDERING = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Direction embeddings, overrides and isolates: refused in free text too."""
_SHOWN_LENGTH = 40
_LONGEST_NUMBER_SHOWN = 10 ** 30


def describe(value: object) -> str:
    """What kind of JSON value this is, in words: 'a list', 'an object', 'text'."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _is_invisible(ch: str) -> bool:
    return unicodedata.category(ch) in _INVISIBLE_CATEGORIES or ch in _INVISIBLE_LETTERS


def _visible(text: str) -> str:
    written = _SINGLE_LINE_REFUSED.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return "".join(f"\\u{ord(ch):04x}" if _is_invisible(ch) else ch for ch in written)


def shown(text: str) -> str:
    """Text as a message may show it: cut to a readable length, control characters written
    out (\\u0000), so that a message is one visible line whatever the text held."""
    cut = text if len(text) <= _SHOWN_LENGTH else text[:_SHOWN_LENGTH] + "…"
    return _visible(cut)


def quoted(value: object, quote_numbers: bool = False) -> str:
    """A value as a message may show it: text in quotes (see shown()), a whole number as
    written (in quotes too with quote_numbers, for a message about what was typed), anything
    else by its JSON kind. Never raises."""
    if isinstance(value, str):
        return f"'{shown(value)}'"
    if isinstance(value, bool) or value is None:
        return describe(value)
    if isinstance(value, int) and quote_numbers and abs(value) < _LONGEST_NUMBER_SHOWN:
        return f"'{value}'"
    if isinstance(value, int):
        if abs(value) >= _LONGEST_NUMBER_SHOWN:
            # str() of an int over 4,300 digits raises; bit_length() never does.
            return f"a number about {int(value.bit_length() * 0.30103) + 1:,} digits long"
        return str(value)
    if isinstance(value, float):
        return repr(value)
    return describe(value)


def _character(ch: str) -> str:
    name = _CHARACTER_NAMES.get(ch)
    code = f"U+{ord(ch):04X}"
    return f"{code} ({name})" if name else code


def _joins_letters(text: str, at: int) -> bool:
    """A joiner that shapes the letters or emoji either side of it, in a script that needs it."""
    if at == 0 or at + 1 >= len(text):
        return False
    before, after = text[at - 1], text[at + 1]
    if _is_invisible(before) or _is_invisible(after) or before.isspace() or after.isspace():
        return False
    return not (before.isascii() or unicodedata.name(before, "").startswith("LATIN"))


def _invisible_at(text: str, multiline: bool) -> int | None:
    """Where the first refused invisible character is: in one-line text any format character
    but joiners between letters; in free text, those that reorder what is shown."""
    for at, ch in enumerate(text):
        if multiline:
            if ch in _REORDERING:
                return at
        elif _is_invisible(ch) and not (ch in _JOINERS and _joins_letters(text, at)):
            return at
    return None


def text_problem(value: object, what: str, *, multiline: bool = False,
                 max_length: int | None = None) -> str | None:
    """A message if value is not acceptable text for the field, else None.

    what names the field as a message starts: 'A first name', 'The description'.
    """
    if not isinstance(value, str):
        return f"{what} must be text, not {describe(value)}."
    refused = (_MULTILINE_REFUSED if multiline else _SINGLE_LINE_REFUSED).search(value)
    if refused:
        where = refused.start() + 1
        allowed = " Only tabs and new lines are allowed." if multiline else ""
        return (f"{what} cannot contain control characters: character {where:,} is "
                f"{_character(refused.group())}.{allowed}")
    hidden = _invisible_at(value, multiline)
    if hidden is not None:
        ch = value[hidden]
        return (f"{what} cannot contain invisible characters: character {hidden + 1:,} is "
                f"U+{ord(ch):04X} ({unicodedata.name(ch, 'a format character')}).")
    if max_length is not None and len(value.strip()) > max_length:
        return (f"{what} can be at most {max_length:,} characters; this one has "
                f"{len(value.strip()):,}.")
    return None


REASON_LENGTH = 200
"""The longest reason kept: it is shown on the timetable, the waiting list and the record."""


def reason_problem(reason: object, if_blank: str) -> str | None:
    """A message if a reason given by staff (ending a place, answering an offer, changing the
    order, closing a day) is not acceptable text, is blank (if_blank says why one is needed)
    or is too long; else None."""
    return text_problem(reason, "A reason", max_length=REASON_LENGTH) or (
        if_blank if isinstance(reason, str) and not reason.strip() else None)
