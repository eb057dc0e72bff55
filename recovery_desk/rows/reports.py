"""A row of the group-work report's table: a figure, its value in each column, its definition.

Report.lines() (domain/reports/report_figures.py) fills them; item_models/report_model.py shows
them on the Reports tab. Names of people never appear here: only labels and counts.
"""

from __future__ import annotations

from dataclasses import dataclass

from recovery_desk.vocabulary import FigureKind

Value = int | float | None


@dataclass(frozen=True)
class ReportLine:
    """One row of the report's table: a figure, its value in each column, and its definition."""

    section: str
    key: str
    label: str
    definition: str
    kind: FigureKind
    values: tuple[Value, ...]
    bases: tuple[Value, ...] | None
    """The base count in each column, for a figure of days drawn from some people."""
