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
import types
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
from gloact_model.model._checks import trusted_builder
from gloact_model.model.country import shared_countries
from gloact_model.model.dates import shared_date
from gloact_model.model.wording import article, clock

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


# The fast path: records from plain data that is valid, at a fraction of the cost.
#
# For each record class, code is generated once that reads a mapping as the
# converter above does, but checks each value's type exactly (``type(v) is
# str``, never a subclass or a coercion) as it converts it, and builds the
# record with `trusted_builder`, which runs the record's own rules but not the
# type checks that this code has just made. It accepts only data that the
# converter accepts, and gives an equal record. It never explains: at the first
# thing it does not accept (a wrong type, an unknown or missing key, a broken
# rule), it gives up with any exception, and the converter reads the data again
# to report every problem with its path.


class _UnsureError(Exception):
    """The fast path met something that only the converter may judge."""


_ABSENT = object()
_SHARED_TIMES = 4096
_MEMO_MOST = 100_000
"""How many of each kind of value record (periods, locations, ...) one read shares at most."""

_NONE_OR_ABSENT = (type(None), object)
_RAW_TYPES: dict[Any, frozenset[type]] = {
    **dict.fromkeys((str, PartialDate, time, Country, *_VOCABULARIES), frozenset({str})),
    int: frozenset({int}),
    Decimal: frozenset({int, str}),
}
_RAW_TYPES = {tp: raw | frozenset(_NONE_OR_ABSENT) for tp, raw in _RAW_TYPES.items()}
"""For each type of plain value, the types that its data may have when it is shared."""


@functools.lru_cache(maxsize=_SHARED_TIMES)
def _shared_time(text: str) -> time:
    return _structure_time(text, time)


@functools.lru_cache(maxsize=_SHARED_TIMES)
def _shared_clock(value: time) -> str:
    """`clock` of a local time, kept for the times written most recently."""
    return clock(value)


