"""The JSON Schema (draft 2020-12) of the exchange format, generated from the model.

Systems not written in Python validate documents with it before they send them,
and generate types from it. It is built from the attrs classes and their type
hints, so it cannot drift from what this release reads and writes: one ``$defs``
entry per class, per vocabulary and per shape of value (an id, a currency, an
amount, a time), each with the documentation of the class it comes from.

How a value is written comes from the one place that decides it: the id
pattern, the date syntax, the country and currency codes and the money limits
of `gloact_model.model.codes`, the time syntax of the codec, and the codec for
how defaults are written. The codes come from the table shipped with the
model, never from pycountry, so the schema does not change when pycountry is
upgraded; historic codes are listed too, each marked ``deprecated`` with the
date it was withdrawn.

The schema checks a document's shape, not the rules that need more than one
value (an end before its start, counts that exceed an exact total) or more than
one record (references that resolve); ``docs/schema.md`` lists them.
"""

from __future__ import annotations

import array
import ast
import copy
import enum
import functools
import inspect
import itertools
import json
import re
import sys
import textwrap
import types
import typing
import unicodedata
from collections.abc import Callable, Mapping
from datetime import time
from decimal import Decimal
from typing import Any

import attrs

from gloact_model.codec import SCHEMA_VERSION, TIME_RE, make_converter
from gloact_model.model import Catalogue, Country, PartialDate, Period
from gloact_model.model.codes import (
    AMOUNT_MAX_FRACTION_DIGITS,
    AMOUNT_MAX_INTEGER_DIGITS,
    AMOUNT_MAX_LENGTH,
    CODES_AS_OF,
    COUNTRIES,
    CURRENCIES,
    HIDDEN_CHARACTERS,
    ID_MAX_LENGTH,
    ID_PATTERN,
    INVISIBLE_CATEGORIES,
    JOINERS,
    LINE_CONTROLS_PATTERN,
    TAG_CHARACTERS,
    TEXT_CONTROLS_PATTERN,
    VARIATION_SELECTORS,
    CountryCode,
    CurrencyCode,
)
from gloact_model.model.relations import REFERS_TO

__all__ = ["DRAFT", "json_schema", "record_class", "record_classes", "schema_id", "schema_text"]

DRAFT = "https://json-schema.org/draft/2020-12/schema"
"""The JSON Schema dialect of the generated schemas."""

_Schema = dict[str, Any]

_AMOUNT = (
    # Zero may be written with a minus sign; it is still zero.
    r"-0(?:\.0+)?"
    # Never negative; up to 18 digits before the point and 6 after it. Trailing
    # zeros do not count, since Money keeps the amount without them, but the
    # whole is at most AMOUNT_MAX_LENGTH characters (the schema's maxLength).
    rf"|(?:0|[1-9][0-9]{{0,{AMOUNT_MAX_INTEGER_DIGITS - 1}}})"
    rf"(?:\.[0-9]{{1,{AMOUNT_MAX_FRACTION_DIGITS}}}0*)?"
)
"""The amounts that `Money` accepts, in the decimal syntax of the codec (``_DECIMAL``)."""

_DATE_PARTS: Mapping[str, str] = {
    "year": "[0-9]{3}[1-9]|[0-9]{2}[1-9]0|[0-9][1-9]00|[1-9]000",  # 0001 to 9999
    "month": "0[1-9]|1[0-2]",
    "day": "0[1-9]|[12][0-9]|3[01]",  # the length of each month is not checked
}
"""The ranges that `PartialDate` accepts, for the groups of the model's date syntax."""


def _date_syntax() -> str:
    """What `PartialDate.parse` reads (``PARTIAL_DATE_PATTERN`` with its ranges), in ECMA-262.

    Written out rather than converted, because the model's pattern leaves two
    refusals to the parser that a schema must say: ``XXXX`` needs a month, and
    an inferred year (``?2021``) a year.
    """
    year, month, day = _DATE_PARTS["year"], _DATE_PARTS["month"], _DATE_PARTS["day"]
    rest = f"(?:-(?:{day}))?"
    known = f"\\??(?:{year})(?:-(?:{month}){rest})?"
    unknown = f"XXXX-(?:{month}){rest}"
    return f"(?:{known}|{unknown})[?~%]?"


