"""Records to plain data and back: one cattrs converter, made by `make_converter`.

Plain data is what JSON and YAML hold: dicts with snake_case keys in the order
the fields are declared, lists, strings, whole numbers. Enum values are their
lowercase strings, dates ISO 8601 strings (``2018``, ``2018-10``,
``2018-10-23``), amounts decimal strings, countries alpha-2 codes, times
``HH:MM`` (``HH:MM:SS`` when there are seconds). Fields at their default
value (None, an empty tuple, the default enum) are left out, so equal records
give equal data.

Reading is strict. Nothing is coerced: ``false`` where text belongs, text where
a list belongs, ``1.9`` where a whole number belongs are problems, not
``'False'``, a list of letters, or ``1``. Every problem in the data is reported
at once, each with its path (``events[0].sessions[1].period.start``).
"""

from __future__ import annotations

import difflib
import enum
import functools
import json
import re
import typing
from collections.abc import Callable, Iterator, Mapping
from datetime import time
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
    StructureHandlerNotFoundError,
)
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn

from gloact_model.errors import InvariantError, LoadError, Problem
from gloact_model.model import Country, PartialDate, vocabulary
from gloact_model.model._checks import article, clock

__all__ = [
    "SCHEMA_VERSION",
    "configure_converter",
    "from_dict",
    "from_document",
    "make_converter",
    "to_dict",
    "to_document",
]

T = TypeVar("T")

SCHEMA_VERSION = 1
"""The version of the exchange format that this release writes and reads."""

_DECIMAL = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?")
_TIME = re.compile(r"(?P<h>[01][0-9]|2[0-3]):(?P<m>[0-5][0-9])(?::(?P<s>[0-5][0-9]))?")


_VOCABULARIES: tuple[type[enum.Enum], ...] = tuple(
    getattr(vocabulary, name) for name in vocabulary.__all__
)


class _BadValueError(ValueError):
    """A value in the data that cannot become the field's type."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def describe(value: object) -> str:
    """Name a plain-data value as a person reading the file would see it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return f"the whole number {value}" if abs(value) < 10**30 else "a huge whole number"
    if isinstance(value, float):
        return f"the number {value!r}"
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "..."
        return f"the text {shown!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, tuple):
        return "a tuple"
    if isinstance(value, Mapping):
        return "a mapping"
    return f"a {type(value).__name__}"  # pragma: no cover - not produced by JSON or YAML


# Structuring hooks: one per kind of value, each strict about what it accepts.


def _structure_str(value: object, _: object) -> str:
    if not isinstance(value, str):
        raise _BadValueError("type", f"expected text, got {describe(value)}")
    return value


def _structure_int(value: object, _: object) -> int:
    if type(value) is not int:
        raise _BadValueError("type", f"expected a whole number, got {describe(value)}")
    return value


def _structure_partial_date(value: object, _: object) -> PartialDate:
    if not isinstance(value, str):
        hint = " (in YAML, put a year in quotes: '2018')" if type(value) is int else ""
        raise _BadValueError(
            "type",
            f"expected a date as text such as '2018-10-23', '2018-10' or '2018', got "
            f"{describe(value)}{hint}",
        )
    try:
        return PartialDate.parse(value)
    except InvariantError as exc:
        reasons = "; ".join(f"{p.path} {p.message}" if p.path else p.message for p in exc.problems)
        if exc.rule != "date-syntax":
            reasons = f"{value!r} is not a valid date: {reasons}"
        raise _BadValueError("date", reasons) from None


def _structure_country(value: object, _: object) -> Country:
    if not isinstance(value, str):
        raise _BadValueError(
            "type",
            f"expected an ISO 3166-1 alpha-2 country code such as 'EG', got {describe(value)}",
        )
    try:
        return Country(value)
    except InvariantError as exc:
        raise _BadValueError("country", exc.problems[0].message) from None


