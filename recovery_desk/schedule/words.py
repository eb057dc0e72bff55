"""Counts, lists and spans of dates as English: "1 apology", "2 apologies", "all 3 marks shown",
"Mon 30 Nov 2026, with no end date", "3 December 1985".

Pure and small, so every screen, message, export and CLI line says them the same way instead of
each writing its own "mark{'s' if n != 1 else ''}". Used by the views, item models, the domain's
messages, the exports and the CLI.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from recovery_desk.schedule.phrases import format_date

IRREGULAR = {"person": "people", "is": "are", "was": "were", "looks": "look", "has": "have",
             "needs": "need", "this": "these"}
"""Plurals the two rules below would get wrong."""
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
"""Written out here, not by strftime, so a paper's dates never follow the PC's locale."""


def plural(word: str, count: int) -> str:
    """The word as it goes with count: 'row' for 1, 'rows' otherwise (0 rows, 2 rows)."""
    if count == 1:
        return word
    if word in IRREGULAR:
        return IRREGULAR[word]
    if word.endswith("y") and word[-2:-1] not in ("a", "e", "i", "o", "u", ""):
        return word[:-1] + "ies"  # apology -> apologies, entry -> entries
    return word + "s"


def counted(count: int, word: str, several: str | None = None, *,
            thousands: bool = False) -> str:
    """'1 apology', '2 apologies', '0 marks'; several gives a plural the rules cannot make
    ('did not attend' stays as it is); thousands=True writes 12,345."""
    number = f"{count:,}" if thousands else str(count)
    many = several if several is not None and count != 1 else plural(word, count)
    return f"{number} {many}"


def listed(words: Sequence[str], joiner: str = "and") -> str:
    """'a', 'a and b', 'a, b and c'; empty for none."""
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {joiner} {words[-1]}"


def all_shown(shown: int, total: int, word: str) -> str:
    """'no marks to show', 'the only mark shown', 'all 3 marks shown' or '2 of 5 marks
    shown'."""
    if total <= 0:
        return f"no {plural(word, 0)} to show"
    if shown >= total:
        return f"the only {word} shown" if total == 1 else f"all {counted(total, word)} shown"
    return f"{shown} of {counted(total, word)} shown"


def date_span(start: date, end: date | None) -> str:
    """'Mon 30 Nov 2026 to Fri 19 Feb 2027', or 'from Mon 30 Nov 2026, with no end date'."""
    if end is None:
        return f"from {format_date(start)}, with no end date"
    return f"{format_date(start)} to {format_date(end)}"


def written_date(day: date) -> str:
    """The British way in full, for letters and papers handed to the public: '3 December 1985'."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year:04d}"


def capital(text: str) -> str:
    """The first letter made a capital, the rest as written ('all 3 shown' -> 'All 3 shown')."""
    return text[:1].upper() + text[1:]


CANCELLED_ON_THE_DAY = "Cancelled on the day: "
"""How a closure made by cancelling a session on the day (register_service) begins its
stored reason, so the timetable and the register can say what happened."""


def closure_reason(reason: str | None) -> str:
    """A closure's reason as it reads after "Closed: ": 'cancelled on the day (Facilitator
    off sick)' for a session cancelled on the day, any other reason as written."""
    reason = reason or ""
    if reason.startswith(CANCELLED_ON_THE_DAY):
        return f"cancelled on the day ({reason.removeprefix(CANCELLED_ON_THE_DAY)})"
    return reason
