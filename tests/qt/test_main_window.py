"""The main window: its tabs, its title, and a demo that is clearly a demo."""

from __future__ import annotations

from recovery_desk.views.frame.context import DeskContext
from recovery_desk.views.intake.intake_tab import IntakeTab
from recovery_desk.views.shell.main_window import MainWindow


def test_the_tabs_in_order(window) -> None:
    names = [window.tabs.tabText(i).replace("&", "") for i in range(window.tabs.count())]
    assert names == ["Today", "Timetable", "Catalogue", "Referral intake", "Cohort review",
                     "Reports"]


def test_a_demo_database_says_so_in_the_title(qtbot, db, actor) -> None:
    demo = MainWindow(DeskContext(db, actor, demo=True, location="demo.sqlite3"))
    qtbot.addWidget(demo)
    assert demo.windowTitle().startswith("DEMO (fictitious people)")


def test_a_real_database_does_not_say_demo(window) -> None:
    assert "DEMO" not in window.windowTitle()


def test_the_window_opens_on_today_whatever_tab_was_left_open(qtbot, context, window) -> None:
    """The desk's day first: the tab left open last time is not restored."""
    from recovery_desk.views.timetable.today_tab import TodayTab

    window.show_tab(IntakeTab)
    window.close()
    again = MainWindow(context)
    qtbot.addWidget(again)
    assert isinstance(again.current_tab(), TodayTab)


def test_tabs_are_built_only_when_first_needed(window) -> None:
    """Opening the window builds the tab shown; the others wait until they are visited."""
    built = [slot.kind.__name__ for slot in window.slots if slot.tab is not None]
    assert built == ["TodayTab"]
    window.show_tab(IntakeTab)
    assert isinstance(window.current_tab(), IntakeTab)
    built = [slot.kind.__name__ for slot in window.slots if slot.tab is not None]
    assert built == ["TodayTab", "IntakeTab"]


def test_no_view_asserts_that_the_context_is_there() -> None:
    """Screens, menus and the window's own parts are made with the context (attach() makes
    them together), so no view has to assert that it, or a part made with it, exists."""
    import ast
    from pathlib import Path

    import recovery_desk.views

    folder = Path(recovery_desk.views.__file__).parent
    watched = ("context", "sign_in_page", "desk_menu", "idle")
    offenders = []
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Assert) and "is not None" in ast.unparse(node.test) \
                    and any(word in ast.unparse(node.test) for word in watched):
                offenders.append(f"{path.relative_to(folder)}:{node.lineno}")
    assert offenders == []


def test_the_window_before_its_database_has_no_context_and_then_all_of_it(
        qtbot, context) -> None:
    """A window painted before the database opens has no context; attach() brings the
    context, the sign-in page, the Desk menu and the idle lock at once."""
    import pytest

    window = MainWindow(location="test")
    qtbot.addWidget(window)
    assert window.context is None
    with pytest.raises(RuntimeError):
        window.attached  # noqa: B018 - the access is what is tested
    window.attach(context)
    assert window.context is context
    assert window.desk_menu.context is context and window.sign_in_page.context is context
    assert window.attached.idle is window.idle
