"""CLI fixtures: a database with a manager who signs in with --user and a password from the
environment, as a script would, and the staff that manager adds."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from recovery_desk.domain.operations.setup import open_database
from recovery_desk.domain.staff import accounts
from recovery_desk.domain.store.database import Database
from recovery_desk.vocabulary import StaffRole
from tests.conftest import CATALOGUE

PASSWORD = "correct horse battery"
TEMPORARY = "given by the manager"


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


@pytest.fixture
def staff_member(as_manager: Callable[[Path], list[str]]) -> Callable[..., list[str]]:
    """Adds an account as the manager would, with a temporary password, or (temporary=False)
    one its owner has already changed to PASSWORD; returns the arguments that sign in as it."""

    def add(path: Path, username: str, role: StaffRole, *, temporary: bool = True) -> list[str]:
        as_manager(path)
        db = Database.open(path)
        try:
            manager = accounts.sign_in(db, "mgr", PASSWORD, "test").actor
            accounts.add_staff(db, manager, username, username.title(), role,
                               TEMPORARY if temporary else "a temporary password")
            if not temporary:
                own = accounts.sign_in(db, username, "a temporary password", "test").actor
                accounts.change_password(db, own, "a temporary password", PASSWORD)
        finally:
            db.dispose()
        return ["--db", str(path), "--user", username]

    return add
