"""What the YAML and JSON readers share: limits, positions, and what a reader returns.

The public names, `Limits` and `Positions`, are exported by `gloact_model.formats`.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterator
from typing import NamedTuple

import attrs

from gloact_model.codec import join_key
from gloact_model.errors import Problem

__all__ = [
    "DEFAULT_LIMITS",
    "Limits",
    "Node",
    "Parsed",
    "Place",
    "Positions",
    "beyond",
    "number_problem",
    "path_of",
    "path_parts",
    "too_deep",
    "too_long",
    "too_many_values",
]


def _positive(instance: Limits, attribute: attrs.Attribute[int], value: int) -> None:
    if type(value) is not int:
        raise TypeError(f"Limits.{attribute.name} must be a whole number, not {value!r}")
    if value < 1:
        raise ValueError(f"Limits.{attribute.name} must be at least 1, not {value!r}")


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


def too_many_values(count: int, limits: Limits, *, at_least: bool = False) -> str:
    """The message for a document of more than ``limits.max_values`` values."""
    what = "the document holds at least" if at_least else "the document holds"
    return beyond("max_values", what, count, "values", limits.max_values)


DEFAULT_LIMITS = Limits()


def beyond(limit: str, what: str, value: int, unit: str, maximum: int) -> str:
    """A message that names the limit a document went beyond, so that it can be raised."""
    return f"{what} {value:,} {unit}, more than the limit of {maximum:,} (Limits.{limit})"


def too_deep(depth: int, limits: Limits) -> str:
    """The message for a value nested `depth` levels deep."""
    return beyond("max_depth", "is nested", depth, "levels deep", limits.max_depth)


def too_long(length: int, limits: Limits, *, key: bool = False) -> str:
    """The message for a text (or a key) of `length` characters."""
    what = "holds a key" if key else "the text is"
    return beyond("max_text", what, length, "characters long", limits.max_text)


def number_problem(token: str) -> tuple[str, str] | None:
    """Why a number as written cannot be read (its code and message), or None if it can."""
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


Place = int | tuple[int, int]
"""Where a value starts: an offset into the text, or its 1-based line and column."""


class Node:
    """A list or mapping of a document, kept to find places by path.

    Other values are kept only as their places. A mapping keeps the place of
    each key beside its value, and only the first of a repeated key, which is the
    one that is read.
    """

    __slots__ = ("items", "keys", "place")

    def __init__(self, place: Place, *, mapping: bool) -> None:
        self.place = place
        self.items: list[Node | Place] = []
        self.keys: dict[str, tuple[Place, Node | Place]] | None = {} if mapping else None

    def child(self, part: str | int, *, at_key: bool = False) -> Node | Place | None:
        """The value (or, with `at_key`, the key's place) at one step of a path."""
        if self.keys is None:
            return self.items[part] if isinstance(part, int) and part < len(self.items) else None
        entry = self.keys.get(part) if isinstance(part, str) else None
        if entry is None:
            return None
        return entry[0] if at_key else entry[1]


class Positions:
    """The places of the values of one document in its text, found by path.

    Made by `gloact_model.formats.positions`. Paths are those of problems and
    issues: ``events[0].sessions[1].period``, ``organisations[0]["odd key"]``.
    """

    def __init__(
        self, root: Node | Place | None, line_and_column: Callable[[Place], tuple[int, int]]
    ) -> None:
        self._root = root
        self._line_and_column = line_and_column

    def find(self, path: str, *, key: bool = False) -> tuple[int, int] | None:
        """The 1-based line and column of the value at `path` (of its key, with `key`).

        A path that leads nowhere gives the place of the deepest value on the way
        (for a missing key, the mapping that should hold it); None only for a
        document with no value at all.
        """
        node = self._root
        if node is None:
            return None
        parts = list(path_parts(path))
        for depth, part in enumerate(parts, start=1):
            if not isinstance(node, Node):
                break
            child = node.child(part, at_key=key and depth == len(parts))
            if child is None:
                break
            node = child
        return self._line_and_column(node.place if isinstance(node, Node) else node)


_PATH_PART = re.compile(r'\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]|\.?([^.\[]+)')


def path_parts(path: str) -> Iterator[str | int]:
    """The keys and indexes of a path, as `gloact_model.codec.join_key` writes them."""
    for match in _PATH_PART.finditer(path):
        index, quoted, key = match.groups()
        if index is not None:
            yield int(index)
        elif quoted is not None:
            try:
                yield str(json.loads(quoted))
            except ValueError:
                return
        else:
            yield key


def path_of(parts: tuple[str | int, ...]) -> str:
    """The document path of these keys and indexes: the inverse of `path_parts`."""
    path = ""
    for part in parts:
        path = f"{path}[{part}]" if isinstance(part, int) else join_key(path, part)
    return path


class Parsed(NamedTuple):
    """A document read as plain data, with what the format refused in it."""

    data: object
    refused: list[Problem]
    positions: Callable[[], Positions]
    """Gives the document's positions: found only when a problem needs them."""
    nulled: frozenset[str] = frozenset()
    """Paths of refused values that the data holds as null, which the codec need not judge."""
