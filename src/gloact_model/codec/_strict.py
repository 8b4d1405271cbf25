"""The strict cattrs hooks: one converter for the exchange format, made by `make_converter`.

Each kind of value has a hook that accepts exactly what the format allows and
nothing coerced; records are read by cattrs' generated functions, and a record
whose fields fail is still checked against its own rules on the fields that
could be read, so that every problem is reported at once. Every problem, up to
a `Budget`: once a reading has found more than it will list, the hooks stop
working on the rest of the data.
"""

from __future__ import annotations

import contextlib
import contextvars
import difflib
import enum
import functools
import re
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import time
from decimal import Decimal, InvalidOperation
from typing import Any

import attrs
import cattrs
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn

from gloact_model.codec._paths import BadValueError, StoppedError, describe
from gloact_model.errors import InvariantError
from gloact_model.model import Country, PartialDate, Period, vocabulary
from gloact_model.model.codes import AMOUNT_MAX_LENGTH, AMOUNT_RANGE
from gloact_model.model.wording import clock

__all__ = [
    "DECIMAL_RE",
    "TIME_RE",
    "VOCABULARIES",
    "Budget",
    "budget",
    "configure_converter",
    "default_converter",
    "is_tuple_of",
    "make_converter",
    "structure_decimal",
    "structure_period_text",
    "structure_time",
    "unstructure_decimal",
]

DECIMAL_RE = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?")
"""An amount as the format writes it: a decimal string, without exponent or plus sign."""
TIME_RE = re.compile(r"(?P<h>[01][0-9]|2[0-3]):(?P<m>[0-5][0-9])(?::(?P<s>[0-5][0-9]))?")
"""A local time as the format writes it: ``HH:MM``, or ``HH:MM:SS``."""

VOCABULARIES: tuple[type[enum.Enum], ...] = tuple(
    getattr(vocabulary, name) for name in vocabulary.__all__
)
"""Every vocabulary of the model, each written as its members' lowercase values."""


# The budget of problems: how many a structuring may find before it stops working.


@attrs.define(kw_only=True)
class Budget:
    """The problems that one structuring has found, against the most that it will list.

    The hooks of a converter are made once and shared, so the budget of the
    structuring under way reaches them through a context variable (`budget`).
    Each problem is counted once, by the hook that catches the error of a value
    it holds: a leaf error counts its problems; an error of a record or list
    holds only errors that were counted below it.
    """

    most: int
    """The most problems that will be listed; finding one more is enough to stop."""
    found: int = 0

    @property
    def spent(self) -> bool:
        """Whether more problems were found than will be listed: the rest is not worth the work."""
        return self.found > self.most

    def count(self, errors: Iterable[BaseException]) -> None:
        """Count the problems of errors just caught from the values of a record or list."""
        for error in errors:
            if isinstance(error, ClassValidationError | IterableValidationError | StoppedError):
                continue  # counted where its own errors were caught, or none at all
            if isinstance(error, ForbiddenExtraKeysError):
                self.found += len(error.extra_fields)
            elif isinstance(error, InvariantError):
                self.found += len(error.problems)
            else:
                self.found += 1


_BUDGET: contextvars.ContextVar[Budget | None] = contextvars.ContextVar(
    "gloact_model_budget", default=None
)


@contextlib.contextmanager
def budget(most: int | None) -> Iterator[Budget | None]:
    """Structure within a budget of `most` problems (None: no limit) for the duration."""
    spending = None if most is None else Budget(most=most)
    token = _BUDGET.set(spending)
    try:
        yield spending
    finally:
        _BUDGET.reset(token)


def _stop_if_spent() -> Budget | None:
    """The budget under way; raise `StoppedError` if it is spent, so that no work is done."""
    spending = _BUDGET.get()
    if spending is not None and spending.spent:
        raise StoppedError
    return spending


# Structuring hooks: one per kind of value, each strict about what it accepts.


def _structure_str(value: object, _: object) -> str:
    if not isinstance(value, str):
        raise BadValueError("type", f"expected text, got {describe(value)}")
    return value


def _structure_int(value: object, _: object) -> int:
    if type(value) is not int:
        raise BadValueError("type", f"expected a whole number, got {describe(value)}")
    return value


