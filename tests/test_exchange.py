"""The exchange format: what is written, and how strictly it is read."""

from __future__ import annotations

import errno
import gc
import json
import os
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import time
from decimal import Decimal
from pathlib import Path

import pytest

from gloact_model import (
    SCHEMA_VERSION,
    Catalogue,
    Country,
    Event,
    EventKind,
    Format,
    LoadError,
    Money,
    Organisation,
    Period,
    Problem,
    Programme,
    Session,
    SessionKind,
    dump,
    dumps,
    from_dict,
    load,
    loads,
    make_converter,
    positions,
    to_dict,
)
from gloact_model.codec import from_document, to_document
from gloact_model.formats import reading, writing, yaml_reader
from gloact_model.formats.collector import without_cycle_collection


def problems(text: str, fmt: Format = "yaml", cls: type = Catalogue) -> list[tuple[str, str]]:
    with pytest.raises(LoadError) as caught:
        loads(text, cls, fmt)
    return [(p.path, p.message) for p in caught.value.problems]


def only_problem(text: str, fmt: Format = "yaml", cls: type = Catalogue) -> tuple[str, str]:
    (problem,) = problems(text, fmt, cls)
    return problem


HEAD = "schema_version: 1\n"


# Writing


def test_to_dict_uses_plain_values_and_leaves_defaults_out() -> None:
    programme = Programme(
        id="glo-act",
        name="GLO.ACT",
        period=Period.parse("2015/2019"),
        budget=Money(amount=Decimal("11000000.00"), currency="EUR"),
        countries=(Country("EG"),),
    )
    assert to_dict(programme) == {
        "id": "glo-act",
        "name": "GLO.ACT",
        "period": {"start": "2015", "end": "2019"},
        "budget": {"amount": "11000000", "currency": "EUR"},
        "countries": ["EG"],
    }


def test_keys_follow_the_declared_field_order() -> None:
    event = Event(id="e", name="E", kind=EventKind.MEETING, description="D", number=None)
    assert list(to_dict(event)) == ["id", "name", "kind", "description"]
    assert list(to_document(event)) == ["schema_version", "id", "name", "kind", "description"]


def test_times_are_written_to_the_minute_or_second() -> None:
    session = Session(
        id="s", kind=SessionKind.PANEL, start_time=time(9, 30), end_time=time(10, 0, 15)
    )
    assert to_dict(session)["start_time"] == "09:30"
    assert to_dict(session)["end_time"] == "10:00:15"


def test_equal_values_give_byte_identical_text() -> None:
    one = Money(amount=Decimal("1.50"), currency="EUR")
    other = Money(amount=Decimal("1.5"), currency="EUR")
    assert one == other
    formats: tuple[Format, ...] = ("yaml", "json")
    for fmt in formats:
        assert dumps(one, fmt) == dumps(other, fmt)


def test_yaml_quotes_text_that_other_readers_would_take_for_something_else() -> None:
    organisation = Organisation(id="no", name="NO", acronym="yes", other_names=("1.0", "~"))
    text = dumps(organisation)
    assert "name: 'NO'" in text
    assert loads(text, Organisation) == organisation


def test_multi_line_text_is_written_as_a_block() -> None:
    organisation = Organisation(id="x", name="X", description="First line.\nSecond line.")
    assert "description: |-\n  First line.\n  Second line.\n" in dumps(organisation)


def test_json_is_indented_utf8() -> None:
    text = dumps(Organisation(id="x", name="Policía Nacional"), "json")
    assert json.loads(text) == {"schema_version": 1, "id": "x", "name": "Policía Nacional"}
    assert "Policía" in text
    assert text.endswith("}\n")


def test_unknown_format() -> None:
    with pytest.raises(ValueError, match="unknown format"):
        dumps(Catalogue(), "toml")  # type: ignore[arg-type]


# Files