def _period_syntax() -> str:
    """What `Period.parse` reads: one date, or two joined by ``/``, either open (``..``, empty)."""
    one = _date_syntax()
    return f"{one}|{one}/(?:{one}|\\.\\.)?|(?:\\.\\.)?/{one}"


_NAMED_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>(?P<body>[^()]*)\)")


def _portable(pattern: str, parts: Mapping[str, str] | None = None) -> str:
    """A Python `re` pattern as JSON Schema writes one: ECMA-262, anchored at both ends.

    The result is read alike by Python's `re` and by ECMA-262 with the ``u`` flag
    (as ajv reads it): plain groups, classes, quantifiers and one lookahead. Named
    groups, which ECMA-262 spells differently, become plain groups; `parts` replaces
    the body of the groups it names.
    """
    chosen = parts or {}

    def group(match: re.Match[str]) -> str:
        return "(?:" + chosen.get(match["name"], match["body"]) + ")"

    text = _NAMED_GROUP.sub(group, pattern)
    if "(?P" in text:  # pragma: no cover - a model pattern with nested named groups
        raise ValueError(f"cannot write {pattern!r} for JSON Schema")
    return f"^(?:{text}){_END}"


_END = r"$(?!\n)"
"""The end of a value. Python's `re` (which the `jsonschema` package uses) also lets ``$``
match before a final newline; the lookahead refuses that, and changes nothing in ECMA-262."""


# Text: the model's rules for single-line and multi-line text, as patterns.
#
# Each pattern is built from the model's own sets of characters (`_checks` and
# `codes`), written as classes of code points: a BMP character as \uXXXX, one
# beyond the BMP as itself, since Python's `re` and ECMA-262 share no escape for
# those. Only classes, groups, alternation, `?`, `*`, `+` and the lookahead of
# `_END` are used, so that Python's `re` and ECMA-262 with the `u` flag (as ajv
# reads a pattern) read each pattern alike.


@attrs.frozen(kw_only=True)
class _Characters:
    """The sets of characters that the text patterns are made of."""

    space: frozenset[str]
    """What `str.strip` removes (`str.isspace`): text must not start or end with it."""
    bad_in_line: frozenset[str]
    """What single-line text never holds: controls, line breaks, surrogates, and the hidden
    characters that are never in their place (`HIDDEN_CHARACTERS` but joiners, variation
    selectors and tags, which are accepted in their place)."""
    bad_in_text: frozenset[str]
    """What multi-line text never holds: controls other than tab and newline, surrogates."""
    invisible: frozenset[str]
    """What `is_blank` counts as showing nothing: white space, controls and hidden characters
    of an invisible category (or unassigned: Unicode keeps those for invisible ones, and the
    categories of assigned characters do not change, so neither does the schema)."""


@functools.cache
def _characters() -> _Characters:
    # Every code point, surrogates included, as one string (quicker than chr each).
    codes = array.array("I", range(sys.maxunicode + 1))
    assert codes.itemsize == 4  # four bytes to a code point, as UTF-32 has them
    every = codes.tobytes().decode(f"utf-32-{sys.byteorder[0]}e", "surrogatepass")
    space = frozenset(filter(str.isspace, every))
    bad_in_text = frozenset(TEXT_CONTROLS_PATTERN.findall(every))
    contextual = JOINERS | VARIATION_SELECTORS | TAG_CHARACTERS
    return _Characters(
        space=space,
        bad_in_line=frozenset(LINE_CONTROLS_PATTERN.findall(every))
        | (HIDDEN_CHARACTERS - contextual),
        bad_in_text=bad_in_text,
        invisible=frozenset(
            c
            for c in space | bad_in_text | HIDDEN_CHARACTERS
            if unicodedata.category(c) in INVISIBLE_CATEGORIES | {"Cn"}
        ),
    )