def _structure_decimal(value: object, _: object) -> Decimal:
    if type(value) is int:
        return Decimal(value)
    if isinstance(value, str) and _DECIMAL.fullmatch(value):
        try:
            return Decimal(value)
        except InvalidOperation:  # pragma: no cover - the pattern admits only decimals
            pass
    hint = "; write it in quotes so that no digit is lost" if isinstance(value, float) else ""
    raise _BadValueError(
        "amount",
        f"expected an amount as a decimal string such as '11000000' or '2500.50', got "
        f"{describe(value)}{hint}",
    )


def _structure_time(value: object, _: object) -> time:
    match = _TIME.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        raise _BadValueError(
            "time", f"expected a local time as 'HH:MM' or 'HH:MM:SS', got {describe(value)}"
        )
    return time(int(match["h"]), int(match["m"]), int(match["s"] or 0))


def _enum_hook(cls: type[enum.Enum]) -> Callable[[object, object], enum.Enum]:
    members = {member.value: member for member in cls}
    allowed = ", ".join(repr(v) for v in members)

    def structure(value: object, _: object) -> enum.Enum:
        if isinstance(value, str):
            member = members.get(value)
            if member is not None:
                return member
        close = (
            difflib.get_close_matches(value.lower(), list(members), n=1)
            if isinstance(value, str)
            else []
        )
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise _BadValueError("enum", f"expected one of {allowed}; got {describe(value)}{hint}")

    return structure


def _is_tuple_of(tp: object) -> bool:
    args = typing.get_args(tp)
    return typing.get_origin(tp) is tuple and len(args) == 2 and args[1] is Ellipsis


def _tuple_hook(
    tp: Any, converter: cattrs.Converter
) -> Callable[[object, object], tuple[Any, ...]]:
    element = typing.get_args(tp)[0]
    handler = converter.get_structure_hook(element)

    def structure(value: object, _: object) -> tuple[Any, ...]:
        if not isinstance(value, list | tuple):
            raise _BadValueError("type", f"expected a list, got {describe(value)}")
        items: list[Any] = []
        errors: list[Exception] = []
        for index, item in enumerate(value):
            try:
                items.append(handler(item, element))
            except Exception as exc:
                exc.add_note(IterableValidationNote(f"@ index {index}", index, element))
                errors.append(exc)
        if errors:
            raise IterableValidationError(f"While structuring {tp!r}", errors, tp)
        return tuple(items)

    return structure


def _record_hook(cls: type, converter: cattrs.Converter) -> Callable[[object, object], Any]:
    generated: Callable[[Mapping[str, Any], Any], Any] = make_dict_structure_fn(cls, converter)

    def structure(value: object, _: object) -> Any:
        if not isinstance(value, Mapping):
            raise _BadValueError(
                "type", f"expected a mapping of keys to values, got {describe(value)}"
            )
        try:
            return generated(value, cls)
        except ClassValidationError as exc:
            more = _rules_of_the_rest(cls, generated, value, exc)
            if not more:
                raise
            raise ClassValidationError(exc.message, [*exc.exceptions, *more], cls) from None

    return structure


def _rules_of_the_rest(
    cls: type,
    generated: Callable[[Mapping[str, Any], Any], Any],
    value: Mapping[str, Any],
    exc: ClassValidationError,
) -> list[Exception]:
    """The record's own rules, checked on the fields that could be read.

    When a field cannot be read, the record is never built, so its rules would
    go unchecked and their problems unreported until the next attempt. Where every
    failed field is optional, build the record without them and keep what its
    rules say of the fields that are there.
    """
    failed: set[str] = set()
    for sub in exc.exceptions:
        if isinstance(sub, ForbiddenExtraKeysError):
            failed.update(str(key) for key in sub.extra_fields)
        for note in getattr(sub, "__notes__", ()):
            if isinstance(note, AttributeValidationNote):
                failed.add(note.name)
    fields = attrs.fields(cls)
    required = {f.name for f in fields if f.default is attrs.NOTHING}
    if not failed or failed & required:
        return []
    rest = {k: v for k, v in value.items() if k not in failed}
    try:
        generated(rest, cls)
    except ClassValidationError as second:
        # The constructor's InvariantError comes wrapped, without a field note.
        found = [e for e in second.exceptions if isinstance(e, InvariantError)]
    except Exception:  # only a second look; the first errors stand
        return []
    else:
        return []
    more: list[Exception] = []
    for invariant in found:
        # Only rules about fields that are there: leaving a field out may break
        # others ("a participation needs at least one count") that the file does not.
        kept = [p for p in invariant.problems if _top_key(p.path) in rest]
        if kept:
            more.append(InvariantError(invariant.record, kept))
    return more


