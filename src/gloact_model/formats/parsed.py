"""What a reader gives: a document's plain data, what it refused, and where each value is.

Both readers return a `Parsed`; `Positions` finds a value's line and column by
the path that a problem or an issue names, and is exported by
`gloact_model.formats`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from typing import NamedTuple

from gloact_model.codec import join_key
from gloact_model.errors import Problem

__all__ = ["Node", "Parsed", "Place", "Positions", "path_of", "path_parts"]


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
    stopped: bool = False
    """The reader stopped listing refusals at ``Limits.max_problems``: there are more.

    `refused` then holds at most ``max_problems`` problems, the first in the
    text, and the reader did no work for the rest.
    """
