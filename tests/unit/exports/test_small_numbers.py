"""Secondary suppression: on random tables with row and column totals, every small count is
hidden, no hidden count is alone in a row or column (so none can be worked out by subtracting
the shown counts from a total), zero is never hidden, and the smallest counts protect."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from recovery_desk.exports.small_numbers import Sum, suppress

T = "total"
counts = st.one_of(st.integers(0, 6), st.integers(0, 60))
tables = st.integers(1, 5).flatmap(
    lambda width: st.lists(st.lists(counts, min_size=width, max_size=width),
                           min_size=1, max_size=6))
thresholds = st.integers(2, 10)


def _with_totals(rows: list[list[int]]) -> tuple[dict[object, int], list[Sum]]:
    """The table's cells, its row totals, column totals and grand total, and the sums a
    reader of it could write down."""
    width = len(rows[0])
    values: dict[object, int] = {}
    for r, row in enumerate(rows):
        values.update({(r, c): value for c, value in enumerate(row)})
        values[(r, T)] = sum(row)
    for c in range(width):
        values[(T, c)] = sum(row[c] for row in rows)
    values[(T, T)] = sum(map(sum, rows))
    lines = [*(Sum((r, T), tuple((r, c) for c in range(width))) for r in range(len(rows))),
             *(Sum((T, c), tuple((r, c) for r in range(len(rows)))) for c in range(width)),
             Sum((T, T), tuple((T, c) for c in range(width))),
             Sum((T, T), tuple((r, T) for r in range(len(rows))))]
    return values, lines


@settings(max_examples=400, deadline=None)
@given(tables, thresholds)
def test_no_hidden_count_can_be_worked_out_from_a_row_or_column(
        rows: list[list[int]], threshold: int) -> None:
    """In every row or column holding a hidden cell, at least two cells are unknown."""
    values, lines = _with_totals(rows)
    hidden = suppress(values, lines, threshold).hidden
    for line in lines:
        unknown = [cell for cell in line.cells if cell in hidden]
        assert len(unknown) != 1, (line, unknown)


@settings(max_examples=400, deadline=None)
@given(tables, thresholds)
def test_every_small_count_is_hidden_and_zero_never_is(rows: list[list[int]],
                                                       threshold: int) -> None:
    """Counts from 1 to threshold - 1 are the small ones; complements are never zero."""
    values, lines = _with_totals(rows)
    result = suppress(values, lines, threshold)
    assert result.small == {c for c, v in values.items() if 0 < v < threshold}
    assert all(values[c] >= threshold for c in result.complementary)
    assert all(values[c] > 0 for c in result.hidden)


def test_the_smallest_other_count_in_the_row_is_the_complement() -> None:
    """A lone 3 beside 40, 9 and 12 hides the 9, and the column totals follow suit."""
    values, lines = _with_totals([[3, 40, 9, 12], [20, 30, 25, 8]])
    result = suppress(values, lines, 5)
    assert result.small == {(0, 0)}
    assert (0, 2) in result.complementary
    assert (0, 1) not in result.hidden and (0, T) not in result.hidden


def test_a_table_without_small_counts_hides_nothing() -> None:
    """Nothing small, nothing hidden; a threshold of 1 hides nothing either."""
    values, lines = _with_totals([[0, 5, 9], [6, 0, 7]])
    assert not suppress(values, lines, 5).hidden
    values, lines = _with_totals([[1, 2], [3, 4]])
    assert not suppress(values, lines, 1).hidden


def test_a_lone_small_count_with_only_zeros_beside_it_hides_its_total() -> None:
    """A row of 0, 2, 0 shows its total as 2 unless the total is hidden too."""
    values, lines = _with_totals([[0, 2, 0], [9, 8, 7]])
    hidden = suppress(values, lines, 5).hidden
    assert (0, T) in hidden and (0, 0) not in hidden and (0, 2) not in hidden
