"""`recovery-desk report`: the JSON shape with exact numbers, groups by name in any case, the
plain output with definitions, and one-line errors with exit status 2."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from recovery_desk.__main__ import main
from recovery_desk.domain.operations.setup import open_database
from recovery_desk.domain.reports.report_figures import JSON_KEYS
from recovery_desk.domain.service import catalogue_service
from tests.backends import Target
from tests.conftest import CATALOGUE
from tests.domain.test_report_service import december_database  # noqa: F401  (a fixture)

DECEMBER = ["--from", "2026-12-01", "--to", "2026-12-31"]


@pytest.fixture
def december_path(december_database: Target) -> Target:  # noqa: F811
    return december_database


def _run(signed_in: list[str], *arguments: str) -> int:
    try:
        return main([*signed_in, "report", *arguments])
    except SystemExit as exit_:
        return int(exit_.code or 0)


def test_json_for_two_groups_with_exact_small_numbers(
        as_manager, december_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(as_manager(december_path), *DECEMBER, "--group", "reduced drinking programme",
                "--group", "Recovery Skills", "--json") == 0
    shape = json.loads(capsys.readouterr().out)
    assert (shape["from"], shape["to"]) == ("2026-12-01", "2026-12-31")
    assert [g["group"] for g in shape["groups"]] == ["Recovery Skills",
                                                     "Reduced Drinking Programme"]
    assert shape["groups"][1] == {
        "group": "Reduced Drinking Programme", "retired": False, "sessions_planned": 9,
        "sessions_run": 3,
        "sessions_closed": 2, "starters": 4, "completed": 1, "left_early": 2, "marks": 15,
        "attended": 10, "late": 1, "apologies": 1, "did_not_attend": 3,
        "attendance_rate": 0.7333, "dna_rate": 0.2, "wait_days_median": 8.5,
        "wait_days_p90": 13, "waiting_at_end": 0}
    assert shape["groups"][0]["attendance_rate"] is None
    assert list(shape["total"]) == list(JSON_KEYS)
    assert shape["total"]["waiting_at_end"] == 1 and shape["total"]["wait_days_median"] == 10


def test_without_groups_every_active_group_is_reported(
        as_manager, december_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(as_manager(december_path), *DECEMBER, "--json") == 0
    assert len(json.loads(capsys.readouterr().out)["groups"]) == 7


def test_without_groups_a_retired_group_that_met_is_reported_and_marked(
        as_manager, december_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Recovery Skills retired after December still had places and a wait in it; the MSM
    Group, retired before, met in none of it."""
    db, actor = open_database(december_path, CATALOGUE, today=date(2027, 1, 2))
    groups = {g.name: g.id for g in catalogue_service.list_groups(db, actor)}
    catalogue_service.set_group_active(db, actor, groups["Recovery Skills"], False,
                                       date(2027, 1, 2))
    catalogue_service.set_group_active(db, actor, groups["MSM Group"], False,
                                       date(2026, 11, 28))
    db.dispose()
    signed = as_manager(december_path)
    assert _run(signed, *DECEMBER, "--json") == 0
    shape = json.loads(capsys.readouterr().out)
    retired = {g["group"]: g["retired"] for g in shape["groups"]}
    assert retired["Recovery Skills"] is True and "MSM Group" not in retired
    assert len(retired) == 6
    assert _run(signed, *DECEMBER) == 0
    assert "\nRecovery Skills (retired)\n" in capsys.readouterr().out


def test_plain_output_has_a_block_per_group_and_the_definitions(
        as_manager,
        december_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(as_manager(december_path), *DECEMBER, "--group", "Reduced Drinking Programme") == 0
    out = capsys.readouterr().out
    assert out.startswith("Group-work report: Hackney Recovery Service, Tue 1 Dec 2026 to "
                          "Thu 31 Dec 2026\n\nReduced Drinking Programme\n")
    assert "  Attendance rate" in out and "73.3%" in out
    assert "  Attendance rate: (Attended + late) ÷ register marks." in out


@pytest.mark.parametrize(("arguments", "message"), [
    (["--from", "2026-12-10", "--to", "2026-12-01"],
     "recovery-desk: the period runs backwards: --from 2026-12-10 is after --to 2026-12-01"),
    (["--from", "2026-02-30", "--to", "2026-12-01"],
     "'2026-02-30' does not exist: February 2026 has 28 days"),
    (["--from", "1/12/2026", "--to", "2026-12-01"],
     "'1/12/2026' is not a date in the form YYYY-MM-DD"),
    (["--to", "2026-12-01"], "the following arguments are required: --from"),
    ([*DECEMBER, "--group", "Knitting"],
     "recovery-desk: there is no group called 'Knitting'; the groups are: Abstinence Day "
     "Programme, "),
])
def test_mistakes_are_one_line_and_exit_2(
        as_manager, db_path: Path, capsys: pytest.CaptureFixture[str],
                                          arguments: list[str], message: str) -> None:
    assert _run(as_manager(db_path), *arguments) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_help_does_not_load_the_data_layer() -> None:
    code = ("import sys\nfrom recovery_desk.__main__ import main\ntry:\n"
            "    main(['report', '--help'])\nexcept SystemExit:\n    pass\n"
            "print('sqlalchemy' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert "--group NAME" in result.stdout
    assert result.stdout.strip().endswith("False")
