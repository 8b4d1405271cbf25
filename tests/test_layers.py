"""The layers of the package: each imports only what lies below it, and no import runs in a circle.

`docs/contributing.md` draws the house: which layer each module belongs to and
what it may import. The tests read every module's imports from its source (module
level, type-only and inside functions alike), so a new module that belongs to no
layer, an import that reaches upward, or a circle of imports fails here.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import gloact_model
from tests.conftest import ROOT

PACKAGE = Path(gloact_model.__file__).parent

# Each layer: the libraries it may import (beyond the standard library), and the layers of
# this package it may import. A module's layer is its first name under gloact_model.
LAYERS: dict[str, tuple[set[str], set[str]]] = {
    "errors": (set(), set()),
    "model": ({"attrs", "pycountry"}, {"errors", "model"}),
    "rules": ({"attrs"}, {"errors", "model", "rules"}),
    # reports: tests/test_reports.py also checks that pandas is imported only by to_dataframe.
    "reports": ({"attrs", "pandas"}, {"errors", "model", "reports"}),
    "codec": ({"attrs", "cattrs"}, {"errors", "model", "codec"}),
    "formats": ({"attrs", "yaml", "orjson"}, {"errors", "model", "codec", "formats"}),
    "schema": ({"attrs"}, {"errors", "model", "codec", "schema"}),
    "testing": ({"hypothesis"}, {"errors", "model", "testing"}),
    "cli": (
        set(),
        {"", "errors", "model", "rules", "reports", "codec", "formats", "schema", "cli"},
    ),
    "__main__": (set(), {"cli"}),
    # The package's face re-exports the layers that users import from it directly.
    "": (set(), {"errors", "model", "codec", "formats", "rules", "schema"}),
}

UPWARD_CALLS = {("gloact_model.model.catalogue", "gloact_model.rules")}
"""The one import that reaches up: `Catalogue.validate` runs the rules when it is called.

The design asks for ``catalogue.validate()`` (docs/contributing.md); the rules
import the model, so the catalogue imports them inside `validate` (and names
their report type for the type checker). No other import may reach up or close
a circle.
"""


def _modules() -> dict[str, Path]:
    """Every module of the package by its dotted name (a package by its own name)."""
    found: dict[str, Path] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _layer(module: str) -> str:
    return module.split(".")[1] if "." in module else ""


def _imports(path: Path) -> set[str]:
    """Every module that `path` imports anywhere, by its full dotted name.

    ``from gloact_model.formats import reading`` imports the module
    ``gloact_model.formats.reading``; ``from gloact_model.model import Event`` imports
    ``gloact_model.model``.
    """
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            submodules = {f"{node.module}.{alias.name}" for alias in node.names}
            found |= (submodules & MODULES.keys()) or {node.module}
    return found


def test_every_module_belongs_to_a_layer() -> None:
    assert {_layer(module) for module in MODULES} <= LAYERS.keys()


@pytest.mark.parametrize("layer", LAYERS, ids=lambda layer: layer or "gloact_model")
def test_each_layer_imports_only_what_is_below_it(layer: str) -> None:
    libraries, own = LAYERS[layer]
    paths = {name: path for name, path in MODULES.items() if _layer(name) == layer}
    assert paths, layer
    for name, path in paths.items():
        for module in _imports(path):
            root = module.split(".")[0]
            if root == "gloact_model":
                if (name, module) not in UPWARD_CALLS:
                    assert _layer(module) in own, (name, module)
            else:
                assert root in libraries | set(sys.stdlib_module_names), (name, module)


def _private_imports(path: Path, layer: str) -> list[str]:
    """What `path` imports from another layer by a private name (``_x``) or module."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.ImportFrom) and node.module and not node.level):
            continue
        if not node.module.startswith("gloact_model.") or _layer(node.module) == layer:
            continue
        if any(part.startswith("_") for part in node.module.split(".")):
            found.append(node.module)
        found += [f"{node.module}.{a.name}" for a in node.names if a.name.startswith("_")]
    return found


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_layer_reaches_into_the_private_names_of_another(module: str) -> None:
    assert _private_imports(MODULES[module], _layer(module)) == []


def _graph() -> dict[str, set[str]]:
    return {
        name: {
            module
            for module in _imports(path)
            if module in MODULES and module != name and (name, module) not in UPWARD_CALLS
        }
        for name, path in MODULES.items()
    }


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm)."""
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    circles: list[list[str]] = []

    def visit(node: str) -> None:
        order[node] = low[node] = len(order)
        stack.append(node)
        for after in sorted(graph[node]):
            if after not in order:
                visit(after)
                low[node] = min(low[node], low[after])
            elif after in stack:
                low[node] = min(low[node], order[after])
        if low[node] == order[node]:
            group = []
            while True:
                top = stack.pop()
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                circles.append(sorted(group))

    for node in sorted(graph):
        if node not in order:
            visit(node)
    return circles


def test_no_import_runs_in_a_circle_not_even_for_the_type_checker() -> None:
    assert _circles(_graph()) == []


def test_the_circle_finder_finds_a_circle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _circles(graph) == [["a", "b", "c"]]
    assert _circles({"a": {"b"}, "b": set()}) == []


def test_the_errors_import_nothing_of_the_package() -> None:
    assert not {m for m in _imports(PACKAGE / "errors.py") if m.startswith("gloact_model")}


def test_importing_the_model_pulls_in_neither_yaml_nor_cattrs() -> None:
    code = (
        "import sys, gloact_model.model, gloact_model\n"
        "from gloact_model import Catalogue, Country\n"
        "Country('EG'); Catalogue()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('yaml', 'cattrs')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_validating_pulls_in_neither_yaml_nor_cattrs() -> None:
    code = (
        "import sys\nfrom gloact_model import Catalogue\nCatalogue().validate()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('yaml', 'cattrs')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_every_public_name_is_importable() -> None:
    for name in gloact_model.__all__:
        assert getattr(gloact_model, name) is not None, name
    assert "dumps" in dir(gloact_model)


def test_the_package_is_typed() -> None:
    assert (PACKAGE / "py.typed").exists()


def _house() -> dict[str, set[str]]:
    """The modules drawn in the house of docs/contributing.md, by package ("" for the top).

    A line that starts with ``formats/`` names that package's modules, without
    ``.py``, until the columns of words on the right; lines indented below it go
    on with the same package. A word ending in ``.py`` is a module at the top.
    """
    page = (ROOT / "docs" / "contributing.md").read_text(encoding="utf-8")
    drawing = page.split("```text\n", 1)[1].split("```", 1)[0]
    found: dict[str, set[str]] = {"": set()}
    package = None
    for line in drawing.splitlines():
        words = line[:66].split()
        if not words or not line.startswith("  "):
            package = None
            continue
        if words[0].endswith("/"):
            package, words = words[0].removesuffix("/"), words[1:]
        elif not line.startswith(" " * 12):
            package = None
        found[""].update(word for word in words if word.endswith(".py"))
        if package is not None:
            found.setdefault(package, set()).update(f"{word}.py" for word in words)
    return found


def test_the_house_in_the_docs_draws_every_module_on_its_floor() -> None:
    assert "docs/contributing.md" in (__doc__ or "")
    floors = _house()
    for path in MODULES.values():
        relative = path.relative_to(PACKAGE).as_posix()
        floor, _, file = relative.rpartition("/")
        assert file in floors.get(floor, set()), f"{relative} is not drawn in the house"
