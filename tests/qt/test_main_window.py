"""The main window: its tabs, its title, and a demo that is clearly a demo."""

from __future__ import annotations

from recovery_desk.views.main_window import MainWindow


def test_the_tabs_in_order(window) -> None:  # type: ignore[no-untyped-def]
    names = [window.tabs.tabText(i).replace("&", "") for i in range(window.tabs.count())]
    assert names == ["Timetable", "Catalogue", "Referral intake", "Cohort review"]


def test_a_demo_database_says_so_in_the_title(qtbot, db, actor) -> None:  # type: ignore[no-untyped-def]
    demo = MainWindow(db, actor, "demo.sqlite3", demo=True)
    qtbot.addWidget(demo)
    assert demo.windowTitle().startswith("DEMO (fictitious people)")


def test_a_real_database_does_not_say_demo(window) -> None:  # type: ignore[no-untyped-def]
    assert "DEMO" not in window.windowTitle()


def test_the_open_tab_is_remembered_between_runs(qtbot, db, actor, window) -> None:  # type: ignore[no-untyped-def]
    window.tabs.setCurrentIndex(2)
    window.close()
    again = MainWindow(db, actor, "test.sqlite3", demo=False)
    qtbot.addWidget(again)
    assert again.tabs.currentIndex() == 2