def test_dump_and_load_choose_the_format_from_the_suffix(tmp_path: Path) -> None:
    catalogue = Catalogue(organisations=(Organisation(id="x", name="X"),))
    for name in ("c.yaml", "c.yml", "c.json"):
        dump(catalogue, tmp_path / name)
        assert load(tmp_path / name) == catalogue
    assert (tmp_path / "c.json").read_text().startswith("{")
    with pytest.raises(ValueError, match="suffix"):
        dump(catalogue, tmp_path / "c.txt")
    dump(catalogue, tmp_path / "c.txt", format="json")
    assert load_json(tmp_path / "c.txt") == catalogue
    with pytest.raises(LoadError, match="suffix"):
        load(tmp_path / "c.txt")


def load_json(path: Path) -> Catalogue:
    return loads(path.read_text(), format="json")


def test_dump_writes_through_a_link_and_names_a_missing_folder(tmp_path: Path) -> None:
    real = tmp_path / "real.yaml"
    dump(Catalogue(), real)
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    catalogue = Catalogue(organisations=(Organisation(id="x", name="X"),))
    dump(catalogue, link, overwrite=True)
    assert link.is_symlink()
    assert load(real) == catalogue
    dangling = tmp_path / "dangling.yaml"
    dangling.symlink_to(tmp_path / "new.yaml")
    dump(catalogue, dangling)
    assert dangling.is_symlink()
    assert load(tmp_path / "new.yaml") == catalogue
    with pytest.raises(FileNotFoundError, match="nowhere"):
        dump(catalogue, tmp_path / "nowhere" / "c.yaml")


def crash(*args: object) -> None:
    raise OSError("disk full")


def test_dump_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "catalogue.yaml"
    dump(Catalogue(), path)
    before = path.read_bytes()
    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="disk full"):
        dump(Catalogue(organisations=(Organisation(id="x", name="X"),)), path, overwrite=True)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["catalogue.yaml"]


def test_a_new_file_appears_whole_or_not_at_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "link", crash)
    with pytest.raises(OSError, match="disk full"):
        dump(Catalogue(), tmp_path / "catalogue.yaml")
    assert list(tmp_path.iterdir()) == []


def test_dump_replaces_a_file_only_when_asked(tmp_path: Path) -> None:
    path = tmp_path / "catalogue.yaml"
    dump(Catalogue(), path)
    before = path.read_bytes()
    catalogue = Catalogue(organisations=(Organisation(id="x", name="X"),))
    with pytest.raises(FileExistsError, match=r"exists; pass overwrite=True to replace it"):
        dump(catalogue, path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["catalogue.yaml"]
    dump(catalogue, path, overwrite=True)
    assert load(path) == catalogue


def test_dump_loses_no_race_for_a_new_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Another process creates the file between the check and the write.
    path = tmp_path / "catalogue.yaml"
    real_link = os.link

    def link_after_a_rival(source: str, target: Path) -> None:
        Path(target).write_text("theirs")
        real_link(source, target)

    monkeypatch.setattr(os, "link", link_after_a_rival)
    with pytest.raises(FileExistsError, match="overwrite=True"):
        dump(Catalogue(), path)
    assert path.read_text() == "theirs"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["catalogue.yaml"]


@pytest.mark.parametrize("rival", [False, True])
def test_dump_works_without_hard_links(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rival: bool
) -> None:
    path = tmp_path / "catalogue.yaml"

    def no_hard_links(source: str, target: Path) -> None:
        if rival:
            Path(target).write_text("theirs")
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_hard_links)
    if rival:
        with pytest.raises(FileExistsError, match="overwrite=True"):
            dump(Catalogue(), path)
        assert path.read_text() == "theirs"
    else:
        dump(Catalogue(), path)
        assert load(path) == Catalogue()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["catalogue.yaml"]


def test_dump_keeps_the_permissions_of_the_file_it_replaces(tmp_path: Path) -> None:
    path = tmp_path / "catalogue.yaml"
    dump(Catalogue(), path)
    path.chmod(0o640)
    dump(Catalogue(), path, overwrite=True)
    assert path.stat().st_mode & 0o777 == 0o640


def test_load_reports_the_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(HEAD + "organisations: {}\n")
    with pytest.raises(LoadError) as caught:
        load(path)
    assert caught.value.source == str(path)
    assert str(path) in str(caught.value)


