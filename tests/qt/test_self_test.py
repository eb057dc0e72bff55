"""`recovery-desk --self-test`: every check printed with its result, exit 0 only if all pass,
and no real database touched unless --db names one."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest

from recovery_desk import self_test
from recovery_desk.__main__ import main
from recovery_desk.domain.store import migrate

# Checks of the system libraries around Qt, which depend on the machine running the tests.
SYSTEM_CHECKS = ("display plugin", "printing plugin", "fonts")


@pytest.fixture
def data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("XDG_DATA_HOME", str(folder))
    return folder


def _run(arguments: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = main(["--self-test", *arguments])
    return code, capsys.readouterr().out.splitlines()


def _results(lines: list[str]) -> dict[str, str]:
    return {line[6:].split(":")[0]: line[:4] for line in lines if line[:4] in ("PASS", "FAIL")}


def test_a_fresh_copy_passes_every_check_on_a_temporary_database(
        qtbot, data_folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Resources, migrations, the database, every tab and both PDFs pass on this machine;
    the person's data folder gets no database."""
    _code, lines = _run([], capsys)
    results = _results(lines)
    assert list(results)[:5] == ["resources", "migrations", "database", "bank holidays",
                                 "phone numbers"]
    assert {name: result for name, result in results.items()
            if name not in SYSTEM_CHECKS and result != "PASS"} == {}
    assert {"main window", "tab Timetable", "tab Catalogue", "tab Referral intake",
            "tab Cohort review", "week PDF", "sign-in sheet PDF"} <= set(results)
    assert not list(data_folder.rglob("*.sqlite3"))


def test_every_check_passing_exits_0_and_says_so(
        qtbot, data_folder: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """With the machine's own libraries taken as sound, every check passes: exit 0, and the
    last line counts them."""
    monkeypatch.setattr(self_test, "_plugin", lambda table: "found")
    monkeypatch.setattr(self_test, "_fonts", lambda: "found")
    code, lines = _run([], capsys)
    assert code == 0
    assert lines[-1] == f"All {len(_results(lines))} checks passed."


def test_one_failing_check_exits_1_and_names_it(
        qtbot, data_folder: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """A machine with no fonts: that check fails with its reason, the rest still run, exit 1."""
    def no_fonts() -> str:
        raise self_test.CheckFailed("no fonts found")

    monkeypatch.setattr(self_test, "_plugin", lambda table: "found")
    monkeypatch.setattr(self_test, "_fonts", no_fonts)
    code, lines = _run([], capsys)
    assert code == 1
    assert "FAIL  fonts: no fonts found" in lines
    assert "PASS  week PDF" in {line.split(":")[0] for line in lines}
    assert lines[-1] == f"{len(_results(lines)) - 1} passed, 1 failed."


def test_a_database_from_a_newer_app_fails_the_check_and_is_left_alone(
        qtbot, db_path: Path, data_folder: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    """--db on a database the app cannot open: that check fails with the reason, the checks
    that need it fail as not run, and the exit status is 1."""
    with sqlite3.connect(db_path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0099_future'")
    before = db_path.read_bytes()
    code, lines = _run(["--db", str(db_path)], capsys)
    assert code == 1
    database = next(line for line in lines if line.startswith("FAIL  database:"))
    assert "newer version of Recovery Desk" in database
    assert "FAIL  main window: not run: an earlier check it needs failed" in lines
    assert "FAIL  tab Timetable: not run: an earlier check it needs failed" in lines
    assert "FAIL  week PDF: not run: an earlier check it needs failed" in lines
    assert lines[-1].endswith("failed.") and not lines[-1].startswith("All")
    assert db_path.read_bytes() == before


def test_the_named_database_is_the_one_checked(
        qtbot, db_path: Path, data_folder: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    """With --db, that database is opened (not a temporary one) and the window checks run on
    it."""
    _code, lines = _run(["--db", str(db_path)], capsys)
    database = next(line for line in lines if line.startswith("PASS  database:"))
    assert database == f"PASS  database: {db_path} opened at schema {migrate.HEAD_REVISION}"
    assert "PASS  tab Timetable: built, loaded and painted" in lines


def test_a_missing_resources_folder_fails(
        qtbot, tmp_path: Path, data_folder: Path,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """A bundle copied without resources/ is caught: the catalogue is missing."""
    missing = tmp_path / "nowhere" / "catalogue.json"
    monkeypatch.setattr(self_test.config, "resource_path", lambda *parts: missing)
    code, lines = _run([], capsys)
    assert code == 1
    assert f"FAIL  resources: {missing} is missing" in lines


def test_the_self_test_takes_no_verb(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["--self-test", "catalogue"])
    assert stopped.value.code == 2
    assert "--self-test takes only --db" in capsys.readouterr().err


def test_a_bundle_without_sqlcipher_fails_the_encryption_check(
        qtbot, data_folder: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """SQLCipher is checked for real: with it, an encrypted file opens with its key only;
    without it (a bundle that left it out), the check fails and names it."""
    from recovery_desk.domain.store import sqlite_files

    folder = data_folder / "check"
    folder.mkdir(parents=True)
    assert "SQLCipher encrypts" in self_test._encryption(folder)
    sqlite_files.use_key(None)
    monkeypatch.setitem(sys.modules, "sqlcipher3", None)  # import sqlcipher3 now fails
    monkeypatch.setattr(self_test, "_plugin", lambda table: "found")
    monkeypatch.setattr(self_test, "_fonts", lambda: "found")
    code, lines = _run([], capsys)
    assert code == 1
    assert [line for line in lines if line.startswith("FAIL")] == [
        "FAIL  encryption: import of sqlcipher3 halted; None in sys.modules"]
