"""Reading JSON text: the standard library's parser, and a scanner for when it is not enough.

A good document is read at C speed: the parser's hooks only note that something
needs a closer look (a repeated key, ``NaN``, a number too large to read), and
one cheap pass over the result checks the limits. Only then is the text scanned
again, to say what is wrong and where, and to find the line and column of each
problem; a good document never pays for that.

Where orjson is installed, `parse_json_quickly` reads a plainly good document
faster still, and says nothing of a bad one: that is read again with
`parse_json`.
"""

from __future__ import annotations

import bisect
import json
import re
from array import array
from typing import Any, Literal, NamedTuple

from gloact_model.errors import LoadError, Problem
from gloact_model.formats.limits import (
    Limits,
    number_problem,
    too_deep,
    too_long,
    too_many_values,
)
from gloact_model.formats.parsed import Node, Parsed, Place, Positions, path_of

try:
    import orjson as _orjson
except ImportError:  # pragma: no cover - the fast extra is not installed
    HAVE_ORJSON = False
else:
    HAVE_ORJSON = True

__all__ = ["HAVE_ORJSON", "parse_json", "parse_json_quickly", "scan_json"]


def parse_json(text: str, source: str, limits: Limits) -> Parsed:
    """The plain data of a JSON document, and what the format refuses in it.

    Syntax errors, empty documents and nesting beyond the depth limit raise
    `LoadError` at once; the other refusals are returned, with the refused values
    taken out of the data, so that they are reported together with the problems
    the codec finds in the rest.
    """
    hooks = _Hooks()
    data: object = None
    try:
        data = json.loads(
            text,
            object_pairs_hook=hooks.mapping,
            parse_constant=hooks.constant,
            parse_int=hooks.integer,
            parse_float=hooks.decimal,
        )
    except json.JSONDecodeError as exc:
        message = f"not valid JSON: {exc.msg}"
        problem = Problem(
            path="", code="syntax", message=message, line=exc.lineno, column=exc.colno
        )
        raise LoadError([problem], source=source) from None
    except RecursionError:
        # Nested beyond what the parser can follow: the scan says where the limit is
        # passed, and nothing else in the document can be read.
        scan = scan_json(text, limits)
        problems = scan.problems() if scan.too_deep else [_beyond_the_parser()]
        raise LoadError(problems, source=source) from None
    if _within_limits(data, text, limits, source) and not hooks.suspect:
        return Parsed(data, [], lambda: scan_json(text, limits).positions)
    scan = scan_json(text, limits)
    problems = scan.problems()
    if scan.too_deep:
        raise LoadError(problems, source=source)
    for refusal in scan.refusals:
        data = refusal.take_out(data)
    nulled = frozenset(path_of(r.parts) for r in scan.refusals if r.action == "null")
    return Parsed(data, problems, lambda: scan.positions, nulled)


def parse_json_quickly(document: bytes, limits: Limits, *, nesting: int) -> object:
    """The data of a JSON document (its UTF-8) that is plainly good, read by orjson; else None.

    For a reader that accepts only documents whose lists and mappings nest at
    most `nesting` levels deep (counted as `_measure` does), as the codec's fast
    path does, and that refuses the rest: the depth of what it accepts need not
    be checked here. None, for the full reading by `parse_json`, when orjson is
    not installed, when it refuses the text, when the document may go beyond a
    limit, or when a key may appear twice in a mapping (orjson keeps the last of
    repeated keys without a word). Where orjson reads a document, it reads the
    same data as the standard library's parser, except that a whole number
    beyond 64 bits becomes a float; the codec accepts no float, so such a
    document is read again too.
    """
    if not HAVE_ORJSON or nesting > limits.max_depth:
        return None
    try:
        data = _orjson.loads(document)
    except ValueError:  # orjson.JSONDecodeError: not JSON, or not UTF-8
        return None
    if type(data) is not dict:
        return None  # not a document of the format: the full reading says what it is
    colons = document.count(b":")
    if len(document) > limits.max_values and _most_values(document, colons) > limits.max_values:
        return None
    if _may_unescape_colons(document):
        return None  # a key may be repeated
    try:
        written = _orjson.dumps(data)
    except TypeError:  # orjson.JSONEncodeError: older releases read deeper than they write
        return None
    if written.count(b":") != colons:
        return None  # a key may be repeated
    long_text = _may_hold_long_text(document, limits.max_text)
    if long_text and not _texts_within(data, limits.max_text):
        return None
    return data


