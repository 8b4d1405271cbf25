"""The loader and the JSON Schema agree on every single value of every example.

A system in another language trusts the schema: a file that the schema accepts
must not be refused by gloact_model for anything that one value could say. So
every value of every example (examples/*.yaml, as plain JSON data) is changed,
one at a time, into values that are wrong in each way a single value can be
(-1, 10**12, empty or padded text, a NUL or a zero-width space inside, a final
newline, a wrong type, a bad id, date, code or address), and the loader and the
schema must both accept the change or both refuse it.

The exceptions are the rules that need more than one value, named in
`NOT_ONE_VALUE` (by the code of the loader's problem) and listed on
docs/schema.md: a change that one of them refuses may pass the schema.
"""

from __future__ import annotations

import copy
import functools
import itertools
import json
import re
import shutil
import subprocess
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest

from gloact_model import SCHEMA_VERSION, Catalogue, Country, LoadError, PartialDate, loads
from gloact_model.codec import from_document
from gloact_model.formats.limits import DEFAULT_LIMITS
from gloact_model.formats.yaml_reader import parse_yaml
from gloact_model.schema import json_schema, record_classes
from tests.conftest import EXAMPLES, ROOT

if typing.TYPE_CHECKING:
    import jsonschema
else:
    jsonschema = pytest.importorskip("jsonschema", reason="needs jsonschema, in the test extra")

Parts = tuple[str | int, ...]

NOT_ONE_VALUE: dict[str, str] = {
    "counts-exceed-total": "women and men above an exact total",
    "end-before-start": "an end before its start (a period, a session's times)",
    "duration-mismatch": "a length in days that does not fit the dates",
    "number-without-series": "an event's number without a series",
    "final-without-series": "an event marked final without a series",
    "relation-without-parent": "an event's relation to its parent without a parent",
    "qualifier-without-count": "a count's own qualifier without the count",
    "empty-affiliation": "a person's other affiliation with nothing in it",
    "self-reference": "a parent that is the record itself",
    "duplicate": "a value repeated in a list, or two records in one list with one key",
    "empty": "a participation or a location with nothing in it",
    "empty-period": "a period with neither start nor end",
    "duplicate-id": "two records of one collection with one id",
}
"""The rules that need more than one value, by the code of the loader's problem.

A single change can break one of them (a count of women above the total, an id
that another record has), and the schema, which checks one value at a time,
accepts it. docs/schema.md lists each of them.
"""

ONE_VALUE_GAPS: dict[str, str] = {
    "date-day": "a day beyond the end of its month (2018-02-30), which needs the year and month",
    "older-version": "an older schema_version, which the loader upgrades and the schema of "
    "today's version does not describe (its own schema does)",
}
"""Single values that the schema does not refuse, by a name; docs/schema.md lists them."""

SCHEMA_DOC = ROOT / "docs" / "schema.md"


def examples() -> list[Path]:
    return sorted(EXAMPLES.glob("*.yaml"))


@functools.cache
def document(path: Path) -> dict[str, Any]:
    """An example as plain JSON data: what another system would send."""
    data = parse_yaml(path.read_text(encoding="utf-8"), str(path), DEFAULT_LIMITS).data
    plain = json.loads(json.dumps(data))
    assert isinstance(plain, dict)
    return plain


@functools.cache
def schema() -> dict[str, Any]:
    return json_schema()


_ONE_OF = jsonschema.Draft202012Validator.VALIDATORS["oneOf"]


def _one_of(
    validator: jsonschema.Draft202012Validator,
    choices: list[Any],
    instance: object,
    schema: dict[str, Any],
) -> Iterator[jsonschema.ValidationError]:
    """`oneOf`, with its answer for a text kept: a code is checked against hundreds of codes."""
    if type(instance) is not str:
        yield from _ONE_OF(validator, choices, instance, schema)
        return
    key = (id(choices), instance)
    if key not in _ONE_OF_SEEN:
        _ONE_OF_SEEN[key] = next(_ONE_OF(validator, choices, instance, schema), None) is None
    if not _ONE_OF_SEEN[key]:
        yield jsonschema.ValidationError(f"{instance!r} is not one of the choices")


