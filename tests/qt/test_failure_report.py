"""Failures are seen: errors reaching the event loop become a message, database errors are
explained and leave nothing half done, and unexpected ones are logged with their traceback."""

from __future__ import annotations

import logging
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QPushButton

from recovery_desk.domain.service import catalogue_service
from recovery_desk.domain.store.database import Database
from recovery_desk.logs import install_file_log
from recovery_desk.views.catalogue.catalogue_tab import CatalogueTab
from recovery_desk.views.frame.context import DeskContext
from recovery_desk.views.shell import failure_report
from recovery_desk.views.shell.main_window import MainWindow


@pytest.fixture
def reported(answers, tmp_path: Path) -> Iterator[tuple[list[str], Path]]:
    """The failure report installed with a log file in tmp_path; restored afterwards."""
    hook, root = sys.excepthook, logging.getLogger()
    handlers = list(root.handlers)
    log_path = install_file_log(tmp_path / "logs")
    failure_report.install(log_path, tmp_path)
    yield answers["errors"], log_path
    sys.excepthook = hook
    for handler in root.handlers[:]:
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()


@pytest.mark.qt_no_exception_capture
def test_an_error_raised_in_a_slot_is_logged_and_the_person_told_where(
        qtbot, reported) -> None:
    errors, log_path = reported
    button = QPushButton()
    qtbot.addWidget(button)

    def broken() -> None:
        raise RuntimeError("the sky fell in")

    button.clicked.connect(broken)
    button.click()
    assert len(errors) == 1 and str(log_path) in errors[0]
    assert "nothing half-done was saved" in errors[0]
    logged = log_path.read_text()
    assert "Traceback (most recent call last)" in logged and "in broken" in logged
    assert "RuntimeError: the sky fell in" in logged


def _retire_first_group(qtbot, db: Database, actor) -> None:
    window = MainWindow(DeskContext(db, actor, location="test"))
    qtbot.addWidget(window)
    window.show()
    tab = window.show_tab(CatalogueTab)
    tab.select_group(None)
    tab.retire_button.click()  # through the event loop, as a person would


@pytest.mark.qt_no_exception_capture
def test_a_database_held_by_another_desk_is_explained_and_nothing_changes(
        qtbot, db_path: Path, actor, reported) -> None:
    errors, log_path = reported
    busy = Database.open(db_path, busy_timeout_ms=100)
    other_desk = sqlite3.connect(db_path, isolation_level=None)
    other_desk.execute("BEGIN IMMEDIATE")
    try:
        _retire_first_group(qtbot, busy, actor)
    finally:
        other_desk.execute("ROLLBACK")
        other_desk.close()
    assert errors == ["Another desk is saving just now, and the database stayed busy for too "
                      "long: nothing was saved. Try again in a moment."]
    assert all(g.active for g in catalogue_service.list_groups(busy, actor))
    assert "OperationalError: database is locked" in log_path.read_text()
    busy.dispose()


@pytest.mark.qt_no_exception_capture
def test_a_read_only_database_is_explained(qtbot, db_path: Path, actor, reported) -> None:
    errors, _ = reported
    read_only = Database.open(f"sqlite:///file:{db_path}?mode=ro&uri=true")
    _retire_first_group(qtbot, read_only, actor)
    assert len(errors) == 1 and errors[0].startswith("The database file is read-only here")
    read_only.dispose()


def test_the_log_never_holds_the_sql_parameters_of_a_failed_statement(tmp_path: Path) -> None:
    """SQLAlchemy's message carries the statement's parameters (names, say); the log does
    not."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import SQLAlchemyError

    from recovery_desk.logs import kind_only, safe_description

    engine = create_engine("sqlite://")
    with pytest.raises(SQLAlchemyError) as caught, engine.connect() as connection:
        connection.execute(text("INSERT INTO nowhere VALUES (:name)"), {"name": "Alex Brennan"})
    assert "Alex Brennan" in str(caught.value)
    assert "Alex Brennan" not in safe_description(caught.value)
    assert "Alex Brennan" not in kind_only(caught.value)