class _FastCode:
    """Writes the fast structuring functions of a record class and the records it holds."""

    def __init__(self) -> None:
        self.namespace: dict[str, Any] = {
            "_UnsureError": _UnsureError,
            "_ABSENT": _ABSENT,
            "_date": shared_date,
            "_time": _shared_time,
            "_decimal": _structure_decimal,
            "_countries": shared_countries(),
            "_MEMO_MOST": _MEMO_MOST,
        }
        self.functions: dict[Any, str] = {}
        self.memos: list[dict[tuple[object, ...], Any]] = []

    def record(self, cls: type) -> str:
        """The name of the function that structures `cls`, written on first use."""
        name = self.functions.get(cls)
        if name is not None:
            return name
        if not _is_record(cls):
            raise TypeError(f"the fast path does not read {cls!r}")
        name = self.functions[cls] = f"structure_{len(self.functions)}_{cls.__name__}"
        hints = typing.get_type_hints(cls)
        fields = attrs.fields(cls)
        self.namespace[f"{name}_keys"] = frozenset(f.name for f in fields)
        self.namespace[f"{name}_build"] = trusted_builder(cls)
        lines = [
            f"def {name}(d):",
            f"    if type(d) is not dict or not {name}_keys.issuperset(d):",
            "        raise _UnsureError",
        ]
        for index, field in enumerate(fields):
            if not field.init or field.alias != field.name:  # pragma: no cover - model authoring
                raise TypeError(f"the fast path does not read {cls.__name__}.{field.name}")
            lines += self._field(name, index, field, hints[field.name])
        arguments = ", ".join(f"v{i}" for i in range(len(fields)))
        lines.append(f"    return {name}_build({arguments})")
        exec("\n".join(lines), self.namespace)
        if not _is_value_record(cls):
            return name
        raw = [_RAW_TYPES[_optional(hints[f.name])[1]] for f in fields]
        # A value record, all of whose fields are plain values in the data (a period, a
        # location, an organisation's role): equal data gives one shared record.
        self.namespace[f"{name}_plain"] = self.namespace.pop(name)
        memo: dict[tuple[object, ...], Any] = {}
        self.namespace[f"{name}_memo"] = memo
        self.memos.append(memo)
        lines = lines[:3]
        for index, (field, types_) in enumerate(zip(fields, raw, strict=True)):
            # Only values of exactly these types make the key, so that equal keys are
            # equal data (True == 1, but true is not a whole number).
            self.namespace[f"{name}_raw{index}"] = types_
            lines += [
                f"    v{index} = d.get({field.name!r}, _ABSENT)",
                f"    if type(v{index}) not in {name}_raw{index}:",
                "        raise _UnsureError",
            ]
        lines += [
            f"    key = ({arguments},)",
            f"    record = {name}_memo.get(key)",
            "    if record is None:",
            f"        record = {name}_plain(d)",
            f"        if len({name}_memo) < _MEMO_MOST:",
            f"            {name}_memo[key] = record",
            "    return record",
        ]
        exec("\n".join(lines), self.namespace)
        return name

    def _field(self, function: str, index: int, field: Any, tp: Any) -> list[str]:
        var, key = f"v{index}", repr(field.name)
        optional, inner = _optional(tp)
        default = field.default
        if isinstance(default, attrs.Factory):  # type: ignore[arg-type]  # pragma: no cover
            raise TypeError(f"the fast path does not read {field.name}, made by a factory")
        convert = self._value(var, inner, "        ")
        if default is attrs.NOTHING:
            lines = [f"    {var} = d[{key}]"]
            if optional:
                return [*lines, f"    if {var} is not None:", *convert]
            return lines + [line[4:] for line in convert]
        if optional and default is None:
            return [f"    {var} = d.get({key})", f"    if {var} is not None:", *convert]
        self.namespace[f"{function}_default{index}"] = default
        lines = [
            f"    {var} = d.get({key}, _ABSENT)",
            f"    if {var} is _ABSENT:",
            f"        {var} = {function}_default{index}",
        ]
        if optional:
            return [*lines, f"    elif {var} is not None:", *convert]
        return [*lines, "    else:", *convert]

    def _value(self, var: str, tp: Any, indent: str) -> list[str]:
        """Lines that check the value in `var` and put its converted value there."""
        unsure = f"{indent}    raise _UnsureError"
        if tp is str or tp is int:
            return [f"{indent}if type({var}) is not {tp.__name__}:", unsure]
        if tp is PartialDate or tp is time or tp is Country:
            lookup = {PartialDate: "_date({})", time: "_time({})", Country: "_countries[{}]"}[tp]
            return [
                f"{indent}if type({var}) is not str:",
                unsure,
                f"{indent}{var} = {lookup.format(var)}",
            ]
        if tp is Decimal:
            return [f"{indent}{var} = _decimal({var}, None)"]
        if tp in _VOCABULARIES:
            members = f"_members_{tp.__name__}"
            self.namespace[members] = {member.value: member for member in tp}
            return [
                f"{indent}if type({var}) is not str:",
                unsure,
                f"{indent}{var} = {members}[{var}]",
            ]
        if _is_tuple_of(tp):
            (element,) = typing.get_args(tp)[:1]
            lines = [
                f"{indent}if type({var}) is not list and type({var}) is not tuple:",
                unsure,
            ]
            if element is str:
                item = f"{var}_item"
                return [
                    *lines,
                    f"{indent}for {item} in {var}:",
                    f"{indent}    if type({item}) is not str:",
                    f"{indent}        raise _UnsureError",
                    f"{indent}{var} = tuple({var})",
                ]
            return [*lines, f"{indent}{var} = tuple(map({self._one(element)}, {var}))"]
        if attrs.has(tp):
            return [f"{indent}{var} = {self.record(tp)}({var})"]
        raise TypeError(f"the fast path does not read {tp!r}")

    def _one(self, tp: Any) -> str:
        """The name of a function that structures one value of type `tp`."""
        if attrs.has(tp) and tp not in (PartialDate, Country):
            return self.record(tp)
        name = self.functions.get(tp)
        if name is None:
            name = self.functions[tp] = f"structure_{len(self.functions)}_value"
            lines = [f"def {name}(v):", *self._value("v", tp, "    "), "    return v"]
            exec("\n".join(lines), self.namespace)
        return name


