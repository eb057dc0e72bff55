"""Starting the window: it paints before the data layer loads, fills in on the tab the person
left on, and a database the app cannot use is explained in a message."""

from __future__ import annotations

import logging
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from recovery_desk.__main__ import main
from recovery_desk.config import resource_path
from recovery_desk.domain.store import key_slots
from recovery_desk.views.frame import window_state
from recovery_desk.views.shell import app, start_probe
from recovery_desk.views.shell.main_window import MainWindow
from recovery_desk.views.shell.tab_slots import OPENING
from recovery_desk.views.timetable.today_tab import TodayTab

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


@pytest.fixture
def no_event_loop_quit(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """For open_and_fill() called outside app.exec(): the quit it asks for is kept here, since
    Qt would otherwise keep the request and end the next test's waits at once."""
    codes: list[int] = []
    monkeypatch.setattr(app.QApplication, "exit", lambda code=0: codes.append(code))
    return codes


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


def test_the_window_first_shows_today_and_waits_for_the_database(qtbot) -> None:
    """Before the database opens: Today is current (whatever tab was left open), says so, and
    no tab is built."""
    window_state.save("window/tab", 1)
    window = MainWindow(location="desk.sqlite3")
    qtbot.addWidget(window)
    window.show()
    assert window.tabs.currentIndex() == 0
    assert window.tabs.tabText(0) == "Today"
    assert window.slots[0].waiting.text() == OPENING
    assert all(slot.tab is None for slot in window.slots)
    assert window.windowTitle() == "Recovery Desk - desk.sqlite3"


def test_when_the_database_cannot_be_used_the_window_stops_saying_it_is_opening(
        qtbot, tmp_path: Path, starting: list[str], no_event_loop_quit: list[int]) -> None:
    window = MainWindow(location="x")
    qtbot.addWidget(window)
    missing = tmp_path / "missing" / "desk.sqlite3"
    app.open_and_fill(window, app.StartRequest(str(missing), False,
                                               resource_path("catalogue.json")))
    assert window.context is None
    assert window.slots[0].waiting.text() == "Recovery Desk could not start."
    assert len(starting) == 1 and starting[0].startswith("cannot open the database")
    assert no_event_loop_quit == [app.EXIT_CANNOT_START]


def _filled(qtbot, path: Path, *, demo: bool, tab: int = 0) -> MainWindow:
    """A window painted before the database opens, then filled in as after its first paint."""
    window_state.save("window/tab", tab)
    window = MainWindow(location=str(path))
    qtbot.addWidget(window)
    window.show()
    assert app.open_and_fill(window, app.StartRequest(str(path), demo,
                                                      resource_path("catalogue.json")))
    return window


def test_open_and_fill_builds_today(qtbot, tmp_path: Path, answers) -> None:
    """After the first paint the database opens and Today is built and loaded: the demo opens
    signed in as its manager."""
    window = _filled(qtbot, tmp_path / "demo.sqlite3", demo=True, tab=1)
    try:
        assert window.context is not None and not window.locked
        assert window.context.actor.name == "Demo Manager"
        assert isinstance(window.current_tab(), TodayTab)
        assert window.current_tab().sheet is not None
        assert [s.spec.name for s in window.slots if s.tab is not None] == ["TodayTab"]
    finally:
        window.context.db.dispose()


def test_filling_the_window_in_shows_nobody_s_record(qtbot, tmp_path: Path, answers) -> None:
    """Today opens with no session chosen, so no names are shown until asked."""
    window = _filled(qtbot, tmp_path / "demo.sqlite3", demo=True)
    try:
        qtbot.wait(20)  # the window's own events (activation, focus) come and go
        today = window.current_tab()
        assert isinstance(today, TodayTab) and today.sheet is not None
        assert today.chosen is None and today.model.rowCount() == 0
        assert today.expected_title.text() == "Choose a session to see who is expected."
    finally:
        window.context.db.dispose()


def test_a_database_with_staff_opens_at_the_sign_in_page(qtbot, db_path: Path, answers) -> None:
    """A real database opens locked: the sign-in page shows, and no tab has loaded anything."""
    from recovery_desk.domain.operations.setup import open_database
    from recovery_desk.domain.staff import accounts
    db, _ = open_database(db_path, resource_path("catalogue.json"), today=date(2026, 11, 27))
    accounts.create_first_manager(db, "morgan", "Morgan Manager", "a long password", "desk")
    db.dispose()
    window = _filled(qtbot, db_path, demo=False)
    try:
        assert window.locked
        assert window.pages.currentWidget() is window.sign_in_page
        assert window.windowTitle() == "Recovery Desk - locked"
        today = window.slots[0].tab
        assert isinstance(today, TodayTab) and today.sheet is None
    finally:
        window.context.db.dispose()


def test_a_new_database_asks_for_its_first_manager(
        qtbot, db_path: Path, answers, monkeypatch: pytest.MonkeyPatch) -> None:
    """With nobody to sign in as, the first manager's account is made, they are signed in, and
    the database is encrypted with a key their password and recovery code open."""
    from recovery_desk.views.manager.account_dialogs import FirstManagerDialog

    def fill_in(dialog: FirstManagerDialog) -> int:
        dialog.display_name.setText("Morgan Manager")
        dialog.username.setText("morgan")
        dialog.password.setText("a long password")
        dialog.again.setText("a long password")
        assert dialog.save()
        return FirstManagerDialog.DialogCode.Accepted

    monkeypatch.setattr(FirstManagerDialog, "exec", fill_in)
    window = _filled(qtbot, db_path, demo=False)
    try:
        assert not window.locked and window.context.actor.name == "Morgan Manager"
        assert len(answers["codes"]) == 1
        # A real database is encrypted from its first manager on; their code opens it too.
        key = window.context.db.key
        assert key is not None and key_slots.is_encrypted_desk(db_path)
        assert key_slots.unlock_with_recovery(db_path, "morgan", answers["codes"][0]) == key
    finally:
        window.context.db.dispose()


def test_declining_to_make_the_first_manager_says_what_happens_next(
        qtbot, db_path: Path, starting: list[str], no_event_loop_quit: list[int],
        monkeypatch: pytest.MonkeyPatch) -> None:
    from recovery_desk.views.manager.account_dialogs import FirstManagerDialog

    monkeypatch.setattr(FirstManagerDialog, "exec",
                        lambda dialog: FirstManagerDialog.DialogCode.Rejected)
    window = MainWindow(location=str(db_path))
    qtbot.addWidget(window)
    assert not app.open_and_fill(window, app.StartRequest(str(db_path), False,
                                                          resource_path("catalogue.json")))
    assert starting == ["No manager account was made, so nobody can sign in. Start Recovery "
                        "Desk again to make the first manager's account."]


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
        "'holidays', 'recovery_desk.domain', 'recovery_desk.views.timetable.today_tab'))))"))
    assert result.returncode == 0, result.stderr
    moment, stamp, loaded = result.stdout.split(maxsplit=2)
    assert moment == "first_paint" and float(stamp) > 0
    assert loaded.strip() == "[]"