_ONE_OF_SEEN: dict[tuple[int, str], bool] = {}
Validator: Any = jsonschema.validators.extend(  # type: ignore[no-untyped-call]
    jsonschema.Draft202012Validator, {"oneOf": _one_of}
)
"""Draft 2020-12, answering the same code the same way sooner (the test checks every record)."""


@functools.cache
def validator(name: str | None = None, field: str | None = None) -> jsonschema.Draft202012Validator:
    """The document's validator; with `name`, the `$defs` entry's, or that of its `field`."""
    whole = schema()
    formats = jsonschema.Draft202012Validator.FORMAT_CHECKER  # should a "format" ever be used
    if name is None:
        made = Validator(whole, format_checker=formats)
    else:
        pointer = f"#/$defs/{name}" + ("" if field is None else f"/properties/{field}")
        made = Validator({"$ref": pointer, "$defs": whole["$defs"]}, format_checker=formats)
    return typing.cast("jsonschema.Draft202012Validator", made)


# The values of a document, and the record that holds each.


def leaves(node: object, at: Parts = ()) -> Iterator[tuple[Parts, object]]:
    """Every single value in plain data (text, number, true/false, null), with its place."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from leaves(value, (*at, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from leaves(value, (*at, index))
    else:
        yield at, node


# The changes: each a wrong (or right) single value, in every way one value can be.

ZWSP = "\u200b"


def changes(value: object) -> Iterator[tuple[str, object]]:
    """Single values to put in place of `value`, each with what it is."""
    yield from [
        ("null", None),
        ("true", True),
        ("a list of it", [value]),
        ("-1", -1),
        ("10**12", 10**12),
        ("a fraction", 2.5),
        ("empty text", ""),
    ]
    if isinstance(value, int) and not isinstance(value, bool):
        yield from [
            ("0", 0),
            ("1", 1),
            ("one more", value + 1),
            ("negated", -value),
            ("as text", str(value)),
            ("10**9", 10**9),
            ("10**9 + 1", 10**9 + 1),
        ]
    if isinstance(value, str) and value:
        middle = len(value) // 2 or 1
        inside = value[:middle], value[middle:]
        yield from [
            ("a space", " "),
            ("padded before", " " + value),
            ("padded after", value + " "),
            ("a no-break space before", "\u00a0" + value),
            ("a final newline", value + "\n"),
            ("a NUL inside", "\x00".join(inside)),
            ("a C1 control inside", "\x85".join(inside)),
            ("a line separator inside", "\u2028".join(inside)),
            ("a newline inside", "\n".join(inside)),
            ("a tab inside", "\t".join(inside)),
            ("a space inside", " ".join(inside)),
            ("a zero-width space inside", ZWSP.join(inside)),
            ("a zero-width space before", ZWSP + value),
            ("a right-to-left override inside", "\u202e".join(inside)),
            ("a joiner inside", "\u200d".join(inside)),
            ("a variation selector inside", "\ufe0f".join(inside)),
            ("a Hangul filler", "\u3164"),
            ("only a code point kept for invisible characters", "\U000e0f74"),
            ("in capitals", value.upper()),
            ("a hundred more", value + "x" * 100),
            ("a bad id", "Glo Act"),
            ("a month 13", "2018-13"),
            ("a day 30 of February", "2018-02-30"),
            ("a bad country", "XX"),
            ("a bad currency", "XYZ"),
            ("a bad time", "25:00"),
            ("an ftp address", "ftp://example.org/x"),
            ("an address without a host", "https:///x"),
        ]


def _one_value_gap(parts: Parts, value: object) -> str | None:
    """Which of `ONE_VALUE_GAPS` the change is, if any."""
    if parts == ("schema_version",) and type(value) is int and 1 <= value < SCHEMA_VERSION:
        return "older-version"
    if isinstance(value, str) and re.fullmatch(r"[0-9]{4}-02-3[01]", value):
        return "date-day"
    return None


@attrs.frozen(kw_only=True)
class Outcome:
    """What the loader and the schema said of one change."""

    parts: Parts
    what: str
    value: object
    loader: tuple[str, ...] | None
    """The codes of the loader's problems, or None if it accepted the change."""
    schema: bool
    """Whether the schema accepted the change."""


def _changed(data: Any, parts: Parts, value: object) -> Any:
    """`data` with `value` at `parts`: a copy of each container on the way, the rest shared."""
    if not parts:
        return value
    head, *rest = parts
    changed = copy.copy(data)
    changed[head] = _changed(data[head], tuple(rest), value)
    return changed


