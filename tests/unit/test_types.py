"""mypy over the package as pyproject.toml configures it: strict on the pure packages, the
bodies of unannotated functions checked everywhere else, and a type-ignore comment that silences
nothing is an error. Running it here puts it in the README's test command and in CI.

The cache is mypy's own (.mypy_cache, ignored by git), so a second run takes seconds."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.unit.test_layering import PURE

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_the_package_type_checks() -> None:
    """mypy finds no error in recovery_desk, an unused type-ignore comment included."""
    run = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True,
                         text=True, timeout=600)
    assert run.returncode == 0, f"mypy found errors:\n{run.stdout}{run.stderr}"


def test_the_pure_packages_are_the_strict_ones() -> None:
    """mypy's strict override names exactly the packages the layering test calls pure."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
    strict = [o for o in config["overrides"] if o.get("disallow_untyped_defs")]
    assert len(strict) == 1
    named = {m.removeprefix("recovery_desk.").removesuffix(".*") for m in strict[0]["module"]}
    assert named == PURE
