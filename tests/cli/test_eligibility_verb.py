"""`recovery-desk eligibility`: the JSON per group, and bad profiles as exit 2 with reasons."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from recovery_desk.__main__ import main
from tests.unit.eligibility.test_rules import profile


def _run(signed_in: list[str], path: Path, *extra: str) -> int:
    return main([*signed_in, "eligibility", str(path), *extra])


def test_one_object_per_active_group(
        as_manager, db_path: Path, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "profile.json"
    path.write_text(json.dumps(profile(abstinent_from_illicit_since="2026-11-24",
                                       goals=["maintain_abstinence"])))
    assert _run(as_manager(db_path), path, "--on", "2026-11-27", "--json") == 0
    results = {r["group"]: r for r in json.loads(capsys.readouterr().out)}
    assert len(results) == 7
    adp = results["Abstinence Day Programme"]
    assert adp == {"group": "Abstinence Day Programme", "outcome": "not_eligible",
                   "reasons": ["not eligible: abstinent 3 days from all illicit "
                               "substances; this group needs 7 days"],
                   "met": ["wants to maintain abstinence"],
                   "referral_required": True, "eligible_from": "2026-12-01"}
    assert results["MSM Group"]["outcome"] == "needs_review"


def test_a_profile_that_is_not_json(
        as_manager, db_path: Path, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "profile.json"
    path.write_text('{"sex": "male",\n')
    assert _run(as_manager(db_path), path, "--json") == 2
    error = capsys.readouterr().err
    assert "is not valid JSON (line 2, column 1" in error and "Traceback" not in error


def test_a_profile_that_breaks_the_schema_names_each_problem(
        as_manager,
        db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "profile.json"
    path.write_text(json.dumps(profile(sex="man", substances=[{"name": "alcohol",
                                                                "days_used_last_28": 29}])))
    assert _run(as_manager(db_path), path, "--on", "2026-11-27", "--json") == 2
    captured = capsys.readouterr()
    assert "sex 'man' is not one of" in captured.err
    assert "from 0 to 28, not 29" in captured.err
    assert captured.out == ""


def test_a_missing_file_and_a_bad_date(
        as_manager, db_path: Path, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(as_manager(db_path), tmp_path / "none.json", "--json") == 2
    assert "cannot read" in capsys.readouterr().err
    with pytest.raises(SystemExit) as caught:
        _run(as_manager(db_path), tmp_path / "none.json", "--on", "27/11/2026")
    assert caught.value.code == 2
    assert "'27/11/2026' is not a date" in capsys.readouterr().err