def loaded(document: dict[str, Any], cls: type) -> tuple[str, ...] | None:
    """The codes of the loader's problems with `document`, or None if it accepts it."""
    try:
        from_document(document, cls)
    except LoadError as error:
        return tuple(problem.code for problem in error.problems)
    return None


def holder(parts: Parts) -> tuple[type, Parts, str]:
    """The innermost record that holds the value at `parts` of a catalogue: class, place, field.

    ``("events", 0, "sessions", 1, "topics", 2)`` is in the field ``topics`` of
    the `Session` at ``("events", 0, "sessions", 1)``.
    """
    found: tuple[type, Parts, str] = (Catalogue, (), str(parts[0]))
    tp: Any = Catalogue
    for index, part in enumerate(parts):
        tp = _without_none(tp)
        if typing.get_origin(tp) is tuple:
            tp = typing.get_args(tp)[0]
        elif attrs.has(tp) and tp not in (PartialDate, Country) and isinstance(part, str):
            found = (tp, parts[:index], part)
            tp = typing.get_type_hints(tp)[part]
        else:
            break
    return found


def _without_none(tp: Any) -> Any:
    args = typing.get_args(tp)
    return next(a for a in args if a is not type(None)) if type(None) in args else tp


def _at(data: Any, parts: Parts) -> Any:
    for part in parts:
        data = data[part]
    return data


def _record_of(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k != "schema_version"}


def outcomes(data: dict[str, Any], every: int = 1) -> Iterator[Outcome]:
    """The loader's and the schema's word on every change of every value of `data`.

    The loader reads the innermost record that holds the change, as a document
    of its own: a record checks its own values (the catalogue adds no rule of
    its own; `validate` checks the rest). The schema is asked about the field
    that holds the change (its value, or its whole list): the record's keys are
    the same and its other values valid, so that is the record's answer too.
    Both are the whole document's answers, only sooner;
    `test_a_change_gets_the_answers_of_the_whole_document` checks that on a sample:
    every `every`-th change.
    """
    counted = itertools.count()
    version = data["schema_version"]
    for what, value in changes(version):
        if next(counted) % every:
            continue
        changed = {**data, "schema_version": value}
        yield Outcome(
            parts=("schema_version",),
            what=what,
            value=value,
            loader=loaded(changed, Catalogue),
            schema=validator().is_valid(changed),
        )
    for parts, old in leaves(_record_of(data)):
        cls, place, field = holder(parts)
        record = _at(data, place)
        for what, value in changes(old):
            if (value == old and type(value) is type(old)) or next(counted) % every:
                continue
            changed = _changed(record, parts[len(place) :], value)
            yield Outcome(
                parts=parts,
                what=what,
                value=value,
                loader=loaded({"schema_version": version, **changed}, cls),
                schema=validator(cls.__name__, field).is_valid(changed[field]),
            )


def _show(outcome: Outcome) -> str:
    place = ".".join(map(str, outcome.parts))
    said = "accepted" if outcome.loader is None else f"refused {list(outcome.loader)}"
    return f"{place} = {outcome.value!r} ({outcome.what}): loader {said}, schema {outcome.schema}"


def _allowed(outcome: Outcome) -> bool:
    """A disagreement that a rule of more than one value (or a listed gap) explains."""
    if outcome.loader is None and not outcome.schema:
        # The schema refuses what the loader accepts: only an older version, which the
        # loader upgrades as it reads it, and today's schema does not describe.
        return _one_value_gap(outcome.parts, outcome.value) == "older-version"
    if outcome.loader is None or not outcome.schema:
        return False
    if _one_value_gap(outcome.parts, outcome.value) is not None:
        return True
    return set(outcome.loader) <= set(NOT_ONE_VALUE)


@pytest.mark.parametrize("path", examples(), ids=lambda path: path.name)
def test_the_loader_and_the_schema_agree_on_every_single_value_change(path: Path) -> None:
    data = document(path)
    assert data["schema_version"] == SCHEMA_VERSION
    assert validator().is_valid(data)
    from_document(data, Catalogue)
    tried = agreed = explained = 0
    disagreements: list[str] = []
    for outcome in outcomes(data):
        tried += 1
        if (outcome.loader is None) is outcome.schema:
            agreed += 1
        elif _allowed(outcome):
            explained += 1
        else:
            disagreements.append(_show(outcome))
    assert not disagreements, f"{len(disagreements)} of {tried}:\n" + "\n".join(disagreements)
    assert tried >= 1000
    assert agreed + explained == tried
    assert explained < tried // 20  # the exceptions are few


