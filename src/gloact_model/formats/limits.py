"""How much a document may hold, and the messages that name the limit it went beyond.

`Limits` is exported by `gloact_model.formats`; the readers apply it while they
read, so a hostile document is refused before it costs much.
"""

from __future__ import annotations

import math
import re
import sys

import attrs

__all__ = [
    "DEFAULT_LIMITS",
    "Limits",
    "beyond",
    "more_problems",
    "number_problem",
    "too_deep",
    "too_long",
    "too_many_values",
]


def _positive(instance: Limits, attribute: attrs.Attribute[int], value: int) -> None:
    if type(value) is not int:
        raise TypeError(f"Limits.{attribute.name} must be a whole number, not {value!r}")
    if value < 1:
        raise ValueError(f"Limits.{attribute.name} must be at least 1, not {value!r}")
    if value > sys.maxsize:
        # Beyond this, sizes no longer fit a machine word: reading would fail on them
        # with an OverflowError, far from where the limit was set.
        raise ValueError(
            f"Limits.{attribute.name} must be at most {sys.maxsize:,} (sys.maxsize), not {value:,}"
        )


@attrs.frozen(kw_only=True)
class Limits:
    """How much a document may hold before it is refused.

    A document beyond a limit is refused with a problem that names the limit,
    before it costs much time or memory. The defaults are far above what real
    catalogues need and far below what would exhaust a laptop; pass other limits
    to `loads` or `load` to read a bigger file, or to guard a service harder.
    """

    max_bytes: int = attrs.field(default=100_000_000, validator=_positive)
    """The size of the document in bytes of UTF-8; a file's size is checked before it is read."""
    max_depth: int = attrs.field(default=64, validator=_positive)
    """How deeply lists and mappings may nest; the format needs about ten levels."""
    max_records: int = attrs.field(default=1_000_000, validator=_positive)
    """Items of the document's top-level lists (a catalogue's collections) and events' sessions."""
    max_text: int = attrs.field(default=1_000_000, validator=_positive)
    """The length of the longest text, value or key, in characters."""
    max_values: int = attrs.field(default=5_000_000, validator=_positive)
    """Values in the document: every list item, mapping key and mapping value.

    Bounds what a document of many tiny values costs (each is a Python object);
    a catalogue of 10,000 events with four sessions each holds about a million.
    """
    max_problems: int = attrs.field(default=200, validator=_positive)
    """Problems listed before reading stops, with one last problem that says there are more.

    A person fixes a file a few problems at a time; a document that is wrong in
    every value would otherwise cost time and memory for each of its millions.
    """


def too_many_values(count: int, limits: Limits, *, at_least: bool = False) -> str:
    """The message for a document of more than ``limits.max_values`` values."""
    what = "the document holds at least" if at_least else "the document holds"
    return beyond("max_values", what, count, "values", limits.max_values)


DEFAULT_LIMITS = Limits()


def beyond(limit: str, what: str, value: int, unit: str, maximum: int) -> str:
    """A message that names the limit a document went beyond, so that it can be raised."""
    return f"{what} {value:,} {unit}, more than the limit of {maximum:,} (Limits.{limit})"


def more_problems(limits: Limits, *, certain: bool = True) -> str:
    """The message of the last problem listed, when reading stopped at ``limits.max_problems``.

    With `certain` false, reading stopped at the limit before it could tell
    whether the rest of the document holds more.
    """
    there = "there are more" if certain else "there may be more"
    problems = "problem" if limits.max_problems == 1 else "problems"
    return (
        f"reading stopped after {limits.max_problems:,} {problems} (Limits.max_problems); {there}"
    )


def too_deep(depth: int, limits: Limits) -> str:
    """The message for a value nested `depth` levels deep."""
    return beyond("max_depth", "is nested", depth, "levels deep", limits.max_depth)


def too_long(length: int, limits: Limits, *, key: bool = False) -> str:
    """The message for a text (or a key) of `length` characters."""
    what = "holds a key" if key else "the text is"
    return beyond("max_text", what, length, "characters long", limits.max_text)


def number_problem(token: str) -> tuple[str, str] | None:
    """Why a number as written cannot be read (its code and message), or None if it can."""
    if len(token) <= 300 and _PLAIN.fullmatch(token):
        # At most 300 digits and no exponent (nor "inf"): below 1e300, so no float
        # overflows and every integer is read. Most numbers end here, as cheaply as can be.
        return None
    if _WHOLE.fullmatch(token):
        try:
            int(token)
        except ValueError:
            # Python reads no integer of more than 4,300 digits (sys.get_int_max_str_digits).
            digits = len(token.lstrip("+-"))
            return "too-large", f"a number of {digits:,} digits is too long to be read"
        return None
    try:
        value = float(token)
    except ValueError:
        return None  # not a number at all: for the parser to say
    if math.isinf(value):
        shown = token if len(token) <= 40 else f"{token[:20]}...{token[-10:]}"
        return "too-large", f"the number {shown} is too large to be read"
    return None


_WHOLE = re.compile(r"[-+]?[0-9]+")
_PLAIN = re.compile(r"[-+0-9._]*")