_ASCII = frozenset(map(chr, range(0x80)))
_KEYCAP_BASES = frozenset("0123456789#*")
_KEYCAP = "\ufe0f\u20e3"  # the variation selector of an emoji, then the combining keycap
_FLAG = "\U0001f3f4"  # the waving black flag that a region's tags follow
_CANCEL_TAG = "\U000e007f"  # the tag that ends them


def _code_point(character: str) -> str:
    if character in "\\]^-[":
        return "\\" + character
    if "!" <= character <= "~":
        return character
    if ord(character) <= 0xFFFF:
        return f"\\u{ord(character):04x}"
    return character


def _class(characters: frozenset[str], *, negated: bool = False) -> str:
    """A class of `characters` in ranges, or of every other character when `negated`."""
    ranges: list[list[int]] = []
    for code in sorted(map(ord, characters)):
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    parts: list[str] = []
    for low, high in ranges:
        # ECMA-262 would read a lead surrogate written just before a trail one as one
        # character beyond the BMP; the model's sets hold every surrogate or none.
        if 0xD800 <= high <= 0xDBFF or 0xDC00 <= low <= 0xDFFF:
            assert (low, high) == (0xD800, 0xDFFF), "a class that splits the surrogates"
        first, last = _code_point(chr(low)), _code_point(chr(high))
        parts.append(
            first if low == high else first + last if high == low + 1 else f"{first}-{last}"
        )
    return "[" + ("^" if negated else "") + "".join(parts) + "]"


def _shows(excluded: frozenset[str] = frozenset()) -> str:
    """One character of single-line text that shows, and what may follow it, as a group.

    An ASCII character; a character beyond ASCII, then a variation selector and a
    joiner, each optional (where the model asks more: a joiner only after a letter,
    mark, digit or symbol); a keycap (``1️⃣``); a region's emoji flag (🏴 and its
    tags). Never white space, nor a character of `excluded`. `hidden_character` of
    the model says the same, character by character.
    """
    never = _characters().bad_in_line | JOINERS | VARIATION_SELECTORS | TAG_CHARACTERS
    never |= _characters().space | excluded
    carried = f"{_class(VARIATION_SELECTORS)}?{_class(JOINERS)}?"
    tags = TAG_CHARACTERS - {_CANCEL_TAG, "\U000e0001"}
    return (
        f"(?:{_class(_ASCII - never)}"
        f"|{_class(_ASCII | never, negated=True)}{carried}"
        f"|{_class(_KEYCAP_BASES - excluded)}{''.join(map(_code_point, _KEYCAP))}{carried}"
        f"|{_FLAG}{_class(tags)}+{_CANCEL_TAG})"
    )


def _line_pattern() -> str:
    """Single-line text: something that shows, maybe with spaces between, none around it."""
    spaces = _class(_characters().space - _characters().bad_in_line)
    shows = _shows()
    return f"^{shows}(?:(?:{shows}|{spaces})*{shows})?{_END}"


def _text_pattern() -> str:
    """Multi-line text: not only invisible characters, no space around it, no control."""
    chars = _characters()
    allowed = chars.bad_in_text
    visible = _class(chars.bad_in_text | chars.invisible, negated=True)
    invisible = _class(chars.invisible - chars.bad_in_text - chars.space)
    before = _class((chars.invisible | chars.space) - chars.bad_in_text)
    edge = _class(chars.bad_in_text | chars.space, negated=True)
    return (
        f"^(?:{visible}|{invisible}{before}*{visible})"
        f"(?:{_class(allowed, negated=True)}*{edge})?{_END}"
    )


def _url_pattern() -> str:
    """An absolute http(s) address as `check_url` reads it: a host, no white space."""
    host = _shows(frozenset("/?#"))
    return f"^[hH][tT][tT][pP][sS]?://{host}+(?:[/?#]{_shows()}*)?{_END}"


def _word_pattern() -> str:
    """Single-line text without white space anywhere."""
    return f"^{_shows()}+{_END}"


# Shapes of value, each a `$defs` entry: what the file holds, with the codec's syntax.


