"""`recovery-desk upgrade` and `recovery-desk transfer`: what IT sees setting up a server and
moving a service's file onto it, and one-line refusals with exit status 2."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from recovery_desk.__main__ import main
from recovery_desk.domain.operations.demo import DEMO_PASSWORD
from recovery_desk.domain.operations.setup import open_database
from recovery_desk.domain.staff import accounts
from recovery_desk.domain.store.migrate import HEAD_REVISION
from tests.conftest import CATALOGUE


def test_upgrade_builds_an_sqlite_file_then_finds_it_current(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "new.sqlite3"
    assert main(["--db", str(path), "upgrade"]) == 0
    assert capsys.readouterr().out == f"Schema built to {HEAD_REVISION}.\n"
    assert main(["--db", str(path), "upgrade"]) == 0
    assert "is current" in capsys.readouterr().out
    assert main(["--db", str(path), "upgrade", "--desk-role", "desk"]) == 2
    assert "an SQLite file has no roles" in capsys.readouterr().err


def test_upgrade_refuses_another_programs_file_untouched(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    other = tmp_path / "x.db"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE invoices (id integer)")
    before = other.read_bytes()
    assert main(["--db", str(other), "upgrade"]) == 2
    assert "another program's database" in capsys.readouterr().err
    assert other.read_bytes() == before


def test_upgrade_on_the_server_grants_the_desks_role(
        postgresql, capsys: pytest.CaptureFixture[str]) -> None:
    if postgresql.desk_role is None:
        pytest.skip("RECOVERY_DESK_TEST_POSTGRESQL_DESK is not set (the desks' role)")
    empty = postgresql.new(None)
    try:
        assert main(["--db", empty, "upgrade", "--desk-role", postgresql.desk_role]) == 0
        out = capsys.readouterr().out
        assert out.startswith(f"Schema built to {HEAD_REVISION}.\nDesk role "
                              f"{postgresql.desk_role}: may read and write rows of 20 tables")
        assert main(["--db", empty, "upgrade", "--desk-role", "nobody_here"]) == 2
        assert "There is no role 'nobody_here'" in capsys.readouterr().err
    finally:
        postgresql.discard(empty)


@pytest.fixture
def demo_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "demo.sqlite3"
    open_database(path, CATALOGUE, today=date(2026, 11, 27), demo=True)[0].dispose()
    monkeypatch.setenv("RECOVERY_DESK_PASSWORD", DEMO_PASSWORD)
    return path


def test_transfer_copies_the_file_and_says_what_it_checked(
        postgresql, demo_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = postgresql.new(None)
    try:
        arguments = ["--db", str(demo_file), "--user", "demo-manager", "transfer", "--to", empty]
        assert main(arguments) == 0
        out = capsys.readouterr().out
        assert out.startswith("Copied 20 tables (")
        assert "  service_users" in out and "same on both" in out
        assert "The audit trail verifies on the server:" in out
        assert main(arguments) == 2  # the second time the target is no longer empty
        assert "is not empty: it holds groups (7 rows)" in capsys.readouterr().err
        db, _ = open_database(empty, CATALOGUE, today=date(2026, 11, 27))
        assert accounts.sign_in(db, "demo-manager", DEMO_PASSWORD, "pc").actor.role.value \
            == "manager"  # accounts and passwords came across
        db.dispose()
    finally:
        postgresql.discard(empty)


def test_transfer_needs_a_manager_and_a_server(demo_file: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(demo_file), "transfer", "--to", "postgresql://x/y"]) == 2
    assert "`transfer` needs a signed-in member of staff (service manager staff): give --user" in \
        capsys.readouterr().err
    assert main(["--db", str(demo_file), "--user", "demo-reception", "transfer", "--to",
                 str(tmp_path / "copy.sqlite3")]) == 2
    assert "Only service manager staff can back up and restore" in capsys.readouterr().err
    assert main(["--db", str(demo_file), "--user", "demo-manager", "transfer", "--to",
                 str(tmp_path / "copy.sqlite3")]) == 2
    assert "is not a PostgreSQL server database" in capsys.readouterr().err


def test_a_copy_without_the_server_driver_says_how_to_get_it(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """As the offline bundle (which carries no driver) started with a server's URL: one line
    saying what is missing and where the README explains it, exit status 2."""
    import sys

    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if it were not installed
    code = main(["--db", "postgresql+psycopg://desk@/recovery?host=/nowhere", "catalogue"])
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err
    assert "cannot reach a postgresql server: its driver is not installed (psycopg)" in err
    assert "pip install 'recovery-desk[postgresql]'" in err
