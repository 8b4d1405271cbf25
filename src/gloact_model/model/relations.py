"""Which fields of a record refer to other records: declared once, on the field.

A field that holds the id of another record says so in its attrs metadata,

    parent_id: str | None = attrs.field(default=None, metadata=refers_to("organisations"))

and every layer reads that declaration instead of keeping its own list: the
rules find dangling and wrong-kind references with `references_in`, the JSON
Schema gives the field the shape of an id, and the tests fail for a field named
like a reference (``..._id``, ``..._ids``) that does not declare one. Adding a
reference to the model is therefore a change to one class.

The target is named by the catalogue collection it points into
(``"organisations"``, ``"events"``), not by the class, because a record may
refer to records of its own class (an event's parent is an event) before that
class exists.
"""

from __future__ import annotations

import enum
import typing
from collections.abc import Iterator, Mapping
from typing import Any, Final, NamedTuple

import attrs

__all__ = [
    "REFERS_TO",
    "Reference",
    "ReferenceField",
    "reference_fields",
    "references_in",
    "refers_to",
]

REFERS_TO: Final = "gloact_model.refers_to"
"""The attrs metadata key under which a reference field names its target collection."""


def refers_to(collection: str) -> Mapping[str, str]:
    """Field metadata: the field holds the id (or a tuple of ids) of records in `collection`."""
    return {REFERS_TO: collection}


class Reference(NamedTuple):
    """One reference found in a record: where it is written, where it points, and the id.

    ``Reference("events[0].sessions[1].speaker_ids[0]", "people", "piecyk")``
    says that the first speaker of that session should be the person ``piecyk``.
    It is a tuple, so ``for path, collection, record_id in ...`` reads it too.
    """

    path: str
    collection: str
    id: str


class _Step(enum.Enum):
    ONE = "one"  # an id, or None
    MANY = "many"  # a tuple of ids
    RECORD = "record"  # a nested record that holds references, or None
    RECORDS = "records"  # a tuple of such records


@attrs.frozen(kw_only=True)
class ReferenceField:
    """A field of a record class that refers to other records, as its declaration says."""

    owner: type
    """The class that declares the field."""
    name: str
    collection: str
    """The catalogue collection that the ids name, such as ``"organisations"``."""
    many: bool
    """Whether the field holds a tuple of ids rather than one id (or None)."""


def reference_fields(cls: type) -> tuple[ReferenceField, ...]:
    """The reference fields that `cls` declares itself, in the order of its fields."""
    return tuple(
        ReferenceField(
            owner=cls,
            name=name,
            collection=target,
            many=step is _Step.MANY,
        )
        for name, step, target in _plan(cls)
        if step in (_Step.ONE, _Step.MANY)
    )


def references_in(obj: object, path: str = "") -> Iterator[Reference]:
    """Every reference in a record (or a catalogue) and in the records nested in it.

    Paths start from `path`, and are written as documents and validation
    reports write them: ``programmes[0].funders[1].organisation_id``. The order
    is that of the fields, depth first, so it is stable from run to run.
    """
    for name, step, target in _plan(type(obj)):
        value = getattr(obj, name)
        here = f"{path}.{name}" if path else name
        if value is None:
            continue
        if step is _Step.ONE:
            yield Reference(here, target, value)
        elif step is _Step.MANY:
            for index, record_id in enumerate(value):
                yield Reference(f"{here}[{index}]", target, record_id)
        elif step is _Step.RECORD:
            yield from references_in(value, here)
        else:
            for index, record in enumerate(value):
                yield from references_in(record, f"{here}[{index}]")


_Plan = tuple[tuple[str, _Step, str], ...]
_PLANS: dict[type, _Plan] = {}


def _plan(cls: type) -> _Plan:
    """What to read of each field of `cls` to find its references, worked out once per class.

    Fields that hold neither a reference nor a record that (at any depth)
    holds one are left out, so a walk never visits dates, money or countries.
    """
    plan = _PLANS.get(cls)
    if plan is None:
        plan = _PLANS[cls] = _make_plan(cls) if attrs.has(cls) else ()
    return plan


def _make_plan(cls: type) -> _Plan:
    hints = typing.get_type_hints(cls)
    plan: list[tuple[str, _Step, str]] = []
    for field in attrs.fields(cls):
        tp = _without_none(hints[field.name])
        many = typing.get_origin(tp) is tuple
        item = typing.get_args(tp)[0] if many else tp
        target = field.metadata.get(REFERS_TO)
        if target is not None:
            if item is not str:
                raise TypeError(
                    f"{cls.__name__}.{field.name} refers to {target} but holds {tp!r}, "
                    "not an id or a tuple of ids"
                )
            plan.append((field.name, _Step.MANY if many else _Step.ONE, target))
        elif isinstance(item, type) and _plan(item):
            plan.append((field.name, _Step.RECORDS if many else _Step.RECORD, ""))
    return tuple(plan)


def _without_none(tp: Any) -> Any:
    """``X`` for ``X | None``; any other type as it is."""
    args = typing.get_args(tp)
    if type(None) in args:
        (inner,) = (arg for arg in args if arg is not type(None))
        return inner
    return tp