def _optional(tp: Any) -> tuple[bool, Any]:
    """Whether `tp` is ``X | None``, and X (or `tp` itself)."""
    if typing.get_origin(tp) in (types.UnionType, typing.Union):
        members = [m for m in typing.get_args(tp) if m is not type(None)]
        if len(members) == 1 and len(typing.get_args(tp)) == 2:
            return True, members[0]
        raise TypeError(f"the fast path does not read {tp!r}")
    return False, tp


def _make_fast_structurer(cls: Any) -> Callable[[object], Any] | None:
    """The fast path's function for records of `cls`, or None where it has none."""
    if not _is_record(cls):
        return None
    code = _FastCode()
    try:
        name = code.record(cls)
    except Exception:  # a class or a field type that only the converter reads
        return None
    structure: Callable[[object], Any] = code.namespace[name]
    memos = tuple(code.memos)

    def structure_sharing(data: object) -> Any:
        # Equal value records in one document are one object; they are forgotten after
        # it, so that nothing is kept from one read to the next.
        try:
            return structure(data)
        finally:
            for memo in memos:
                memo.clear()

    return structure_sharing if memos else structure


_fast_structurer: Callable[[Any], Callable[[object], Any] | None] = functools.cache(
    _make_fast_structurer
)


def _nesting_of(cls: Any) -> int:
    """How deeply the lists and mappings of a document that the fast path accepts nest.

    Counted from the document's own mapping, which is 1: a catalogue's events,
    their sessions, and the countries of a session's participation make 7. The
    fast path accepts a list or a mapping only where the class has one, so it
    accepts nothing deeper.
    """
    _, tp = _optional(cls)
    if _is_tuple_of(tp):
        return 1 + _fast_nesting(typing.get_args(tp)[0])
    if attrs.has(tp) and tp not in (PartialDate, Country):
        hints = typing.get_type_hints(tp)
        return 1 + max((_fast_nesting(hints[f.name]) for f in attrs.fields(tp)), default=0)
    return 0


_fast_nesting: Callable[[Any], int] = functools.cache(_nesting_of)


def _fast_document(data: object, cls: type[T]) -> T:
    """The record in a valid exchange document, by the fast path alone.

    Raises some exception for anything that it does not accept; the caller then
    reads the document with `from_document`, which reports every problem.
    """
    structure = _fast_structurer(cls)
    if structure is None or type(data) is not dict:
        raise _UnsureError
    version = data.get("schema_version", _ABSENT)
    if type(version) is not int or version != SCHEMA_VERSION:
        raise _UnsureError
    body = data.copy()
    del body["schema_version"]
    record: T = structure(body)
    return record


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


# The fast path out: for each record class, code generated once that writes the
# same plain data as the converter's unstructuring functions (fields at their
# default left out, in the order declared), with each field's conversion written
# in place rather than looked up and called.


