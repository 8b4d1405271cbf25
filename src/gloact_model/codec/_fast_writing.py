"""The generated writing path: plain data from records, as the converter writes it.

For each record class, code is generated once that writes the same plain data
as the converter's unstructuring functions (fields at their default left out,
in the order declared), with each field's conversion written in place rather
than looked up and called. A shallow variant serves a JSON writer that calls
back for each record (orjson's ``default``).
"""

from __future__ import annotations

import enum
import functools
import typing
from collections.abc import Callable
from datetime import time
from decimal import Decimal
from typing import Any

import attrs

from gloact_model.codec._generated import (
    MEMO_MOST,
    SHARED_TIMES,
    UnsupportedError,
    is_record,
    is_value_record,
    optional,
    records_in,
)
from gloact_model.codec._strict import VOCABULARIES, is_tuple_of, unstructure_decimal
from gloact_model.model import Country, PartialDate
from gloact_model.model.building import exec_generated
from gloact_model.model.wording import clock

__all__ = ["ShallowWriter", "fast_unstructurer", "shallow_writer"]


@functools.lru_cache(maxsize=SHARED_TIMES)
def _shared_clock(value: time) -> str:
    """`clock` of a local time, kept for the times written most recently."""
    return clock(value)


class _FastOut:
    """Writes the fast unstructuring functions of a record class and the records it holds.

    A `shallow` function leaves the records inside a record as they are, and
    tuples and enum members too, for a JSON writer that calls back for each
    record (orjson's ``default``) and writes tuples and enum members itself: the
    data of one record at a time then exists, never the whole document's.
    """

    def __init__(self, *, shallow: bool = False) -> None:
        self.namespace: dict[str, Any] = {
            "_decimal": unstructure_decimal,
            "_clock": clock,
            "_shared_clock": _shared_clock,
            "_time": time,
            "_MEMO_MOST": MEMO_MOST,
        }
        self.functions: dict[type, str] = {}
        self.shallow = shallow
        self.memos: list[dict[int, Any]] = []

    def record(self, cls: type) -> str:
        """The name of the function that unstructures `cls`, written on first use."""
        name = self.functions.get(cls)
        if name is not None:
            return name
        if not is_record(cls):
            raise UnsupportedError(f"the fast path does not write {cls!r}")
        name = self.functions[cls] = f"unstructure_{len(self.functions)}_{cls.__name__}"
        hints = typing.get_type_hints(cls)
        lines = [f"def {name}(o):", "    res = {}"]
        for index, field in enumerate(attrs.fields(cls)):
            is_optional, tp = optional(hints[field.name])
            value = self._value("v", tp)
            default = field.default
            lines.append(f"    v = o.{field.name}")
            if default is attrs.NOTHING:
                if is_optional:
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
            if is_optional and default is not None:  # pragma: no cover - not in the model
                value = f"None if v is None else {value}"
            lines += [f"    if {test}:", f"        res[{field.name!r}] = {value}"]
        lines.append("    return res")
        kind = "shallow writer" if self.shallow else "writer"
        exec_generated(lines, self.namespace, f"{kind} for {cls.__name__}")
        return name

    def _value(self, var: str, tp: Any) -> str:
        """An expression for the plain value of `var`, of type `tp`."""
        if tp is str or tp is int or tp is bool:
            return var
        if self.shallow and (tp in VOCABULARIES or (is_record(tp) and not is_value_record(tp))):
            return var
        if self.shallow and is_value_record(tp):
            return f"{self._once(tp)}({var})"
        if self.shallow and is_tuple_of(tp):
            element = typing.get_args(tp)[0]
            if is_value_record(element):
                return f"list(map({self._once(element)}, {var}))"
            if element is str or element in VOCABULARIES or is_record(element):
                return var
        if tp in VOCABULARIES:
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
        if is_tuple_of(tp):
            element = typing.get_args(tp)[0]
            if element is str:
                return f"list({var})"
            if attrs.has(element) and element not in (PartialDate, Country):
                return f"list(map({self.record(element)}, {var}))"
            return f"[{self._value('x', element)} for x in {var}]"
        if attrs.has(tp):
            return f"{self.record(tp)}({var})"
        raise UnsupportedError(f"the fast path does not write {tp!r}")

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
            exec_generated(lines, self.namespace, f"sharing writer for {cls.__name__}")
        return once


class ShallowWriter(typing.NamedTuple):
    """What a JSON writer that calls back for each record needs (see `shallow_writer`)."""

    write: Callable[[object], dict[str, Any]]
    """The data of one record, with the records it holds left in it for the writer."""
    forget: Callable[[], None]
    """Forgets what `write` kept while writing one document: call it after each."""


def _make_shallow_writer(cls: Any) -> ShallowWriter | None:
    """For a JSON writer that calls back for each record: a function that gives its data.

    The data of one record, with the records it holds left in it as they are
    (and tuples, and enum members), for the writer to call back for; it raises
    `TypeError` for an object that is no record of `cls` or held by one. Small
    value records are written in place, each object's data made once until
    `ShallowWriter.forget` is called. None where the fast path has no function
    for `cls`.
    """
    if not is_record(cls):
        return None
    code = _FastOut(shallow=True)
    try:
        for record in records_in(cls):
            code.record(record)
    except UnsupportedError:  # a class or a field type that only the converter writes
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

    return ShallowWriter(write, forget)


shallow_writer: Callable[[Any], ShallowWriter | None] = functools.cache(_make_shallow_writer)
"""The `ShallowWriter` of a record class, made once; None where the fast path has none."""


def _make_fast_unstructurer(cls: Any) -> Callable[[Any], dict[str, Any]] | None:
    """The fast path's function that writes records of `cls`, or None where it has none."""
    if not is_record(cls):
        return None
    code = _FastOut()
    try:
        name = code.record(cls)
    except UnsupportedError:  # a class or a field type that only the converter writes
        return None
    unstructure: Callable[[Any], dict[str, Any]] = code.namespace[name]
    return unstructure


fast_unstructurer: Callable[[Any], Callable[[Any], dict[str, Any]] | None] = functools.cache(
    _make_fast_unstructurer
)
"""The fast path's function that writes records of a class, made once; None where it has none."""