def test_utf8_with_a_bom_and_other_bytes(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + HEAD.encode())
    assert load(path) == Catalogue()
    path.write_bytes(HEAD.encode() + b"organisations:\n  - id: x\n    name: Polic\xeda\n")
    with pytest.raises(LoadError) as caught:
        load(path)
    (problem,) = caught.value.problems
    assert (problem.code, problem.line, problem.column) == ("encoding", 4, 16)


# Versions


def test_schema_version_is_required_and_checked() -> None:
    assert SCHEMA_VERSION == 1
    assert only_problem("organisations: []\n")[0] == "schema_version"
    path, message = only_problem("schema_version: 2\n")
    assert path == "schema_version"
    assert "reads schema_version 1" in message
    assert "2" in message
    assert only_problem('schema_version: "1"\n')[0] == "schema_version"
    assert only_problem('{"schema_version": 1.0}', "json")[0] == "schema_version"


def test_version_and_body_problems_come_together() -> None:
    paths = [path for path, _ in problems("schema_version: 9\norganisations: 3\n")]
    assert paths == ["schema_version", "organisations"]


def test_from_dict_accepts_data_without_a_version() -> None:
    assert from_dict({"organisations": []}, Catalogue) == Catalogue()
    with pytest.raises(LoadError):
        from_document({"organisations": []}, Catalogue)


# Strict reading


@pytest.mark.parametrize(
    ("body", "path", "expected"),
    [
        ("organisations: [{id: x, name: false}]", "organisations[0].name", "expected text"),
        ("organisations: [{id: x, name: 12}]", "organisations[0].name", "expected text"),
        (
            "organisations: [{id: x, name: X, other_names: abc}]",
            "organisations[0].other_names",
            "expected a list",
        ),
        (
            "events: [{id: e, name: E, kind: meeting, number: 1.9, series_id: s}]",
            "events[0].number",
            "expected a whole number",
        ),
        (
            "events: [{id: e, name: E, kind: meeting, number: true, series_id: s}]",
            "events[0].number",
            "expected a whole number",
        ),
        (
            "events: [{id: e, name: E, kind: meeting, number: '5', series_id: s}]",
            "events[0].number",
            "expected a whole number",
        ),
        ("events: [{id: e, name: E, kind: Meeting}]", "events[0].kind", "did you mean 'meeting'"),
        (
            "events: [{id: e, name: E, kind: meeting, location: Madrid}]",
            "events[0].location",
            "expected a mapping",
        ),
        (
            "programmes: [{id: p, name: P, budget: {amount: 1.5, currency: EUR}}]",
            "programmes[0].budget.amount",
            "decimal string",
        ),
        (
            "programmes: [{id: p, name: P, budget: {amount: '1,5', currency: EUR}}]",
            "programmes[0].budget.amount",
            "decimal string",
        ),
        (
            "programmes: [{id: p, name: P, countries: [Egypt]}]",
            "programmes[0].countries[0]",
            "'Egypt' is not an ISO 3166-1 alpha-2 code; did you mean 'EG'?",
        ),
        (
            "programmes: [{id: p, name: P, period: {start: 2018-13}}]",
            "programmes[0].period.start",
            "'2018-13' is not a valid date",
        ),
        (
            "programmes: [{id: p, name: P, period: {start: 23/10/2018}}]",
            "programmes[0].period.start",
            "is not a date in a form that gloact reads",
        ),
        (
            "events: [{id: e, name: E, kind: panel, sessions: [{id: s, kind: panel, "
            "start_time: '9.30'}]}]",
            "events[0].kind",
            "expected one of",
        ),
        (
            "events: [{id: e, name: E, kind: meeting, sessions: [{id: s, kind: panel, "
            "start_time: '25:00'}]}]",
            "events[0].sessions[0].start_time",
            "HH:MM",
        ),
        (
            "organisations: [{id: x, name: X, nmae: Y}]",
            "organisations[0].nmae",
            "unknown key 'nmae' for an Organisation; did you mean 'name'?",
        ),
        ("organisations: [{id: x}]", "organisations[0].name", "required"),
        ("organisations: [{id: x, name: null}]", "organisations[0].name", "expected text"),
        ("organisations: [{id: 'X Y', name: X}]", "organisations[0].id", "not a valid id"),
        (
            "events: [{id: e, name: E, kind: meeting, "
            "participation: {total: 3, women: 2, men: 2}}]",
            "events[0].participation.total",
            "exceed the exact total",
        ),
        (
            "events: [{id: e, name: E, kind: meeting, sessions: [{id: s, kind: panel}, "
            "{id: s, kind: panel}]}]",
            "events[0].sessions",
            "repeated: 's'",
        ),
        ("unknown: 1", "unknown", "unknown key 'unknown' for a Catalogue"),
    ],
)
def test_each_bad_value_is_reported_at_its_path(body: str, path: str, expected: str) -> None:
    found = problems(HEAD + body + "\n")
    assert any(p == path and expected in m for p, m in found), found


