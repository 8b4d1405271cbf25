"""The generated reading path: records from plain data that is valid, at a fraction of the cost.

For each record class, code is generated once that reads a mapping as the
converter does, but checks each value's type exactly (``type(v) is str``, never
a subclass or a coercion) as it converts it, and builds the record with
`trusted_builder`, which runs the record's own rules but not the type checks
that this code has just made. It accepts only data that the converter accepts,
and gives an equal record. It never explains: at the first thing it does not
accept (a wrong type, an unknown or missing key, a broken rule), it gives up
with one of `GIVES_UP`, and the converter reads the data again to report every
problem with its path.
"""

from __future__ import annotations

import functools
import typing
from collections.abc import Callable
from datetime import time
from decimal import Decimal
from typing import Any

import attrs

from gloact_model.codec._generated import (
    MEMO_MOST,
    RAW_TYPES,
    SHARED_TIMES,
    UnsupportedError,
    is_record,
    is_value_record,
    optional,
)
from gloact_model.codec._strict import VOCABULARIES, is_tuple_of, structure_decimal, structure_time
from gloact_model.model import Country, PartialDate, Period
from gloact_model.model.building import exec_generated, trusted_builder
from gloact_model.model.country import shared_countries
from gloact_model.model.dates import shared_date

__all__ = [
    "GIVES_UP",
    "UnsureError",
    "fast_nesting",
    "fast_structurer",
    "shared_time",
]


class UnsureError(Exception):
    """The fast path met something that only the converter may judge."""


GIVES_UP: tuple[type[Exception], ...] = (UnsureError, KeyError, ValueError)
"""What the generated reading code raises when it does not accept the data.

An unknown or missing key or enum value is a `KeyError`; a broken rule an
`InvariantError` and an unreadable value a `BadValueError`, both `ValueError`.
Anything else is a bug in the generated code, and is let through.
"""

_ABSENT = object()


@functools.lru_cache(maxsize=SHARED_TIMES)
def shared_time(text: str) -> time:
    """The local time of `text`, one object for text read recently."""
    return structure_time(text, time)


@functools.lru_cache(maxsize=SHARED_TIMES)
def _shared_period(text: str) -> Period:
    """The period of the shorthand `text` (``2014/..``), one object for text read recently."""
    return Period.parse(text)


