"""`recovery-desk sessions`: the JSON shape, closures, and one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from recovery_desk.__main__ import main


def test_sessions_json_over_christmas(
        as_manager, db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*as_manager(db_path), "sessions", "--from", "2026-12-24", "--to", "2026-12-28",
                 "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[0] == {"group": "Abstinence Day Programme", "date": "2026-12-24",
                       "start": "13:30", "end": "15:00", "status": "scheduled", "closure": None}
    christmas = [r for r in rows if r["date"] == "2026-12-25"]
    assert [r["group"] for r in christmas] == ["Recovery Skills", "Abstinence Day Programme"]
    assert all(r["status"] == "closed" and r["closure"] == "Bank holiday: Christmas Day"
               for r in christmas)
    assert [(r["date"], r["start"] or "") for r in rows] == sorted(
        (r["date"], r["start"] or "") for r in rows)


def test_one_group_and_a_time_to_be_confirmed(
        as_manager, db_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*as_manager(db_path), "sessions", "--from", "2026-12-01", "--to", "2026-12-31",
                 "--group", "MSM Group", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["date"], r["start"], r["end"]) for r in rows] == [
        ("2026-12-03", None, None), ("2026-12-17", None, None)]


@pytest.mark.parametrize(("arguments", "message"), [
    (["--from", "2026-12-10", "--to", "2026-12-01"], "the range runs backwards"),
    (["--from", "2026-13-01", "--to", "2026-12-01"], "'2026-13-01' does not exist"),
    (["--from", "1 Dec", "--to", "2026-12-01"], "'1 Dec' is not a date in the form YYYY-MM-DD"),
    (["--from", "2026-12-01"], "the following arguments are required: --to"),
    (["--from", "2026-12-01", "--to", "2026-12-02", "--group", "Knitting"],
     "there is no active group called 'Knitting'"),
])
def test_bad_arguments_are_exit_2_with_one_line(
        as_manager, db_path: Path, capsys: pytest.CaptureFixture[str],
                                                arguments: list[str], message: str) -> None:
    try:
        code = main([*as_manager(db_path), "sessions", *arguments, "--json"])
    except SystemExit as exit_:
        code = exit_.code
    assert code == 2
    captured = capsys.readouterr()
    assert message in captured.err and captured.err.count("\n") == 1
    assert "Traceback" not in captured.err and captured.out == ""