def test_a_number_is_not_a_date() -> None:
    text = HEAD + "programmes: [{id: p, name: P, period: {start: 2015, end: '2019'}}]\n"
    path, message = only_problem(text)
    assert path == "programmes[0].period.start"
    assert "put a year in quotes" in message
    text = HEAD + "programmes: [{id: p, name: P, period: {start: '2015', end: '2019'}}]\n"
    assert loads(text).programme("p").period == Period.parse("2015/2019")


def test_digits_of_other_scripts_are_not_read_as_a_date() -> None:
    text = HEAD + "programmes: [{id: p, name: P, period: {start: '٢٠١٨'}}]\n"
    assert only_problem(text)[0] == "programmes[0].period.start"


@pytest.mark.parametrize(
    "value", ["!!null UNODC", "!!int 1_000", "!!str 12", "!!bool maybe", "!<tag:x> A"]
)
def test_tags_that_would_change_a_value_are_refused(value: str) -> None:
    with pytest.raises(LoadError) as caught:
        loads(HEAD + f"organisations: [{{id: x, name: X, acronym: {value}}}]\n")
    (problem,) = caught.value.problems
    assert (problem.path, problem.code) == ("organisations[0].acronym", "tag")


def test_a_harmless_str_tag_is_accepted() -> None:
    assert loads(HEAD + "organisations: [{id: x, name: !!str X}]\n").organisation("x").name == "X"


def test_refused_yaml_and_other_problems_come_together() -> None:
    text = HEAD + (
        "organisations:\n"
        "  - &o {id: x, name: X, kind: multilaterl}\n"
        "  - *o\n"
        "  - {id: y, name: Y, name: Z}\n"
    )
    with pytest.raises(LoadError) as caught:
        loads(text)
    found = [(p.path, p.code, p.line, p.column) for p in caught.value.problems]
    assert found == [
        ("organisations[0].kind", "enum", 3, 31),
        ("organisations[1]", "alias", 4, 5),
        ("organisations[2].name", "duplicate-key", 5, 22),
    ]


def test_deep_nesting_is_refused_without_a_crash() -> None:
    with pytest.raises(LoadError, match="levels deep"):
        loads(HEAD + "organisations: " + "[" * 600 + "]" * 600 + "\n")
    with pytest.raises(LoadError):
        loads(
            '{"schema_version": 1, "organisations": ' + "[" * 100_000 + "]" * 100_000 + "}",
            format="json",
        )


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_huge_numbers_are_refused_without_a_crash(fmt: Format) -> None:
    huge = "9" * 5000
    text = (
        HEAD + f"events: [{{id: e, name: E, kind: meeting, number: {huge}}}]\n"
        if fmt == "yaml"
        else '{"schema_version": 1, "events": [{"id": "e", "name": "E", "kind": "meeting", '
        f'"number": {huge}}}]}}'
    )
    with pytest.raises(LoadError) as caught:
        loads(text, format=fmt)
    assert len(str(caught.value)) < 1000


def test_text_that_cannot_be_stored_is_refused() -> None:
    with pytest.raises(LoadError):
        loads(HEAD + 'organisations: [{id: a, name: "A\\ud800B"}]\n')
    with pytest.raises(LoadError) as caught:
        loads(HEAD + "organisations: [{id: a, name: A\x00}]\n")
    (problem,) = caught.value.problems
    assert (problem.line, problem.column) == (2, 32)