def _structure_partial_date(value: object, _: object) -> PartialDate:
    if not isinstance(value, str):
        hint = " (in YAML, put a year in quotes: '2018')" if type(value) is int else ""
        raise BadValueError(
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
        raise BadValueError("date", reasons) from None


def structure_period_text(value: str) -> Period:
    """A period from its shorthand in a file: ``2018-10-23``, ``2015/2019``, ``2014/..``."""
    try:
        return Period.parse(value)
    except InvariantError as exc:
        reasons = "; ".join(f"{p.path} {p.message}" if p.path else p.message for p in exc.problems)
        if exc.rule == "period-syntax":
            raise BadValueError("period", reasons) from None
        # A rule of the period (an end before its start), by its code, as in a mapping.
        raise BadValueError(exc.rule, f"{value!r} is not a valid period: {reasons}") from None


def _period_hook(converter: cattrs.Converter) -> Callable[[object, object], Period]:
    """A period as a mapping (``start``, ``end``), as written, or as its text shorthand."""
    mapping = _record_hook(Period, converter)

    def structure(value: object, _: object) -> Period:
        if isinstance(value, str):
            return structure_period_text(value)
        if not isinstance(value, Mapping):
            hint = " (in YAML, put a year in quotes: '2018')" if type(value) is int else ""
            raise BadValueError(
                "type",
                "expected a period as a mapping with start and end, or as text such as "
                f"'2015/2019', '2014/..' or '2018-10-23', got {describe(value)}{hint}",
            )
        period: Period = mapping(value, Period)
        return period

    return structure


def _structure_country(value: object, _: object) -> Country:
    if not isinstance(value, str):
        raise BadValueError(
            "type",
            f"expected an ISO 3166-1 alpha-2 country code such as 'EG', got {describe(value)}",
        )
    try:
        return Country(value)
    except InvariantError as exc:
        raise BadValueError("country", exc.problems[0].message) from None


def structure_decimal(value: object, _: object) -> Decimal:
    """An amount from its data: a decimal string or a whole number, never a float."""
    if type(value) is int:
        return Decimal(value)
    if isinstance(value, str) and len(value) > AMOUNT_MAX_LENGTH:
        # Refused before any work on it: no amount that Money holds is this long,
        # and reading a hundred thousand trailing zeros only to drop them is waste.
        raise BadValueError(
            "amount",
            f"an amount written in {len(value):,} characters is too long: an amount has "
            f"{AMOUNT_RANGE}, written in at most {AMOUNT_MAX_LENGTH} characters",
        )
    if isinstance(value, str) and DECIMAL_RE.fullmatch(value):
        try:
            return Decimal(value)
        except InvalidOperation:  # pragma: no cover - the pattern admits only decimals
            pass
    hint = "; write it in quotes so that no digit is lost" if isinstance(value, float) else ""
    raise BadValueError(
        "amount",
        f"expected an amount as a decimal string such as '11000000' or '2500.50', got "
        f"{describe(value)}{hint}",
    )


def structure_time(value: object, _: object) -> time:
    """A local time from its data, ``HH:MM`` or ``HH:MM:SS``."""
    match = TIME_RE.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        raise BadValueError(
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
        raise BadValueError("enum", f"expected one of {allowed}; got {describe(value)}{hint}")

    return structure


def is_tuple_of(tp: object) -> bool:
    """Whether `tp` is ``tuple[X, ...]``, the type of every collection in the model."""
    args = typing.get_args(tp)
    return typing.get_origin(tp) is tuple and len(args) == 2 and args[1] is Ellipsis


def _tuple_hook(
    tp: Any, converter: cattrs.Converter
) -> Callable[[object, object], tuple[Any, ...]]:
    element = typing.get_args(tp)[0]
    handler = converter.get_structure_hook(element)

    def structure(value: object, _: object) -> tuple[Any, ...]:
        spending = _stop_if_spent()
        if not isinstance(value, list | tuple):
            raise BadValueError("type", f"expected a list, got {describe(value)}")
        items: list[Any] = []
        errors: list[Exception] = []
        for index, item in enumerate(value):
            try:
                items.append(handler(item, element))
            except Exception as exc:
                exc.add_note(IterableValidationNote(f"@ index {index}", index, element))
                errors.append(exc)
                if spending is not None:
                    spending.count((exc,))
                    if spending.spent:
                        break  # the rest of a list wrong in every item costs nothing
        if errors:
            raise IterableValidationError(f"While structuring {tp!r}", errors, tp)
        return tuple(items)

    return structure


def _record_hook(cls: type, converter: cattrs.Converter) -> Callable[[object, object], Any]:
    generated: Callable[[Mapping[str, Any], Any], Any] = make_dict_structure_fn(cls, converter)

    def structure(value: object, _: object) -> Any:
        spending = _stop_if_spent()
        if not isinstance(value, Mapping):
            raise BadValueError(
                "type", f"expected a mapping of keys to values, got {describe(value)}"
            )
        try:
            return generated(value, cls)
        except ClassValidationError as exc:
            if spending is not None:
                spending.count(exc.exceptions)
                if spending.spent:
                    raise
            more = _rules_of_the_rest(cls, generated, value, exc)
            if not more:
                raise
            if spending is not None:
                spending.count(more)
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


def unstructure_decimal(value: Decimal) -> str:
    """An amount as the format writes it: its digits in full, never in exponent form."""
    return format(value, "f")


def configure_converter(converter: cattrs.Converter) -> None:
    """Register the hooks of the gloact exchange format on `converter`.

    The converter must have been made with ``forbid_extra_keys=True`` and
    ``detailed_validation=True``; `make_converter` does both.
    """
    converter.register_structure_hook(str, _structure_str)
    converter.register_structure_hook(int, _structure_int)
    converter.register_structure_hook(Decimal, structure_decimal)
    converter.register_structure_hook(time, structure_time)
    converter.register_structure_hook(PartialDate, _structure_partial_date)
    converter.register_structure_hook(Country, _structure_country)
    # Each vocabulary is registered by its own class: a StrEnum is also a str,
    # and class dispatch would otherwise read it with the plain-text hook.
    for enum_class in VOCABULARIES:
        converter.register_structure_hook(enum_class, _enum_hook(enum_class))
        converter.register_unstructure_hook(enum_class, _enum_value)
    converter.register_structure_hook_factory(is_tuple_of, _tuple_hook)
    converter.register_structure_hook_factory(attrs.has, _record_hook)
    converter.register_structure_hook(Period, _period_hook(converter))

    converter.register_unstructure_hook(Decimal, unstructure_decimal)
    converter.register_unstructure_hook(time, clock)
    converter.register_unstructure_hook(PartialDate, str)
    converter.register_unstructure_hook(Country, str)
    converter.register_unstructure_hook_factory(
        is_tuple_of,
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
def default_converter() -> cattrs.Converter:
    """The converter that `to_dict` and `from_dict` use when given none.

    Built once and never changed afterwards; callers who need other hooks make
    their own with `make_converter`.
    """
    return make_converter()