# Repeated keys, found without a parser that reports them. Every key in a JSON
# text has one colon after it, and every other colon is inside a string: the
# text's colons are its keys and the colons in its strings. orjson writes the
# data back with one colon for each key it kept and the colons of its strings,
# never escaped. Had it dropped a repeated key, the data would have one key
# fewer, and its strings no more colons than the text's (a value left out holds
# some), unless a ``\u003a`` escape wrote one without a colon. So where no
# ``\u`` escape is, as many colons written back as read mean that no key was
# repeated.


def _most_values(document: bytes, colons: int) -> int:
    """How many values (as `_measure` counts them) a JSON text can hold at most.

    A key, a value after a key and an item of a list follow a colon, a comma or
    an opening bracket; colons and commas inside strings only add to the count.
    """
    return 2 * colons + document.count(b",") + document.count(b"[")


def _may_unescape_colons(document: bytes) -> bool:
    """Whether a JSON text may write a colon in a string as an escape (``\u003a``)."""
    at = document.find(b"\\")
    for _ in range(10_000):  # backslashes are few: each found at C speed
        if at < 0:
            return False
        if document[at + 1 : at + 2] == b"u":
            return True
        at = document.find(b"\\", at + 2)  # past the escaped character, a backslash too
    return document.find(b"\\u", at) >= 0


def _beyond_the_parser() -> Problem:
    # Only with a depth limit of hundreds of levels: the parser stops where Python's
    # recursion does.
    message = "is nested more deeply than the JSON parser can read (Limits.max_depth)"
    return Problem(path="", code="too-deep", message=message)


