"""The nine examples from real press items (docs/examples.md).

Each loads and validates without a single issue; apart from its comment lines it is
exactly what the writer writes (the comments say where the model could not hold a fact,
and the writer does not keep comments); its header names its source and a tally, and the
tally table in docs/examples.md has the same row. A few tests pin the hard cases, so that
a later change to an example cannot quietly invent a year or a lead.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gloact_model import Catalogue, PartnerRole, dumps, load, loads
from tests.conftest import EXAMPLES, ROOT

ITEMS = (
    "glo-act-overview",
    "psc-05-brussels-2018",
    "psc-06-brussels-2018",
    "psc-asia-01-brussels-2019",
    "psc-asia-02-online-2020",
    "psc-asia-04-2021",
    "psc-asia-09-brussels-2024",
    "renate-glo-act-2017",
    "womens-network-advisory-board-2-2021",
)
PATHS = tuple(EXAMPLES / f"{item}.yaml" for item in ITEMS)
DOCS = ROOT / "docs" / "examples.md"

_TALLY = re.compile(
    r"^#\s+facts stated (\d+), recorded as data (\d+), left to free text (\d+), "
    r"invented (\d+)\.$",
    re.MULTILINE,
)
_SOURCE = re.compile(r"\A# Source: (\S+)$", re.MULTILINE)


def without_comments(text: str) -> str:
    """The text without its full-line comments: what the writer would have written."""
    return "".join(
        line for line in text.splitlines(keepends=True) if not line.lstrip().startswith("#")
    )


def tally(path: Path) -> tuple[int, int, int, int]:
    match = _TALLY.search(path.read_text(encoding="utf-8"))
    assert match is not None, f"{path.name} has no tally line"
    stated, data, free, invented = (int(n) for n in match.groups())
    return stated, data, free, invented


@pytest.fixture(scope="module")
def catalogues() -> dict[str, Catalogue]:
    return {item: load(path) for item, path in zip(ITEMS, PATHS, strict=True)}


def test_every_example_of_an_item_is_listed() -> None:
    # A new example from a press item needs a row here and in docs/examples.md.
    press = {p.stem for p in EXAMPLES.glob("*.yaml")} - {"glo-act-madrid-2018"}
    assert press == set(ITEMS)


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_loads_and_validates_without_issues(path: Path) -> None:
    report = load(path).validate()
    assert report.issues == (), report.to_text()


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_is_what_the_writer_writes_apart_from_comments(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    catalogue = load(path)
    assert text.startswith("# Source: ")
    assert without_comments(text).startswith("schema_version: 2\n")
    assert dumps(catalogue) == without_comments(text)
    assert loads(dumps(catalogue, "json"), format="json") == catalogue


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_header_names_the_source_and_a_tally_that_adds_up(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    match = _SOURCE.search(text)
    assert match is not None
    urls = {source.url for source in load(path).sources}
    assert match.group(1) in urls
    stated, data, free, invented = tally(path)
    assert invented == 0
    assert stated == data + free


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_docs_tally_table_has_the_same_row(path: Path) -> None:
    stated, data, free, invented = tally(path)
    row = re.compile(
        rf"^\|[^|\n]+\| `examples/{re.escape(path.name)}` \| {stated} \| {data} \| {free} "
        rf"\| {invented} \|$",
        re.MULTILINE,
    )
    assert row.search(DOCS.read_text(encoding="utf-8")), f"no row for {path.name}"


def test_docs_total_row_adds_up() -> None:
    rows = [tally(path) for path in PATHS]
    totals = tuple(sum(column) for column in zip(*rows, strict=True))
    expected = "| **all nine** | | **{}** | **{}** | **{}** | **{}** |".format(*totals)
    assert expected in DOCS.read_text(encoding="utf-8")


# The hard cases: what the items state, and nothing more.


def test_no_example_invents_a_lead_or_an_organisation_kind(
    catalogues: dict[str, Catalogue],
) -> None:
    for catalogue in catalogues.values():
        for programme in catalogue.programmes:
            assert all(p.role is PartnerRole.NOT_STATED for p in programme.partners)
            assert programme.funders == ()
        assert all(o.kind is None for o in catalogue.organisations)


def test_datelines_that_are_not_the_meeting_date(catalogues: dict[str, Catalogue]) -> None:
    # The dateline is the publication date; the meeting's own date, where given, differs.
    psc5 = catalogues["psc-05-brussels-2018"]
    assert str(psc5.sources[0].published) == "2018-02-27"
    assert str(psc5.event("glo-act-psc-5").period) == "2018-02-06"
    # Datelines without the meeting's date: no period is guessed from them.
    for item, event_id, published in (
        ("psc-asia-01-brussels-2019", "glo-act-asia-middle-east-psc-1", "2019-09-27"),
        ("psc-asia-02-online-2020", "glo-act-psc-2", "2020-06-03"),
        ("psc-asia-04-2021", "glo-act-psc-4", "2021-06-10"),
    ):
        catalogue = catalogues[item]
        assert catalogue.event(event_id).period is None
        assert str(catalogue.sources[0].published) == published
    # A dateline that is the meeting's date, and no publication date.
    final = catalogues["psc-asia-09-brussels-2024"]
    event = final.event("glo-act-asia-middle-east-psc-9")
    assert str(event.period) == "2024-03-13"
    assert event.final
    assert event.number == 9
    assert final.sources[0].published is None


def test_the_womens_network_item_keeps_both_of_its_contradicting_dates(
    catalogues: dict[str, Catalogue],
) -> None:
    catalogue = catalogues["womens-network-advisory-board-2-2021"]
    first = catalogue.event("womens-network-advisory-board-1")
    second = catalogue.event("womens-network-advisory-board-2")
    assert first.period is not None
    assert first.period.start is not None
    assert str(first.period.start) == "2021-10-27?"
    assert not first.period.start.certain
    assert str(second.period) == "2021-06-09"
    assert first.description is not None
    assert "9 June 2021" in first.description


def test_the_overview_and_the_partner_give_different_starts(
    catalogues: dict[str, Catalogue],
) -> None:
    own = catalogues["glo-act-overview"].programme("glo-act")
    partner = catalogues["renate-glo-act-2017"].programme("glo-act")
    assert str(own.period) == "2015/2019"
    assert str(partner.period) == "2016-01/.."
    assert own.source_ids != partner.source_ids
