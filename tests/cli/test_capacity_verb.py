"""`recovery-desk capacity`: per active group, places, free, waiting, finishing soon."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from recovery_desk.__main__ import main
from recovery_desk.domain.operations.demo import DEMO_PASSWORD
from recovery_desk.domain.operations.setup import open_database
from tests.conftest import CATALOGUE


def test_capacity_json_for_the_demo(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Capacity is the service's figures: a keyworker signs in for them."""
    monkeypatch.setenv("RECOVERY_DESK_PASSWORD", DEMO_PASSWORD)
    from datetime import date

    demo = tmp_path / "demo.sqlite3"
    db, _ = open_database(demo, CATALOGUE, demo=True, today=date(2026, 11, 27))
    db.dispose()
    assert main(["--db", str(demo), "--user", "demo-keyworker", "capacity", "--on", "2026-11-27",
                 "--json"]) == 0
    rows = {r["group"]: r for r in json.loads(capsys.readouterr().out)}
    assert len(rows) == 7
    adp = rows["Abstinence Day Programme"]
    assert (adp["capacity"], adp["active"], adp["free"], adp["waiting"]) == (12, 12, 0, 3)
    assert set(adp) == {"group", "capacity", "active", "free", "waiting",
                        "finishing_within_4_weeks"}
    assert rows["Low Dose Group"]["active"] == 0


def test_a_bad_date_is_one_line_and_exit_2(db_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--db", str(db_path), "capacity", "--on", "tomorrow"])
    assert caught.value.code == 2
    assert capsys.readouterr().err.count("\n") == 1