class _FastOut:
    """Writes the fast unstructuring functions of a record class and the records it holds.

    A `shallow` function leaves the records inside a record as they are, and
    tuples and enum members too, for a JSON writer that calls back for each
    record (orjson's ``default``) and writes tuples and enum members itself: the
    data of one record at a time then exists, never the whole document's.
    """

    def __init__(self, *, shallow: bool = False) -> None:
        self.namespace: dict[str, Any] = {
            "_decimal": _unstructure_decimal,
            "_clock": clock,
            "_shared_clock": _shared_clock,
            "_time": time,
            "_MEMO_MOST": _MEMO_MOST,
        }
        self.functions: dict[type, str] = {}
        self.shallow = shallow
        self.memos: list[dict[int, Any]] = []

    def record(self, cls: type) -> str:
        """The name of the function that unstructures `cls`, written on first use."""
        name = self.functions.get(cls)
        if name is not None:
            return name
        if not _is_record(cls):
            raise TypeError(f"the fast path does not write {cls!r}")
        name = self.functions[cls] = f"unstructure_{len(self.functions)}_{cls.__name__}"
        hints = typing.get_type_hints(cls)
        lines = [f"def {name}(o):", "    res = {}"]
        for index, field in enumerate(attrs.fields(cls)):
            optional, tp = _optional(hints[field.name])
            value = self._value("v", tp)
            default = field.default
            lines.append(f"    v = o.{field.name}")
            if default is attrs.NOTHING:
                if optional:
                    value = f"None if v is None else {value}"
                lines.append(f"    res[{field.name!r}] = {value}")
                continue
            if default is None:
                test = "v is not None"
            elif default == () and type(default) is tuple:
                test = "v"  # a tuple: not empty
            else:
                # The converter compares with !=; an enum member is equal only to itself.
                self.namespace[f"{name}_default{index}"] = default
                same = "is not" if isinstance(default, enum.Enum) else "!="
                test = f"v {same} {name}_default{index}"
            if optional and default is not None:  # pragma: no cover - not in the model
                value = f"None if v is None else {value}"
            lines += [f"    if {test}:", f"        res[{field.name!r}] = {value}"]
        lines.append("    return res")
        exec("\n".join(lines), self.namespace)
        return name

    def _value(self, var: str, tp: Any) -> str:
        """An expression for the plain value of `var`, of type `tp`."""
        if tp is str or tp is int:
            return var
        if self.shallow and (tp in _VOCABULARIES or (_is_record(tp) and not _is_value_record(tp))):
            return var
        if self.shallow and _is_value_record(tp):
            return f"{self._once(tp)}({var})"
        if self.shallow and _is_tuple_of(tp):
            element = typing.get_args(tp)[0]
            if _is_value_record(element):
                return f"list(map({self._once(element)}, {var}))"
            if element is str or element in _VOCABULARIES or _is_record(element):
                return var
        if tp in _VOCABULARIES:
            return f"{var}._value_"
        if tp is Decimal:
            return f"_decimal({var})"
        if tp is time:
            # A record holds only local times (no zone, which would make equal times
            # of other texts); a subclass of time may write itself otherwise.
            return f"(_shared_clock({var}) if type({var}) is _time else _clock({var}))"
        if tp is PartialDate:
            return f"str({var})"
        if tp is Country:
            return f"{var}.code"
        if _is_tuple_of(tp):
            element = typing.get_args(tp)[0]
            if element is str:
                return f"list({var})"
            if attrs.has(element) and element not in (PartialDate, Country):
                return f"list(map({self.record(element)}, {var}))"
            return f"[{self._value('x', element)} for x in {var}]"
        if attrs.has(tp):
            return f"{self.record(tp)}({var})"
        raise TypeError(f"the fast path does not write {tp!r}")

    def _once(self, cls: type) -> str:
        """A function that writes a value record once for each object in one document.

        Records read from a document share their equal value records (a period,
        an organisation's role); their data is made once and written wherever
        they are. It is kept by the object's id, which is safe while the record
        being written keeps every object in it alive, and forgotten after it.
        """
        name = self.record(cls)
        once = f"{name}_once"
        if once not in self.namespace:
            memo: dict[int, Any] = {}
            self.namespace[f"{name}_memo"] = memo
            self.memos.append(memo)
            lines = [
                f"def {once}(o):",
                "    k = id(o)",
                f"    w = {name}_memo.get(k)",
                "    if w is None:",
                f"        w = {name}(o)",
                f"        if len({name}_memo) < _MEMO_MOST:",
                f"            {name}_memo[k] = w",
                "    return w",
            ]
            exec("\n".join(lines), self.namespace)
        return once