def test_odd_keys_are_quoted_in_paths() -> None:
    with pytest.raises(LoadError) as caught:
        loads(HEAD + 'organisations: [{id: a, name: A, "na me": 1, "a.b[0]": 2}]\n')
    paths = [(p.path, p.line, p.column) for p in caught.value.problems]
    assert paths == [
        ('organisations[0]["na me"]', 2, 34),
        ('organisations[0]["a.b[0]"]', 2, 46),
    ]
    with pytest.raises(LoadError) as caught:
        loads('{"schema_version": 1, "\\ud800": 1}', format="json")
    assert caught.value.problems[0].path == '["\\ud800"]'


def test_tuples_are_lists_to_from_dict() -> None:
    assert from_dict({"organisations": ()}, Catalogue) == Catalogue()


def test_every_problem_is_reported_at_once() -> None:
    text = HEAD + (
        "organisations:\n"
        "  - {id: x, name: false, kind: multilaterl}\n"
        "  - {id: y, name: Y, seat_country: Egypt, typo: 1}\n"
        "events:\n"
        "  - id: e\n"
        "    name: E\n"
        "    kind: workshop\n"
        "    period: {start: 2018-10-23, end: 2018-10-01}\n"
    )
    assert [path for path, _ in problems(text)] == [
        "organisations[0].name",
        "organisations[0].kind",
        "organisations[1].seat_country",
        "organisations[1].typo",
        "events[0].period.end",
    ]


def test_invariants_are_reported_at_the_field_with_every_broken_rule() -> None:
    text = HEAD + "organisations: [{id: 'Bad Id', name: ' ', url: nowhere}]\n"
    assert [path for path, _ in problems(text)] == [
        "organisations[0].id",
        "organisations[0].name",
        "organisations[0].url",
    ]


def test_a_record_with_an_unreadable_field_still_has_its_rules_checked() -> None:
    text = HEAD + (
        "organisations: [{id: BAD, name: ' A', seat_country: XX}]\n"
        "events:\n"
        "  - {id: e, name: ' E', kind: meeting, number: 0, series_id: s,\n"
        "     period: {start: '2019', end: '2018'}, typo: 1}\n"
        # Leaving out the unreadable countries would leave the participation empty:
        # that is not the file's problem, and is not reported.
        "  - {id: f, name: F, kind: meeting, participation: {countries: [Egypt]}}\n"
    )
    assert [path for path, _ in problems(text)] == [
        "organisations[0].id",
        "organisations[0].name",
        "organisations[0].seat_country",
        "events[0].name",
        "events[0].number",
        "events[0].period.end",
        "events[0].typo",
        "events[1].participation.countries[0]",
    ]


def test_yaml_reads_only_true_and_false_as_booleans() -> None:
    text = HEAD + "organisations: [{id: no, name: NO, acronym: yes, other_names: [on, off, y]}]\n"
    organisation = loads(text).organisation("no")
    assert organisation.name == "NO"
    assert organisation.other_names == ("on", "off", "y")


def test_yaml_dates_and_times_stay_text_until_the_model_reads_them() -> None:
    text = HEAD + (
        "events: [{id: e, name: '2018-10-23', kind: meeting, sessions: "
        "[{id: s, kind: panel, start_time: 09:30, period: {start: 2018-10-23}}]}]\n"
    )
    event = loads(text).event("e")
    assert event.name == "2018-10-23"
    assert event.sessions[0].start_time is not None
    assert event.sessions[0].start_time.isoformat() == "09:30:00"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (HEAD + "organisations: !!python/object:os.system {}\n", "tag"),
        (HEAD + "organisations: !custom []\n", "tag"),
        (HEAD + "a: &x [1]\nb: *x\n", "alias"),
        (HEAD + "schema_version: 1\n", "duplicate-key"),
        (HEAD + "<<: {a: 1}\n", "unknown-key"),
        (HEAD + "organisations: [\n", "syntax"),
        (HEAD + "---\n" + HEAD, "syntax"),
        ("", "empty"),
        ("# only a comment\n", "empty"),
        ("[1, 2]\n", "type"),
        ("just text\n", "type"),
        (HEAD + "1: x\n", "key"),
    ],
)
def test_yaml_refusals(text: str, code: str) -> None:
    with pytest.raises(LoadError) as caught:
        loads(text)
    assert code in [p.code for p in caught.value.problems]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ('{"schema_version": 1, "schema_version": 1}', "duplicate-key"),
        ('{"schema_version": NaN}', "not-a-number"),
        ('{"schema_version": Infinity}', "not-a-number"),
        ('{"schema_version": 1,}', "syntax"),
        ("", "empty"),
        (" \n\t", "empty"),
        ("[]", "type"),
        (
            '{"schema_version": 1, "organisations": [{"id": "x", "name": "X", "x": 1}]}',
            "unknown-key",
        ),
    ],
)
def test_json_refusals(text: str, code: str) -> None:
    with pytest.raises(LoadError) as caught:
        loads(text, format="json")
    assert code in [p.code for p in caught.value.problems]


