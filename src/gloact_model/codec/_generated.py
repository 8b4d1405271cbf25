"""What the generated reading and writing paths handle, shared by both.

The fast paths generate code for the record classes of the model only, and for
the field types that the model uses. For anything else a generator raises
`UnsupportedError`, and the caller keeps to the converter; any other exception from a
generator is a bug, and is let through.
"""

from __future__ import annotations

import types
import typing
from datetime import time
from decimal import Decimal
from typing import Any

import attrs

from gloact_model.codec._strict import VOCABULARIES, is_tuple_of
from gloact_model.model import Country, PartialDate

__all__ = [
    "MEMO_MOST",
    "RAW_TYPES",
    "SHARED_TIMES",
    "UnsupportedError",
    "is_record",
    "is_value_record",
    "optional",
    "records_in",
]


class UnsupportedError(Exception):
    """A class or a field type that the fast paths leave to the converter."""


MEMO_MOST = 100_000
"""How many of each kind of value record (periods, locations, ...) one document shares at most."""

SHARED_TIMES = 4096
"""How many local times the reader and the writer each keep, the most recently used."""

_NONE_OR_ABSENT = frozenset({type(None), object})
RAW_TYPES: dict[Any, frozenset[type]] = {
    tp: raw | _NONE_OR_ABSENT
    for tp, raw in {
        **dict.fromkeys((str, PartialDate, time, Country, *VOCABULARIES), frozenset({str})),
        int: frozenset({int}),
        bool: frozenset({bool}),
        Decimal: frozenset({int, str}),
    }.items()
}
"""For each type of plain value, the types that its data may have when it is shared."""


def is_record(tp: Any) -> bool:
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


def is_value_record(cls: Any) -> bool:
    """Whether `cls` is a small value record: no id, and only plain values in its fields.

    A period, a location, an organisation's role at an event, an amount of
    money: equal ones are interchangeable, so a reader may share them, and a
    writer writes them in place rather than calling back for each.
    """
    if not is_record(cls):
        return False
    hints = typing.get_type_hints(cls)
    fields = attrs.fields(cls)
    return all(f.name != "id" and optional(hints[f.name])[1] in RAW_TYPES for f in fields)


def optional(tp: Any) -> tuple[bool, Any]:
    """Whether `tp` is ``X | None``, and X (or `tp` itself)."""
    if typing.get_origin(tp) in (types.UnionType, typing.Union):
        members = [m for m in typing.get_args(tp) if m is not type(None)]
        if len(members) == 1 and len(typing.get_args(tp)) == 2:
            return True, members[0]
        raise UnsupportedError(f"the fast paths do not handle {tp!r}")
    return False, tp


def records_in(cls: Any, found: dict[type, None] | None = None) -> list[type]:
    """`cls` and every record class that its records may hold, each once."""
    found = {} if found is None else found
    _, tp = optional(cls)
    if is_tuple_of(tp):
        records_in(typing.get_args(tp)[0], found)
    elif is_record(tp) and tp not in found:
        found[tp] = None
        hints = typing.get_type_hints(tp)
        for field in attrs.fields(tp):
            records_in(hints[field.name], found)
    return list(found)
