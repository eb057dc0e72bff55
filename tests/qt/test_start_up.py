"""Starting the window: it paints before the data layer loads, fills in on the tab the person
left on, and a database the app cannot use is explained in a message."""

from __future__ import annotations

import logging
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from recovery_desk.__main__ import main
from recovery_desk.config import resource_path
from recovery_desk.views import app, start_probe, window_state
from recovery_desk.views.catalogue_tab import CatalogueTab
from recovery_desk.views.main_window import OPENING, MainWindow

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def starting(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[list[str]]:
    """main() as the window starts it, with the data folder in tmp_path; the messages shown
    are collected, and the excepthook and log handlers it installs are put back."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv(start_probe.VARIABLE, raising=False)
    shown: list[str] = []
    monkeypatch.setattr(app, "show_start_error", lambda message, parent=None: shown.append(
        message))
    hook, root = sys.excepthook, logging.getLogger()
    handlers = list(root.handlers)
    yield shown
    sys.excepthook = hook
    for handler in root.handlers[:]:
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()


def test_a_newer_database_is_explained_and_left_untouched(
        db_path: Path, starting: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """The window paints, then the newer schema is refused in a message; exit status 2."""
    with sqlite3.connect(db_path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0099_future'")
    before = db_path.read_bytes()
    monkeypatch.setattr(app, "fill_window", lambda *a: pytest.fail("the window was filled"))
    assert main(["--db", str(db_path)]) == 2
    assert len(starting) == 1 and "newer version of Recovery Desk" in starting[0]
    assert db_path.read_bytes() == before


def test_the_demo_flag_on_a_real_database_is_refused_with_the_reason(
        db_path: Path, starting: list[str]) -> None:
    assert main(["--demo", "--db", str(db_path)]) == 2
    assert "cannot be used as the demo" in starting[0]


def test_a_database_that_cannot_be_opened_is_explained(
        tmp_path: Path, starting: list[str]) -> None:
    """A folder that does not exist: one line saying so, no traceback."""
    missing = tmp_path / "missing" / "desk.sqlite3"
    assert main(["--db", str(missing)]) == 2
    assert starting == [f"cannot open the database {missing}: The database file cannot be "
                        "opened: check that its folder exists and that you may write to it."]


def test_the_window_first_shows_the_tab_left_on_and_waits_for_the_database(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Before the database opens: the saved tab is current, says so, and no tab is built."""
    window_state.save("window/tab", 1)
    window = MainWindow(location="desk.sqlite3")
    qtbot.addWidget(window)
    window.show()
    assert window.tabs.currentIndex() == 1
    assert window.slots[1].waiting.text() == OPENING
    assert all(slot.tab is None for slot in window.slots)
    assert window.windowTitle() == "Recovery Desk - desk.sqlite3"


def test_when_the_database_cannot_be_used_the_window_stops_saying_it_is_opening(
        qtbot, tmp_path: Path, starting: list[str]) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(location="x")
    qtbot.addWidget(window)
    missing = tmp_path / "missing" / "desk.sqlite3"
    app.open_and_fill(window, app.StartRequest(str(missing), False,
                                               resource_path("catalogue.json")))
    assert window.context is None
    assert window.slots[0].waiting.text() == "Recovery Desk could not start."
    assert len(starting) == 1 and starting[0].startswith("cannot open the database")


def test_open_and_fill_builds_the_tab_left_on(qtbot, db_path: Path, answers) -> None:  # type: ignore[no-untyped-def]
    """After the first paint the database opens and the saved tab is built and loaded."""
    window_state.save("window/tab", 1)
    window = MainWindow(location=str(db_path))
    qtbot.addWidget(window)
    window.show()
    app.open_and_fill(window, app.StartRequest(str(db_path), False,
                                               resource_path("catalogue.json")))
    try:
        assert window.context is not None
        assert isinstance(window.current_tab(), CatalogueTab)
        assert window.current_tab().table.model().rowCount() > 0
        assert [s.spec.name for s in window.slots if s.tab is not None] == ["CatalogueTab"]
    finally:
        window.context.db.dispose()


def test_filling_the_window_in_shows_nobody_s_record(qtbot, db_path: Path, answers) -> None:  # type: ignore[no-untyped-def]
    """The timetable opens with no session selected, so no names are shown until asked."""
    window_state.save("window/tab", 0)
    window = MainWindow(location=str(db_path))
    qtbot.addWidget(window)
    window.show()
    app.open_and_fill(window, app.StartRequest(str(db_path), False,
                                               resource_path("catalogue.json")))
    try:
        qtbot.wait(20)  # the window's own events (activation, focus) come and go
        timetable = window.current_tab()
        assert timetable.week is not None and timetable.week.sessions
        assert not timetable.grid.currentIndex().isValid()
        assert timetable.members_title.text() == "Select a session to see who is booked."
    finally:
        window.context.db.dispose()


def _start(db_path: Path, moment: str, tmp_path: Path, tab: int = 0,
           code: str = "") -> subprocess.CompletedProcess[str]:
    """The real entry point in a fresh interpreter, told to quit at moment."""
    settings = tmp_path / "config" / window_state.ORGANISATION
    settings.mkdir(parents=True)
    (settings / f"{window_state.APPLICATION}.ini").write_text(f"[window]\ntab={tab}\n")
    env = {**os.environ, start_probe.VARIABLE: moment, "QT_QPA_PLATFORM": "offscreen",
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_DATA_HOME": str(tmp_path / "data")}
    script = ("import sys\nfrom recovery_desk.__main__ import main\n"
              f"code = main(['--db', {str(db_path)!r}])\n{code}\nsys.exit(code)\n")
    return subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)


def test_the_first_paint_comes_before_the_data_layer_loads(
        db_path: Path, tmp_path: Path) -> None:
    """Through the real entry point: at the first paint neither SQLAlchemy nor any tab's
    module has been imported."""
    result = _start(db_path, start_probe.FIRST_PAINT, tmp_path, code=(
        "print(sorted(m for m in sys.modules if m.startswith(('sqlalchemy', 'alembic', "
        "'holidays', 'recovery_desk.domain', 'recovery_desk.views.timetable_tab'))))"))
    assert result.returncode == 0, result.stderr
    moment, stamp, loaded = result.stdout.split(maxsplit=2)
    assert moment == "first_paint" and float(stamp) > 0
    assert loaded.strip() == "[]"


def test_the_timetable_moment_is_reported_only_when_it_shows_this_week(
        db_path: Path, tmp_path: Path) -> None:
    """The benchmark's hook reports the timetable's sessions painted, and refuses (status 3)
    when the tab shown is another one, so the benchmark cannot time the wrong thing."""
    shown = _start(db_path, start_probe.TIMETABLE, tmp_path / "timetable")
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.split()[0] == "timetable"
    other = _start(db_path, start_probe.TIMETABLE, tmp_path / "catalogue", tab=1)
    assert other.returncode == start_probe.EXIT_WRONG_MOMENT
    assert "the tab shown is CatalogueTab, not the timetable" in other.stderr
