"""Signing in at the command line, the first manager, `audit verify` and `subject-access`."""

from __future__ import annotations

import io
import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from recovery_desk.__main__ import main
from recovery_desk.cli import records_verb
from recovery_desk.domain.operations.setup import open_database
from recovery_desk.domain.people import intake_service as intake
from recovery_desk.vocabulary import StaffRole
from tests.cli.conftest import PASSWORD, TEMPORARY
from tests.conftest import CATALOGUE


def test_staff_init_makes_the_first_manager_once(
        db_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RECOVERY_DESK_PASSWORD", PASSWORD)
    assert main(["--db", str(db_path), "staff", "init", "--user", "morgan",
                 "--name", "Morgan Manager"]) == 0
    out = capsys.readouterr().out
    assert "Created the manager 'morgan'" in out and "not shown again" in out
    assert main(["--db", str(db_path), "staff", "init", "--user", "other"]) == 2
    assert "already has a manager" in capsys.readouterr().err


def test_a_short_password_for_the_first_manager_is_refused(
        db_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RECOVERY_DESK_PASSWORD", "short")
    assert main(["--db", str(db_path), "staff", "init", "--user", "morgan"]) == 2
    assert "at least 10 characters" in capsys.readouterr().err


def test_a_changing_verb_needs_a_user_and_the_right_password(
        as_manager, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    arguments = as_manager(db_path)
    assert main(["--db", str(db_path), "backup"]) == 2
    assert "give --user NAME" in capsys.readouterr().err
    monkeypatch.setenv("RECOVERY_DESK_PASSWORD", "not the password")
    assert main([*arguments, "backup"]) == 2
    assert "do not match an active account" in capsys.readouterr().err
    assert main(["--db", str(db_path), "catalogue"]) == 0  # the published groups: no sign-in


def test_a_database_without_a_manager_says_how_to_make_one(
        db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(db_path), "backup"]) == 2
    assert "staff init --user NAME" in capsys.readouterr().err


def test_audit_verify_holds_then_names_the_row_changed(
        as_manager, db_path, raw_sql, backend, capsys: pytest.CaptureFixture[str]) -> None:
    arguments = as_manager(db_path)
    assert main([*arguments, "audit", "verify"]) == 0
    out = capsys.readouterr().out
    assert "rows a second), and held against 0 backups: the chain holds.\n" in out
    with raw_sql(db_path) as raw:
        backend.unguard_audit(raw)
        raw.execute(text("UPDATE audit_events SET workstation = 'elsewhere' WHERE id = 1"))
    assert main([*arguments, "audit", "verify"]) == 1
    assert "row 1, which breaks the chain" in capsys.readouterr().out


@pytest.mark.sqlite_only("backups are SQLite files")
def test_audit_verify_names_rows_cut_from_the_trail_and_the_backup_holding_them(
        as_manager, db_path, raw_sql, capsys: pytest.CaptureFixture[str]) -> None:
    """Rows deleted and the chain's head reset behind the triggers: exit 1, rows named."""
    from tests.domain.test_audit_backups import cut_trail

    arguments = as_manager(db_path)
    assert main([*arguments, "backup"]) == 0
    with raw_sql(db_path) as raw:  # the newest row is the backup's own, not in the copy
        held = raw.execute(text("SELECT max(id) - 1 FROM audit_events")).scalar()
    cut_trail(db_path, raw_sql, 2)
    capsys.readouterr()
    assert main([*arguments, "audit", "verify"]) == 1
    out = capsys.readouterr().out
    assert f"The trail is cut: rows 3-{held} are missing" in out and "the backup of " in out
    assert "against 1 backup." in out


def test_subject_access_writes_json_and_a_pdf_for_one_person(
        as_manager, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    arguments = as_manager(db_path)
    db, actor = open_database(db_path, CATALOGUE, today=date(2026, 11, 27))
    person = intake.save_intake(db, actor, intake.PersonDetails(
        given_name="Robin", family_name="Ashworth", date_of_birth=date(1985, 4, 2),
        nhs_number="943 476 5919", consent_to_store=True), [], date(2026, 11, 27))
    db.dispose()
    out = tmp_path / "robin.json"
    assert main([*arguments, "subject-access", "9434765919", "--out", str(out)]) == 0
    held = json.loads(out.read_text())
    assert held["person"]["id"] == person and held["person"]["given_name"] == "Robin"
    assert out.with_suffix(".pdf").read_bytes().startswith(b"%PDF")
    assert oct(out.stat().st_mode & 0o777) == "0o600"
    if shutil.which("pdftotext"):
        import subprocess

        text = subprocess.run(["pdftotext", str(out.with_suffix(".pdf")), "-"],
                              capture_output=True, text=True, check=True).stdout
        assert "Robin" in text and "Information Hackney Recovery Service holds" in text
        assert "Date of birth" in text and "2 April 1985" in text and "date_of_birth" not in text
    assert main([*arguments, "subject-access", "9434765919", "--out", str(out)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert main([*arguments, "subject-access", "123", "--out", str(tmp_path / "x.json")]) == 2
    assert "No service user has the record id or NHS number '123'" in capsys.readouterr().err


@pytest.mark.sqlite_only("backups are of SQLite files")
def test_restore_checks_the_password_against_the_backup(
        as_manager, db_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    arguments = as_manager(db_path)
    assert main([*arguments, "backup"]) == 0
    made = capsys.readouterr().out.split(" to ")[1].split(" (")[0]
    monkeypatch.setenv("RECOVERY_DESK_PASSWORD", "not the password")
    assert main([*arguments, "restore", made, "--yes"]) == 2
    assert "in the backup" in capsys.readouterr().err


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("given", [[], ["-"]])
def test_subject_access_reads_the_nhs_number_from_standard_input_or_asks(
        as_manager, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch, given: list[str]) -> None:
    """The NHS number need not be an argument, seen in `ps` and the shell's history: piped in,
    or typed at a hidden prompt at a terminal; nothing given is one line and exit 2."""
    arguments = as_manager(db_path)
    db, actor = open_database(db_path, CATALOGUE, today=date(2026, 11, 27))
    person = intake.save_intake(db, actor, intake.PersonDetails(
        given_name="Robin", family_name="Ashworth", date_of_birth=date(1985, 4, 2),
        nhs_number="943 476 5919", consent_to_store=True), [], date(2026, 11, 27))
    db.dispose()
    monkeypatch.setattr("sys.stdin", io.StringIO("943 476 5919\n"))
    piped = tmp_path / "piped.json"
    assert main([*arguments, "subject-access", *given, "--out", str(piped)]) == 0
    assert json.loads(piped.read_text())["person"]["id"] == person

    prompts: list[str] = []
    monkeypatch.setattr(records_verb, "getpass", lambda p: prompts.append(p) or "9434765919")
    monkeypatch.setattr("sys.stdin", _Terminal())
    asked = tmp_path / "asked.json"
    assert main([*arguments, "subject-access", *given, "--out", str(asked)]) == 0
    assert prompts == ["NHS number or record id (not shown): "]
    assert json.loads(asked.read_text())["person"]["id"] == person

    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    capsys.readouterr()
    assert main([*arguments, "subject-access", *given, "--out", str(tmp_path / "x.json")]) == 2
    assert capsys.readouterr().err == (
        "recovery-desk: no NHS number or record id was given: type it when asked, or send it "
        "on standard input\n")


def test_subject_access_help_says_the_number_may_come_from_standard_input(
        capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["subject-access", "--help"])
    said = " ".join(capsys.readouterr().out.split())
    assert "Leave PERSON out (or give -)" in said and "read from standard input" in said


@pytest.mark.sqlite_only("backups are of SQLite files")
def test_a_temporary_password_in_the_backup_cannot_restore(
        staff_member, as_manager, db_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    kim = staff_member(db_path, "kim", StaffRole.MANAGER)
    assert main([*as_manager(db_path), "backup"]) == 0
    made = capsys.readouterr().out.split(" to ")[1].split(" (")[0]
    before = db_path.read_bytes()
    monkeypatch.setenv("RECOVERY_DESK_PASSWORD", TEMPORARY)
    assert main([*kim, "restore", made, "--yes"]) == 2
    assert "password is temporary" in capsys.readouterr().err
    assert db_path.read_bytes() == before


def test_subject_access_over_existing_files_needs_force(
        as_manager, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An existing FILE or FILE.pdf is refused with the way to replace it; --force replaces
    both, owner-only."""
    arguments = as_manager(db_path)
    db, actor = open_database(db_path, CATALOGUE, today=date(2026, 11, 27))
    intake.save_intake(db, actor, intake.PersonDetails(
        given_name="Robin", family_name="Ashworth", date_of_birth=date(1985, 4, 2),
        nhs_number="943 476 5919", consent_to_store=True), [], date(2026, 11, 27))
    db.dispose()
    out = tmp_path / "robin.json"
    out.with_suffix(".pdf").write_text("an old letter")
    out.with_suffix(".pdf").chmod(0o644)
    assert main([*arguments, "subject-access", "9434765919", "--out", str(out)]) == 2
    assert capsys.readouterr().err == (f"recovery-desk: {out.with_suffix('.pdf')} already "
                                       "exists; nothing was written. Choose a new file name, "
                                       "or add --force to replace it.\n")
    assert not out.exists()
    assert main([*arguments, "subject-access", "9434765919", "--out", str(out), "--force"]) == 0
    assert out.with_suffix(".pdf").read_bytes().startswith(b"%PDF")
    assert {oct(p.stat().st_mode & 0o777) for p in (out, out.with_suffix(".pdf"))} == {"0o600"}
    assert main([*arguments, "subject-access", "9434765919", "--out",
                 str(tmp_path / "x.pdf")]) == 2
    assert "give FILE another ending, such as .json" in capsys.readouterr().err
