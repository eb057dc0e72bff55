"""The load benchmark (tests/benchmarks/load.py), run for a few seconds with two desks so it
keeps working as the services change: every interaction runs, places are made, nothing fails
but refusals, and the invariants it checks hold."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.backends import SERVER

LOAD = Path(__file__).resolve().parents[1] / "benchmarks" / "load.py"


@pytest.mark.slow
def test_two_desks_for_three_seconds_keep_the_rules(postgresql) -> None:
    """A tiny run of the benchmark: figures for each interaction and the checks passed."""
    run = subprocess.run([sys.executable, str(LOAD), SERVER, "--desks", "2", "--seconds", "3",
                          "--baseline-seconds", "1", "--people", "20", "--json"],
                         capture_output=True, text=True, timeout=300, check=False)
    assert run.returncode == 0, run.stderr[-2000:]
    figures = json.loads(run.stdout)
    together = figures["together"]
    assert together["errors"] == {}
    assert together["booked"] > 0
    for name in ("search", "open a record", "book", "save a register"):
        assert together["interactions"][name]["done"] > 0, name
    assert figures["invariants"]["holds"] and figures["invariants"]["audit_rows"] > 0
    assert "places made:" in run.stderr