def test_yaml_problems_carry_line_and_column() -> None:
    text = HEAD + ("organisations:\n  - id: x\n    name: X\n    kind: multilaterl\n    nmae: Y\n")
    with pytest.raises(LoadError) as caught:
        loads(text, source="orgs.yaml")
    kind, key = caught.value.problems
    assert (kind.path, kind.line, kind.column) == ("organisations[0].kind", 5, 11)
    assert (key.path, key.line, key.column) == ("organisations[0].nmae", 6, 5)
    assert "orgs.yaml" in str(caught.value)
    assert "(line 5, column 11)" in str(kind)


def test_json_syntax_errors_carry_line_and_column() -> None:
    with pytest.raises(LoadError) as caught:
        loads('{\n  "schema_version": 1,\n  oops\n}', format="json")
    (problem,) = caught.value.problems
    assert (problem.line, problem.column) == (3, 3)


def test_a_missing_key_points_at_its_mapping() -> None:
    with pytest.raises(LoadError) as caught:
        loads(HEAD + "organisations:\n  - id: x\n")
    (problem,) = caught.value.problems
    assert (problem.path, problem.code, problem.line) == ("organisations[0].name", "missing", 3)


def test_single_records_load_as_their_class() -> None:
    text = HEAD + "id: unodc\nname: UNODC\n"
    assert loads(text, Organisation) == Organisation(id="unodc", name="UNODC")
    assert loads(text.encode(), Organisation).id == "unodc"
    assert only_problem(text, cls=Event)[0] == "kind"


def test_a_class_the_format_does_not_know_is_the_callers_mistake() -> None:
    with pytest.raises(Exception, match="complex") as caught:
        from_dict({"x": 1}, complex)
    assert not isinstance(caught.value, LoadError)


def test_a_converter_can_be_made_and_used_directly() -> None:
    converter = make_converter()
    organisation = Organisation(id="x", name="X")
    data = to_dict(organisation, converter=converter)
    assert from_dict(data, Organisation, converter=converter) == organisation
    assert converter is not make_converter()


