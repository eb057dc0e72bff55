"""The small-number rule for tables that leave the service, with secondary suppression: which
counts a file must hide so that no count from 1 to threshold - 1 is shown, nor can be worked
out from the counts that are shown.

A table is a set of cells and a list of sums (a total and the parts that add up to it: a row
of groups and its total, a column of sexes and its starters). Hiding only the small counts is
not enough: a row that shows every part but one, and its total, gives the hidden part by
subtraction. So after the small counts (primary suppression), every sum that still has
exactly one hidden cell gets a second one (complementary suppression): the smallest non-zero
part not yet hidden, or the total when no part can be. Hiding a cell can leave a lone hidden
cell in another sum it belongs to, so this repeats until no sum changes.

Zero is never hidden and never chosen to protect: the rule is 'zero is zero', and a cell shown
as hidden reads as a count of people, so a zero picked as a complement would either be shown
(protecting nothing) or hidden as if it were people. In a table whose sums hold, a sum with one
hidden cell always has a non-zero cell left to hide, so this always succeeds.

Pure (no SQLAlchemy, no Qt): exports/report_files.py uses it for the PDF, CSV, Excel workbook
and print alike; the tests use it on random tables.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

Cell = TypeVar("Cell", bound=Hashable)
"""How a table names its cells (a report file's are (figure, column)); the answer names them
the same way."""


@dataclass(frozen=True)
class Sum(Generic[Cell]):
    """total = sum of parts, as a reader of the table could write it down."""

    total: Cell
    parts: tuple[Cell, ...]

    @property
    def cells(self) -> tuple[Cell, ...]:
        return (self.total, *self.parts)


@dataclass(frozen=True)
class Suppression(Generic[Cell]):
    small: frozenset[Cell]
    """Counts from 1 to threshold - 1 (primary suppression)."""
    complementary: frozenset[Cell]
    """Other counts hidden so that no small count can be worked out (secondary suppression)."""

    @property
    def hidden(self) -> frozenset[Cell]:
        return self.small | self.complementary


def is_small(value: int, threshold: int) -> bool:
    return 0 < value < threshold


def suppress(values: Mapping[Cell, int], sums: Sequence[Sum[Cell]],
             threshold: int) -> Suppression[Cell]:
    """The cells to hide: every small count, and complements until every sum that holds a
    hidden cell holds at least two (its total counted as one when hidden).

    values: every cell's count (cells absent from a sum are only checked for being small);
    ties between equal complements go to the cell given first in values."""
    order = {cell: number for number, cell in enumerate(values)}
    small = frozenset(cell for cell, value in values.items() if is_small(value, threshold))
    hidden = set(small)
    changed = bool(hidden)
    while changed:
        changed = False
        for line in sums:
            if sum(cell in hidden for cell in line.cells) != 1:
                continue
            complement = _complement(line, values, hidden, order)
            if complement is not None:
                hidden.add(complement)
                changed = True
    return Suppression(small, frozenset(hidden - small))


def _complement(line: Sum[Cell], values: Mapping[Cell, int], hidden: set[Cell],
                order: Mapping[Cell, int]) -> Cell | None:
    """The smallest non-zero shown part, else the total if it is shown and non-zero; None
    only where the sum does not hold (all its shown cells are zero)."""
    def shown_non_zero(cells: Sequence[Cell]) -> list[Cell]:
        return [c for c in cells if c not in hidden and values.get(c, 0) > 0]

    choices = shown_non_zero(line.parts) or shown_non_zero((line.total,))
    if not choices:
        return None
    return min(choices, key=lambda c: (values[c], order.get(c, len(order))))
