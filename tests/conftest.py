"""Shared fixtures: headless Qt, and a fresh database per test copied from one made per run."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from recovery_desk.config import resource_path
from recovery_desk.domain.database import Database
from recovery_desk.domain.setup import open_database
from recovery_desk.domain.staff import Actor

CATALOGUE = resource_path("catalogue.json")


@pytest.fixture(scope="session")
def template_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "desk.sqlite3"
    db, _ = open_database(path, CATALOGUE, today=date(2026, 11, 27))
    db.dispose()
    return path


@pytest.fixture
def db_path(tmp_path: Path, template_database: Path) -> Path:
    path = tmp_path / "desk.sqlite3"
    shutil.copy(template_database, path)
    return path


@pytest.fixture
def desk(db_path: Path) -> Iterator[tuple[Database, Actor]]:
    """A real SQLite database with the default catalogue and no people, and the desk's actor."""
    db, actor = open_database(db_path, CATALOGUE, today=date(2026, 11, 27))
    yield db, actor
    db.dispose()


@pytest.fixture
def db(desk: tuple[Database, Actor]) -> Database:
    return desk[0]


@pytest.fixture
def actor(desk: tuple[Database, Actor]) -> Actor:
    return desk[1]


@pytest.fixture
def keyworker_id(db: Database) -> int:
    """A keyworker's staff id, for referrals that need one."""
    from recovery_desk.domain.models import Staff, StaffRole

    with db.writing() as session:
        staff = Staff(username="kw", display_name="Kay Worker", role=StaffRole.KEYWORKER)
        session.add(staff)
        session.flush()
        return staff.id


@pytest.fixture(autouse=True)
def _private_qsettings(tmp_path: Path) -> None:
    """Window state from tests never touches (or reads) the real user's settings."""
    try:
        from PySide6.QtCore import QSettings
    except ImportError:
        return
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