class _FastCode:
    """Writes the fast structuring functions of a record class and the records it holds."""

    def __init__(self) -> None:
        self.namespace: dict[str, Any] = {
            "_UnsureError": UnsureError,
            "_ABSENT": _ABSENT,
            "_date": shared_date,
            "_time": shared_time,
            "_period": _shared_period,
            "_decimal": structure_decimal,
            "_countries": shared_countries(),
            "_MEMO_MOST": MEMO_MOST,
        }
        self.functions: dict[Any, str] = {}
        self.memos: list[dict[tuple[object, ...], Any]] = []

    def record(self, cls: type) -> str:
        """The name of the function that structures `cls`, written on first use."""
        name = self.functions.get(cls)
        if name is not None:
            return name
        if not is_record(cls):
            raise UnsupportedError(f"the fast path does not read {cls!r}")
        build = trusted_builder(cls)
        if build is None:
            raise UnsupportedError(f"{cls.__name__} is built by its constructor")
        name = self.functions[cls] = f"structure_{len(self.functions)}_{cls.__name__}"
        hints = typing.get_type_hints(cls)
        fields = attrs.fields(cls)
        self.namespace[f"{name}_keys"] = frozenset(f.name for f in fields)
        self.namespace[f"{name}_build"] = build
        lines = [
            f"def {name}(d):",
            f"    if type(d) is not dict or not {name}_keys.issuperset(d):",
            "        raise _UnsureError",
        ]
        for index, field in enumerate(fields):
            if not field.init or field.alias != field.name:  # pragma: no cover - model authoring
                raise UnsupportedError(f"the fast path does not read {cls.__name__}.{field.name}")
            lines += self._field(name, index, field, hints[field.name])
        arguments = ", ".join(f"v{i}" for i in range(len(fields)))
        lines.append(f"    return {name}_build({arguments})")
        exec_generated(lines, self.namespace, f"reader for {cls.__name__}")
        if not is_value_record(cls):
            return name
        raw = [RAW_TYPES[optional(hints[f.name])[1]] for f in fields]
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
        exec_generated(lines, self.namespace, f"sharing reader for {cls.__name__}")
        return name

    def _field(self, function: str, index: int, field: Any, tp: Any) -> list[str]:
        var, key = f"v{index}", repr(field.name)
        is_optional, inner = optional(tp)
        default = field.default
        if isinstance(default, attrs.Factory):  # type: ignore[arg-type]  # pragma: no cover
            raise UnsupportedError(f"the fast path does not read {field.name}, made by a factory")
        convert = self._value(var, inner, "        ")
        if default is attrs.NOTHING:
            lines = [f"    {var} = d[{key}]"]
            if is_optional:
                return [*lines, f"    if {var} is not None:", *convert]
            return lines + [line[4:] for line in convert]
        if is_optional and default is None:
            return [f"    {var} = d.get({key})", f"    if {var} is not None:", *convert]
        self.namespace[f"{function}_default{index}"] = default
        lines = [
            f"    {var} = d.get({key}, _ABSENT)",
            f"    if {var} is _ABSENT:",
            f"        {var} = {function}_default{index}",
        ]
        if is_optional:
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
        if tp in VOCABULARIES:
            members = f"_members_{tp.__name__}"
            self.namespace[members] = {member.value: member for member in tp}
            return [
                f"{indent}if type({var}) is not str:",
                unsure,
                f"{indent}{var} = {members}[{var}]",
            ]
        if is_tuple_of(tp):
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
        if tp is Period:
            # A period in a file may be its text shorthand as well as the mapping.
            return [
                f"{indent}if type({var}) is str:",
                f"{indent}    {var} = _period({var})",
                f"{indent}else:",
                f"{indent}    {var} = {self.record(tp)}({var})",
            ]
        if attrs.has(tp):
            return [f"{indent}{var} = {self.record(tp)}({var})"]
        raise UnsupportedError(f"the fast path does not read {tp!r}")

    def _one(self, tp: Any) -> str:
        """The name of a function that structures one value of type `tp`."""
        if attrs.has(tp) and tp not in (PartialDate, Country):
            return self.record(tp)
        name = self.functions.get(tp)
        if name is None:
            name = self.functions[tp] = f"structure_{len(self.functions)}_value"
            lines = [f"def {name}(v):", *self._value("v", tp, "    "), "    return v"]
            exec_generated(lines, self.namespace, f"reader for items of {tp.__name__}")
        return name


def _make_fast_structurer(cls: Any) -> Callable[[object], Any] | None:
    """The fast path's function for records of `cls`, or None where it has none."""
    if not is_record(cls):
        return None
    code = _FastCode()
    try:
        name = code.record(cls)
    except UnsupportedError:  # a class or a field type that only the converter reads
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


fast_structurer: Callable[[Any], Callable[[object], Any] | None] = functools.cache(
    _make_fast_structurer
)
"""The fast path's function that reads records of a class, made once; None where it has none.

It raises one of `GIVES_UP` for data that it does not accept.
"""


def _nesting_of(cls: Any) -> int:
    """How deeply the lists and mappings of a document that the fast path accepts nest.

    Counted from the document's own mapping, which is 1: a catalogue's events,
    their sessions, and the countries of a session's participation make 7. The
    fast path accepts a list or a mapping only where the class has one, so it
    accepts nothing deeper.
    """
    _, tp = optional(cls)
    if is_tuple_of(tp):
        return 1 + fast_nesting(typing.get_args(tp)[0])
    if attrs.has(tp) and tp not in (PartialDate, Country):
        hints = typing.get_type_hints(tp)
        return 1 + max((fast_nesting(hints[f.name]) for f in attrs.fields(tp)), default=0)
    return 0


fast_nesting: Callable[[Any], int] = functools.cache(_nesting_of)
"""How deeply a document of a class that the fast path accepts nests (see `_nesting_of`)."""
