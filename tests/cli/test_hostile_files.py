"""`catalogue import` and `eligibility` given hostile files, as the person at the terminal sees
them: one message on stderr, exit status 2, no traceback, the database as it was. These shapes
all used to end in a traceback and exit status 1."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from recovery_desk.__main__ import main
from tests.backends import Target, contents
from tests.unit.eligibility.test_rules import profile

# The sign-in itself is recorded (an audit row, the account's last sign-in); nothing else may
# change.
SIGN_IN_TABLES = ("audit_events", "audit_chain", "staff")


@pytest.fixture(autouse=True)
def _a_manager(as_manager, db_path: Path) -> None:
    """The database has a manager, 'mgr', whose password is in the environment."""
    as_manager(db_path)


@pytest.fixture
def dump(raw_sql, db_path: Target) -> Callable[[], dict[str, list[str]]]:
    """dump(): every row of every table but those a sign-in writes."""
    def read() -> dict[str, list[str]]:
        with raw_sql(db_path) as connection:
            return {table: rows for table, rows in contents(connection).items()
                    if table not in SIGN_IN_TABLES}
    return read


def _exported(db_path: Path, tmp_path: Path) -> tuple[Path, dict]:
    path = tmp_path / "catalogue.json"
    assert main(["--db", str(db_path), "catalogue", "export", str(path)]) == 0
    return path, json.loads(path.read_text(encoding="utf-8"))


def _import_refused(dump: Callable[[], dict[str, list[str]]], db_path: Target, path: Path,
                    capsys: pytest.CaptureFixture[str]) -> str:
    before = dump()
    capsys.readouterr()
    assert main(["--db", str(db_path), "--user", "mgr", "catalogue", "import", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "Traceback" not in captured.err
    assert captured.err.startswith(f"recovery-desk: {path}: the catalogue was not imported:")
    assert dump() == before
    return captured.err


@pytest.mark.parametrize(("key", "value", "message"), [
    ("format", ["rolling"], "format must be one of: rolling, structured, weekly, closed_cohort, "
                           "open; not a list"),
    ("joining", {}, "joining must be one of: any_week, any_session, cohort_start, not_stated; "
                    "not an object"),
    ("name", ["Recovery Skills"], '"name": a name must be text, not a list.'),
    ("length_weeks", True, '"length_weeks": length in weeks must be a whole number from 1 to '
                           "104, or left out."),
    ("description", "Nul\x00here", '"description": the description cannot contain control '
                                   "characters: character 4 is U+0000 (NUL)."),
])
def test_a_wrong_kind_of_value_is_one_line_naming_group_and_key(
        dump, db_path: Target, tmp_path: Path, capsys: pytest.CaptureFixture[str], key: str,
        value: object, message: str) -> None:
    path, document = _exported(db_path, tmp_path)
    document["groups"][1][key] = value
    path.write_text(json.dumps(document))
    error = _import_refused(dump, db_path, path, capsys)
    assert message in error


@pytest.mark.parametrize(("raw", "message"), [
    ("1" + "0" * 5_000, "the file has a whole number longer than 20 digits (line "),
    ("[" * 100_000 + "]" * 100_000, "the file has lists or objects nested more than 32 deep"),
])
def test_huge_numbers_and_deep_nesting_are_refused(
        dump, db_path: Target, tmp_path: Path, capsys: pytest.CaptureFixture[str], raw: str,
        message: str) -> None:
    path, document = _exported(db_path, tmp_path)
    document["groups"][0]["capacity"] = "@@"
    path.write_text(json.dumps(document).replace('"@@"', raw))
    assert message in _import_refused(dump, db_path, path, capsys)


def test_a_catalogue_saved_with_a_byte_order_mark_is_imported(
        db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path, document = _exported(db_path, tmp_path)
    document["groups"][0]["capacity"] = 9
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(document).encode("utf-8"))
    assert main(["--db", str(db_path), "--user", "mgr", "catalogue", "import", str(path)]) == 0
    assert "1 updated" in capsys.readouterr().out


def _eligibility_refused(signed_in: list[str], path: Path,
                         capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    assert main([*signed_in, "eligibility", str(path), "--on", "2026-11-27"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "Traceback" not in captured.err
    return captured.err


@pytest.mark.parametrize(("dose", "message"), [
    ("1" + "0" * 400, "has a whole number longer than 20 digits (line 1, column 236)"),
    ("1e400", "is not a valid profile:\n  substitute_medication daily_dose_mg must be a number "
              "above 0 and at most 500, not inf"),
    ("true", "is not a valid profile:\n  substitute_medication daily_dose_mg must be a number "
             "above 0 and at most 500, not true"),
])
def test_a_dose_too_big_for_a_float_is_refused_not_an_overflow(
        as_manager,
        db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], dose: str,
        message: str) -> None:
    """A dose of 1 followed by 400 zeros used to end in OverflowError."""
    path = tmp_path / "profile.json"
    data = profile(substitute_medication={"drug": "methadone", "stage": "reducing",
                                          "daily_dose_mg": "@@"})
    path.write_text(json.dumps(data).replace('"@@"', dose))
    refused = _eligibility_refused(as_manager(db_path), path, capsys)
    assert refused == f"recovery-desk: {path} {message}\n"


@pytest.mark.parametrize(("text", "message"), [
    ('{"date_of_birth": ' + "1" * 5_000 + "}", "has a whole number longer than 20 digits "
                                               "(line 1, column 19)"),
    ('{"goals": ' + "[" * 100_000 + "]" * 100_000 + "}", "has lists or objects nested more "
                                                         "than 32 deep (line 1, column 42)"),
    ('{"msm": NaN}', "has NaN (line 1, column 9), which is not a number JSON allows"),
])
def test_profiles_json_cannot_hold_are_one_line(
        as_manager,
        db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str,
        message: str) -> None:
    path = tmp_path / "profile.json"
    path.write_text(text)
    refused = _eligibility_refused(as_manager(db_path), path, capsys)
    assert refused == f"recovery-desk: {path} {message}\n"


def test_a_profile_with_a_byte_order_mark_is_read(
        as_manager,
        db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "profile.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(profile()).encode("utf-8"))
    assert main([*as_manager(db_path), "eligibility", str(path), "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 7


def test_a_profile_file_of_a_megabyte_is_refused_as_the_wrong_file(
        as_manager,
        db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "profile.json"
    path.write_text(json.dumps(profile(goals=["change_use"] * 100_000)))
    assert "is larger than 1 MB, the most an intake profile may be" in \
        _eligibility_refused(as_manager(db_path), path, capsys)
