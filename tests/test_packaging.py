"""The package's promises: floors that CI tests, one repository in the links, one version.

pip has no resolver for the lowest versions, so .ci/run installs with .ci/oldest.txt as
constraints; the tests here keep that file equal to the floors in pyproject.toml. The README
is the project's page on PyPI, where a relative link leads nowhere, so its links are absolute.
"""

from __future__ import annotations

import re
import tomllib
from typing import Any

import gloact_model
from tests.conftest import ROOT

REPOSITORY = "https://github.com/gloact/gloact_model"
OLDEST = ROOT / ".ci" / "oldest.txt"
# What users install: the build backend, the runtime dependencies and these extras.
USER_EXTRAS = ("fast", "pandas", "testing")

_REQUIREMENT = re.compile(r"^([A-Za-z0-9._-]+)(?:\[[^\]]*\])?\s*([^;]*)")


def _pyproject() -> dict[str, Any]:
    with (ROOT / "pyproject.toml").open("rb") as file:
        return tomllib.load(file)


def _name(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _floor(requirement: str) -> tuple[str, str | None]:
    """The normalised name of `requirement` and the version after its `>=`, if any."""
    match = _REQUIREMENT.match(requirement)
    assert match, requirement
    floors = [s.strip()[2:] for s in match[2].split(",") if s.strip().startswith(">=")]
    return _name(match[1]), (floors[0] if floors else None)


def _pins() -> dict[str, str]:
    pins: dict[str, str] = {}
    for line in OLDEST.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, version = line.split("==")
            assert _name(name) not in pins, f"{name} is pinned twice"
            pins[_name(name)] = version.strip()
    return pins


def test_the_oldest_versions_ci_installs_are_the_floors_of_pyproject() -> None:
    project = _pyproject()
    extras: dict[str, list[str]] = project["project"]["optional-dependencies"]
    promised = [
        *project["build-system"]["requires"],
        *project["project"]["dependencies"],
        *(r for extra in USER_EXTRAS for r in extras[extra]),
    ]
    pins = _pins()
    floors = dict(_floor(r) for r in promised if not r.startswith("gloact_model"))
    assert all(floors.values()), f"a promised requirement has no floor: {floors}"
    assert pins == floors
    # Wherever else a pinned package is required (the test extra), it has the same floor.
    for requirement in (r for extra in extras.values() for r in extra):
        name, floor = _floor(requirement)
        if name in pins:
            assert floor == pins[name], requirement


def test_the_project_urls_name_one_repository() -> None:
    urls: dict[str, str] = _pyproject()["project"]["urls"]
    assert sorted(urls) == ["Changelog", "Documentation", "Homepage", "Source"]
    assert all(url == REPOSITORY or url.startswith(f"{REPOSITORY}/") for url in urls.values())
    assert urls["Changelog"] == f"{REPOSITORY}/blob/main/CHANGELOG.md"


# Inline links and images, reference definitions, and HTML attributes.
_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)|^\s*\[[^\]]+\]:\s*(\S+)|(?:href|src)=\"([^\"]+)\"", re.M)


def _readme_prose() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.sub(r"^```.*?^```", "", text, flags=re.DOTALL | re.MULTILINE)  # code, not links


def test_every_readme_link_is_absolute_and_leads_to_a_file_of_the_repository() -> None:
    text = _readme_prose()
    links = [next(g for g in m.groups() if g) for m in _LINK.finditer(text)]
    assert links, "the README has no links: the pattern is wrong"
    assert [link for link in links if not link.startswith("https://")] == []
    defined = {label.lower() for label in re.findall(r"^\[([^\]]+)\]:", text, flags=re.M)}
    used = {label.lower() for label in re.findall(r"\]\[([^\]]+)\]", text)}
    assert sorted(used - defined) == [], "references without a link"
    for link in links:
        if link.startswith(f"{REPOSITORY}/blob/main/"):
            path = link.removeprefix(f"{REPOSITORY}/blob/main/").partition("#")[0]
            assert (ROOT / path).is_file(), link


def test_the_readme_link_pattern_finds_every_kind_of_link() -> None:
    text = '[a](docs/a.md) ![b](b.png "B")\n[c]: https://c.org\n<a href="d.md">d</a>'
    found = [next(g for g in m.groups() if g) for m in _LINK.finditer(text)]
    assert found == ["docs/a.md", "b.png", "https://c.org", "d.md"]


def test_no_page_writes_the_version_by_hand() -> None:
    """The version is written once, in gloact_model/__init__.py; bumping it breaks no page.

    A recorded benchmark run names the version it measured, and stays true.
    """
    version = gloact_model.__version__
    by_hand = re.compile(
        rf"__version__\s*==\s*['\"]|\bgloact(?:_model)? v?\d+\.\d+|{re.escape(version)}"
    )
    pages = [ROOT / "README.md", *(ROOT / "docs").rglob("*.md")]
    found = [
        f"{page.relative_to(ROOT)}: {line}"
        for page in pages
        for line in page.read_text(encoding="utf-8").splitlines()
        if by_hand.search(line) and not line.startswith("Libraries:")
    ]
    assert found == []
