"""The package's import graph, read from the source with ast, against a table of allowed
directions: views -> item_models -> domain -> (schedule, eligibility, exports, catalogue,
vocabulary). Every import counts, including those inside functions."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import recovery_desk

PACKAGE = Path(recovery_desk.__file__).parent
PURE = {"vocabulary", "access", "identifiers", "text_checks", "json_files", "schedule",
        "catalogue", "eligibility", "exports"}
ALLOWED: dict[str, set[str]] = {
    "__init__": set(),
    "vocabulary": set(),
    "identifiers": set(),
    "text_checks": set(),
    "json_files": set(),
    "config": set(),
    "logs": set(),
    "pdf": set(),
    "access": {"vocabulary"},
    "schedule": {"vocabulary", "text_checks"},
    "catalogue": {"vocabulary", "schedule", "text_checks", "json_files"},
    "eligibility": {"vocabulary", "schedule", "catalogue", "text_checks"},
    "exports": {"vocabulary", "schedule", "catalogue"},
    "domain": PURE - {"exports"},
    "cli": PURE | {"domain", "config", "pdf"},
    "item_models": PURE | {"domain"},
    "views": PURE | {"domain", "item_models", "config", "logs", "pdf"},
    "__main__": PURE | {"domain", "cli", "views", "config", "logs"},
}
# pdf renders pages with Qt's GUI module (no widgets), for the window and the CLI alike.
QT_ALLOWED = {"views", "item_models", "pdf"}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _exists(name: str) -> bool:
    relative = Path(*name.split(".")[1:])
    return (PACKAGE / relative).with_suffix(".py").exists() \
        or (PACKAGE / relative / "__init__.py").exists()


def _imports(path: Path) -> tuple[set[str], set[str]]:
    """The project modules a file imports, and the top-level outside packages."""
    ours, outside = set(), set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [f"{node.module}.{alias.name}" for alias in node.names]
            names = [n if _exists(n) else node.module for n in names]
        for name in names:
            if name.startswith("recovery_desk."):
                ours.add(name)
            elif name != "recovery_desk":
                outside.add(name.split(".")[0])
    return ours, outside


def _layer(module: str) -> str:
    parts = module.split(".")
    return "__init__" if len(parts) == 1 else parts[1]


def _graph() -> dict[str, tuple[set[str], set[str]]]:
    return {_module_name(path): _imports(path) for path in PACKAGE.rglob("*.py")
            if "migrations" not in path.parts}


def test_every_import_points_in_an_allowed_direction() -> None:
    """Each module imports only its own layer and the layers the table allows below it."""
    wrong = [f"{module} imports {target}"
             for module, (targets, _) in _graph().items()
             for target in sorted(targets)
             if _layer(target) != _layer(module)
             and _layer(target) not in ALLOWED[_layer(module)]]
    assert wrong == []


def test_every_layer_is_in_the_table() -> None:
    """A new top-level module or package must be given a place in the table."""
    assert {_layer(m) for m in _graph()} <= set(ALLOWED)


def test_only_views_and_item_models_import_qt() -> None:
    offenders = sorted(module for module, (_, outside) in _graph().items()
                       if outside & {"PySide6", "shiboken6"}
                       and _layer(module) not in QT_ALLOWED)
    assert offenders == []


def test_no_module_imports_one_that_imports_it_back() -> None:
    """No cycles in the module graph (Tarjan's strongly connected components)."""
    graph = {module: {t for t in targets if t in _graph_names}
             for module, (targets, _) in _graph().items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in graph:
        if node not in index:
            visit(node)
    assert cycles == []


_graph_names = set(_graph())


def test_the_pure_packages_load_neither_sqlalchemy_nor_qt() -> None:
    """Importing every module of the pure packages in a fresh interpreter loads neither."""
    pure = sorted(m for m in _graph_names if _layer(m) in PURE)
    code = ("import sys\n" + "".join(f"import {m}\n" for m in pure)
            + "print(sorted({m.split('.')[0] for m in sys.modules} & "
              "{'sqlalchemy', 'PySide6', 'shiboken6'}))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"


def test_the_data_layer_and_the_cli_load_without_qt() -> None:
    """Scripts and the CLI never need a display."""
    # The CLI's modules load Qt only inside the one verb that writes a PDF.
    modules = sorted(m for m in _graph_names if _layer(m) in {"domain", "cli", "__main__"})
    code = ("import sys\n" + "".join(f"import {m}\n" for m in modules)
            + "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken'))))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"
