"""Who a verb acts as (cli/signing_in.py) when the database's disk is full."""

from __future__ import annotations

import argparse

import pytest

from recovery_desk.cli import CliError, signing_in
from recovery_desk.domain.staff import accounts
from tests.cli.conftest import PASSWORD
from tests.domain.full_disk import disk_full

pytestmark = pytest.mark.sqlite_only("a full disk made with SQLite's max_page_count")


def test_a_verb_does_not_sign_in_when_the_sign_in_cannot_be_audited(
        db, actor, monkeypatch: pytest.MonkeyPatch) -> None:
    """On a full disk --user is refused with a line saying why; with space back it works."""
    accounts.create_first_manager(db, "mgr", "Morgan Manager", PASSWORD, "test")
    monkeypatch.setenv(signing_in.PASSWORD_VARIABLE, PASSWORD)
    args = argparse.Namespace(user="mgr", verb="audit", needs_user=True)
    with disk_full(db), pytest.raises(CliError, match=r"^the disk is full, so signing in"):
        signing_in.acting(args, db, actor)
    assert signing_in.acting(args, db, actor).name == "Morgan Manager"