def _top_key(path: str) -> str:
    return path.split("[", maxsplit=1)[0].split(".", maxsplit=1)[0]


# Unstructuring: the inverse, producing only JSON- and YAML-safe values.


def _enum_value(member: enum.Enum) -> Any:
    return member.value


def _unstructure_decimal(value: Decimal) -> str:
    return format(value, "f")


def configure_converter(converter: cattrs.Converter) -> None:
    """Register the hooks of the gloact exchange format on `converter`.

    The converter must have been made with ``forbid_extra_keys=True`` and
    ``detailed_validation=True``; `make_converter` does both.
    """
    converter.register_structure_hook(str, _structure_str)
    converter.register_structure_hook(int, _structure_int)
    converter.register_structure_hook(Decimal, _structure_decimal)
    converter.register_structure_hook(time, _structure_time)
    converter.register_structure_hook(PartialDate, _structure_partial_date)
    converter.register_structure_hook(Country, _structure_country)
    # Each vocabulary is registered by its own class: a StrEnum is also a str,
    # and class dispatch would otherwise read it with the plain-text hook.
    for enum_class in _VOCABULARIES:
        converter.register_structure_hook(enum_class, _enum_hook(enum_class))
        converter.register_unstructure_hook(enum_class, _enum_value)
    converter.register_structure_hook_factory(_is_tuple_of, _tuple_hook)
    converter.register_structure_hook_factory(attrs.has, _record_hook)

    converter.register_unstructure_hook(Decimal, _unstructure_decimal)
    converter.register_unstructure_hook(time, clock)
    converter.register_unstructure_hook(PartialDate, str)
    converter.register_unstructure_hook(Country, str)
    converter.register_unstructure_hook_factory(
        _is_tuple_of,
        lambda t, c: _list_unstructurer(c.get_unstructure_hook(typing.get_args(t)[0])),
    )
    converter.register_unstructure_hook_factory(
        attrs.has, lambda cls, c: make_dict_unstructure_fn(cls, c, _cattrs_omit_if_default=True)
    )


def _list_unstructurer(item: Callable[[Any], Any]) -> Callable[[tuple[Any, ...]], list[Any]]:
    def unstructure(values: tuple[Any, ...]) -> list[Any]:
        return [item(v) for v in values]

    return unstructure


def make_converter() -> cattrs.Converter:
    """A new converter for the gloact exchange format, for use or further configuration."""
    converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    configure_converter(converter)
    return converter


@functools.cache
def _converter() -> cattrs.Converter:
    # Built once and never changed afterwards; callers who need other hooks make
    # their own with make_converter().
    return make_converter()


def to_dict(obj: object, *, converter: cattrs.Converter | None = None) -> dict[str, Any]:
    """The plain data for a record: a dict ready for JSON or YAML."""
    data = (converter or _converter()).unstructure(obj)
    if not isinstance(data, dict):
        raise TypeError(f"to_dict takes a record, not {type(obj).__name__}")
    return data