class _Hooks:
    """Hooks for `json.loads` that note, cheaply, what needs a closer look."""

    __slots__ = ("suspect",)

    def __init__(self) -> None:
        self.suspect = False

    def mapping(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result = dict(pairs)
        if len(result) != len(pairs):
            # A repeated key: keep the first value, as the YAML reader does.
            self.suspect = True
            result = {}
            for key, value in pairs:
                result.setdefault(key, value)
        return result

    def constant(self, name: str) -> None:
        self.suspect = True  # NaN, Infinity or -Infinity

    def integer(self, digits: str) -> int | None:
        try:
            return int(digits)
        except ValueError:
            self.suspect = True  # more digits than Python reads
            return None

    def decimal(self, digits: str) -> float | None:
        value = float(digits)
        if value in (float("inf"), float("-inf")):
            self.suspect = True
            return None
        return value


def _within_limits(data: object, text: str, limits: Limits, source: str) -> bool:
    """Whether parsed JSON is surely within the depth and text limits.

    False calls for the scan, which says exactly what is beyond them; it may be a
    false alarm (an empty list at the depth limit), which the scan settles. A
    document of more values than the limit is refused here, before records are
    built from them, which is what would cost the time.
    """
    try:
        values = _measure(data, 1, limits.max_depth) if isinstance(data, dict | list) else 0
    except RecursionError:  # a depth limit beyond what Python's stack allows
        return False
    if values > limits.max_values:
        message = too_many_values(values, limits)
        problem = Problem(path="", code="too-many-values", message=message, line=1, column=1)
        raise LoadError([problem], source=source)
    if values < 0:
        return False
    return not _may_hold_long_text(text, limits.max_text) or _texts_within(data, limits.max_text)


def _measure(container: dict[str, Any] | list[Any], depth: int, max_depth: int) -> int:
    """How many values `container` (at `depth`) holds; -1 if one nests beyond the limit.

    Only lists and mappings are descended into: a value beyond the limit lies in
    one of them at the limit or below it. Counting costs nothing more than the
    walk that the depth check needs.
    """
    if type(container) is dict:
        children: Any = container.values()
        count = 2 * len(container)
    else:
        children = container
        count = len(container)
    for child in children:
        kind = type(child)
        if kind is dict or kind is list:
            inner = -1 if depth >= max_depth else _measure(child, depth + 1, max_depth)
            if inner < 0:
                return -1
            count += inner
    return count


def _texts_within(value: object, max_text: int) -> bool:
    """Whether no text or key in `value` is longer than `max_text` characters."""
    stack = [value]
    while stack:
        value = stack.pop()
        if type(value) is str:
            if len(value) > max_text:
                return False
        elif type(value) is dict:
            if max(map(len, value), default=0) > max_text:
                return False
            stack.extend(value.values())
        elif type(value) is list:
            stack.extend(value)
    return True


def _may_hold_long_text(text: str | bytes, max_text: int) -> bool:
    """Whether a JSON text may hold a string longer than `max_text`, found at C speed.

    Such a string covers at least one whole window of ``max_text // 2`` characters
    (aligned to multiples of it) in which every ``"`` is escaped, as it must be
    inside a string. A window with a bare ``"``, as every window of a real
    document has within a few characters, is ruled out without a copy.
    """
    if len(text) <= max_text:
        return False
    width = max_text // 2
    if width < 1024:
        return True  # windows this small would cost more than measuring the strings
    return any(
        not _has_bare_quote(text, start, start + width)
        for start in range(width, len(text) - width + 1, width)
    )


def _has_bare_quote(text: str | bytes, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` holds a ``"`` with no backslash before it.

    Text or its UTF-8 bytes: no byte of a longer character is a quote or a backslash.
    """
    if isinstance(text, str):
        return _has_bare(text, start, end, '"', "\\")
    return _has_bare(text, start, end, b'"', b"\\")


def _has_bare(text: Any, start: int, end: int, quote: Any, backslash: Any) -> bool:
    at = text.find(quote, start, end)
    for _ in range(16):
        if at < 0:
            return False
        if text[at - 1 : at] != backslash:
            return True
        at = text.find(quote, at + 1, end)
    # A window thick with escaped quotes: count them all.
    return bool(text.count(quote, start, end) != text.count(backslash + quote, start - 1, end))


# The scanner ---------------------------------------------------------------


class _Refusal(NamedTuple):
    """Something the format refuses, where it is, and what to take out of the data for it."""

    code: str
    message: str
    parts: tuple[str | int, ...]
    """The path to the refused value; for a key, to its mapping."""
    offset: int
    action: Literal["keep", "null", "drop"] = "null"
    """Leave the data as it is, null the value, or drop the key."""
    key: str = ""

    def take_out(self, data: Any) -> Any:
        """The data without the refused value, so that no one reads it as it stands."""
        if self.action == "keep":
            return data
        if self.action == "null" and not self.parts:
            return None
        *path, last = self.parts if self.action == "null" else (*self.parts, self.key)
        try:
            container = data
            for part in path:
                container = container[part]
            if self.action == "drop":
                container.pop(last, None)  # the same long key may be refused twice
            else:
                container[last] = None
        except (LookupError, TypeError, AttributeError):
            pass  # the data holds no such value: the problem is reported all the same
        return data


class _Lines:
    """Lines and columns of offsets into a text, from an index made on first use."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._newlines: array[int] | None = None

    def __call__(self, place: Place) -> tuple[int, int]:
        assert isinstance(place, int)
        if self._newlines is None:
            self._newlines = array("q", (m.start() for m in re.finditer("\n", self._text)))
        line = bisect.bisect_left(self._newlines, place)
        start = self._newlines[line - 1] + 1 if line else 0
        return line + 1, place - start + 1


class Scan(NamedTuple):
    """What a scan of a JSON text found: the places of its values, and its refusals."""

    positions: Positions
    refusals: list[_Refusal]
    lines: _Lines

    @property
    def too_deep(self) -> bool:
        """Whether the scan stopped at a value nested beyond the depth limit."""
        return bool(self.refusals) and self.refusals[-1].code == "too-deep"

    def problems(self) -> list[Problem]:
        """The refusals as problems, each with its path, line and column."""
        problems = []
        for refusal in self.refusals:
            line, column = self.lines(refusal.offset)
            path = path_of(refusal.parts)
            problems.append(
                Problem(
                    path=path, code=refusal.code, message=refusal.message, line=line, column=column
                )
            )
        return problems


_TOKEN = re.compile(r'[{\[]|[}\]]|"[^"\\]*(?:\\.[^"\\]*)*"|[,:]|[^ \t\n\r{}\[\],:"]+')
_CONSTANTS = frozenset({"NaN", "Infinity", "-Infinity"})
_LITERALS = frozenset({"true", "false", "null"})


class _Frame:
    """A list or mapping that the scanner is in, and, in a mapping, the key it is at."""

    __slots__ = ("key", "key_offset", "node", "parts")

    def __init__(self, node: Node, parts: tuple[str | int, ...]) -> None:
        self.node = node
        self.parts = parts
        self.key: str | None = None
        self.key_offset = 0


def scan_json(text: str, limits: Limits) -> Scan:
    """The places of the values in a JSON text, and what the format refuses in it.

    A lenient scanner, for text that the parser has read already (or for finding
    what can be found in text that it could not). It follows the nesting without
    recursion, passes over what the parser ignores or the format refuses (the
    values of repeated keys, and refused lists and mappings), and stops at the
    first value nested beyond the depth limit.
    """
    refusals: list[_Refusal] = []
    root: Node | int | None = None
    stack: list[_Frame] = []
    passing = 0  # how deep the scanner is inside a value that it passes over
    for match in _TOKEN.finditer(text):
        token = match.group()
        first = token[0]
        if passing:
            passing += (first in "{[") - (first in "}]")
            continue
        if first in "}]":
            if stack:
                stack.pop()
            continue
        if first in ",:":
            continue
        offset = match.start()
        frame = stack[-1] if stack else None
        if frame is not None and frame.node.keys is not None and frame.key is None:
            frame.key = _string(token) if first == '"' else token
            frame.key_offset = offset
            continue
        # A value: the document itself, an item of a list, or the value of a key.
        key_refusal = None
        if frame is None:
            parts: tuple[str | int, ...] = ()
        elif frame.node.keys is None:
            parts = (*frame.parts, len(frame.node.items))
        else:
            parts, frame.key = (*frame.parts, frame.key or ""), None
            key_refusal = _key_refusal(frame, parts, limits)
        refusal = key_refusal or _refusal(token, parts, offset, limits)
        value = Node(offset, mapping=first == "{") if first in "{[" else offset
        if frame is None:
            root = value if root is None else root
        elif frame.node.keys is None:
            frame.node.items.append(value)
        elif key_refusal is None:
            frame.node.keys[str(parts[-1])] = (frame.key_offset, value)
        if refusal is not None:
            refusals.append(refusal)
            if refusal.code == "too-deep":
                break
            passing = int(first in "{[")
        elif isinstance(value, Node):
            stack.append(_Frame(value, parts))
    lines = _Lines(text)
    return Scan(Positions(root, lines), refusals, lines)


def _key_refusal(frame: _Frame, parts: tuple[str | int, ...], limits: Limits) -> _Refusal | None:
    """What the format refuses in the key of the value at `parts`."""
    key = str(parts[-1])
    if len(key) > limits.max_text:
        # Shown at its mapping: a path with the key in it would be as long.
        message = too_long(len(key), limits, key=True)
        return _Refusal("too-long", message, frame.parts, frame.key_offset, "drop", key)
    if frame.node.keys is not None and key in frame.node.keys:
        message = f"the key {key!r} appears twice"
        return _Refusal("duplicate-key", message, parts, frame.key_offset, "keep")
    return None


def _refusal(
    token: str, parts: tuple[str | int, ...], offset: int, limits: Limits
) -> _Refusal | None:
    """What the format refuses in a value, going by its first token."""
    if len(parts) > limits.max_depth:
        return _Refusal("too-deep", too_deep(len(parts), limits), parts, offset)
    first = token[0]
    if first == '"':
        if len(token) - 2 > limits.max_text and len(text := _string(token)) > limits.max_text:
            return _Refusal("too-long", too_long(len(text), limits), parts, offset)
        return None
    if first in "{[" or token in _LITERALS:
        return None
    if token in _CONSTANTS:
        message = f"{token} is not a number that a document may hold"
        return _Refusal("not-a-number", message, parts, offset)
    refused = number_problem(token)
    if refused is None:
        return None
    return _Refusal(*refused, parts, offset)


def _string(token: str) -> str:
    """The text of a JSON string token."""
    if "\\" not in token:
        return token[1:-1]
    try:
        return str(json.loads(token))
    except ValueError:
        return token[1:-1]
