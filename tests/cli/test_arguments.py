"""Arguments are read before anything heavy loads: --help, --version and every argument
mistake answer without importing SQLAlchemy (or Qt), checked in a fresh interpreter."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("sqlalchemy", "alembic", "PySide6", "holidays", "recovery_desk.domain")
SCRIPT = f"""
import sys
from recovery_desk.__main__ import main
try:
    code = main(sys.argv[1:])
except SystemExit as stop:
    code = stop.code
loaded = sorted(m for m in sys.modules if m.startswith({HEAVY!r}))
print("LOADED", loaded, "CODE", code)
"""


def _run(arguments: list[str]) -> tuple[str, str]:
    result = subprocess.run([sys.executable, "-c", SCRIPT, *arguments], capture_output=True,
                            text=True, timeout=60)
    return result.stdout.splitlines()[-1], result.stderr


@pytest.mark.parametrize(("arguments", "code"), [
    (["--help"], 0),
    (["--version"], 0),
    (["sessions", "--help"], 0),
    (["catalogue", "--bogus"], 2),
    (["no-such-verb"], 2),
    (["sessions", "--from", "2026-13-01", "--to", "2026-12-01"], 2),
    (["capacity", "--on", "tomorrow"], 2),
    (["--self-test", "catalogue"], 2),
])
def test_help_and_argument_mistakes_load_no_data_layer(arguments: list[str], code: int) -> None:
    last, _ = _run(arguments)
    assert last == f"LOADED [] CODE {code}"


def test_a_mistake_is_one_line_on_stderr() -> None:
    _, error = _run(["sessions", "--from", "2026-13-01", "--to", "2026-12-01"])
    assert error == ("recovery-desk sessions: argument --from: '2026-13-01' does not exist: "
                     "there is no month 13 (see --help)\n")


def test_the_command_exits_with_the_verb_s_status(tmp_path) -> None:
    """`python -m recovery_desk` (as the installed command) passes on main()'s status."""
    missing = tmp_path / "missing" / "desk.sqlite3"
    result = subprocess.run([sys.executable, "-m", "recovery_desk", "--db", str(missing),
                             "catalogue"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.startswith(f"recovery-desk: cannot open the database {missing}")