def from_dict(
    data: Mapping[str, Any], cls: type[T], *, converter: cattrs.Converter | None = None
) -> T:
    """The record of class `cls` that `data` describes.

    Raises `LoadError` with every problem in `data`, each with its path.
    """
    try:
        return (converter or _converter()).structure(data, cls)
    except StructureHandlerNotFoundError:
        raise  # a class that the format does not know: the caller's mistake, not the data's
    except Exception as exc:
        # Whatever the data did wrong, it becomes problems with paths, never a traceback.
        raise LoadError(problems_of(exc), source="<data>") from None


def to_document(obj: object, *, converter: cattrs.Converter | None = None) -> dict[str, Any]:
    """The data of an exchange document: ``schema_version`` first, then the record."""
    return {"schema_version": SCHEMA_VERSION, **to_dict(obj, converter=converter)}


def from_document(data: object, cls: type[T], *, converter: cattrs.Converter | None = None) -> T:
    """The record of class `cls` in an exchange document, after checking its version.

    Raises `LoadError` with every problem in the document.
    """
    if not isinstance(data, Mapping):
        raise LoadError(
            [Problem(path="", code="type", message=f"expected a mapping, got {describe(data)}")],
            source="<data>",
        )
    problems: list[Problem] = []
    version = data.get("schema_version", _MISSING)
    if version is _MISSING:
        problems.append(
            Problem(
                path="schema_version",
                code="missing",
                message=f"is required: a document starts with 'schema_version: {SCHEMA_VERSION}'",
            )
        )
    elif type(version) is not int or version != SCHEMA_VERSION:
        problems.append(
            Problem(
                path="schema_version",
                code="unsupported-version",
                message=f"this release of gloact_model reads schema_version {SCHEMA_VERSION}, "
                f"but the document has {describe(version)}",
            )
        )
    body = {k: v for k, v in data.items() if k != "schema_version"}
    try:
        record = from_dict(body, cls, converter=converter)
    except LoadError as exc:
        problems.extend(exc.problems)
    if problems:
        raise LoadError(problems, source="<data>")
    return record


_MISSING = object()


# From a cattrs error tree to a flat list of problems with paths.


def problems_of(exc: BaseException, path: str = "") -> list[Problem]:
    """Every problem inside a structuring error, each with its path from the top."""
    return list(_walk(exc, path))


def _walk(exc: BaseException, path: str) -> Iterator[Problem]:
    if isinstance(exc, ClassValidationError):
        with_notes, others = exc.group_exceptions()
        for sub, note in with_notes:
            yield from _walk(sub, join_key(path, note.name))
        for sub in others:
            yield from _walk(sub, path)
    elif isinstance(exc, IterableValidationError):
        with_index, others = exc.group_exceptions()
        for sub, index_note in with_index:
            yield from _walk(sub, f"{path}[{index_note.index}]")
        for sub in others:
            yield from _walk(sub, path)
    elif isinstance(exc, ForbiddenExtraKeysError):
        known = [f.name for f in attrs.fields(exc.cl)]
        for key in sorted(exc.extra_fields, key=str):
            close = difflib.get_close_matches(str(key), known, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            yield Problem(
                path=join_key(path, str(key)),
                code="unknown-key",
                message=f"unknown key {key!r} for {article(exc.cl.__name__)}{hint}",
            )
    elif isinstance(exc, InvariantError):
        for problem in exc.problems:
            yield problem.under(path)
    elif isinstance(exc, _BadValueError):
        yield Problem(path=path, code=exc.code, message=exc.message)
    elif isinstance(exc, KeyError):
        # The generated structuring code reads required keys with data[key].
        yield Problem(path=path, code="missing", message="is required but missing")
    else:
        yield Problem(path=path, code="invalid", message=f"cannot be read: {exc}")


_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def join_key(path: str, name: str) -> str:
    """The path of key `name` below `path`: ``a.b``, or ``a["odd key"]`` for other keys."""
    if _PLAIN_KEY.fullmatch(name):
        return f"{path}.{name}" if path else name
    # Quoted and escaped, so that a path is one printable line that can be read back.
    return f"{path}[{json.dumps(name)}]"
