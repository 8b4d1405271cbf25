"""Versions of the format: every version 1 document keeps loading, and `gloact upgrade`.

The version 1 example is kept as it was written, in tests/fixtures/v1; the
hypothesis property draws version 1 documents from today's strategies, cut down
to what the published version 1 schema allows.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from gloact_model import (
    OLDEST_VERSION,
    SCHEMA_VERSION,
    Catalogue,
    Format,
    LoadError,
    PartnerRole,
    Programme,
    dumps,
    load,
    loads,
    to_dict,
    upgrade,
)
from gloact_model.cli import main
from gloact_model.codec import from_document
from gloact_model.formats.upgrading import upgrade_text
from gloact_model.testing import catalogues

ROOT = Path(__file__).parent.parent
V1_EXAMPLE = ROOT / "tests" / "fixtures" / "v1" / "glo-act-madrid-2018.yaml"
V1_SCHEMA = ROOT / "docs" / "schema" / "catalogue.v1.schema.json"
EXAMPLE = ROOT / "examples" / "glo-act-madrid-2018.yaml"


def problems(read: Any) -> list[tuple[str, str]]:
    with pytest.raises(LoadError) as raised:
        read()
    return [(p.path, p.code) for p in raised.value.problems]


# Reading version 1 ---------------------------------------------------------------


def test_this_release_writes_version_2_and_reads_from_version_1() -> None:
    assert (OLDEST_VERSION, SCHEMA_VERSION) == (1, 2)
    assert dumps(Catalogue()).startswith("schema_version: 2\n")


def test_the_version_1_example_loads_as_the_records_of_today() -> None:
    assert V1_EXAMPLE.read_text(encoding="utf-8").startswith("schema_version: 1\n")
    old = load(V1_EXAMPLE)
    assert old == load(EXAMPLE)
    # A version 1 partner without a role was a partner: that is what it stays.
    glo_act = old.programme("glo-act")
    assert [p.role for p in glo_act.partners] == [
        PartnerRole.LEAD,
        PartnerRole.PARTNER,
        PartnerRole.PARTNER,
    ]
    assert old.validate().issues == ()


def test_a_version_1_partner_without_a_role_is_a_partner_in_json_and_yaml() -> None:
    data = {
        "schema_version": 1,
        "programmes": [{"id": "p", "name": "P", "partners": [{"organisation_id": "iom"}]}],
    }
    texts: list[tuple[str, Format]] = [(json.dumps(data), "json"), (yaml.safe_dump(data), "yaml")]
    for text, format in texts:
        catalogue = loads(text, format=format)
        assert catalogue.programmes[0].partners[0].role is PartnerRole.PARTNER


def test_a_version_1_programme_document_is_upgraded_too() -> None:
    data = {"schema_version": 1, "id": "p", "name": "P", "partners": [{"organisation_id": "a"}]}
    programme = from_document(data, Programme)
    assert programme.partners[0].role is PartnerRole.PARTNER
    assert upgrade(data, Programme)["partners"] == [{"organisation_id": "a", "role": "partner"}]


def test_a_newer_version_is_refused_alone_with_a_word_to_upgrade_the_package() -> None:
    text = "schema_version: 3\norganisations: [{id: unodc, nme: UNODC, founded_on: 1997}]\n"
    with pytest.raises(LoadError) as raised:
        loads(text)
    (problem,) = raised.value.problems
    assert (problem.path, problem.code, problem.line) == ("schema_version", "newer-version", 1)
    assert "upgrade the package" in problem.message
    assert "versions 1 to 2" in problem.message


@pytest.mark.parametrize("version", ["0", "-1", "'1'", "1.0", "true", "null", "[1]"])
def test_a_version_that_is_no_version_is_reported_with_the_other_problems(version: str) -> None:
    text = f"schema_version: {version}\norganisations: [{{id: unodc, nme: UNODC}}]\n"
    assert problems(lambda: loads(text)) == [
        ("schema_version", "unsupported-version"),
        ("organisations[0].name", "missing"),
        ("organisations[0].nme", "unknown-key"),
    ]


# upgrade(data) -----------------------------------------------------------------


def test_upgrade_changes_nothing_it_is_given() -> None:
    partners = [{"organisation_id": "iom"}, {"organisation_id": "unodc", "role": "lead"}]
    data = {"schema_version": 1, "programmes": [{"id": "p", "name": "P", "partners": partners}]}
    before = json.dumps(data)
    new = upgrade(data)
    assert json.dumps(data) == before
    assert new["programmes"][0]["partners"] == [
        {"organisation_id": "iom", "role": "partner"},
        {"organisation_id": "unodc", "role": "lead"},
    ]
    assert upgrade(new) == new  # today's version comes back equal


def test_upgrade_leaves_what_it_does_not_understand_for_the_reader() -> None:
    data = {"schema_version": 1, "programmes": [{"id": "p", "partners": "iom"}, 7]}
    assert upgrade(data) == {**data, "schema_version": 2}
    assert ("programmes[0].partners", "type") in problems(lambda: from_document(data, Catalogue))


def test_upgrade_refuses_what_is_not_a_document_of_a_version_it_reads() -> None:
    with pytest.raises(TypeError, match="mapping"):
        upgrade([1])  # type: ignore[arg-type]
    for data in ({}, {"schema_version": 3}, {"schema_version": "1"}):
        with pytest.raises(LoadError):
            upgrade(data)


# Every version 1 document: drawn, then cut down to the version 1 schema -----------------


_DROP = object()


class _V1:
    """Today's data cut down to what the version 1 schema allows, key by key."""

    def __init__(self) -> None:
        jsonschema = pytest.importorskip("jsonschema", reason="needs jsonschema, in the test extra")
        self.root = json.loads(V1_SCHEMA.read_text(encoding="utf-8"))
        self.validator = jsonschema.Draft202012Validator(self.root)

    def valid(self, value: object, schema: dict[str, Any]) -> bool:
        scoped = self.validator.evolve(schema={**schema, "$defs": self.root["$defs"]})
        return bool(scoped.is_valid(value))

    def resolve(self, schema: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in schema:
            schema = self.root["$defs"][schema["$ref"].rsplit("/", 1)[1]]
        return schema

    def cut(self, value: object, schema: dict[str, Any]) -> object:
        schema = self.resolve(schema)
        if "anyOf" in schema:
            for branch in schema["anyOf"]:
                kept = self.cut(value, branch)
                if kept is not _DROP:
                    return kept
            return _DROP
        if "properties" in schema and isinstance(value, dict):
            kept_items: dict[str, object] = {}
            for key, item in value.items():
                if key not in schema["properties"]:
                    continue
                kept = self.cut(item, schema["properties"][key])
                if kept is not _DROP:
                    kept_items[key] = kept
            if value and not kept_items:
                return _DROP  # nothing of it was version 1 (a period of two dates that were not)
            value = kept_items
        elif "items" in schema and isinstance(value, list):
            value = [
                kept for item in value if (kept := self.cut(item, schema["items"])) is not _DROP
            ]
        return value if self.valid(value, schema) else _DROP


@pytest.fixture(scope="module")
def v1() -> _V1:
    return _V1()


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(catalogue=catalogues(), roles_left_out=st.booleans())
def test_any_version_1_document_loads_as_its_upgrade_and_upgrades_in_place(
    v1: _V1, catalogue: Catalogue, roles_left_out: bool
) -> None:
    cut = v1.cut(to_dict(catalogue), v1.root["$defs"]["Catalogue"])
    assume(cut is not _DROP)
    assert isinstance(cut, dict)
    document: dict[str, Any] = {"schema_version": 1, **cut}
    if roles_left_out:  # as version 1 wrote them: the default left out
        for programme in document.get("programmes", ()):
            for partner in programme.get("partners", ()):
                if partner.get("role") == "partner":
                    del partner["role"]
    assert v1.validator.is_valid(document)
    direct = from_document(upgrade(document), Catalogue)
    texts: list[tuple[Format, str]] = [
        ("yaml", yaml.safe_dump(document, allow_unicode=True, sort_keys=False)),
        ("json", json.dumps(document, ensure_ascii=False, indent=1)),
    ]
    for format, text in texts:
        assert loads(text, format=format) == direct
        upgraded = upgrade_text(text, format)
        assert loads(upgraded, format=format) == direct
        assert upgrade_text(upgraded, format) == upgraded


# upgrade_text: in place, comments and layout kept -----------------------------------------


def test_a_file_written_by_version_1_upgrades_to_what_version_2_writes() -> None:
    text = V1_EXAMPLE.read_text(encoding="utf-8")
    upgraded = upgrade_text(text, "yaml")
    assert upgraded == dumps(load(V1_EXAMPLE))
    json_v1 = upgraded_json = dumps(load(V1_EXAMPLE), "json")
    json_v1 = json_v1.replace('"schema_version": 2', '"schema_version": 1').replace(
        ',\n        "role": "partner"', ""
    )
    assert json_v1 != upgraded_json
    assert upgrade_text(json_v1, "json") == upgraded_json


def test_comments_layout_and_line_ends_are_kept() -> None:
    text = (
        "\ufeff# GLO.ACT, as we keep it\r\n"
        "schema_version: 1   # the old format\r\n"
        "programmes:\r\n"
        "  - id: glo-act      # Global Action\r\n"
        "    name: GLO.ACT\r\n"
        "    partners:\r\n"
        "      - organisation_id: iom  # IOM\r\n"
        "      - {organisation_id: unicef}\r\n"
        "      - organisation_id: unodc\r\n"
        "        role: lead\r\n"
    )
    assert upgrade_text(text, "yaml") == (
        "\ufeff# GLO.ACT, as we keep it\r\n"
        "schema_version: 2   # the old format\r\n"
        "programmes:\r\n"
        "  - id: glo-act      # Global Action\r\n"
        "    name: GLO.ACT\r\n"
        "    partners:\r\n"
        "      - organisation_id: iom  # IOM\r\n"
        "        role: partner\r\n"
        "      - {role: partner, organisation_id: unicef}\r\n"
        "      - organisation_id: unodc\r\n"
        "        role: lead\r\n"
    )


def test_a_json_document_on_one_line_gets_its_keys_on_that_line() -> None:
    text = (
        '{"schema_version":1,"programmes":[{"id":"p","name":"P",'
        '"partners":[{"organisation_id":"iom"}]}]}'
    )
    assert upgrade_text(text, "json") == (
        '{"schema_version":2,"programmes":[{"id":"p","name":"P",'
        '"partners":[{"organisation_id":"iom", "role": "partner"}]}]}'
    )


def test_a_document_already_in_version_2_comes_back_as_it_is() -> None:
    text = "schema_version: 2  # new\nprogrammes: [{id: p, name: P}]\n"
    assert upgrade_text(text, "yaml") is text


def test_a_document_that_does_not_load_is_not_upgraded() -> None:
    text = "schema_version: 1\nprogrammes: [{id: p, nme: P}]\n"
    assert ("programmes[0].nme", "unknown-key") in problems(lambda: upgrade_text(text, "yaml"))


def test_an_edit_that_would_change_the_records_is_refused() -> None:
    # The version written as a number that the edit cannot find as digits.
    text = "schema_version: !!int 1\norganisations: []\n"
    with pytest.raises(LoadError):
        upgrade_text(text, "yaml")


# gloact upgrade -------------------------------------------------------------------------


def run(*argv: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    status = main(list(argv))
    return status, capsys.readouterr().out


def test_gloact_upgrade_checks_then_rewrites_in_place(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = tmp_path / "madrid.yaml"
    old.write_bytes(V1_EXAMPLE.read_bytes())
    new = tmp_path / "new.yaml"
    new.write_text(dumps(Catalogue()), encoding="utf-8")
    os.chmod(old, 0o640)

    status, out = run("upgrade", "--check", str(old), str(new), capsys=capsys)
    assert status == 1
    assert f"{old}: needs upgrading to version 2" in out
    assert f"{new}: ok (version 2)" in out
    assert old.read_bytes() == V1_EXAMPLE.read_bytes()  # --check writes nothing

    status, out = run("upgrade", str(old), str(new), capsys=capsys)
    assert (status, out.splitlines()[0]) == (0, f"{old}: upgraded to version 2")
    assert old.read_text(encoding="utf-8") == dumps(load(V1_EXAMPLE))
    assert old.stat().st_mode & 0o777 == 0o640  # the file's permissions are kept

    status, out = run("upgrade", "--check", "-q", str(old), str(new), capsys=capsys)
    assert (status, out) == (0, "")


def test_gloact_upgrade_says_what_stops_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    newer = tmp_path / "newer.yaml"
    newer.write_text("schema_version: 3\n", encoding="utf-8")
    broken = tmp_path / "broken.json"
    broken.write_text('{"schema_version": 1, "organisations": [{"id": "a"}]}', encoding="utf-8")
    status, out = run("upgrade", str(newer), str(broken), capsys=capsys)
    assert status == 1
    assert f"{newer}:1:17: schema_version: the document is in version 3" in out
    assert f"{broken}:1:41: organisations[0].name: is required" in out
    assert newer.read_text(encoding="utf-8") == "schema_version: 3\n"
    status, out = run("upgrade", str(tmp_path / "missing.yaml"), capsys=capsys)
    assert status == 2
    assert "cannot read the file" in out
