"""Shared pieces for the hostile-input tests: Hypothesis settings (short by default, long with
RECOVERY_DESK_LONG_TESTS=1), arbitrary JSON values, awkward text, and raw JSON fragments of the
shapes that once crashed the desk (deep brackets, huge numbers, NaN, escapes for NUL and lone
surrogates, a byte-order mark).
"""

from __future__ import annotations

import json
import os
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

LONG = os.environ.get("RECOVERY_DESK_LONG_TESTS") == "1"
EXAMPLES = 5_000 if LONG else 100

fuzz = settings(max_examples=EXAMPLES, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])
"""For each fuzz test: 100 examples in the default run, 5,000 in the long one."""

fuzz_slow = settings(fuzz, max_examples=max(EXAMPLES // 3, 40))
"""For targets that write a database on every example."""

# Characters that have tripped up real programs: NUL and other controls, a lone surrogate,
# the byte-order mark, right-to-left override, zero-width joiner, quotes and backslashes,
# line and paragraph separators, an emoji built from several code points, a combining accent.
AWKWARD = ("\x00", "\x07", "\t", "\n", "\r", "\x1b", "\x7f", "\x85", "\ud800", "\udfff",
           "\ufeff", "\u202e", "\u200f", "\u200d", "\u2028", "\u2029", "'", '"', "\\", "%s",
           "{}", "👩🏽‍⚕️", "שלום", "مرحبا", "e\u0301", "ß", "²", "١٢٣", "Ⅻ", "　")

awkward_text = st.lists(st.sampled_from(AWKWARD) | st.text(max_size=8), max_size=12).map(
    "".join)
long_text = st.sampled_from([("x", 10_000), ("1", 5_000), ("é", 81), (" ", 3)]).map(
    lambda pair: pair[0] * pair[1])
any_text = st.text() | awkward_text | long_text

big_numbers = st.sampled_from([20, 63, 400, 4_000]).flatmap(
    lambda power: st.sampled_from([10 ** power, -(10 ** power) - 1]))
json_scalars = (st.none() | st.booleans() | st.integers() | big_numbers
                | st.floats(allow_nan=True, allow_infinity=True) | any_text)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(any_text, inner, max_size=4),
    max_leaves=12)
"""Any value json.loads could give (and NaN and infinities, which it gives too)."""
small_json_values = st.recursive(
    json_scalars, lambda inner: st.lists(inner, max_size=2) | st.dictionaries(
        st.text(max_size=4), inner, max_size=2), max_leaves=3)
"""The same kinds, kept small, for filling many fields at once quickly."""

HOSTILE_FRAGMENTS = (
    "DEEP_LIST", "DEEP_OBJECT", "DIGITS_5000", "DIGITS_401", "NEGATIVE_DIGITS_4301",
    "1e400", "-1e400", "1e-400", "NaN", "Infinity", "-Infinity",
    '"\\u0000"', '"a\\u0000b"', '"\\ud800"', '"\\udfff\\ud800"', '"\\u202eevil"',
    '["rolling"]', "{}", "[]", "true", "false", "null", '"true"', "0", "-0", "0.5", "12.0",
    '{"a": 1, "a": 2}',
)
"""Raw JSON text for one value, including shapes Python's json chokes on. The long ones are
named here and built by _fragment(), so that Hypothesis's reports stay readable."""
_LONG_FRAGMENTS = {
    "DEEP_LIST": "[" * 100_000 + "]" * 100_000,
    "DEEP_OBJECT": "{\"a\":" * 5_000 + "1" + "}" * 5_000,
    "DIGITS_5000": "1" + "0" * 5_000,
    "DIGITS_401": "1" + "0" * 400,
    "NEGATIVE_DIGITS_4301": "-" + "9" * 4_301,
}


def _fragment(name: str) -> str:
    return _LONG_FRAGMENTS.get(name, name)


hostile_fragment = (st.sampled_from(HOSTILE_FRAGMENTS).map(_fragment)
                    | json_values.map(lambda v: json.dumps(v, allow_nan=True)))


def dumps(value: Any) -> str:
    """json.dumps that also writes NaN and the infinities, as a careless program would."""
    return json.dumps(value, allow_nan=True)
