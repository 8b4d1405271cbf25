"""The YAML reader under hostile input: deep nesting, odd line breaks, odd tags, many refusals.

Each case is a reproducer of issue 11, scaled down. Costs are measured with
`tests.costs` (ratios, never absolute times); the parsers are compared with each
other, and the pure-Python one with PyYAML's own where it changes PyYAML's code.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from gloact_model import Catalogue, Limits, LoadError, Problem, loads, positions
from gloact_model.formats import yaml_reader
from gloact_model.formats.parsed import Parsed
from tests.conftest import EXAMPLES
from tests.costs import assert_linear, assert_memory

HEAD = "schema_version: 1\n"
DEEP = Limits(max_depth=10**6)

PARSERS = [pytest.param(parser, id=parser.__name__) for parser in yaml_reader.PARSERS]
"""Each parser the reader has (libyaml's first, where PyYAML has it)."""


@pytest.fixture(params=PARSERS)
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> type:
    """The reader with one parser only, as where PyYAML has no libyaml."""
    monkeypatch.setattr(yaml_reader, "PARSERS", [request.param])
    chosen: type = request.param
    return chosen


def problems_of(
    text: str, limits: Limits | None = None
) -> list[tuple[str, str, int | None, int | None]]:
    with pytest.raises(LoadError) as caught:
        loads(text, limits=limits)
    return [(p.code, p.path, p.line, p.column) for p in caught.value.problems]


# Defect 8: deep nesting under a raised depth limit -------------------------


@pytest.mark.parametrize(
    ("opening", "closing", "small"),
    [("[", "]", 200), ("[{a: ", "}]", 100)],
    ids=["lists", "lists-of-mappings"],
)
def test_deep_flow_nesting_costs_linear_time_and_memory(
    opening: str, closing: str, small: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 5,000 levels of lists took 17.6 s: the open levels' paths were built at every
    # level, and PyYAML's scanner walked every open level's simple key at every token.
    # The pure-Python parser alone: libyaml stops at 1,000 levels and hands a deeper
    # document to it, so with libyaml the two sizes would time two different parsers.
    monkeypatch.setattr(yaml_reader, "PARSERS", [yaml_reader.PureLoader])

    def make(depth: int) -> str:
        return HEAD + "organisations: " + opening * depth + closing * depth + "\n"

    def read(text: str | bytes) -> object:
        return loads(text, limits=DEEP)

    assert_linear(read, make, small)


def test_deep_nesting_is_still_refused_at_a_raised_limit(parser: type) -> None:
    text = HEAD + "organisations: " + "[" * 3000 + "]" * 3000 + "\n"
    ((code, path, line, column),) = problems_of(text, Limits(max_depth=2500))
    assert (code, line, column) == ("too-deep", 2, 16 + 2500)
    assert path == "organisations" + "[0]" * 2500


PIECES = [
    "[", "]", "{", "}", ", ", ": ", ":", "- ", "? ", "\n", "  ", "\t", "a", "bc", "'q'",
    '"d"', "#c", "&x ", "*x", "!t ", "!! ", "|\n", ">\n", "--- ", "... ", "x" * 1030, "\r\n",
]  # fmt: skip
"""Pieces of YAML whose random joins reach the scanner's simple keys in every way."""


def tokens(text: str, loader: type) -> list[tuple[object, ...]]:
    """What PyYAML's scanner gives for `text`: its tokens with their places, then any error."""
    found: list[tuple[object, ...]] = []
    try:
        for token in yaml.scan(text, Loader=loader):
            attributes = sorted((k, repr(v)) for k, v in vars(token).items() if "mark" not in k)
            marks = (token.start_mark.index, token.end_mark.index)
            found.append((type(token).__name__, marks, attributes))
    except yaml.YAMLError as error:
        found.append(("error", str(error)))
    return found


@given(st.lists(st.sampled_from(PIECES), max_size=60))
def test_the_pure_parser_scans_as_pyyaml_does(pieces: list[str]) -> None:
    # PureLoader replaces two of PyYAML's methods with linear ones: the same tokens
    # and the same errors, or the replacement is wrong.
    text = "".join(pieces)
    assert tokens(text, yaml_reader.PureLoader) == tokens(text, yaml.SafeLoader)


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_the_pure_parser_scans_the_examples_as_pyyaml_does(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert tokens(text, yaml_reader.PureLoader) == tokens(text, yaml.SafeLoader)
    nested = "k: " + "[{a: " * 50 + "x" * 1100 + ", '" + "b\n" * 3 + "'" + "}]" * 50 + "\n"
    assert tokens(nested, yaml_reader.PureLoader) == tokens(nested, yaml.SafeLoader)


# Defect 10: characters that YAML reads as line breaks and editors do not ----------------

NEL_NAME = "schema_version: 1\norganisations:\n  - id: x\n    name: 'A\x85B'\n    kind: bad\n"
"""The issue's printf reproducer: the NEL became a space, and `kind` was placed on line 6."""


@pytest.mark.parametrize("character", ["\x85", "\u2028", "\u2029"])
@pytest.mark.parametrize(
    ("template", "place"),
    [
        (NEL_NAME.replace("\x85", "{}"), (4, 13)),
        (HEAD + "organisations:\n  - id: x\n    name: A{}B\n    kind: bad\n", (4, 12)),
        (HEAD + "# a comment{}with more\norganisations: []\n", (2, 12)),
        (HEAD + 'organisations: [{{id: x, name: "A{}B"}}]\r\n', (2, 33)),
        (HEAD.replace("\n", "\r") + "organisations: []\r\r# {}\n", (4, 3)),
    ],
    ids=["single-quoted", "plain", "comment", "double-quoted", "carriage-returns"],
)
def test_a_yaml_line_break_that_editors_do_not_break_at_is_refused_where_editors_show_it(
    parser: type, character: str, template: str, place: tuple[int, int]
) -> None:
    text = template.format(character)
    ((code, path, line, column),) = problems_of(text)
    assert (code, path, (line, column)) == ("syntax", "", place)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    assert line is not None
    assert column is not None
    assert lines[line - 1][column - 1] == character


def test_the_escaped_and_the_written_nel_are_both_refused(parser: type) -> None:
    escaped = NEL_NAME.replace("'A\x85B'", '"A\\x85B"')
    assert problems_of(escaped) == [
        ("control-character", "organisations[0].name", 4, 11),
        ("enum", "organisations[0].kind", 5, 11),
    ]
    assert problems_of(NEL_NAME)[0][0] == "syntax"


def test_an_earlier_syntax_error_comes_first(parser: type) -> None:
    text = HEAD + "a: [1\x00]\nb: 'x\x85y'\n"
    assert problems_of(text) == [("syntax", "", 2, 6)]
    later = HEAD + "a: 'x\x85y'\nb: [1, }\n"
    assert problems_of(later) == [("syntax", "", 2, 6)]


def test_positions_do_not_shift_after_a_yaml_line_break(parser: type) -> None:
    where = positions(NEL_NAME, "yaml")
    assert where.find("organisations[0].kind") == (5, 11)
    assert where.find("organisations[0].kind", key=True) == (5, 5)


def test_a_refused_character_is_placed_as_editors_count_lines(parser: type) -> None:
    # A carriage return alone ends a line, in YAML and in editors.
    assert problems_of("schema_version: 1\rorganisations: [\x01]\n") == [("syntax", "", 2, 17)]


# The non-specific tag '!' ----------------------------------------------------


@pytest.mark.parametrize(
    "value", ["! 5", "! 1.5", "! true", "! null", "! ~", "!  -3"], ids=lambda v: v.strip("! ")
)
def test_the_tag_bang_on_a_plain_number_or_constant_is_refused(parser: type, value: str) -> None:
    # The specification makes `! 5` the text "5", PyYAML and others the number 5:
    # rather than pick one behind the reader's back, the file is refused.
    text = HEAD + f"organisations: [{{id: x, name: {value}}}]\n"
    assert problems_of(text) == [("tag", "organisations[0].name", 2, 31)]
    text = HEAD + f"events: [{{id: e, name: E, kind: meeting, number: {value}}}]\n"
    assert problems_of(text)[0][:2] == ("tag", "events[0].number")


@pytest.mark.parametrize(("value", "read"), [("! '5'", "5"), ('! "5"', "5"), ("! Five", "Five")])
def test_the_tag_bang_on_text_changes_nothing(parser: type, value: str, read: str) -> None:
    catalogue = loads(HEAD + f"organisations: [{{id: x, name: {value}}}]\n")
    assert isinstance(catalogue, Catalogue)
    assert catalogue.organisations[0].name == read


# The two parsers agree on escapes beyond what text can hold -------------------

SURROGATE = HEAD + 'organisations:\n  - id: x\n    name: "A\\uD800B"\n    kind: bad\n'


def test_an_escaped_surrogate_gives_the_full_problem_list(parser: type) -> None:
    assert problems_of(SURROGATE) == [
        ("control-character", "organisations[0].name", 4, 11),
        ("enum", "organisations[0].kind", 5, 11),
    ]


def test_an_escape_beyond_unicode_is_a_syntax_error_at_its_place(parser: type) -> None:
    text = SURROGATE.replace("\\uD800", "\\U00110000")
    assert problems_of(text) == [("syntax", "", 4, 15)]
    assert text.splitlines()[3][14:22] == "00110000"


# Defect 1 (the reader's side): stop at max_problems ---------------------------

MANY = {
    "numbers": lambda n: "[" + ", ".join(["1.0e+999"] * n) + "]",
    "aliases": lambda n: "[&a 1, " + ", ".join(["*a"] * n) + "]",
    "long-keys": lambda n: "[{" + ", ".join(f"k{i:020}: 1" for i in range(n)) + "}]",
}
TIGHT = Limits(max_problems=50, max_text=20)


def parse(text: str, limits: Limits = TIGHT) -> Parsed:
    return yaml_reader.parse_yaml(text, "<test>", limits)


@pytest.mark.parametrize("kind", sorted(MANY))
def test_refusals_stop_at_max_problems_and_keep_the_first(parser: type, kind: str) -> None:
    parsed = parse(HEAD + "a: " + MANY[kind](200) + "\n")
    assert parsed.stopped
    assert len(parsed.refused) == TIGHT.max_problems
    lines_and_columns = [(p.line or 0, p.column or 0) for p in parsed.refused]
    assert lines_and_columns == sorted(lines_and_columns)
    if kind != "long-keys":  # those are shown at their mapping
        assert parsed.refused[0].path == ("a[0]" if kind == "numbers" else "a[1]")


def test_refusals_up_to_max_problems_are_all_listed(parser: type) -> None:
    parsed = parse(HEAD + "a: " + MANY["numbers"](TIGHT.max_problems) + "\n")
    assert not parsed.stopped
    assert len(parsed.refused) == TIGHT.max_problems


@pytest.mark.parametrize("kind", sorted(MANY))
def test_a_document_of_refusals_costs_no_problem_for_each(parser: type, kind: str) -> None:
    # A million 1e999, aliases or long keys cost a problem (and a path) each: 2 GB. The
    # rest is still parsed, for a syntax error, which the pure parser does slowly: fewer.
    count = 5_000 if parser is yaml_reader.PureLoader else 50_000
    text = HEAD + "a: " + MANY[kind](count) + "\n"

    def read(text: str | bytes) -> Problem | None:
        assert isinstance(text, str)
        refused = parse(text).refused
        return refused[0] if refused else None

    assert_memory(read, text, per_byte=2)
    assert_linear(read, lambda n: HEAD + "a: " + MANY[kind](n) + "\n", 1_000, memory=False)
