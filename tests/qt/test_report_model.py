"""The report's item model, fed ReportLine made by hand (no database): Qt's model checks, a
heading row per section, and each figure's exact value in words per column."""

from __future__ import annotations

from PySide6.QtCore import Qt

from recovery_desk.item_models.report_model import LINE_ROLE, ReportModel
from recovery_desk.rows.reports import ReportLine
from recovery_desk.vocabulary import FigureKind

COLUMNS = ("Rolling Recovery", "Closed Cohort (retired)", "All chosen groups")
LINES = [
    ReportLine("Places", "starters", "People who started", "Places that began in the period.",
               FigureKind.PEOPLE, (3, 0, 3), None),
    ReportLine("Attendance", "rate", "Attendance rate", "Attended or late, of marks taken.",
               FigureKind.RATE, (0.75, None, 0.75), None),
    ReportLine("Attendance", "sessions", "Sessions run", "Sessions that ran.",
               FigureKind.COUNT, (12, 4, 16), None),
]


def _model() -> ReportModel:
    model = ReportModel()
    model.set_report(COLUMNS, LINES)
    return model


def test_the_report_model_passes_qt_model_tester(qtmodeltester) -> None:
    """Plain lines make a model Qt's own checks accept."""
    qtmodeltester.check(_model())


def test_each_section_gets_a_heading_row_before_its_figures() -> None:
    """Headings once per section, figures under them, a column per group and the total."""
    model = _model()
    assert model.columnCount() == 5
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == \
        ["Places", "People who started", "Attendance", "Attendance rate", "Sessions run"]
    assert model.index(0, 1).data() == ""
    assert model.index(1, 0).data(LINE_ROLE) is LINES[0]
    assert model.index(0, 0).data(LINE_ROLE) is None


def test_figures_are_shown_exactly_with_rates_as_percentages() -> None:
    """The app's own table shows every count as it is (small ones too) and rates in %."""
    model = _model()
    assert [model.index(1, c).data() for c in range(1, 4)] == ["3", "0", "3"]
    assert [model.index(3, c).data() for c in range(1, 4)] == ["75.0%", "", "75.0%"]
    assert model.index(4, model.definition_column).data() == "Sessions that ran."
    assert model.index(3, 2).data(Qt.ItemDataRole.AccessibleTextRole) == \
        "Attendance rate, Closed Cohort (retired): none"
