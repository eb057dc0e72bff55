"""The main window: its tabs, its title, and a demo that is clearly a demo."""

from __future__ import annotations

from recovery_desk.views.frame.context import DeskContext
from recovery_desk.views.intake.intake_tab import IntakeTab
from recovery_desk.views.shell.main_window import MainWindow


def test_the_tabs_in_order(window) -> None:  # type: ignore[no-untyped-def]
    names = [window.tabs.tabText(i).replace("&", "") for i in range(window.tabs.count())]
    assert names == ["Timetable", "Catalogue", "Referral intake", "Cohort review", "Reports"]


def test_a_demo_database_says_so_in_the_title(qtbot, db, actor) -> None:  # type: ignore[no-untyped-def]
    demo = MainWindow(DeskContext(db, actor, demo=True, location="demo.sqlite3"))
    qtbot.addWidget(demo)
    assert demo.windowTitle().startswith("DEMO (fictitious people)")


def test_a_real_database_does_not_say_demo(window) -> None:  # type: ignore[no-untyped-def]
    assert "DEMO" not in window.windowTitle()


def test_the_open_tab_is_remembered_between_runs(qtbot, context, window) -> None:  # type: ignore[no-untyped-def]
    window.show_tab(IntakeTab)
    window.close()
    again = MainWindow(context)
    qtbot.addWidget(again)
    assert isinstance(again.current_tab(), IntakeTab)


def test_tabs_are_built_only_when_first_needed(window) -> None:  # type: ignore[no-untyped-def]
    """Opening the window builds the tab shown; the others wait until they are visited."""
    built = [slot.kind.__name__ for slot in window.slots if slot.tab is not None]
    assert built == ["TimetableTab"]
    window.show_tab(IntakeTab)
    assert isinstance(window.current_tab(), IntakeTab)
    built = [slot.kind.__name__ for slot in window.slots if slot.tab is not None]
    assert built == ["TimetableTab", "IntakeTab"]
