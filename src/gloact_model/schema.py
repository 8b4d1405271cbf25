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

import ast
import copy
import enum
import functools
import inspect
import itertools
import json
import re
import textwrap
import types
import typing
from collections.abc import Callable, Mapping
from datetime import time
from decimal import Decimal
from typing import Any

import attrs

from gloact_model.codec import SCHEMA_VERSION, TIME_RE, make_converter
from gloact_model.model import Catalogue, Country, PartialDate
from gloact_model.model.codes import (
    AMOUNT_MAX_FRACTION_DIGITS,
    AMOUNT_MAX_INTEGER_DIGITS,
    AMOUNT_MAX_LENGTH,
    CODES_AS_OF,
    COUNTRIES,
    CURRENCIES,
    ID_MAX_LENGTH,
    ID_PATTERN,
    PARTIAL_DATE_PATTERN,
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

_NAMED_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>(?P<body>[^()]*)\)")


def _portable(pattern: str, parts: Mapping[str, str] | None = None) -> str:
    """A Python `re` pattern as JSON Schema writes one: ECMA-262, anchored at both ends.

    Named groups, which ECMA-262 spells differently, become plain groups; `parts`
    replaces the body of the groups it names.
    """
    chosen = parts or {}

    def group(match: re.Match[str]) -> str:
        return "(?:" + chosen.get(match["name"], match["body"]) + ")"

    text = _NAMED_GROUP.sub(group, pattern)
    if "(?P" in text:  # pragma: no cover - a model pattern with nested named groups
        raise ValueError(f"cannot write {pattern!r} for JSON Schema")
    return f"^(?:{text})$"


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
        "pattern": _portable(PARTIAL_DATE_PATTERN.pattern, _DATE_PARTS),
        "examples": ["2018", "2018-10", "2018-10-23"],
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


def _text() -> _Schema:
    return {"type": "string", "minLength": 1}


def _integer() -> _Schema:
    return {"type": "integer"}


def _boolean() -> _Schema:
    return {"type": "boolean"}


_SCALARS: Mapping[type, Callable[[], _Schema]] = {
    str: _text,
    int: _integer,
    bool: _boolean,
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
}
"""The shapes of value that have a `$defs` entry, by that entry's name."""


def _text_by_name(name: str) -> Callable[[], _Schema] | None:
    """The shape of a text field that its name gives: ids and currencies.

    A reference field reaches here named ``id``, as `_name_for_shape` calls it.
    """
    if name == "id":
        return _id
    if name == "currency":
        return _currency
    return None


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


def _value(tp: Any, name: str, defs: _Definitions) -> _Schema:
    """The schema of a value of type `tp` in the field `name`."""
    for applies, build in _KINDS:
        if applies(tp):
            return build(tp, name, defs)
    raise TypeError(f"no JSON Schema for the type {tp!r} of the field {name!r}")


def _is_optional(tp: Any) -> bool:
    return typing.get_origin(tp) in (types.UnionType, typing.Union)


def _optional(tp: Any, name: str, defs: _Definitions) -> _Schema:
    # The codec leaves None out, and reads null as None.
    (inner,) = (arg for arg in typing.get_args(tp) if arg is not type(None))
    return {"anyOf": [_value(inner, name, defs), {"type": "null"}]}


def _is_tuple(tp: Any) -> bool:
    return typing.get_origin(tp) is tuple


def _array(tp: Any, name: str, defs: _Definitions) -> _Schema:
    item, _dots = typing.get_args(tp)
    schema: _Schema = {"type": "array", "items": _value(item, name, defs)}
    if not attrs.has(item) or item in _SCALARS:
        # A tuple of plain values is a set in every record; records in a tuple are
        # told apart by a key (an id), which the schema cannot say.
        schema["uniqueItems"] = True
    return schema


def _is_enum(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, enum.Enum)


def _vocabulary(tp: Any, name: str, defs: _Definitions) -> _Schema:
    return defs.ref(
        tp.__name__,
        lambda: {**_documented(tp), "type": "string", "enum": [m.value for m in tp]},
    )


def _is_scalar(tp: Any) -> bool:
    return tp in _SCALARS


def _scalar(tp: Any, name: str, defs: _Definitions) -> _Schema:
    build = (_text_by_name(name) if tp is str else None) or _SCALARS[tp]
    shared = _SHARED.get(build)
    return build() if shared is None else defs.ref(shared, build)


def _record_ref(tp: Any, name: str, defs: _Definitions) -> _Schema:
    return defs.ref(tp.__name__, lambda: _record(tp, defs))


_KINDS: tuple[tuple[Callable[[Any], bool], Callable[[Any, str, _Definitions], _Schema]], ...] = (
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
    for field in attrs.fields(cls):
        tp = hints[field.name]
        schema = _value(tp, _name_for_shape(field), defs)
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


def _name_for_shape(field: attrs.Attribute[Any]) -> str:
    """The name that says a field's shape: a reference (declared by `refers_to`) is an id."""
    return "id" if REFERS_TO in field.metadata else field.name


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
    _record_ref(cls, "", defs)
    return defs


def record_classes() -> tuple[type, ...]:
    """Every class that a document can hold, by name: `Catalogue` and each record in it.

    These are the classes that `json_schema` describes and `record_class` finds.
    """
    return tuple(sorted(_walk(Catalogue).records, key=lambda cls: cls.__name__))


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