def _id() -> _Schema:
    return {
        "title": "Id",
        "description": "A record id, or a reference to one: lowercase letters and digits in "
        f"words joined by '-', '_' or '.', such as 'glo-act'; at most {ID_MAX_LENGTH} characters.",
        "type": "string",
        "pattern": _portable(ID_PATTERN),
        "maxLength": ID_MAX_LENGTH,
        "examples": ["glo-act", "osce-bsm-workshop-5"],
    }


def _currency() -> _Schema:
    return {
        "title": "Currency",
        "description": "An ISO 4217 currency code, such as 'EUR'. Historic codes (ISO 4217 "
        "list three, such as 'HRK') are accepted for records of their time.",
        "type": "string",
        **_current_or_historic(CURRENCIES, "currency"),
    }


def _amount() -> _Schema:
    most = 10**AMOUNT_MAX_INTEGER_DIGITS - 1
    return {
        "title": "Amount",
        "description": "An amount of money as a decimal string, such as '11000000' or "
        f"'2500.5': never negative, at most {AMOUNT_MAX_INTEGER_DIGITS} digits before the point "
        f"and {AMOUNT_MAX_FRACTION_DIGITS} after it (trailing zeros aside), in at most "
        f"{AMOUNT_MAX_LENGTH} characters. A whole number is read as well, but never "
        "written; a number with a decimal point is refused, as it may have lost digits.",
        "anyOf": [
            {"type": "string", "pattern": _portable(_AMOUNT), "maxLength": AMOUNT_MAX_LENGTH},
            {"type": "integer", "minimum": 0, "maximum": most},
        ],
        "examples": ["11000000", "2500.5"],
    }


def _time() -> _Schema:
    return {
        "title": "Time",
        "description": "A local clock time at the venue, without a time zone: 'HH:MM', or "
        "'HH:MM:SS' when there are seconds.",
        "type": "string",
        "pattern": _portable(TIME_RE.pattern),
        "examples": ["09:30", "14:05:30"],
    }


def _partial_date() -> _Schema:
    return {
        **_documented(PartialDate),
        "type": "string",
        "pattern": _portable(_date_syntax()),
        "examples": [
            "2018",
            "2018-10",
            "2018-10-23",
            "XXXX-11-12",
            "?2021-11-12",
            "2019-03?",
            "2019~",
            "2019-06%",
        ],
    }


def _period_text() -> _Schema:
    return {
        "title": "PeriodText",
        "description": "A period written as its EDTF shorthand, which the reader accepts "
        "where a period is meant: '2015/2019' (start and end), '2014/..' (open end), "
        "'../2020-06-29' (open start), or one date ('2018-10-23'). The writer writes the "
        "mapping.",
        "type": "string",
        "pattern": _portable(_period_syntax()),
        "examples": ["2015/2019", "2014/..", "../2020-06-29", "2018-10-23"],
    }


def _country() -> _Schema:
    return {
        **_documented(Country),
        "type": "string",
        **_current_or_historic(COUNTRIES, "country"),
    }


def _current_or_historic(codes: Mapping[str, CountryCode | CurrencyCode], what: str) -> _Schema:
    """One enum of the current codes, then each historic code marked deprecated, with its date.

    Read from the table shipped with the model, never from pycountry, so the
    schema does not change with the installed pycountry.
    """
    current = sorted(code for code, known in codes.items() if not known.is_historic)
    historic = [
        {
            "const": code,
            "title": known.name,
            "description": f"A historic {what} code, withdrawn {known.withdrawn}.",
            "deprecated": True,
        }
        for code, known in sorted(codes.items())
        if known.is_historic
    ]
    return {
        "oneOf": [
            {
                "description": f"A current {what} code (as of {CODES_AS_OF.isoformat()}).",
                "enum": current,
            },
            *historic,
        ]
    }


def _line() -> _Schema:
    return {
        "title": "Line",
        "description": "A single line of text, such as a name or a title: it shows something, "
        "does not start or end with white space, and holds no control character, no line "
        "break and no character that hides or reorders what it shows (a zero-width space, a "
        "right-to-left override; a joiner or a variation selector only after a character "
        "beyond ASCII, tags only in an emoji flag).",
        "type": "string",
        "pattern": _line_pattern(),
        "examples": ["Madrid workshop", "Организация по безопасности"],
    }


