"""No function in recovery_desk runs past 60 lines, so each part a reader meets has a name.

Migrations are exempt: each is one long, dated script of DDL that is read top to bottom and never
edited again.
"""

from __future__ import annotations

import ast
from pathlib import Path

import recovery_desk

PACKAGE = Path(recovery_desk.__file__).parent
MOST_LINES = 60
EXEMPT_FOLDER = PACKAGE / "domain" / "store" / "migrations"


def long_functions(root: Path) -> list[str]:
    """Each function under root (migrations aside) over MOST_LINES, as 'file:function (N lines)'."""
    found = []
    for path in sorted(root.rglob("*.py")):
        if path.is_relative_to(EXEMPT_FOLDER):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                if lines > MOST_LINES:
                    found.append(f"{path.relative_to(root.parent)}:{node.name} ({lines} lines)")
    return found


def test_no_function_is_longer_than_sixty_lines() -> None:
    """Every function outside the migrations fits in 60 lines."""
    assert long_functions(PACKAGE) == []


def test_a_long_function_is_named_with_its_length(tmp_path: Path) -> None:
    """The check finds a long function and reports its file, name and length."""
    room = tmp_path / "room"
    room.mkdir()
    body = "".join(f"    x{n} = {n}\n" for n in range(MOST_LINES))
    (room / "long.py").write_text(f"def sprawling():\n{body}\n\ndef short():\n    pass\n")
    assert long_functions(room) == [f"room/long.py:sprawling ({MOST_LINES + 1} lines)"]
