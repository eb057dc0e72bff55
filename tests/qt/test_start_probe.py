"""The start-up timing hook: silent unless asked; asked, it reports the moment the first screen
(Today) is painted, or refuses (exit 3) when the desk shows something else."""

from __future__ import annotations

import pytest

from recovery_desk.views.shell import start_probe
from recovery_desk.views.timetable.timetable_tab import TimetableTab
from recovery_desk.views.timetable.today_tab import TodayTab


@pytest.fixture
def exits(monkeypatch) -> list[int]:
    """The exit codes the hook asked the app for (the test's app keeps running)."""
    codes: list[int] = []
    monkeypatch.setattr(start_probe.QApplication, "exit", lambda code=0: codes.append(code))
    return codes


def test_unset_it_does_nothing(monkeypatch, exits, capsys) -> None:
    """No variable (or an unknown moment): nothing printed, no exit."""
    monkeypatch.delenv(start_probe.VARIABLE, raising=False)
    assert not start_probe.arrived(start_probe.FIRST_PAINT)
    monkeypatch.setenv(start_probe.VARIABLE, "whenever")
    assert start_probe.wanted() is None and not start_probe.arrived(start_probe.FIRST_PAINT)
    assert exits == [] and capsys.readouterr().out == ""


def test_the_painted_first_screen_is_reported(qtbot, window, monkeypatch, exits,
                                              capsys) -> None:
    """Asked for the first screen: once Today paints today's sessions, one line with the
    time, and exit 0."""
    monkeypatch.setenv(start_probe.VARIABLE, start_probe.TIMETABLE)
    tab = window.show_tab(TodayTab)
    start_probe.watch_desk(window)
    tab.sessions.viewport().update()
    qtbot.waitUntil(lambda: exits != [], timeout=10_000)
    assert exits == [0]
    moment, seconds = capsys.readouterr().out.split()
    assert moment == "timetable" and float(seconds) > 0


def test_the_wrong_moment_is_refused(window, monkeypatch, exits, capsys) -> None:
    """Asked for the sign-in page of a desk that opened signed in: says so, exit 3."""
    monkeypatch.setenv(start_probe.VARIABLE, start_probe.SIGN_IN)
    start_probe.watch_desk(window)
    assert exits == [start_probe.EXIT_WRONG_MOMENT] == [3]
    assert "the desk opened signed in" in capsys.readouterr().err


def test_another_tab_shown_is_refused(window, monkeypatch, exits, capsys) -> None:
    """Asked for the first screen while another tab shows: says which, exit 3."""
    monkeypatch.setenv(start_probe.VARIABLE, start_probe.TIMETABLE)
    window.show_tab(TimetableTab)
    start_probe.watch_desk(window)
    assert exits == [start_probe.EXIT_WRONG_MOMENT]
    assert "the tab shown is TimetableTab, not Today" in capsys.readouterr().err
