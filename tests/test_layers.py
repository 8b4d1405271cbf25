"""The layers of DESIGN.md: the model stands alone, without formats or cattrs."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import gloact_model

PACKAGE = Path(gloact_model.__file__).parent


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


def test_the_model_imports_only_attrs_pycountry_and_the_standard_library() -> None:
    allowed = {"attrs", "pycountry", "gloact_model"} | set(sys.stdlib_module_names)
    for path in (PACKAGE / "model").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                roots = {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                roots = {node.module.split(".")[0]}
            else:
                continue
            assert roots <= allowed, (path.name, roots)
            if "gloact_model" in roots and isinstance(node, ast.ImportFrom) and node.module:
                # Catalogue.validate imports the rules layer when it is called, not before.
                assert node.module in ("gloact_model.errors", "gloact_model.rules") or (
                    node.module.startswith("gloact_model.model")
                ), (path.name, node.module)


# What each layer above the model may import: other libraries, and the package's own modules.
LAYERS: dict[str, tuple[set[str], set[str]]] = {
    "rules": ({"attrs"}, {"errors", "model", "rules"}),
    # reports: tests/test_reports.py also checks that pandas is imported only by to_dataframe.
    "reports": ({"attrs", "pandas"}, {"errors", "model", "reports"}),
    "codec": ({"attrs", "cattrs"}, {"errors", "model", "codec"}),
    "schema": ({"attrs"}, {"errors", "model", "codec", "schema"}),
}


def _imports(path: Path) -> set[str]:
    """Every module that `path` imports, by its full dotted name."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
    return found


@pytest.mark.parametrize("layer", LAYERS)
def test_each_layer_imports_only_what_is_below_it(layer: str) -> None:
    libraries, own = LAYERS[layer]
    paths = [PACKAGE / f"{layer}.py"] if (PACKAGE / f"{layer}.py").exists() else []
    paths += sorted((PACKAGE / layer).glob("*.py"))
    assert paths, layer
    for path in paths:
        for module in _imports(path):
            root, _, rest = module.partition(".")
            if root == "gloact_model":
                assert rest.split(".")[0] in own, (path.name, module)
            else:
                assert root in libraries | set(sys.stdlib_module_names), (path.name, module)


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
