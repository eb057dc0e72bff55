"""Starting the window: a database the app cannot use is explained in a message box."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from recovery_desk.__main__ import main
from recovery_desk.views import app


def test_a_newer_database_is_explained_before_any_window_opens(
        db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with sqlite3.connect(db_path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0099_future'")
    shown: list[str] = []
    monkeypatch.setattr(app, "show_start_error", shown.append)
    monkeypatch.setattr(app, "run_window", lambda *a: pytest.fail("the window opened"))
    assert main(["--db", str(db_path)]) == 2
    assert len(shown) == 1 and "newer version of Recovery Desk" in shown[0]


def test_the_demo_flag_on_a_real_database_is_refused_with_the_reason(
        db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(app, "show_start_error", shown.append)
    assert main(["--demo", "--db", str(db_path)]) == 2
    assert "cannot be used as the demo" in shown[0]