class _ShallowWriter(typing.NamedTuple):
    """What a JSON writer that calls back for each record needs (see `_shallow_writer`)."""

    write: Callable[[object], dict[str, Any]]
    """The data of one record, with the records it holds left in it for the writer."""
    forget: Callable[[], None]
    """Forgets what `write` kept while writing one document: call it after each."""


def _is_record(tp: Any) -> bool:
    """Whether `tp` is a record class of the model, which the fast paths read and write.

    Not a subclass made elsewhere, which may check or write more than its fields:
    the converter reads and writes those, as it always did.
    """
    return (
        isinstance(tp, type)
        and attrs.has(tp)
        and tp.__module__.startswith("gloact_model.model.")
        and tp not in (PartialDate, Country)
    )


def _is_value_record(cls: Any) -> bool:
    """Whether `cls` is a small value record: no id, and only plain values in its fields.

    A period, a location, an organisation's role at an event, an amount of
    money: equal ones are interchangeable, so a reader may share them, and a
    writer writes them in place rather than calling back for each.
    """
    if not _is_record(cls):
        return False
    hints = typing.get_type_hints(cls)
    fields = attrs.fields(cls)
    return all(f.name != "id" and _optional(hints[f.name])[1] in _RAW_TYPES for f in fields)


def _make_shallow_writer(cls: Any) -> _ShallowWriter | None:
    """For a JSON writer that calls back for each record: a function that gives its data.

    The data of one record, with the records it holds left in it as they are
    (and tuples, and enum members), for the writer to call back for; it raises
    `TypeError` for an object that is no record of `cls` or held by one. Small
    value records are written in place, each object's data made once until
    `_ShallowWriter.forget` is called. None where the fast path has no function
    for `cls`.
    """
    if not _is_record(cls):
        return None
    code = _FastOut(shallow=True)
    try:
        for record in _records_in(cls):
            code.record(record)
    except Exception:  # a class or a field type that only the converter writes
        return None
    writers = {record: code.namespace[name] for record, name in code.functions.items()}

    def write(record: object) -> dict[str, Any]:
        try:
            writer = writers[type(record)]
        except KeyError:
            raise TypeError(f"not a record that gloact writes: {type(record).__name__}") from None
        data: dict[str, Any] = writer(record)
        return data

    memos = tuple(code.memos)

    def forget() -> None:
        for memo in memos:
            memo.clear()

    return _ShallowWriter(write, forget)


def _records_in(cls: Any, found: dict[type, None] | None = None) -> list[type]:
    """`cls` and every record class that its records may hold, each once."""
    found = {} if found is None else found
    _, tp = _optional(cls)
    if _is_tuple_of(tp):
        _records_in(typing.get_args(tp)[0], found)
    elif _is_record(tp) and tp not in found:
        found[tp] = None
        hints = typing.get_type_hints(tp)
        for field in attrs.fields(tp):
            _records_in(hints[field.name], found)
    return list(found)


_shallow_writer: Callable[[Any], _ShallowWriter | None] = functools.cache(_make_shallow_writer)


def _make_fast_unstructurer(cls: Any) -> Callable[[Any], dict[str, Any]] | None:
    """The fast path's function that writes records of `cls`, or None where it has none."""
    if not _is_record(cls):
        return None
    code = _FastOut()
    try:
        name = code.record(cls)
    except Exception:  # a class or a field type that only the converter writes
        return None
    unstructure: Callable[[Any], dict[str, Any]] = code.namespace[name]
    return unstructure


_fast_unstructurer: Callable[[Any], Callable[[Any], dict[str, Any]] | None] = functools.cache(
    _make_fast_unstructurer
)


def to_dict(obj: object, *, converter: cattrs.Converter | None = None) -> dict[str, Any]:
    """The plain data for a record: a dict ready for JSON or YAML."""
    if converter is None:
        fast = _fast_unstructurer(type(obj))
        if fast is not None:
            return fast(obj)
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
    if converter is None:
        fast = _fast_structurer(cls)
        if fast is not None:
            try:
                record: T = fast(data)
            except Exception:
                pass
            else:
                return record
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