def test_a_new_file_gets_the_permissions_the_umask_allows(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        dump(Catalogue(), tmp_path / "new.yaml")
    finally:
        os.umask(old)
    assert (tmp_path / "new.yaml").stat().st_mode & 0o777 == 0o640


# Lines and columns in both formats


def test_json_problems_carry_line_and_column() -> None:
    text = (
        '{\n  "schema_version": 1,\n  "organisations": [\n'
        '    {"id": "x", "kind": "multilaterl", "nmae": "Y"}\n  ]\n}\n'
    )
    with pytest.raises(LoadError) as caught:
        loads(text, format="json", source="orgs.json")
    found = [(p.path, p.code, p.line, p.column) for p in caught.value.problems]
    assert found == [
        ("organisations[0].name", "missing", 4, 5),
        ("organisations[0].kind", "enum", 4, 25),
        ("organisations[0].nmae", "unknown-key", 4, 40),
    ]
    assert (
        caught.value.problems[1]
        .render("orgs.json")
        .startswith("orgs.json:4:25: organisations[0].kind: expected one of")
    )


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_positions_find_values_keys_and_the_nearest_place(fmt: Format) -> None:
    catalogue = Catalogue(
        organisations=(
            Organisation(id="x", name="X"),
            Organisation(id="y", name="Y", other_names=("Why", "Wye")),
        )
    )
    text = dumps(catalogue, fmt)
    lines = text.splitlines()

    def at(path: str, *, key: bool = False) -> str:
        found = positions(text, fmt).find(path, key=key)
        assert found is not None
        line, column = found
        return lines[line - 1][column - 1 :]

    assert at("organisations[1].name").startswith(("Y", '"Y"'))
    assert at("organisations[1].other_names[1]").startswith(("Wye", '"Wye"'))
    assert at("organisations[1].name", key=True).startswith(("name", '"name"'))
    # What is not there is shown at the nearest place that is.
    assert at("organisations[1].acronym") == at("organisations[1]")
    assert at("organisations[7].name") == at("organisations")
    assert at("organisations[1].other_names[9]") == at("organisations[1].other_names")
    assert positions(text, fmt).find("") == (1, 1)


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_positions_of_odd_keys_and_of_text_that_is_not_a_document(fmt: Format) -> None:
    text = 'schema_version: 1\n"a.b[0]": {"na me": 1}\n'
    if fmt == "json":
        text = '{"schema_version": 1,\n "a.b[0]": {"na me": 1}}'
    assert positions(text, fmt).find('["a.b[0]"]["na me"]') == (2, 21 if fmt == "yaml" else 22)
    assert positions("", fmt).find("organisations") is None
    # Broken text gives what comes before the break.
    broken = text[: text.index("1}")]
    assert positions(broken, fmt).find("schema_version") == ((1, 17) if fmt == "yaml" else (1, 20))


def test_positions_follow_the_first_of_repeated_keys() -> None:
    text = "schema_version: 1\na: 1\na: 2\n"
    assert positions(text, "yaml").find("a") == (2, 4)
    assert positions('{"a": 1, "a": 2}', "json").find("a") == (1, 7)


def test_positions_place_validation_issues(madrid_text: str) -> None:
    broken = madrid_text.replace("organisation_id: osce-bsmu", "organisation_id: osce-bsm", 1)
    issue = loads(broken).validate().located(positions(broken, "yaml").find).issues[0]
    assert issue.line is not None
    assert issue.column is not None
    assert broken.splitlines()[issue.line - 1][issue.column - 1 :] == "osce-bsm"


# The two YAML parsers

BOTH_PARSERS = [
    HEAD + "organisations: [{id: x, name: X}]\n",
    HEAD + "organisations:\n  - id: x\n    name: |\n      Two\n      lines\n",
    HEAD + "organisations: [{id: x, name: !!str X, acronym: ! 12}]\n",
    HEAD + "organisations: [{id: no, name: NO, other_names: [yes, on, 'off', \"y\"]}]\n",
    HEAD + "events: [{id: e, name: E, kind: meeting, number: 1.0e+999}]\n",
    HEAD + "events: [{id: e, name: E, kind: meeting, number: " + "9" * 5000 + "}]\n",
    HEAD + "organisations: [{id: x, name: !!python/object:os.system {}, kind: bad}]\n",
    HEAD + "a: &a [1, 2]\nb: [*a, *a]\n*a : 3\nc: *undefined\n",
    HEAD + "organisations: [{id: x, name: X, name: Y}]\n[a]: 1\n{b: 1}: 2\n3: c\n",
    HEAD + "organisations: " + "[" * 100_000 + "]" * 100_000 + "\n",
    HEAD + "organisations: " + "{a: " * 1_000 + "}" * 1_000 + "\n",
    HEAD + "organisations:\n" + "".join("  " * i + "-\n" for i in range(1, 2000)),
    HEAD + "organisations: [{id: x, name: Policía\x00}]\n",
    HEAD + "organisations: [{id: x, name: 'Policía\n",
    HEAD + "organisations: [1, 2\n",
    HEAD + "k: v\n\tb: 1\n",
    HEAD + "---\n" + HEAD,
    "",
    "# only a comment\n",
    "---\n",
    "[1, 2]\n",
    "ÉÉÉ: [\n",
]


@pytest.mark.parametrize("text", BOTH_PARSERS, ids=range(len(BOTH_PARSERS)))
def test_libyaml_and_the_pure_python_parser_give_the_same_results(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if len(yaml_reader.PARSERS) < 2:
        pytest.skip("PyYAML was built without libyaml")
    results: list[tuple[str, object]] = []
    for parser in yaml_reader.PARSERS:
        monkeypatch.setattr(yaml_reader, "PARSERS", [parser])
        try:
            results.append(("loaded", loads(text)))
        except LoadError as error:
            # The two word their syntax errors differently; the place is the same.
            results.append(("refused", [_same_in_both(p) for p in error.problems]))
    libyaml, pure = results
    assert libyaml == pure


def _same_in_both(problem: Problem) -> tuple[object, ...]:
    if problem.code == "syntax":
        return (problem.path, problem.code, problem.line, problem.column)
    return (problem.path, problem.code, problem.line, problem.column, problem.message)


def test_loads_takes_text_or_bytes_only(tmp_path: Path) -> None:
    with pytest.raises(TypeError, match="use load for a file"):
        loads(tmp_path / "c.yaml")  # type: ignore[call-overload]


def test_dump_through_a_loop_of_links_is_an_os_error(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").symlink_to(tmp_path / "b.yaml")
    (tmp_path / "b.yaml").symlink_to(tmp_path / "a.yaml")
    with pytest.raises(OSError, match="links run in a loop"):
        dump(Catalogue(), tmp_path / "a.yaml")


@pytest.mark.parametrize("enabled", [True, False])
def test_reading_and_writing_leave_the_garbage_collector_as_they_found_it(
    enabled: bool,
) -> None:
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        dumps(Catalogue(), "json")
        loads('{"schema_version": 1}', format="json")
        with pytest.raises(LoadError):
            loads('{"schema_version": 1, "events": 3}', format="json")
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


class _Held:
    """Holds a call inside its pause of the collector until the test lets it go."""

    def __init__(self, call: Callable[..., object]) -> None:
        self.call = call
        self.inside = threading.Event()
        self.go = threading.Event()

    def __call__(self, *args: object) -> object:
        self.inside.set()
        assert self.go.wait(timeout=60), "never let go"  # a safety net, not a timing
        return self.call(*args)


@pytest.mark.parametrize("first_out", ["first in", "last in"])
@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_comes_back_only_when_the_last_of_two_threads_leaves(
    monkeypatch: pytest.MonkeyPatch, enabled: bool, first_out: str
) -> None:
    # One thread reads a bad document (and raises), the other writes; both are held
    # inside their pause until the test lets each go, so the order is certain.
    reader = _Held(reading._loads)
    writer = _Held(writing._json_text_of)
    monkeypatch.setattr(reading, "_loads", reader)
    monkeypatch.setattr(writing, "_json_text_of", writer)
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        with ThreadPoolExecutor(max_workers=2) as pool:
            try:
                read: Future[Catalogue] = pool.submit(
                    loads, '{"schema_version": 1, "events": 3}', format="json"
                )
                assert reader.inside.wait(timeout=60)
                assert not gc.isenabled()
                write = pool.submit(dumps, Catalogue(), "json")
                assert writer.inside.wait(timeout=60)
                assert not gc.isenabled()
                first, last = (reader, writer) if first_out == "first in" else (writer, reader)
                first.go.set()
                (read if first is reader else write).exception(timeout=60)
                assert not gc.isenabled(), "the other thread is still inside"
                last.go.set()
                (read if last is reader else write).exception(timeout=60)
                assert gc.isenabled() is enabled
            finally:
                reader.go.set()
                writer.go.set()
        assert isinstance(read.exception(), LoadError)
        assert write.result() == dumps(Catalogue(), "json")
    finally:
        (gc.enable if was else gc.disable)()


def _paused_twice_then_raise() -> None:
    with without_cycle_collection():
        with without_cycle_collection():
            assert not gc.isenabled()
        assert not gc.isenabled()
        raise KeyError("inside")


@pytest.mark.parametrize("enabled", [True, False])
def test_a_pause_that_raises_or_nests_leaves_the_collector_as_it_found_it(enabled: bool) -> None:
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        with pytest.raises(KeyError):
            _paused_twice_then_raise()
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()
