"""The package's import graph, read from the source with ast, against tables of allowed
directions: views -> item_models -> rows, domain -> rows -> (schedule, eligibility, exports,
catalogue, vocabulary), and inside domain/ and views/ between their rooms. Every import counts,
including those inside functions.

`python -m tests.unit.test_layering` prints the modules in each room and the arrows between
rooms, from the same graph."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections import Counter
from pathlib import Path

import recovery_desk

PACKAGE = Path(recovery_desk.__file__).parent
PURE = {"vocabulary", "access", "identifiers", "text_checks", "json_files", "schedule",
        "catalogue", "eligibility", "exports", "rows"}
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
    # The plain rows the services fill and the screens show: values only.
    "rows": {"vocabulary", "catalogue", "schedule"},
    "domain": PURE - {"exports"},
    "cli": PURE | {"domain", "config", "pdf"},
    # Item models show plain rows; they never reach a service (so never SQLAlchemy).
    "item_models": PURE,
    "views": PURE | {"domain", "item_models", "config", "logs", "pdf"},
    "self_test": PURE | {"domain", "views", "config", "logs", "pdf"},
    "__main__": PURE | {"domain", "cli", "views", "self_test", "config", "logs"},
}
# Rooms inside the two large layers, each with the rooms it may import. The data layer's store
# is the ground floor; operations (set-up, demo, backups, transfer) use the services, so they
# stand on top. In the window, the shell wires every tab and dialog; tabs and dialogs stand on
# the frame (context, tab protocol) and the shared widgets.
_SERVICES = {"domain.store", "domain.service"}
_SCREEN = {"views.frame", "views.widgets"}
ROOMS: dict[str, set[str]] = {
    "domain.store": set(),
    "domain.service": {"domain.store"},
    "domain.people": _SERVICES,
    "domain.places": _SERVICES,
    "domain.reports": _SERVICES,
    "domain.staff": _SERVICES,
    # Texts and emails: the set-up, the reminders, the sender and the outbox's lists (the
    # messages themselves are written by their causes through domain/service/outbox.py).
    "domain.messages": _SERVICES,
    "domain.operations": _SERVICES | {"domain.people", "domain.places", "domain.reports",
                                      "domain.staff", "domain.messages"},
    "views.widgets": set(),
    "views.frame": {"views.widgets"},
    "views.person": _SCREEN,
    "views.messages": _SCREEN,
    # The register's walk-ins are found with the intake tab's person finder.
    "views.timetable": _SCREEN | {"views.person", "views.intake", "views.messages"},
    "views.catalogue": _SCREEN | {"views.person"},
    "views.intake": _SCREEN | {"views.person"},
    "views.review": _SCREEN | {"views.person"},
    "views.reports": _SCREEN,
    "views.manager": _SCREEN,
    "views.shell": _SCREEN | {"views.person", "views.timetable", "views.catalogue",
                              "views.intake", "views.review", "views.reports",
                              "views.manager", "views.messages"},
}
# pdf renders pages with Qt's GUI module (no widgets), for the window and the CLI alike.
QT_ALLOWED = {"views", "item_models", "pdf", "self_test"}


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


def _room(module: str) -> str:
    """`domain.store` for recovery_desk.domain.store.models; the layer for anything else."""
    parts = module.split(".")
    if len(parts) >= 3 and f"{parts[1]}.{parts[2]}" in ROOMS:
        return f"{parts[1]}.{parts[2]}"
    return _layer(module)


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


def test_every_import_between_rooms_points_in_an_allowed_direction() -> None:
    """Inside domain/ and views/, each room imports only itself and the rooms below it."""
    wrong = [f"{module} imports {target}"
             for module, (targets, _) in _graph().items()
             for target in sorted(targets)
             if _layer(module) == _layer(target)
             and _room(module) in ROOMS and _room(target) in ROOMS
             and _room(target) != _room(module)
             and _room(target) not in ROOMS[_room(module)]]
    assert wrong == []


def test_every_module_of_domain_and_views_stands_in_a_room() -> None:
    """A module added at the top of domain/ or views/ must be given a room (and a row here)."""
    loose = sorted(m for m in _graph() if _layer(m) in {"domain", "views"}
                   and m not in {"recovery_desk.domain", "recovery_desk.views"}
                   and _room(m) not in ROOMS)
    assert loose == []


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


def test_item_models_import_nothing_from_the_data_layer() -> None:
    """Item models are fed plain rows: not one import of recovery_desk.domain, even inside a
    function."""
    reaching = sorted(f"{module} imports {target}"
                      for module, (targets, _) in _graph().items()
                      if _layer(module) == "item_models"
                      for target in targets if _layer(target) == "domain")
    assert reaching == []


def test_the_item_models_load_without_sqlalchemy() -> None:
    """Importing every item model in a fresh interpreter loads no SQLAlchemy and no service."""
    models = sorted(m for m in _graph_names if _layer(m) == "item_models")
    code = ("import sys\n" + "".join(f"import {m}\n" for m in models)
            + "print(sorted(m for m in sys.modules "
              "if m.startswith(('sqlalchemy', 'recovery_desk.domain'))))")
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


def main() -> None:
    """Print the modules in each room (or layer) and the arrows between rooms."""
    graph = _graph()
    modules = Counter(_room(m) for m in graph if not m.endswith(("domain", "views")))
    arrows = Counter((_room(m), _room(t)) for m, (targets, _) in graph.items()
                     for t in targets if _room(t) != _room(m))
    print("modules per room:")
    for room, n in sorted(modules.items()):
        print(f"  {room:20} {n}")
    pairs = {pair for pair in arrows}
    print(f"arrows between rooms: {sum(arrows.values())} imports over {len(pairs)} pairs")
    for (a, b), n in sorted(arrows.items()):
        print(f"  {a:20} -> {b:20} {n}")


if __name__ == "__main__":
    main()