@pytest.fixture
def demo_path(tmp_path: Path) -> Path:
    from recovery_desk.domain.operations.setup import open_database

    path = tmp_path / "demo.sqlite3"
    db, _ = open_database(path, resource_path("catalogue.json"), today=date.today(), demo=True)
    db.dispose()
    return path


def test_the_first_screen_moment_is_reported_when_today_shows(
        demo_path: Path, tmp_path: Path) -> None:
    """The benchmark's hook reports Today's sessions painted, whatever tab was left open last
    time (the window opens on Today)."""
    shown = _start(demo_path, start_probe.TIMETABLE, tmp_path / "timetable", tab=2)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.split()[0] == "timetable"


def test_the_sign_in_moment_is_reported_on_a_database_that_opens_locked(
        db_path: Path, tmp_path: Path, demo_path: Path) -> None:
    """A real database opens at the sign-in page: the hook reports it painted; asked for the
    timetable there, it refuses rather than wait for a tab nobody can see."""
    from recovery_desk.domain.operations.setup import open_database
    from recovery_desk.domain.staff import accounts
    db, _ = open_database(db_path, resource_path("catalogue.json"), today=date.today())
    accounts.create_first_manager(db, "morgan", "Morgan Manager", "a long password", "desk")
    db.dispose()
    locked = _start(db_path, start_probe.SIGN_IN, tmp_path / "sign_in")
    assert locked.returncode == 0, locked.stderr
    assert locked.stdout.split()[0] == "sign_in"
    refused = _start(db_path, start_probe.TIMETABLE, tmp_path / "refused")
    assert refused.returncode == start_probe.EXIT_WRONG_MOMENT
    assert "the desk opened locked" in refused.stderr
    demo = _start(demo_path, start_probe.SIGN_IN, tmp_path / "demo")
    assert demo.returncode == start_probe.EXIT_WRONG_MOMENT
    assert "the desk opened signed in" in demo.stderr
