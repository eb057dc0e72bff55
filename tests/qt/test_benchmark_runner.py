"""The benchmark runner's parts (tests/benchmarks/run.py) on a small generated database: every
interaction runs through the real entry points with arguments it found by querying, its SQL is
counted and can be EXPLAINed, and bookings per second count only bookings that succeeded.

run.py itself takes minutes and is run by hand; this keeps its parts in step with the app.
"""

from __future__ import annotations

import importlib
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
TODAY = date(2026, 11, 27)


@pytest.fixture(scope="module")
def bench() -> Iterator[dict[str, ModuleType]]:
    with pytest.MonkeyPatch.context() as patch:
        patch.syspath_prepend(str(BENCHMARKS))
        yield {name: importlib.import_module(name) for name in (
            "generate", "interactions", "intake_panel", "timing", "explain", "booking_rate",
            "audit_verify", "run")}


@pytest.fixture(scope="module")
def generated(bench: dict[str, ModuleType], tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("runner") / "small.sqlite3"
    bench["generate"].generate(path, 120, 1, TODAY, 1)
    return path


@pytest.fixture
def log(bench: dict[str, ModuleType]):
    """Counting every Engine's statements for this test only."""
    statements = bench["timing"].StatementLog()
    statements.install()
    yield statements
    statements.remove()


@pytest.fixture
def desk(bench: dict[str, ModuleType], generated: Path,
         tmp_path: Path):
    """The runner's view of a copy of the small database (its interactions write)."""
    path = tmp_path / "small.sqlite3"
    shutil.copyfile(generated, path)
    desk = bench["interactions"].Desk("small", path, TODAY)
    yield desk
    desk.close()


def test_every_interaction_runs_once_and_its_statements_are_counted(
        bench: dict[str, ModuleType], desk, log, qapp) -> None:
    """Each of the eleven interactions runs on arguments chosen from the database; the database
    ones send SQL, the eligibility panel none."""
    items = desk.interactions()
    panel = bench["intake_panel"].PanelUpdate(qapp, desk.db, desk.actor, TODAY,
                                              desk.longest_history()[0])
    counted = {}
    for item in [*items, bench["interactions"].Interaction("eligibility panel update", panel,
                                                          "")]:
        log.start()
        value = item.run()
        counted[item.name] = log.stop()
        if item.settle is not None:
            item.settle(value)
    panel.close()
    assert list(counted) == list(bench["interactions"].NAMES)
    assert counted.pop("eligibility panel update") == (0, 0)
    assert all(statements > 0 and transactions >= 1
               for statements, transactions in counted.values())


def test_the_statements_of_an_interaction_can_be_explained(
        bench: dict[str, ModuleType], desk, log) -> None:
    """EXPLAIN QUERY PLAN runs on every statement the register save sent, with its values."""
    save = desk.interactions()[0]
    log.start(keep=True)
    save.run()
    log.stop()
    plans = bench["explain"].plans(log.kept, desk.path, {"attendance": 1})
    assert plans and all(plan.lines for plan in plans)


def test_bookings_per_second_count_only_bookings_made(
        bench: dict[str, ModuleType], desk) -> None:
    """With synchronous=FULL, every attempt books (each place is deleted before the next)."""
    desk.interactions()
    rate = bench["booking_rate"].measure([desk], 4)
    assert rate["synchronous"] == {"small": "FULL"}
    assert rate["small"]["booked"] == 4 and rate["small"]["refused"] == 0
    assert rate["small"]["bookings_per_s"] > 0 and rate["small"]["audited_write_per_s"] > 0


def test_audit_verify_is_timed_both_ways_and_both_agree(
        bench: dict[str, ModuleType], generated: Path) -> None:
    """The generated trail holds both ways, counted alike; rows a second and a ratio given."""
    figures = bench["audit_verify"].measure(generated)
    assert figures["same_result"] and figures["rows"] > 1000
    assert figures["new_rows_per_s"] > 0 and figures["ratio"] > 0
    assert "rows/s" in bench["audit_verify"].describe(figures)


@pytest.mark.parametrize(("arguments", "message"), [
    (["--runs", "0"], "--runs and --start-rounds must be at least 1"),
    (["--large-db", "no-such.sqlite3"], "--large-db no-such.sqlite3: no such file"),
    (["--today", "27/11/2026"], "'27/11/2026' is not a date in the form YYYY-MM-DD"),
])
def test_the_runner_refuses_wrong_arguments_with_the_reason(
        bench: dict[str, ModuleType], capsys: pytest.CaptureFixture[str],
        arguments: list[str], message: str) -> None:
    """Status 2 and a message naming the mistake, before anything is measured."""
    with pytest.raises(SystemExit) as ended:
        bench["run"].main(arguments)
    assert ended.value.code == 2
    assert message in capsys.readouterr().err


def test_a_file_that_is_not_a_database_is_refused_and_left_alone(
        bench: dict[str, ModuleType], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    """The runner says it cannot measure on the file, and the file is as it was."""
    notes = tmp_path / "notes.sqlite3"
    notes.write_text("not a database")
    assert bench["run"].main(["--large-db", str(notes), "--runs", "1"]) == 2
    assert f"cannot measure on {notes}: file is not a database" in capsys.readouterr().err
    assert notes.read_text() == "not a database"
