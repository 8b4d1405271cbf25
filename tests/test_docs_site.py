"""The documentation site: its structure, checked without building it, and then built.

The fast tests keep the site whole as the code changes: every page is in the nav, every
public name is in the API reference, the glossary names every class and vocabulary, and the
format reference lists every key of every record with its default. The last test builds
the site with `mkdocs build --strict`, when the docs extra is installed.
"""

from __future__ import annotations

import enum
import importlib
import importlib.util
import os
import re
import subprocess
import sys
import types
import typing
from datetime import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
import yaml

import gloact_model
from gloact_model import Country, PartialDate, to_dict
from gloact_model import model as model_layer

ROOT = Path(__file__).parent.parent
DOCS = ROOT / "docs"


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, whose `!relative` and `!ENV` tags are mkdocs' own."""


def _tagged(loader: yaml.SafeLoader, tag_suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)  # type: ignore[arg-type]


_ConfigLoader.add_multi_constructor("!", _tagged)


def mkdocs_config() -> dict[str, Any]:
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = yaml.load(text, _ConfigLoader)
    assert isinstance(config, dict)
    return config


def nav_pages(entry: object) -> list[str]:
    """Every page that a nav entry names, in order."""
    if isinstance(entry, str):
        return [entry]
    if isinstance(entry, list):
        return [page for item in entry for page in nav_pages(item)]
    if isinstance(entry, dict):
        return [page for value in entry.values() for page in nav_pages(value)]
    raise AssertionError(f"unexpected nav entry {entry!r}")


def section(text: str, heading: str) -> str:
    """The text under a Markdown heading (`## Name` or `### Name`), up to the next one as high."""
    level = heading.split(" ", 1)[0]
    match = re.search(
        rf"^{re.escape(heading)}\n(.*?)(?=^#{{1,{len(level)}}} |\Z)", text, re.S | re.M
    )
    assert match is not None, f"no heading {heading!r}"
    return match.group(1)


