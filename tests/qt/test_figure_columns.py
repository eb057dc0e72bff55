"""Which of the report's columns show: every group side by side where the table has the
width, otherwise all chosen groups together, and any one column chosen by keyboard or mouse
in the box above the table."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from recovery_desk.views.reports.figure_columns import SIDE_BY_SIDE
from recovery_desk.views.reports.reports_tab import ReportsTab
from tests.qt.screens import SMALL_SCREEN, TextScale, cut_text
from tests.qt.test_reports_tab import RDP, RS, db_path, december_database  # noqa: F401


@pytest.fixture
def reports(window) -> ReportsTab:
    """The December report (tests/domain/test_report_service.py) of two groups."""
    tab = window.show_tab(ReportsTab)
    tab.set_period(date(2026, 12, 1), date(2026, 12, 31))
    tab.tick_only([RDP, RS])
    tab.make_report()
    return tab



def _shown(tab: ReportsTab) -> list[str]:
    return [tab.model.headers[c] for c in range(tab.model.columnCount())
            if not tab.table.isColumnHidden(c)]


def test_a_wide_window_shows_every_group_side_by_side(qtbot, window, reports) -> None:
    """Room for every column: the figures of each group and all of them, nothing cut."""
    tab = reports
    window.resize(1600, 900)
    qtbot.wait(20)
    assert tab.figures_for.currentText() == SIDE_BY_SIDE
    assert _shown(tab) == ["Figure", RS, RDP, "All chosen groups"]
    assert cut_text(tab.table) == []


def test_a_small_screen_at_large_text_shows_one_column_chosen_in_the_box(qtbot, window,
                                                                         reports) -> None:
    """At 150% on 1024x700 with many groups: all chosen groups; the box picks another."""
    tab = reports
    with TextScale(1.5):
        window.resize(*SMALL_SCREEN)
        tab.tick_only([tab.groups.item(r).text() for r in range(tab.groups.count())])
        tab.make_report()
        qtbot.wait(20)
        assert _shown(tab) == ["Figure", "All chosen groups"]
        assert tab.figures_for.currentText() == "All chosen groups"
        tab.figures_for.setFocus()
        qtbot.keyClick(tab.figures_for, Qt.Key.Key_Home)  # by keyboard: the first, then down
        qtbot.keyClick(tab.figures_for, Qt.Key.Key_Down)
        first_group = tab.figures_for.currentText()
        assert _shown(tab) == ["Figure", first_group]
        tab.figures_for.setCurrentIndex(tab.figures_for.findText(RS))  # as a mouse choice
        tab.figures_for.activated.emit(tab.figures_for.currentIndex())
        QApplication.processEvents()
        assert _shown(tab) == ["Figure", RS]
        tab.make_report()  # the choice stands for the next report
        assert _shown(tab) == ["Figure", RS]
        assert cut_text(tab.table) == []
