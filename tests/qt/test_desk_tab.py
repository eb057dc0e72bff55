"""The tab protocol: a tab loads when first shown, not when built; an announcement of what it
shows reloads it at once if showing, else when next shown; other kinds leave it alone."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QWidget

from recovery_desk.domain.store.changes import CATALOGUE, PEOPLE
from recovery_desk.views.frame.desk_tab import DeskTab


class CountingTab(DeskTab):
    reload_on = frozenset({PEOPLE})

    def __init__(self, context) -> None:
        super().__init__(context)
        self.loads = 0

    def load(self) -> None:
        self.loads += 1


def test_a_tab_loads_when_shown_and_reloads_on_what_it_shows(qtbot, context) -> None:
    """Built: no load. Shown: one. 'people' announced while showing: at once. Announced while
    hidden: only when shown again. 'catalogue' announced: nothing."""
    tabs = QTabWidget()
    qtbot.addWidget(tabs)
    tab = CountingTab(context)
    tabs.addTab(QWidget(), "Other")
    tabs.addTab(tab, "Counting")
    tabs.show()
    assert tab.loads == 0
    tabs.setCurrentWidget(tab)
    assert tab.loads == 1
    context.announce(frozenset({PEOPLE}))
    assert tab.loads == 2
    context.announce(frozenset({CATALOGUE}))
    assert tab.loads == 2
    tabs.setCurrentIndex(0)
    context.announce(frozenset({PEOPLE}))
    assert tab.loads == 2
    tabs.setCurrentWidget(tab)
    assert tab.loads == 3
    context.day_changed.emit()
    assert tab.loads == 4  # a new day reloads what is showing