def table_rows(text: str) -> list[list[str]]:
    """The body rows of the Markdown tables in `text`, as lists of stripped cells."""
    rows = []
    for line in text.splitlines():
        if not line.startswith("|") or re.fullmatch(r"\|(\s*:?-+:?\s*\|)+", line):
            continue
        cells = [cell.strip() for cell in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
        rows.append(cells)
    return [row for row in rows if row[:1] not in (["key"], ["member"])]


# The nav ---------------------------------------------------------------------------------


def test_strict_and_offline() -> None:
    config = mkdocs_config()
    assert config["strict"] is True
    assert config["theme"]["name"] == "material"
    assert config["theme"]["font"] is False  # no Google fonts fetched at build time
    plugins = [p if isinstance(p, str) else next(iter(p)) for p in config["plugins"]]
    assert "social" not in plugins  # social cards fetch fonts
    assert "privacy" not in plugins  # it downloads external assets
    assert set(config["validation"].values()) == {"warn"}
    python = config["plugins"][plugins.index("mkdocstrings")]["mkdocstrings"]["handlers"]["python"]
    assert python["paths"] == ["src"]
    assert not python.get("inventories")  # other projects' inventories are downloads


def test_every_page_is_in_the_nav_and_every_nav_entry_exists() -> None:
    pages = nav_pages(mkdocs_config()["nav"])
    assert len(pages) == len(set(pages)), "a page is in the nav twice"
    on_disk = {str(p.relative_to(DOCS)) for p in DOCS.rglob("*.md")}
    assert sorted(on_disk - set(pages)) == [], "pages missing from the nav in mkdocs.yml"
    assert sorted(set(pages) - on_disk) == [], "nav entries without a page"


def test_the_changelog_page_includes_the_changelog() -> None:
    page = (DOCS / "changelog.md").read_text(encoding="utf-8")
    assert page.strip() == '--8<-- "CHANGELOG.md"'
    extensions = mkdocs_config()["markdown_extensions"]
    snippets = next(e for e in extensions if isinstance(e, dict) and "pymdownx.snippets" in e)
    assert snippets["pymdownx.snippets"]["check_paths"] is True


# The API reference ------------------------------------------------------------------------

_DIRECTIVE = re.compile(r"^::: (?P<identifier>[\w.]+)\n(?P<options>(?:    .*\n|\n)*)", re.M)


def directives() -> list[tuple[str, str, dict[str, Any]]]:
    """Each `::: identifier` of the API pages, with its page and its options."""
    found = []
    for page in sorted((DOCS / "api").glob("*.md")):
        text = page.read_text(encoding="utf-8")
        for match in _DIRECTIVE.finditer(text):
            block = "\n".join(line[4:] for line in match["options"].splitlines())
            options = (yaml.safe_load(block) or {}).get("options", {})
            found.append((page.name, match["identifier"], options))
    return found


def resolve(identifier: str) -> object:
    """The object an identifier names: a module, or a name inside one."""
    parts = identifier.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            found: object = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for name in parts[cut:]:
            found = getattr(found, name)
        return found
    raise AssertionError(f"{identifier} names nothing")


def test_every_directive_names_something() -> None:
    found = directives()
    assert found
    for page, identifier, _ in found:
        assert identifier.startswith("gloact_model"), (page, identifier)
        resolve(identifier)


def test_every_public_name_is_in_the_api_reference() -> None:
    documented: dict[str, list[object]] = {}
    for _, identifier, options in directives():
        target = resolve(identifier)
        if isinstance(target, types.ModuleType):
            names = options.get("members") or getattr(target, "__all__", [])
            for name in names:
                documented.setdefault(name, []).append(getattr(target, name))
        else:
            documented.setdefault(identifier.rsplit(".", 1)[1], []).append(target)
    missing = [
        name
        for name in gloact_model.__all__
        if not any(obj is getattr(gloact_model, name) for obj in documented.get(name, []))
    ]
    assert missing == [], "names of gloact_model.__all__ that no page of docs/api/ renders"


# The glossary and the vocabularies ---------------------------------------------------------


def model_classes() -> list[type]:
    found = [getattr(model_layer, name) for name in model_layer.__all__]
    return [c for c in found if isinstance(c, type) and attrs.has(c)]


def vocabularies() -> list[type[enum.Enum]]:
    found = [getattr(model_layer, name) for name in model_layer.__all__]
    return [c for c in found if isinstance(c, type) and issubclass(c, enum.Enum)]


def test_the_glossary_names_every_class_and_vocabulary() -> None:
    glossary = (DOCS / "glossary.md").read_text(encoding="utf-8")
    named = [cls.__name__ for cls in [*model_classes(), *vocabularies()]]
    assert len(named) == 39
    assert [name for name in named if f"`{name}`" not in glossary] == []


def test_every_vocabulary_value_has_a_meaning() -> None:
    page = (DOCS / "classes" / "vocabularies.md").read_text(encoding="utf-8")
    for vocabulary in vocabularies():
        rows = table_rows(section(page, f"## {vocabulary.__name__}"))
        assert [(r[0], r[1]) for r in rows] == [
            (f"`{m.name}`", f"`{m.value}`") for m in vocabulary
        ], vocabulary.__name__
        assert all(r[-1] and r[-1] != r[1] for r in rows), f"{vocabulary.__name__}: a meaning"


# The format reference ------------------------------------------------------------------------

# Written as text rather than as a mapping: a date, and a country's code.
TEXT_VALUED = (PartialDate, Country)


def expected_words(tp: object, name: str) -> list[str]:
    """What the `value` cell of a key must say, derived from the field's type."""
    args = typing.get_args(tp)
    if isinstance(tp, types.UnionType) or typing.get_origin(tp) is typing.Union:
        (inner,) = [a for a in args if a is not type(None)]
        return expected_words(inner, name)
    if typing.get_origin(tp) is tuple:
        return ["list of", *expected_words(args[0], name)]
    if tp is str:
        if name.endswith("_ids"):
            return ["ids"]
        return ["id"] if name == "id" or name.endswith("_id") else ["text"]
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return [f"`{tp.__name__}`", "value"]
    words = {
        int: ["whole number"],
        Decimal: ["decimal string"],
        time: ["`HH:MM`"],
        PartialDate: ["date"],
        Country: ["country code"],
    }
    if tp in words:
        return words[tp]
    assert isinstance(tp, type), tp
    assert attrs.has(tp), tp
    return [f"[`{tp.__name__}`](#{tp.__name__.lower()})", "mapping"]


def expected_default(field: attrs.Attribute[Any]) -> str:
    if field.default is attrs.NOTHING:
        return "required"
    if field.default is None:
        return "`null`"
    if field.default == ():
        return "`[]`"
    assert isinstance(field.default, enum.Enum), field
    return f"`{field.default.value}`"


def test_text_valued_classes_are_written_as_text() -> None:
    for value in (PartialDate(year=2018), Country("EG")):
        with pytest.raises(TypeError):
            to_dict(value)


def test_the_format_reference_lists_every_key_of_every_record() -> None:
    page = (DOCS / "format.md").read_text(encoding="utf-8")
    reference = section(page, "## Every key of every record")
    records = [c for c in model_classes() if c not in TEXT_VALUED]
    listed = re.findall(r"^### (\w+)$", reference, re.M)
    assert sorted(listed) == sorted(c.__name__ for c in records)
    for cls in records:
        rows = table_rows(section(reference, f"### {cls.__name__}"))
        hints = typing.get_type_hints(cls)
        fields = attrs.fields(cls)
        assert [r[0] for r in rows] == [f"`{f.name}`" for f in fields], cls.__name__
        for row, field in zip(rows, fields, strict=True):
            where = f"{cls.__name__}.{field.name}"
            assert row[2] == expected_default(field), where
            for word in expected_words(hints[field.name], field.name):
                assert word in row[1], f"{where}: the value should say {word!r}, not {row[1]!r}"


# The build -----------------------------------------------------------------------------------

_DOCS_EXTRA = ("mkdocs", "material", "mkdocstrings", "mkdocstrings_handlers.python")


def _installed(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


@pytest.mark.skipif(
    not all(_installed(m) for m in _DOCS_EXTRA),
    reason="the docs extra is not installed: pip install -e '.[docs]'",
)
def test_the_site_builds_without_a_warning(tmp_path: Path) -> None:
    # A few seconds; the build fetches nothing from the network.
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    assert (tmp_path / "tutorial" / "index.html").is_file()
    api = (tmp_path / "api" / "model" / "index.html").read_text(encoding="utf-8")
    assert 'id="gloact_model.Catalogue"' in api
    changelog = (tmp_path / "changelog" / "index.html").read_text(encoding="utf-8")
    assert "Unreleased" in changelog
    assert "--8&lt;--" not in changelog
