"""Reading JSON text: the standard library's parser, and a scanner for when it is not enough.

A good document is read at C speed: its values are counted from its characters
before it is parsed, the parser's hooks only note that something needs a closer
look (a repeated key, ``NaN``, a number too large to read), and one cheap pass
over the result checks the other limits. Only then is the text scanned again,
to say what is wrong and where, and to find the line and column of each
problem; a good document never pays for that. The scan costs time and memory in
proportion to the text, however deep it nests, and lists no more refusals than
``Limits.max_problems``.

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
    values = _values_beyond(text, limits.max_values)
    if values:
        # Refused before the parser makes an object of each value, which is what would
        # cost the memory.
        message = too_many_values(values, limits)
        problem = Problem(path="", code="too-many-values", message=message, line=1, column=1)
        raise LoadError([problem], source=source)
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
        scan = scan_json(text, limits, whole=False)
        problems = scan.problems() if scan.too_deep else [_beyond_the_parser()]
        raise LoadError(problems, source=source) from None
    if _within_limits(data, text, limits, source) and not hooks.suspect:
        return Parsed(data, [], lambda: scan_json(text, limits).positions)
    scan = scan_json(text, limits, whole=False)
    problems = scan.problems()
    if scan.too_deep:
        raise LoadError(problems, source=source)
    for refusal in scan.refusals:
        data = refusal.take_out(data)
    nulled = frozenset(path_of(r.parts) for r in scan.refusals if r.action == "null")
    if scan.stopped:
        # The scan ended at the refusal past the limit: the places of the rest, for
        # the problems found in the data, come from a scan of the whole text.
        return Parsed(
            data, problems, lambda: scan_json(text, limits).positions, nulled, stopped=True
        )
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
    if _values_beyond(document, limits.max_values):
        return None  # for the full reading to refuse, before orjson makes an object of each
    try:
        data = _orjson.loads(document)
    except ValueError:  # orjson.JSONDecodeError: not JSON, or not UTF-8
        return None
    if type(data) is not dict:
        return None  # not a document of the format: the full reading says what it is
    colons = document.count(b":")
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


def _values_beyond(text: str | bytes, max_values: int) -> int:
    """How many values (as `_measure` counts them) a JSON text holds, if more than `max_values`.

    Zero for a text of no more, known at C speed for most: outside its strings,
    a text of n commas, c colons and o lists and mappings, e of them empty,
    holds n + c + o - e values (a list of k items has k - 1 commas, a mapping of
    k keys as many colons and k - 1 commas, and each key counts with its value).
    The counts of these characters in the whole text are a bound above that; only
    a text beyond the limit by that bound has its strings taken out to count
    exactly. Counted before the text is parsed: the parser's objects for millions
    of values are what would cost the memory. Meant for JSON text; for any other,
    some count, checked again on the parsed data.
    """
    if len(text) <= max_values:
        return 0  # every value takes at least a character
    if isinstance(text, bytes):
        most = sum(text.count(c) for c in (b",", b":", b"[", b"{"))
    else:
        most = sum(text.count(c) for c in ",:[{")
    if most <= max_values:
        return 0
    if isinstance(text, bytes):
        # Every byte one character: no byte of a longer UTF-8 character is one of JSON's.
        text = text.decode("latin-1")
    values = _count_values(text)
    return values if values > max_values else 0


_STRINGS = re.compile(r'"[^"]*+"?')
"""A string of a JSON text from which escaped quotes and backslashes are taken out."""
_BLANKS = re.compile(r"[ \t\n\r]++")
_CHUNK = 1 << 16
"""Characters counted at once: bounds the pieces that taking strings out makes."""


def _count_values(text: str) -> int:
    """How many values a JSON text holds, counted outside its strings (see `_values_beyond`)."""
    if "\\" in text:
        # Escaped backslashes first, then escaped quotes: what is left of each string
        # is a quote, characters that are not quotes, and a quote.
        text = text.replace("\\\\", "").replace('\\"', "")
    values = 0
    last = ""  # the last character of what was counted, for an empty list across chunks
    start = 0
    while start < len(text):
        end = start + _CHUNK
        if text.count('"', start, end) % 2:
            # The chunk would end inside a string: it ends after the string instead.
            close = text.find('"', end)
            end = len(text) if close < 0 else close + 1
        # Each string one character that is none of those counted, blanks none at all.
        rest = _BLANKS.sub("", _STRINGS.sub("0", text[start:end]))
        values += sum(rest.count(c) for c in ",:[{")
        values -= rest.count("[]") + rest.count("{}")
        if last in ("[", "{") and rest.startswith(("]", "}")):
            values -= 1
        last = rest[-1:] or last
        start = end
    return values


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
    stopped: bool = False
    """The scan found more refusals than ``Limits.max_problems`` and lists only the first."""

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


# Possessive (``*+``): the regular expression engine keeps no state to go back
# to for each escape in a string, which would cost some 60 bytes for each. A
# string that is never closed runs to the end of the text (``"?``): were it not
# matched, the scan would try again at every quote in it, which is quadratic.
_TOKEN = re.compile(r'[{\[]|[}\]]|"[^"\\]*+(?:\\.[^"\\]*+)*+"?|[,:]|[^ \t\n\r{}\[\],:"]+')
_CONSTANTS = frozenset({"NaN", "Infinity", "-Infinity"})
_LITERALS = frozenset({"true", "false", "null"})


class _Frame:
    """A list or mapping that the scanner is in, and, in a mapping, the key it is at.

    A frame knows its parent and its own key or index, not its whole path: a path
    is built only for a refusal, so that deep nesting costs no more than shallow.
    """

    __slots__ = ("depth", "key", "key_offset", "node", "parent", "part")

    def __init__(self, node: Node, parent: _Frame | None, part: str | int, depth: int) -> None:
        self.node = node
        self.parent = parent
        self.part = part
        self.depth = depth
        """How many keys and indexes lead to this list or mapping."""
        self.key: str | None = None
        self.key_offset = 0

    def hold(self, value: Node | int, limits: Limits) -> tuple[str | int, int, _Found | None]:
        """Keep the place of the next value in this list or mapping.

        Gives its index or key, its depth, and what the format refuses in its key
        (a value of a refused key is not kept).
        """
        if self.node.keys is None:
            self.node.items.append(value)
            return len(self.node.items) - 1, self.depth + 1, None
        key, self.key = self.key or "", None
        refused = _key_refusal(self.node, key, limits)
        if refused is None:
            self.node.keys[key] = (self.key_offset, value)
        return key, self.depth + 1, refused

    def parts(self, *last: str | int) -> tuple[str | int, ...]:
        """The path to this list or mapping, as keys and indexes, and then `last`."""
        parts = list(reversed(last))
        frame = self
        while frame.parent is not None:  # the document's own frame has no key or index
            parts.append(frame.part)
            frame = frame.parent
        return tuple(reversed(parts))


def scan_json(text: str, limits: Limits, *, whole: bool = True) -> Scan:
    """The places of the values in a JSON text, and what the format refuses in it.

    A lenient scanner, for text that the parser has read already (or for finding
    what can be found in text that it could not). It follows the nesting without
    recursion, passes over what the parser ignores or the format refuses (the
    values of repeated keys, and refused lists and mappings), and stops at the
    first value nested beyond the depth limit.

    At most ``limits.max_problems`` refusals are listed, the first in the text;
    at one more, the scan says it stopped. Without `whole` it ends there, to do
    no work for the rest; with it, it goes on to place every value, for
    `Positions`, and lists no more.
    """
    refusals: list[_Refusal] = []
    root: Node | int | None = None
    stack: list[_Frame] = []
    passing = 0  # how deep the scanner is inside a value that it passes over
    stopped = False
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
        value = Node(offset, mapping=first == "{") if first in "{[" else offset
        part: str | int
        if frame is None:
            part, depth, key_refused = 0, 0, None
            root = value if root is None else root
        else:
            part, depth, key_refused = frame.hold(value, limits)
        refused = key_refused or _refusal(token, depth, limits)
        if refused is None:
            if isinstance(value, Node):
                stack.append(_Frame(value, frame, part, depth))
            continue
        passing = int(first in "{[")
        if len(refusals) < limits.max_problems:
            refusals.append(_placed(refused, frame, part, offset))
            if refused[0] == "too-deep":
                break
        else:
            stopped = True  # one more than is listed: there are more
            if not whole:
                break
    lines = _Lines(text)
    return Scan(Positions(root, lines), refusals, lines, stopped)


_Found = tuple[str, str, Literal["keep", "null", "drop"]]
"""What the format refuses in a value or its key: a code, a message, and what to do."""


def _placed(found: _Found, frame: _Frame | None, part: str | int, offset: int) -> _Refusal:
    """The refusal of the value at `part` of `frame` (or of the document), with its path."""
    code, message, action = found
    if frame is None:
        return _Refusal(code, message, (), offset, action)
    if action == "drop":  # a key beyond the limit: shown at its mapping
        return _Refusal(code, message, frame.parts(), frame.key_offset, action, str(part))
    if action == "keep":  # a repeated key: shown at the key
        return _Refusal(code, message, frame.parts(part), frame.key_offset, action)
    return _Refusal(code, message, frame.parts(part), offset, action)


def _key_refusal(mapping: Node, key: str, limits: Limits) -> _Found | None:
    """What the format refuses in a key of `mapping`."""
    if len(key) > limits.max_text:
        # Shown at its mapping: a path with the key in it would be as long.
        return "too-long", too_long(len(key), limits, key=True), "drop"
    if mapping.keys is not None and key in mapping.keys:
        return "duplicate-key", f"the key {key!r} appears twice", "keep"
    return None


def _refusal(token: str, depth: int, limits: Limits) -> _Found | None:
    """What the format refuses in a value `depth` levels deep, going by its first token."""
    if depth > limits.max_depth:
        return "too-deep", too_deep(depth, limits), "null"
    first = token[0]
    if first == '"':
        if len(token) - 2 > limits.max_text and len(text := _string(token)) > limits.max_text:
            return "too-long", too_long(len(text), limits), "null"
        return None
    if first in "{[" or token in _LITERALS:
        return None
    if token in _CONSTANTS:
        return "not-a-number", f"{token} is not a number that a document may hold", "null"
    refused = number_problem(token)
    if refused is None:
        return None
    return (*refused, "null")


def _string(token: str) -> str:
    """The text of a JSON string token."""
    if "\\" not in token:
        return token[1:-1]
    try:
        return str(json.loads(token))
    except ValueError:
        return token[1:-1]
