"""Documents made to hurt a reader: each is refused with a `LoadError` that says where or why.

Every case runs under a guard that catches a hang or a blow-up (a hard ceiling of
seconds and megabytes, far above what a case needs); speed itself is measured by
benchmarks, never here.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

import pytest

from gloact_model import (
    Catalogue,
    Event,
    Format,
    Limits,
    LoadError,
    Organisation,
    Problem,
    dumps,
    load,
    loads,
)

SECONDS = 30
MEGABYTES = 500

HEAD = "schema_version: 1\n"
JSON_HEAD = '{"schema_version": 1, '
FORMATS: tuple[Format, ...] = ("yaml", "json")


@contextmanager
def bounded() -> Iterator[None]:
    """Fail a case that runs for more than SECONDS, or allocates more than MEGABYTES."""

    def hang(signum: int, frame: FrameType | None) -> None:
        raise TimeoutError(f"still reading after {SECONDS} s")

    alarm = hasattr(signal, "SIGALRM")
    if alarm:
        previous = signal.signal(signal.SIGALRM, hang)
        signal.alarm(SECONDS)
    tracemalloc.start()
    try:
        yield
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        if alarm:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, previous)
    assert peak < MEGABYTES * 2**20, f"{peak / 2**20:.0f} MB allocated"


def refused(
    text: str | bytes, fmt: Format = "yaml", cls: type = Catalogue, limits: Limits | None = None
) -> list[Problem]:
    """The problems of a document that must be refused, read under the guard."""
    with bounded(), pytest.raises(LoadError) as caught:
        loads(text, cls, fmt, limits=limits)
    problems = caught.value.problems
    assert len(str(caught.value)) < 10_000, "a message should stay readable"
    return list(problems)


def only(problems: list[Problem]) -> Problem:
    (problem,) = problems
    return problem


def placed(problem: Problem) -> tuple[int, int]:
    assert problem.line is not None
    assert problem.column is not None
    return problem.line, problem.column


def where(text: str, needle: str) -> tuple[int, int]:
    """The 1-based line and column of the first `needle` in `text`."""
    offset = text.index(needle)
    return text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)


def document(body: dict[str, str], fmt: Format) -> str:
    """A document with `schema_version` and the given keys, whose values are written as is."""
    if fmt == "yaml":
        return HEAD + "".join(f"{key}: {value}\n" for key, value in body.items())
    return JSON_HEAD + ", ".join(f'"{key}": {value}' for key, value in body.items()) + "}"


# YAML's other booleans


def test_no_yes_on_and_off_stay_text() -> None:
    text = (
        HEAD
        + "organisations:\n  - {id: 'no', name: NO, acronym: yes, other_names: [on, off, n, Y]}\n"
    )
    with bounded():
        organisation = loads(text).organisation("no")
    assert (organisation.name, organisation.acronym) == ("NO", "yes")
    assert organisation.other_names == ("on", "off", "n", "Y")


def test_a_country_code_no_is_norway() -> None:
    with bounded():
        catalogue = loads(HEAD + "organisations: [{id: x, name: X, seat_country: NO}]\n")
    assert str(catalogue.organisation("x").seat_country) == "NO"


# Repeated keys


def test_a_repeated_yaml_key_is_refused_at_its_second_place() -> None:
    text = HEAD + "organisations:\n  - id: x\n    name: X\n    name: Y\n    kind: bad\n"
    problems = refused(text)
    assert [(p.path, p.code, placed(p)) for p in problems] == [
        ("organisations[0].name", "duplicate-key", (5, 5)),
        ("organisations[0].kind", "enum", (6, 11)),
    ]


def test_a_repeated_json_key_is_refused_at_its_second_place_with_the_rest() -> None:
    text = (
        '{"schema_version": 1,\n "organisations": [\n'
        '  {"id": "x", "name": "X", "name": "Y", "kind": "bad"}]}'
    )
    problems = refused(text, "json")
    assert [(p.path, p.code, placed(p)) for p in problems] == [
        ("organisations[0].name", "duplicate-key", (3, 28)),
        ("organisations[0].kind", "enum", (3, 49)),
    ]


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_first_of_two_repeated_keys_is_the_one_read(fmt: Format) -> None:
    text = document({"schema_version": "1", "organisations": "3"}, fmt)
    problems = refused(text, fmt)
    assert [(p.path, p.code) for p in problems] == [
        ("schema_version", "duplicate-key"),
        ("organisations", "type"),
    ]


# Tags


@pytest.mark.parametrize(
    "value",
    [
        "!!python/object:os.system {}",
        "!!python/object/apply:os.system [echo hacked]",
        "!!python/name:os.system ''",
        "!!python/module:os ''",
        "!!binary aGk=",
        "!!timestamp 2018-10-23",
        "!!set {a, b}",
        "!!omap [a: 1]",
        "!!float 1",
        "!custom x",
        "!<tag:example.com,2000:x> x",
    ],
)
def test_tags_are_refused(value: str) -> None:
    problem = only(refused(HEAD + f"organisations: [{{id: x, name: {value}}}]\n"))
    assert (problem.path, problem.code, placed(problem)) == (
        "organisations[0].name",
        "tag",
        (2, 31),
    )


def test_a_tag_on_a_key_is_refused_with_its_value() -> None:
    problem = only(refused(HEAD + "!!python/object:os.system a: 1\n"))
    assert (problem.path, problem.code, placed(problem)) == ("", "tag", (2, 1))


# Anchors and aliases


def test_an_alias_is_refused_where_it_stands() -> None:
    text = HEAD + "organisations:\n  - &x {id: x, name: X}\n  - *x\n"
    problem = only(refused(text))
    assert (problem.path, problem.code, placed(problem)) == ("organisations[1]", "alias", (4, 5))


def test_an_alias_as_a_key_and_a_merge_key_are_refused() -> None:
    problems = refused(HEAD + "a: &k x\n*k : 1\n<<: {b: 1}\n")
    assert [(p.path, p.code) for p in problems] == [
        ("a", "unknown-key"),
        ("", "alias"),
        ('["<<"]', "unknown-key"),
    ]


def test_a_billion_laughs_is_refused_without_expanding_it() -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 10):
        aliases = ", ".join([f"*a{level - 1}"] * 9)
        lines.append(f"a{level}: &a{level} [{aliases}]")
    problems = refused(HEAD + "\n".join(lines) + "\n")
    refusals = [p for p in problems if p.code == "alias"]
    assert len(refusals) == 81
    assert all(p.line is not None for p in refusals)


def test_an_alias_to_nothing_is_refused_as_an_alias() -> None:
    problem = only(refused(HEAD + "organisations: [*nowhere]\n"))
    assert (problem.path, problem.code) == ("organisations[0]", "alias")


# Not a number


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity"])
def test_json_refuses_what_is_not_a_number(value: str) -> None:
    text = (
        JSON_HEAD
        + f'"events": [{{"id": "e", "name": "E", "kind": "meeting", "number": {value}}}]}}'
    )
    problem = only(refused(text, "json"))
    assert (problem.path, problem.code) == ("events[0].number", "not-a-number")
    assert value in problem.message
    assert placed(problem) == where(text, value)


@pytest.mark.parametrize("value", [".nan", ".NaN", ".inf", "-.Inf", "+.INF"])
def test_yaml_reads_what_is_not_a_number_as_text(value: str) -> None:
    text = HEAD + f"events: [{{id: e, name: E, kind: meeting, number: {value}}}]\n"
    problem = only(refused(text))
    assert (problem.path, problem.code) == ("events[0].number", "type")
    assert repr(value) in problem.message
    with bounded():
        assert (
            loads(HEAD + f"organisations: [{{id: x, name: {value}}}]\n").organisations[0].name
            == value
        )


@pytest.mark.parametrize(
    ("fmt", "value"), [("json", "1e999"), ("json", "-1.5E+400"), ("yaml", "1.0e+999")]
)
def test_a_number_beyond_a_float_is_refused(fmt: Format, value: str) -> None:
    text = document(
        {"events": f'[{{"id": "e", "name": "E", "kind": "meeting", "number": {value}}}]'}, fmt
    )
    problem = only(refused(text, fmt))
    assert (problem.path, problem.code) == ("events[0].number", "too-large")
    placed(problem)


# Limits


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_document_beyond_max_bytes_is_refused_unread(fmt: Format) -> None:
    text = dumps(Catalogue(organisations=(Organisation(id="x", name="X" * 200),)), fmt)
    limits = Limits(max_bytes=100)
    for given in (text, text.encode()):
        problem = only(refused(given, fmt, limits=limits))
        assert problem.code == "too-large"
        assert "more than the limit of 100 (Limits.max_bytes)" in problem.message
    # Text is measured in bytes of UTF-8, not in characters.
    wide = dumps(Organisation(id="x", name="€" * 30), fmt)
    assert len(wide) <= 100 < len(wide.encode())
    assert only(refused(wide, fmt, Organisation, limits)).code == "too-large"
    assert loads(wide, Organisation, fmt, limits=Limits(max_bytes=len(wide.encode())))


def test_a_huge_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as stream:  # sparse: no disk space, no time
        stream.truncate(3 * 10**9)
    with bounded(), pytest.raises(LoadError) as caught:
        load(path)
    problem = only(list(caught.value.problems))
    assert problem.code == "too-large"
    assert problem.message == (
        "the document is 3,000,000,000 bytes, more than the limit of 100,000,000 (Limits.max_bytes)"
    )
    assert caught.value.source == str(path)
    path.write_text(HEAD)
    assert load(path, limits=Limits(max_bytes=len(HEAD))) == Catalogue()
    with pytest.raises(LoadError, match=r"Limits\.max_bytes"):
        load(path, limits=Limits(max_bytes=len(HEAD) - 1))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_stream_that_says_no_size_is_read_no_further_than_the_limit(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.yaml"
    os.mkfifo(pipe)

    def write() -> None:
        with pipe.open("wb", buffering=0) as stream, contextlib.suppress(BrokenPipeError):
            stream.write(HEAD.encode() + b"#" * 10_000)

    writer = threading.Thread(target=write)
    writer.start()
    try:
        with pytest.raises(LoadError) as caught:
            load(pipe, limits=Limits(max_bytes=1000))
    finally:
        writer.join(timeout=SECONDS)
    problem = only(list(caught.value.problems))
    assert problem.message.startswith("the document is at least 1,001 bytes, more than the limit")


@pytest.mark.parametrize("fmt", FORMATS)
def test_nesting_beyond_max_depth_is_refused_at_its_place(fmt: Format) -> None:
    text = document({"organisations": "[[[[[1]]]]]"}, fmt)
    problem = only(refused(text, fmt, limits=Limits(max_depth=3)))
    assert (problem.path, problem.code) == ("organisations[0][0][0]", "too-deep")
    assert problem.message == (
        "is nested 4 levels deep, more than the limit of 3 (Limits.max_depth)"
    )
    assert placed(problem) == where(text, "[[1")


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    ("inner", "deepest", "depth"), [("[[]]", "[]", 2), ("[[7]]", "7", 3), ('[{"a": 7}]', "7", 3)]
)
def test_nesting_to_the_limit_is_allowed_and_one_level_more_is_not(
    fmt: Format, inner: str, deepest: str, depth: int
) -> None:
    text = document({"organisations": inner}, fmt)
    at_the_limit = refused(text, fmt, limits=Limits(max_depth=depth))
    assert "too-deep" not in [p.code for p in at_the_limit]
    beyond = only(refused(text, fmt, limits=Limits(max_depth=depth - 1)))
    assert (beyond.code, placed(beyond)) == ("too-deep", where(text, deepest))


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("opening", ["[", "{"])
def test_a_hundred_thousand_levels_are_refused_at_the_limit(fmt: Format, opening: str) -> None:
    closing = {"[": "]", "{": "}"}[opening]
    inner = (f'{opening}"a": ' if opening == "{" else opening) * 100_000 + closing * 100_000
    if fmt == "yaml":
        inner = inner.replace('"a"', "a")
    problem = only(refused(document({"organisations": inner}, fmt), fmt))
    assert problem.code == "too-deep"
    assert "Limits.max_depth" in problem.message
    assert problem.path.startswith("organisations")
    placed(problem)


def test_deep_block_nesting_is_refused_at_the_limit() -> None:
    text = HEAD + "organisations:\n" + "".join("  " * i + "-\n" for i in range(1, 5000))
    problem = only(refused(text))
    assert (problem.code, problem.path) == ("too-deep", "organisations" + "[0]" * 64)


@pytest.mark.parametrize("fmt", FORMATS)
def test_more_records_than_max_records_are_refused_before_they_are_built(fmt: Format) -> None:
    organisations = tuple(Organisation(id=f"o{i}", name="O") for i in range(3))
    sessions = ", ".join([f'{{"id": "s{i}", "kind": "panel"}}' for i in range(2)])
    text = document(
        {
            "organisations": "["
            + ", ".join(f'{{"id": "o{i}", "name": "O"}}' for i in range(3))
            + "]",
            "events": f'[{{"id": "e", "name": "E", "kind": "meeting", "sessions": [{sessions}]}}]',
        },
        fmt,
    )
    assert len(loads(text, format=fmt, limits=Limits(max_records=6)).organisations) == len(
        organisations
    )
    problem = only(refused(text, fmt, limits=Limits(max_records=5)))
    assert (problem.path, problem.code) == ("", "too-many-records")
    assert problem.message == (
        "the document holds 6 records, more than the limit of 5 (Limits.max_records)"
    )


@pytest.mark.parametrize("fmt", FORMATS)
def test_text_beyond_max_text_is_refused_at_its_place(fmt: Format) -> None:
    text = document({"organisations": '[{"id": "x", "name": "%s"}]' % ("a" * 50)}, fmt)
    problem = only(refused(text, fmt, limits=Limits(max_text=20)))
    assert (problem.path, problem.code) == ("organisations[0].name", "too-long")
    assert problem.message == (
        "the text is 50 characters long, more than the limit of 20 (Limits.max_text)"
    )
    placed(problem)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_key_beyond_max_text_is_shown_at_its_mapping(fmt: Format) -> None:
    text = document({"organisations": '[{"id": "x", "name": "X", "%s": 1}]' % ("k" * 50)}, fmt)
    problem = only(refused(text, fmt, limits=Limits(max_text=20)))
    assert (problem.path, problem.code) == ("organisations[0]", "too-long")
    assert "holds a key 50 characters long" in problem.message
    placed(problem)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_huge_string_is_refused_with_the_default_limit(fmt: Format) -> None:
    huge = 'ab\\"c' * 300_000 if fmt == "json" else "abc" * 400_000
    text = document({"organisations": f'[{{"id": "x", "name": "{huge}"}}]'}, fmt)
    problem = only(refused(text, fmt))
    assert (problem.path, problem.code) == ("organisations[0].name", "too-long")
    assert "(Limits.max_text)" in problem.message


def test_limits_must_be_positive_whole_numbers() -> None:
    assert Limits() == Limits(
        max_bytes=100_000_000,
        max_depth=64,
        max_records=1_000_000,
        max_text=1_000_000,
        max_values=5_000_000,
    )
    with pytest.raises(ValueError, match=r"Limits.max_depth must be at least 1, not 0"):
        Limits(max_depth=0)
    with pytest.raises(TypeError, match=r"Limits.max_bytes must be a whole number"):
        Limits(max_bytes=1.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Limits(max_text=True)
    with pytest.raises(TypeError):
        Limits(100)  # type: ignore[call-arg]


# Encodings


@pytest.mark.parametrize("fmt", FORMATS)
def test_utf8_with_a_byte_order_mark_is_read(fmt: Format) -> None:
    data = "\ufeff".encode() + dumps(Organisation(id="x", name="Policía"), fmt).encode()
    with bounded():
        assert loads(data, Organisation, fmt).name == "Policía"


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    ("encoding", "named"),
    [
        ("utf-16", "is UTF-16 (little-endian)"),
        ("utf-16-le", "looks like UTF-16 (little-endian) without a byte-order mark"),
        ("utf-16-be", "looks like UTF-16 (big-endian) without a byte-order mark"),
        ("utf-32", "is UTF-32 (little-endian)"),
        ("utf-32-be", "looks like UTF-32 without a byte-order mark"),
    ],
)
def test_utf16_and_utf32_are_named(fmt: Format, encoding: str, named: str) -> None:
    data = dumps(Organisation(id="x", name="Policía"), fmt).encode(encoding)
    problem = only(refused(data, fmt, Organisation))
    assert problem.code == "encoding"
    assert problem.message == f"the file {named}, not UTF-8: save it as UTF-8"


@pytest.mark.parametrize("fmt", FORMATS)
def test_latin1_is_refused_at_the_first_byte_that_is_not_utf8(fmt: Format) -> None:
    data = dumps(Organisation(id="x", name="Policía"), fmt).encode("latin-1")
    problem = only(refused(data, fmt, Organisation))
    assert problem.code == "encoding"
    assert "byte 0xed cannot be read; save it as UTF-8" in problem.message
    assert placed(problem) == ((3, 12) if fmt == "yaml" else (4, 17))


@pytest.mark.parametrize("fmt", FORMATS)
def test_characters_that_text_cannot_hold_are_refused(fmt: Format) -> None:
    for bad in ("\x00", "\ud800", "\x1b"):
        text = document({"organisations": f'[{{"id": "x", "name": "A{bad}"}}]'}, fmt)
        assert refused(text, fmt)


# Broken and empty documents


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_document_cut_short_is_refused_or_read_but_never_crashes(
    fmt: Format, madrid_text: str
) -> None:
    text = madrid_text if fmt == "yaml" else dumps(loads(madrid_text), "json")
    with bounded():
        for end in range(0, len(text), 97):
            with contextlib.suppress(LoadError):
                loads(text[:end], format=fmt)
    if fmt == "json":
        for end in range(1, len(text) - 2, 389):
            problem = only(refused(text[:end], fmt))
            assert problem.code == "syntax"
            placed(problem)


def test_yaml_cut_inside_a_quoted_text_is_refused_at_its_end() -> None:
    text = HEAD + "organisations:\n  - id: x\n    name: 'Guardia Civ"
    problem = only(refused(text))
    assert (problem.code, placed(problem)) == ("syntax", (4, 23))


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("text", ["", "\n", "  \n\t\n", "\ufeff"])
def test_an_empty_document_is_empty_in_both_formats(fmt: Format, text: str) -> None:
    for given in (text, text.encode()):
        problem = only(refused(given, fmt))
        assert (problem.path, problem.code, problem.message) == (
            "",
            "empty",
            "the document is empty",
        )


def test_a_yaml_document_of_comments_is_empty() -> None:
    assert only(refused("# nothing\n\n# here\n")).code == "empty"


def test_two_yaml_documents_are_refused_at_the_second() -> None:
    problem = only(refused(HEAD + "---\n" + HEAD))
    assert (problem.code, problem.line) == ("syntax", 2)


@pytest.mark.parametrize("text", ['{"schema_version": 1} {}', '{"schema_version": 1}]', "nul"])
def test_json_with_more_or_less_than_a_value_is_refused(text: str) -> None:
    problem = only(refused(text, "json"))
    assert problem.code == "syntax"
    placed(problem)


# Values of the wrong size or shape


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_number_of_five_thousand_digits_is_refused_at_its_place(fmt: Format) -> None:
    digits = "9" * 5000
    text = document(
        {"events": f'[{{"id": "e", "name": "E", "kind": "meeting", "number": {digits}}}]'}, fmt
    )
    problem = only(refused(text, fmt))
    assert (problem.path, problem.code) == ("events[0].number", "too-large")
    assert problem.message == "a number of 5,000 digits is too long to be read"
    assert placed(problem) == where(text, digits)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_huge_number_as_the_whole_document_is_refused(fmt: Format) -> None:
    assert only(refused("-" + "1" * 5000, fmt)).code == "too-large"


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    ("body", "path"),
    [
        ({"organisations": '[["x"]]'}, "organisations[0]"),
        ({"organisations": '{"id": "x"}'}, "organisations"),
        (
            {"events": '[{"id": "e", "name": "E", "kind": "meeting", "period": ["2018"]}]'},
            "events[0].period",
        ),
        (
            {"events": '[{"id": "e", "name": "E", "kind": "meeting", "sessions": {"id": "s"}}]'},
            "events[0].sessions",
        ),
    ],
)
def test_a_list_where_a_mapping_belongs_and_the_other_way(
    fmt: Format, body: dict[str, str], path: str
) -> None:
    problem = only(refused(document(body, fmt), fmt))
    assert (problem.path, problem.code) == (path, "type")
    placed(problem)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("text", ["[1, 2]", '"text"', "12", "null", "true"])
def test_a_document_that_is_not_a_mapping_is_refused(fmt: Format, text: str) -> None:
    problem = only(refused(text, fmt))
    assert (problem.path, problem.code) == ("", "type")
    assert placed(problem) == (1, 1)


def test_a_list_where_a_record_belongs_is_refused_for_single_records() -> None:
    problem = only(refused(HEAD + "id: e\nname: E\nkind: meeting\nsessions: [[s]]\n", cls=Event))
    assert (problem.path, problem.code, placed(problem)) == ("sessions[0]", "type", (5, 12))


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_key_that_is_not_text_is_refused(fmt: Format) -> None:
    text = (
        HEAD + "1: x\n[a]: y\n{b: 1}: z\nnull: w\n"
        if fmt == "yaml"
        else '{"schema_version": 1, 1: 2}'
    )
    problems = refused(text, fmt)
    assert {p.code for p in problems} == ({"key"} if fmt == "yaml" else {"syntax"})
    assert all(p.line is not None for p in problems)


@pytest.mark.parametrize("fmt", FORMATS)
def test_many_tiny_nested_values_are_refused_before_records_are_built(fmt: Format) -> None:
    many = 30_000
    if fmt == "json":
        items = ",".join(['"x"'] * many)
        organisation = f'{{"id": "a", "name": "A", "source_ids": [{items}]}}'
        text = f'{{"schema_version": 1, "organisations": [{organisation}]}}'
    else:
        text = "schema_version: 1\norganisations:\n- id: a\n  name: A\n  source_ids:\n" + (
            "  - x\n" * many
        )
    problem = only(refused(text, fmt, limits=Limits(max_values=10_000)))
    assert problem.code == "too-many-values"
    assert "more than the limit of 10,000 (Limits.max_values)" in problem.message
    assert problem.line is not None
    assert problem.column is not None