def _text() -> _Schema:
    return {
        "title": "Text",
        "description": "Text that may span lines, such as a description: it shows something, "
        "does not start or end with white space, and holds no control character other than "
        "tab and newline.",
        "type": "string",
        "pattern": _text_pattern(),
        "examples": ["The workshop trained 24 officials.\nIt was the fifth of the series."],
    }


def _url() -> _Schema:
    return {
        "title": "Url",
        "description": "An absolute http or https address, such as 'https://www.unodc.org/': "
        "a single line (see Line) with a host and no white space.",
        "type": "string",
        "pattern": _url_pattern(),
        "examples": ["https://www.unodc.org/"],
    }


def _word() -> _Schema:
    return {
        "title": "Word",
        "description": "A single line (see Line) without white space, such as the IATI "
        "identifier 'XM-DAC-41114'.",
        "type": "string",
        "pattern": _word_pattern(),
        "examples": ["XM-DAC-41114"],
    }


_SCALARS: Mapping[type, Callable[[], _Schema]] = {
    Decimal: _amount,
    time: _time,
    PartialDate: _partial_date,
    Country: _country,
}
"""Each type that the codec writes as a single value, and its schema."""

_SHARED: Mapping[Callable[[], _Schema], str] = {
    _amount: "Amount",
    _time: "Time",
    _partial_date: "PartialDate",
    _country: "Country",
    _id: "Id",
    _currency: "Currency",
    _line: "Line",
    _text: "Text",
    _url: "Url",
    _word: "Word",
}
"""The shapes of value that have a `$defs` entry, by that entry's name."""

_BY_CODE: Mapping[str, Callable[[], _Schema]] = {
    "url-syntax": _url,
    "iati-identifier-syntax": _word,
    "unknown-currency": _currency,
}
"""The shape of text that a rule (by its code, as `checker.fail` gives it) asks for."""

_BY_CHECK: Mapping[str, Callable[[], _Schema]] = {
    "id": _id,
    "ids": _id,
    "line": _line,
    "lines": _line,
    "text": _text,
}
"""The shape of text that a `Checker` method asks for; `_BY_CODE` comes first."""


def _shape_of_text(rules: frozenset[_Rule]) -> Callable[[], _Schema] | None:
    """The shape of a text field with these rules, or None for text the model does not check."""
    for rule in rules:
        if rule.code is not None and rule.code in _BY_CODE:
            return _BY_CODE[rule.code]
    for rule in rules:
        if rule.check in _BY_CHECK:
            return _BY_CHECK[rule.check]
    return None


def _bounds(rules: frozenset[_Rule]) -> _Schema:
    """The least and the most whole number that the rules accept (`Checker.positive`, ...)."""
    least = [_BOUNDS[rule.check] for rule in rules if rule.check in _BOUNDS]
    most = [rule.most for rule in rules if rule.most is not None]
    return {
        **({"minimum": max(least)} if least else {}),
        **({"maximum": min(most)} if most else {}),
    }


# What each record's `_check` declares of its fields, read from its source.


@attrs.frozen(kw_only=True)
class _Rule:
    """One check of one field: a `Checker` method called with it, or a rule code it fails."""

    check: str
    """The `Checker` method (``line``, ``positive``, ...), or ``fail`` with `code`."""
    code: str | None = None
    most: int | None = None
    """The `most` of ``positive`` and ``not_negative``: given, or the method's default."""


@functools.cache
def _declared(cls: type) -> Mapping[str, frozenset[_Rule]]:
    """The rules that `cls._check` applies to each field, by the field's name.

    Read from the source of `_check` (and of the functions and methods it hands
    the checker to, such as `check_url`): each call ``checker.line("name", ...)``,
    ``checker.positive("number", ..., most=1_000_000)`` or ``checker.fail("url",
    "url-syntax", ...)`` with the field's name written out. A reference field
    (declared by `refers_to`) is an id. So a new field gets the schema of its
    checks without a word here.
    """
    found: dict[str, set[_Rule]] = {}
    check = getattr(cls, "_check", None)
    if check is not None:
        _read_checks(check, "checker", {}, found, cls, depth=0)
    for field in attrs.fields(cls):
        if REFERS_TO in field.metadata:
            found.setdefault(field.name, set()).add(_Rule(check="id"))
    return {name: frozenset(rules) for name, rules in found.items()}


