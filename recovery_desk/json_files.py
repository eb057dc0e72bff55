"""Reading a JSON file someone hands the desk (a catalogue file, an intake profile) with limits,
so that whatever is in it ends as one message and never as a traceback.

Python's json module, left alone, raises RecursionError on deeply nested brackets, ValueError on
an integer of more than 4,300 digits, accepts NaN and Infinity, keeps the last of two equal keys
without a word, and refuses the byte-order mark Windows editors write. read_json() reads at most
max_bytes, accepts the byte-order mark, and turns each of the rest into a JsonFileError whose
message follows the file's name ('catalogue.json is not valid JSON (line 4, column 1: ...)').

Used by the catalogue file reader and the `eligibility` verb. Pure: imports nothing of the
project.
"""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path
from typing import Any

MAX_DEPTH = 32
"""Lists and objects inside one another; a catalogue file needs four, a profile three."""
MAX_INTEGER_DIGITS = 20
"""Longer whole numbers mean nothing to the desk (and over 4,300 digits Python refuses them)."""

# One token at a time: a string (so brackets and digits inside text are skipped), a bracket,
# a number, or one of the names JSON does not allow.
_TOKENS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]|-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?'
                     r'|NaN|-?Infinity', re.DOTALL | re.ASCII)


class JsonFileError(ValueError):
    """A JSON file that cannot be used; the message reads after the file's name."""


class _NumberTooLong(Exception):
    pass


class _NotAllowed(Exception):
    pass


class _KeyTwice(Exception):
    def __init__(self, key: str) -> None:
        self.key = key


def _place(text: str, offset: int) -> str:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return f"line {line}, column {column}"


def _first(text: str, wanted: str) -> int | None:
    """The offset of the first token of the kind wanted ('deep', 'long', 'constant')."""
    depth = 0
    for token in _TOKENS.finditer(text):
        word = token.group()
        if word in "[{":
            depth += 1
            if wanted == "deep" and depth > MAX_DEPTH:
                return token.start()
        elif word in "]}":
            depth -= 1
        elif (wanted == "long" and word.lstrip("-").isdigit() and len(word.lstrip("-")) > \
                MAX_INTEGER_DIGITS) or (wanted == "constant" and word[-1] in "Ny"):
            return token.start()
    return None


def _at(text: str, wanted: str) -> str:
    offset = _first(text, wanted)
    return "" if offset is None else f" ({_place(text, offset)})"


def _integer(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_INTEGER_DIGITS:
        raise _NumberTooLong
    return int(digits)


def _refuse_constant(name: str) -> Any:
    raise _NotAllowed(name)


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise _KeyTwice(key)
        found[key] = value
    return found


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise JsonFileError("is saved as UTF-16; save it as UTF-8 and try again")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise JsonFileError(f"is not UTF-8 text (byte {error.start + 1:,} is not part of a "
                            "character); save it as UTF-8 and try again") from None


def parse_json(text: str) -> Any:
    """The JSON value in text, or JsonFileError saying what is wrong and where."""
    try:
        value = json.loads(text, parse_int=_integer, parse_constant=_refuse_constant,
                           object_pairs_hook=_object)
    except json.JSONDecodeError as error:
        raise JsonFileError(f"is not valid JSON (line {error.lineno}, column {error.colno}: "
                            f"{error.msg})") from None
    except RecursionError:
        raise JsonFileError(f"has lists or objects nested more than {MAX_DEPTH} deep"
                            f"{_at(text, 'deep')}") from None
    except _NumberTooLong:
        raise JsonFileError(f"has a whole number longer than {MAX_INTEGER_DIGITS} digits"
                            f"{_at(text, 'long')}") from None
    except _NotAllowed as error:
        raise JsonFileError(f"has {error}{_at(text, 'constant')}, which is not a number JSON "
                            "allows") from None
    except _KeyTwice as error:
        shown = error.key if len(error.key) <= 40 else error.key[:40] + "…"
        raise JsonFileError(f"has the key {json.dumps(shown)} twice in one object; "
                            "keep only one") from None
    deep = _first(text, "deep")
    if deep is not None:
        raise JsonFileError(f"has lists or objects nested more than {MAX_DEPTH} deep "
                            f"({_place(text, deep)})")
    return value


def read_json(path: Path, max_bytes: int, kind: str) -> Any:
    """The JSON value in the file at path. OSError if it cannot be read; JsonFileError if it is
    too big (kind names it: 'a catalogue file is at most 2 MB'), not a regular file, not UTF-8
    or not good JSON."""
    # Opened without waiting, then looked at: a FIFO or a device would otherwise be read for
    # ever (a FIFO's open alone waits for a writer).
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    handle = os.open(path, flags)
    if not stat.S_ISREG(os.fstat(handle).st_mode):
        os.close(handle)
        raise JsonFileError("is not a regular file (a folder, a pipe or a device); "
                            "choose a file")
    with os.fdopen(handle, "rb") as file:
        data = file.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise JsonFileError(f"is larger than {max_bytes / 1_000_000:g} MB, the most "
                            f"{kind} may be; is it the right file?")
    return parse_json(_decode(data))