@pytest.mark.parametrize("path", examples(), ids=lambda path: path.name)
def test_a_change_gets_the_answers_of_the_whole_document(path: Path) -> None:
    # The loader of the whole document, from its JSON text, and the schema of the
    # whole document give the answers that the quicker look at one record gave.
    data = document(path)
    checked = 0
    for outcome in outcomes(data, every=97):
        changed = json.dumps(_changed(data, outcome.parts, outcome.value))
        try:
            loads(changed, format="json")
        except LoadError as error:
            codes = {problem.code for problem in error.problems}
        else:
            codes = set()
        assert codes - set(NOT_ONE_VALUE) == set(outcome.loader or ()) - set(NOT_ONE_VALUE)
        assert validator().is_valid(json.loads(changed)) is outcome.schema, _show(outcome)
        checked += 1
    assert checked >= 10


def _patterns(node: object) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "pattern" and isinstance(value, str):
                yield value
            else:
                yield from _patterns(value)
    elif isinstance(node, list):
        for value in node:
            yield from _patterns(value)


_ECMA = """
const {patterns, texts} = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const answers = patterns.map(p => {
  const r = new RegExp(p, 'u');
  return texts.map(t => r.test(t));
});
process.stdout.write(JSON.stringify(answers));
"""


def test_python_and_ecma_262_read_every_pattern_alike() -> None:
    # ajv compiles a pattern with JavaScript's RegExp and the `u` flag; jsonschema
    # with Python's re. Each pattern must mean the same to both, on every changed
    # value of the first example and on the characters the patterns single out.
    node = shutil.which("node")
    if node is None:
        pytest.skip("needs node, to run ECMA-262 regular expressions")
    patterns = sorted(set(_patterns(schema())))
    texts = {
        *("1\ufe0f\u20e3", "\u00e9\u200d", "\u00e9\ufe0f\u200d", "a\u200d", "\u200ba", "\u200b a"),
        *("\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f", "\ud800"),
        *("https://\u4f8b\u3048.jp/", "HTTPS://X", "http://x y", "\U000e0067"),
    }
    for _parts, old in leaves(document(examples()[0])):
        texts.update(value for _what, value in changes(old) if isinstance(value, str))
    ordered = sorted(texts)
    payload = json.dumps({"patterns": patterns, "texts": ordered})
    run = subprocess.run(
        [node, "-e", _ECMA], input=payload, capture_output=True, text=True, check=True
    )
    answers = json.loads(run.stdout)
    differ = [
        (pattern[:40], text)
        for pattern, said in zip(patterns, answers, strict=True)
        for text, yes in zip(ordered, said, strict=True)
        if (re.search(pattern, text) is not None) is not yes
    ]
    assert not differ
    assert len(patterns) >= 8


def test_docs_list_the_rules_of_more_than_one_value() -> None:
    page = SCHEMA_DOC.read_text(encoding="utf-8")
    section = page.split("## What it does not check", 1)[1]
    missing = [code for code in NOT_ONE_VALUE if f"`{code}`" not in section]
    assert not missing, f"docs/schema.md does not list {missing}"
    assert "date-day" in ONE_VALUE_GAPS
    assert "2018-02-30" in section


def test_every_text_and_number_of_every_record_has_the_rules_its_checks_declare() -> None:
    # The schema reads each record's _check for the rules of its fields. A text or
    # a whole number with none found is a field that the model does not check, or
    # checks in a way the schema cannot read: write it as `checker.line("name",
    # self.name)` and the like, with the field's name written out.
    defs = schema()["$defs"]
    unread = []
    for cls in record_classes():
        hints = typing.get_type_hints(cls)
        for field in attrs.fields(cls):
            written = json.dumps(defs[cls.__name__]["properties"][field.name])
            plain = '"type": "string"' in written and "$ref" not in written
            unbounded = '"integer"' in written and '"minimum"' not in written
            if plain or unbounded:
                unread.append(f"{cls.__name__}.{field.name}: {hints[field.name]}")
    assert not unread