def _read_checks(
    function: Callable[..., object],
    checker: str,
    bound: Mapping[str, str],
    found: dict[str, set[_Rule]],
    cls: type,
    *,
    depth: int,
) -> None:
    """Add to `found` the checks that `function` makes with its parameter `checker`.

    `bound` gives the text that the caller passed for some parameters (a field
    name handed to `check_url`, say).
    """
    try:
        source = textwrap.dedent(inspect.getsource(function))
    except (OSError, TypeError):  # pragma: no cover - installed without its sources
        return
    definition = ast.parse(source).body[0]
    assert isinstance(definition, ast.FunctionDef)

    def text(node: ast.expr) -> str | None:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
        return bound.get(node.id) if isinstance(node, ast.Name) else None

    for call in ast.walk(definition):
        if not isinstance(call, ast.Call) or not call.args:
            continue
        target = call.func
        if isinstance(target, ast.Attribute) and _is_name(target.value, checker):
            _read_call(target.attr, call, text, found)
            continue
        handed = [i for i, arg in enumerate(call.args) if _is_name(arg, checker)]
        if not handed or depth >= 3:
            continue
        callee: Any = None
        if isinstance(target, ast.Attribute) and _is_name(target.value, "self"):
            callee = getattr(cls, target.attr, None)
        elif isinstance(target, ast.Name):
            callee = getattr(function, "__globals__", {}).get(target.id)
        if not inspect.isfunction(callee):
            continue
        parameters = list(inspect.signature(callee).parameters)
        if isinstance(target, ast.Attribute):
            parameters = parameters[1:]  # self
        passed = {
            name: value
            for name, arg in zip(parameters, call.args, strict=False)
            if (value := text(arg)) is not None
        }
        _read_checks(callee, parameters[handed[0]], passed, found, cls, depth=depth + 1)


def _is_name(node: ast.expr, name: str) -> bool:
    return isinstance(node, ast.Name) and node.id == name


def _read_call(
    method: str,
    call: ast.Call,
    text: Callable[[ast.expr], str | None],
    found: dict[str, set[_Rule]],
) -> None:
    field = text(call.args[0])
    if field is None:
        return
    if method == "fail":
        code = text(call.args[1]) if len(call.args) > 1 else None
        if code is not None:
            found.setdefault(field, set()).add(_Rule(check="fail", code=code))
        return
    most: int | None = None
    if method in _BOUNDS:
        given = [k.value for k in call.keywords if k.arg == "most"]
        default = inspect.signature(getattr(_checker(), method)).parameters["most"].default
        most = ast.literal_eval(given[0]) if given else default if type(default) is int else None
    found.setdefault(field, set()).add(_Rule(check=method, most=most))


@functools.cache
def _checker() -> type:
    """The model's `Checker`, found as `_check` names it (its module is the model's own)."""
    found = typing.get_type_hints(Catalogue._check)["checker"]
    assert isinstance(found, type)
    return found


_BOUNDS: Mapping[str, int] = {"positive": 1, "not_negative": 0}
"""The `Checker` methods that bound a whole number, with the least number each accepts."""


# The walk: from a class, through the type hints of its fields, to every class it reaches.


@attrs.frozen(kw_only=True)
class _Definitions:
    """The ``$defs`` of one schema, filled in as the walk reaches each class or shape."""

    schemas: dict[str, _Schema] = attrs.field(factory=dict)
    records: list[type] = attrs.field(factory=list)
    """The classes written as objects, in the order the walk reached them."""

    def ref(self, name: str, build: Callable[[], _Schema]) -> _Schema:
        """A reference to the entry `name`, built the first time it is asked for."""
        if name not in self.schemas:
            self.schemas[name] = {}  # taken, in case the class is reached again while built
            self.schemas[name] = build()
        return {"$ref": f"#/$defs/{name}"}


_Rules = frozenset[_Rule]


