"""CLI fixtures: a database with a manager who signs in with --user and a password from the
environment, as a script would."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from recovery_desk.domain import accounts
from recovery_desk.domain.setup import open_database
from tests.conftest import CATALOGUE

PASSWORD = "correct horse battery"


@pytest.fixture
def as_manager(monkeypatch: pytest.MonkeyPatch) -> Callable[[Path], list[str]]:
    """The arguments that open a database as its manager 'mgr' (made if it has none)."""
    monkeypatch.setenv("RECOVERY_DESK_PASSWORD", PASSWORD)

    def arguments(path: Path) -> list[str]:
        db, _ = open_database(path, CATALOGUE, today=date(2026, 11, 27))
        if accounts.needs_first_manager(db):
            accounts.create_first_manager(db, "mgr", "Morgan Manager", PASSWORD, "test")
        db.dispose()
        return ["--db", str(path), "--user", "mgr"]

    return arguments