def _value(tp: Any, rules: _Rules, defs: _Definitions) -> _Schema:
    """The schema of a value of type `tp` in a field that the model checks by `rules`."""
    for applies, build in _KINDS:
        if applies(tp):
            return build(tp, rules, defs)
    raise TypeError(f"no JSON Schema for the type {tp!r}")  # pragma: no cover - a new kind


def _is_optional(tp: Any) -> bool:
    return typing.get_origin(tp) in (types.UnionType, typing.Union)


def _optional(tp: Any, rules: _Rules, defs: _Definitions) -> _Schema:
    # The codec leaves None out, and reads null as None.
    (inner,) = (arg for arg in typing.get_args(tp) if arg is not type(None))
    return {"anyOf": [_value(inner, rules, defs), {"type": "null"}]}


def _is_tuple(tp: Any) -> bool:
    return typing.get_origin(tp) is tuple


def _array(tp: Any, rules: _Rules, defs: _Definitions) -> _Schema:
    item, _dots = typing.get_args(tp)
    schema: _Schema = {"type": "array", "items": _value(item, rules, defs)}
    if not attrs.has(item) or item in _SCALARS:
        # A tuple of plain values is a set in every record; records in a tuple are
        # told apart by a key (an id), which the schema cannot say.
        schema["uniqueItems"] = True
    return schema


def _is_enum(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, enum.Enum)


def _vocabulary(tp: Any, rules: _Rules, defs: _Definitions) -> _Schema:
    return defs.ref(
        tp.__name__,
        lambda: {**_documented(tp), "type": "string", "enum": [m.value for m in tp]},
    )


def _is_scalar(tp: Any) -> bool:
    return tp in _SCALARS or tp in (str, int)


def _scalar(tp: Any, rules: _Rules, defs: _Definitions) -> _Schema:
    if tp is int:
        return {"type": "integer", **_bounds(rules)}
    build = _shape_of_text(rules) if tp is str else _SCALARS[tp]
    if build is None:
        return {"type": "string"}
    return defs.ref(_SHARED[build], build)


def _record_ref(tp: Any, rules: _Rules, defs: _Definitions) -> _Schema:
    record = defs.ref(tp.__name__, lambda: _record(tp, defs))
    if tp is Period:  # a field (the document itself is built by _record): the shorthand too
        return {"anyOf": [record, defs.ref("PeriodText", _period_text)]}
    return record


_KINDS: tuple[tuple[Callable[[Any], bool], Callable[[Any, _Rules, _Definitions], _Schema]], ...] = (
    (_is_optional, _optional),
    (_is_tuple, _array),
    (_is_enum, _vocabulary),
    (_is_scalar, _scalar),
    (attrs.has, _record_ref),
)


def _record(cls: type, defs: _Definitions) -> _Schema:
    """A record as an object: its fields by the names the codec writes, no other keys."""
    defs.records.append(cls)
    hints = typing.get_type_hints(cls)
    notes = _field_docs(cls)
    written = make_converter()
    properties: _Schema = {}
    required: list[str] = []
    declared = _declared(cls)
    for field in attrs.fields(cls):
        tp = hints[field.name]
        schema = _value(tp, declared.get(field.name, frozenset()), defs)
        if field.name in notes:
            schema["description"] = notes[field.name]
        if field.default is attrs.NOTHING:
            required.append(field.name)
        else:
            # What leaving the key out means; the codec leaves out every default.
            schema["default"] = written.unstructure(field.default, unstructure_as=tp)
        properties[field.name] = schema
    return {
        **_documented(cls),
        "type": "object",
        "properties": properties,
        **({"required": required} if required else {}),
        "additionalProperties": False,
    }


# Documentation, from the docstrings of the classes and of their fields.


def _documented(cls: type) -> _Schema:
    return {"title": cls.__name__, "description": _first_paragraph(cls.__doc__ or "")}


def _first_paragraph(doc: str) -> str:
    paragraph = inspect.cleandoc(doc).split("\n\n", maxsplit=1)[0]
    return " ".join(paragraph.split()).replace("``", "`")


def _field_docs(cls: type) -> dict[str, str]:
    """The docstrings written under the fields of `cls` (which Python does not keep)."""
    try:
        source = textwrap.dedent(inspect.getsource(cls))
    except (OSError, TypeError):  # pragma: no cover - installed without its sources
        return {}
    node = ast.parse(source).body[0]
    assert isinstance(node, ast.ClassDef)
    notes: dict[str, str] = {}
    for statement, after in itertools.pairwise(node.body):
        if (
            isinstance(statement, ast.AnnAssign)
            and isinstance(statement.target, ast.Name)
            and isinstance(after, ast.Expr)
            and isinstance(after.value, ast.Constant)
            and isinstance(after.value.value, str)
        ):
            notes[statement.target.id] = _first_paragraph(after.value.value)
    return notes


# The public functions.


@functools.cache
def _walk(cls: type) -> _Definitions:
    defs = _Definitions()
    _record_ref(cls, frozenset(), defs)
    return defs


def record_classes() -> tuple[type, ...]:
    """Every class that a document can hold, by name: `Catalogue` and each record in it.

    These are the classes that `json_schema` describes and `record_class` finds.
    """
    return tuple(
        sorted(_walk(Catalogue).records, key=lambda cls: (cls is not Catalogue, cls.__name__))
    )


def record_class(name: str) -> type:
    """The record class called `name`, as a user types it: ``Event``, ``event``, ``event-series``.

    Raises `LookupError` naming every class there is, for a name that is none of them.
    """
    classes = record_classes()
    wanted = name.replace("_", "").replace("-", "").casefold()
    for cls in classes:
        if cls.__name__ == name or cls.__name__.casefold() == wanted:
            return cls
    names = ", ".join(cls.__name__ for cls in classes)
    raise LookupError(f"there is no record class {name!r}; the classes are: {names}")


def schema_id(cls: type = Catalogue) -> str:
    """The ``$id`` of the schema of `cls`: ``urn:gloact-model:schema:1:catalogue``.

    A name, not an address: it holds the `SCHEMA_VERSION` it describes and the
    class, in lowercase words joined by ``-`` (``event-series``).
    """
    words = re.sub(r"(?<=[a-z])(?=[A-Z])", "-", cls.__name__).lower()
    return f"urn:gloact-model:schema:{SCHEMA_VERSION}:{words}"


def json_schema(cls: type = Catalogue) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a document holding one `cls`, a `Catalogue` by default.

    The document is an object with ``schema_version`` and the fields of `cls`;
    ``$defs`` has an entry for `cls` and for every class, vocabulary and shape of
    value it holds, so ``#/$defs/Event`` describes an event as `to_dict` writes it.
    The result is a new dict on every call. Raises `TypeError` for a class that
    no document holds (see `record_classes`).
    """
    if cls not in record_classes():
        names = ", ".join(c.__name__ for c in record_classes())
        raise TypeError(f"no document holds {cls!r}; the record classes are: {names}")
    defs = _walk(cls).schemas
    record = defs[cls.__name__]
    version = {
        "description": "The version of the exchange format: this schema describes "
        f"version {SCHEMA_VERSION}, and a document of another version is refused.",
        "const": SCHEMA_VERSION,
    }
    return copy.deepcopy(
        {
            "$schema": DRAFT,
            "$id": schema_id(cls),
            "$comment": "Generated from the gloact_model classes by "
            "gloact_model.schema.json_schema(); do not edit by hand.",
            "title": f"gloact_model {cls.__name__} document",
            "description": f"A document of the gloact_model exchange format (schema_version "
            f"{SCHEMA_VERSION}) that holds one {cls.__name__}. {record['description']}",
            "type": "object",
            "properties": {"schema_version": version, **record["properties"]},
            "required": ["schema_version", *record.get("required", ())],
            "additionalProperties": False,
            "$defs": dict(sorted(defs.items())),
        }
    )


def schema_text(cls: type = Catalogue) -> str:
    """`json_schema` as the text that ``gloact schema`` prints.

    JSON indented by 2, with one newline at the end. The same classes always
    give the same text, so the published file changes only when the format does.
    """
    return json.dumps(json_schema(cls), ensure_ascii=False, indent=2) + "\n"
