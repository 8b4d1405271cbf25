"""Reading YAML text: plain data straight from the parser's events.

The parser is libyaml's where PyYAML was built with it, the pure-Python one
otherwise, and both give the same events, so the same results. No node tree is
composed: the builder turns events into plain data with a stack of its own, so
nesting costs no recursion and stops at the depth limit, an alias is never
expanded, and only the types of the exchange format are resolved (null,
``true``/``false``, whole and decimal numbers), so a date, a time or ``NO``
stays text. Everything refused is noted with its path, line and column.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from typing import Any

import yaml

from gloact_model.codec import describe
from gloact_model.errors import LoadError, Problem
from gloact_model.formats.limits import (
    Limits,
    number_problem,
    too_deep,
    too_long,
    too_many_values,
)
from gloact_model.formats.parsed import Node, Parsed, Place, Positions, path_of

__all__ = ["PARSERS", "index_yaml", "parse_yaml"]

PARSERS: list[type] = [yaml.SafeLoader]
"""Classes that parse YAML into events: libyaml's first, where PyYAML has it, for speed."""
if hasattr(yaml, "CSafeLoader"):
    PARSERS.insert(0, yaml.CSafeLoader)

_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"

_IMPLICIT: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
"""The implicit types of the exchange format, by the first character of a plain scalar."""

for _tag, _pattern, _first in [
    ("null", r"~|null|Null|NULL|", ["~", "n", "N", ""]),
    ("bool", r"true|True|TRUE|false|False|FALSE", list("tTfF")),
    ("int", r"[-+]?(?:0|[1-9][0-9]*)", list("-+0123456789")),
    # The shape of PyYAML's own float (so that what it writes as text reads back as
    # text), without underscores, sexagesimal numbers, infinities and NaN.
    (
        "float",
        r"[-+]?[0-9]+\.[0-9]*(?:[eE][-+][0-9]+)?|\.[0-9]+(?:[eE][-+][0-9]+)?",
        list("-+0123456789."),
    ),
]:
    for _character in _first:
        _IMPLICIT.setdefault(_character, []).append(
            (f"tag:yaml.org,2002:{_tag}", re.compile(f"(?:{_pattern})"))
        )

_SCALARS: dict[str, Callable[[str], object]] = {
    "tag:yaml.org,2002:null": lambda v: None,
    "tag:yaml.org,2002:bool": lambda v: v.lower() == "true",
    "tag:yaml.org,2002:int": int,
    "tag:yaml.org,2002:float": float,
}
_NUMBERS = frozenset({"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"})


def _implicit_tag(value: str) -> str:
    """The tag that a plain scalar with no tag of its own has in the exchange format."""
    for tag, pattern in _IMPLICIT.get(value[:1], ()):
        if pattern.fullmatch(value):
            return tag
    return _STR


def parse_yaml(text: str, source: str, limits: Limits, parser: type | None = None) -> Parsed:
    """The plain data of a YAML document, and what the format refuses in it.

    Syntax errors, empty documents and nesting beyond the depth limit raise
    `LoadError` at once; refused tags, aliases, repeated keys and values beyond
    the other limits are returned, so that they are reported together with the
    problems the codec finds in the rest.
    """
    chosen = parser or PARSERS[0]
    builder = _Builder(limits)
    try:
        data = builder.build(_node_events(chosen(text)))
    except _EmptyError:
        problem = Problem(path="", code="empty", message="the document is empty")
        raise LoadError([problem], source=source) from None
    except _StopError:
        raise LoadError(builder.problems, source=source) from None
    except yaml.MarkedYAMLError as exc:
        if exc.problem == _LIBYAML_TOO_DEEP and chosen is not yaml.SafeLoader:
            # Newer libyaml stops at 1,000 levels, looking ahead of the events. The
            # pure-Python parser stops where the depth limit does, as older libyaml.
            return parse_yaml(text, source, limits, yaml.SafeLoader)
        raise LoadError([_syntax_problem(exc, text, chosen)], source=source) from None
    except Exception as exc:
        raise LoadError([_syntax_problem(exc, text, chosen)], source=source) from None
    where = functools.partial(index_yaml, text, limits, chosen)
    return Parsed(data, builder.problems, where, frozenset(builder.nulled))


_LIBYAML_TOO_DEEP = "exceeded maximum nesting depth"


class _EmptyError(Exception):
    """The text holds no document."""


class _StopError(Exception):
    """The builder went beyond a limit that stops the reading (depth, values)."""


def _node_events(loader: Any) -> Iterator[yaml.Event]:
    """The events of the nodes of a stream's only document."""
    try:
        loader.get_event()  # the start of the stream
        if loader.check_event(yaml.StreamEndEvent):
            raise _EmptyError
        start = loader.get_event().start_mark  # the start of the document
        while not loader.check_event(yaml.DocumentEndEvent):
            yield loader.get_event()
        loader.get_event()
        if not loader.check_event(yaml.StreamEndEvent):
            raise yaml.composer.ComposerError(
                "expected a single document in the stream",
                start,
                "but found another document",
                loader.get_event().start_mark,
            )
    finally:
        loader.dispose()


def _syntax_problem(exc: Exception, text: str, parser: type) -> Problem:
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        message = " ".join(filter(None, [exc.context, exc.problem]))
        return Problem(
            path="",
            code="syntax",
            message=f"not valid YAML: {message}",
            line=None if mark is None else mark.line + 1,
            column=None if mark is None else mark.column + 1,
        )
    if isinstance(exc, yaml.reader.ReaderError):
        position = exc.position
        if parser is not yaml.SafeLoader:
            # libyaml counts bytes of UTF-8, the pure-Python reader characters.
            position = len(text.encode("utf-8")[:position].decode("utf-8", errors="ignore"))
        return Problem(
            path="",
            code="syntax",
            message=f"not valid YAML: the character {chr(exc.character)!r} "
            "is not allowed in a YAML file",
            line=text.count("\n", 0, position) + 1,
            column=position - text.rfind("\n", 0, position),
        )
    if isinstance(exc, yaml.YAMLError | ValueError):
        # ValueError covers text that cannot be encoded, such as lone surrogates.
        return Problem(path="", code="syntax", message=f"not valid YAML: {exc}")
    raise exc


_AWAITING = object()
"""A mapping's next node is a key."""
_PASS = object()
"""A mapping's next node is the value of a refused key, to be passed over."""
_REFUSED = object()
"""A scalar that the format refuses."""


class _Open:
    """A list or mapping being built, and, in a mapping, the key whose value comes next."""

    __slots__ = ("key", "parts", "value")

    def __init__(self, value: list[Any] | dict[str, Any], parts: tuple[str | int, ...]) -> None:
        self.value = value
        self.parts = parts
        self.key: Any = _AWAITING

    def next_parts(self) -> tuple[str | int, ...]:
        """The path of the next node: an item, a value, or a key (shown at its mapping)."""
        if isinstance(self.value, list):
            return (*self.parts, len(self.value))
        if self.key is _AWAITING or self.key is _PASS:
            return self.parts
        return (*self.parts, self.key)

    def awaits_key(self) -> bool:
        """Whether the next node is a key of this mapping."""
        return isinstance(self.value, dict) and self.key is _AWAITING

    def add(self, value: object) -> None:
        """Add an item to a list, or the value of the key that came before it to a mapping."""
        if isinstance(self.value, list):
            self.value.append(value)
        else:
            self.value[self.key] = value
            self.key = _AWAITING


class _Builder:
    """Turns YAML events into plain data, noting what the format does not allow."""

    def __init__(self, limits: Limits) -> None:
        self.problems: list[Problem] = []
        self.nulled: set[str] = set()
        """Paths of refused values, which the data holds as null."""
        self._limits = limits

    def _fail(
        self, event: yaml.Event, parts: tuple[str | int, ...], code: str, message: str
    ) -> None:
        line, column = _place(event)
        problem = Problem(path=path_of(parts), code=code, message=message, line=line, column=column)
        self.problems.append(problem)

    def build(self, events: Iterator[yaml.Event]) -> object:
        """The value of the document; `_StopError` at a node beyond the depth or values limit."""
        document: list[object] = []
        top = _Open(document, ())  # holds the document's value
        stack = [top]
        passing = 0  # how deep the builder is inside a node that it passes over
        passed: tuple[str | int, ...] = ()  # the path of that node
        values = 0
        most = self._limits.max_values + 1  # the document's own node is not a value
        for event in events:
            kind = type(event)
            if kind is yaml.SequenceEndEvent or kind is yaml.MappingEndEvent:
                if passing:
                    passing -= 1
                else:
                    stack.pop()
                continue
            values += 1
            if values > most:
                problem = too_many_values(values - 1, self._limits, at_least=True)
                self._fail(event, (), "too-many-values", problem)
                raise _StopError
            starts = kind is yaml.SequenceStartEvent or kind is yaml.MappingStartEvent
            frame = stack[-1]
            parts = passed if passing or frame is top else frame.next_parts()
            depth = len(stack) - 1 + passing
            if depth > self._limits.max_depth and (starts or passing or not frame.awaits_key()):
                # A text key is not nested in anything; its value is, and is checked.
                self._fail(event, parts, "too-deep", too_deep(depth, self._limits))
                raise _StopError
            if passing:
                passing += starts
            elif not self._add(event, frame, parts, stack):
                passing, passed = int(starts), parts
        return document[0] if document else None

    def _add(
        self, event: yaml.Event, frame: _Open, parts: tuple[str | int, ...], stack: list[_Open]
    ) -> bool:
        """Add the node that `event` starts to `frame`; False if it is to be passed over."""
        if isinstance(frame.value, dict):
            if frame.key is _AWAITING:
                frame.key = self._key(event, frame)
                return frame.key is not _PASS
            if frame.key is _PASS:
                frame.key = _AWAITING
                return False
        value = self._value(event, parts)
        if isinstance(value, _Open):
            stack.append(value)
            value = value.value
        refused = value is _REFUSED
        if refused:
            self.nulled.add(path_of(parts))
            value = None
        frame.add(value)
        return not refused

    def _key(self, event: yaml.Event, frame: _Open) -> object:
        """The key that `event` starts in the mapping of `frame`, or `_PASS` for a refused one."""
        if isinstance(event, yaml.AliasEvent):
            self._fail(event, frame.parts, "alias", _ALIAS)
            return _PASS
        if not isinstance(event, yaml.ScalarEvent):
            kind = "a list" if isinstance(event, yaml.SequenceStartEvent) else "a mapping"
            self._fail(event, frame.parts, "key", f"a key must be text, not {kind}")
            return _PASS
        if len(event.value) > self._limits.max_text:
            # Shown at its mapping: a path with the key in it would be as long.
            message = too_long(len(event.value), self._limits, key=True)
            self._fail(event, frame.parts, "too-long", message)
            return _PASS
        key = self._scalar(event, frame.parts)
        if key is _REFUSED:
            return _PASS
        if not isinstance(key, str):
            self._fail(event, frame.parts, "key", f"a key must be text, not {describe(key)}")
            return _PASS
        if key in frame.value:
            parts = (*frame.parts, key)
            self._fail(event, parts, "duplicate-key", f"the key {key!r} appears twice")
            return _PASS
        return key

    def _value(self, event: yaml.Event, parts: tuple[str | int, ...]) -> object:
        """The value that `event` starts: plain data, an `_Open` list or mapping, or `_REFUSED`."""
        if isinstance(event, yaml.ScalarEvent):
            return self._scalar(event, parts)
        if isinstance(event, yaml.AliasEvent):
            self._fail(event, parts, "alias", _ALIAS)
            return _REFUSED
        assert isinstance(event, yaml.CollectionStartEvent)
        mapping = isinstance(event, yaml.MappingStartEvent)
        tag = event.tag if event.tag not in (None, "!") else None
        if tag is not None and tag != (_MAP if mapping else _SEQ):
            self._fail(event, parts, "tag", f"tags such as {tag!r} are not allowed")
            return _REFUSED
        return _Open({} if mapping else [], parts)

    def _scalar(self, event: yaml.ScalarEvent, parts: tuple[str | int, ...]) -> object:
        value: str = event.value
        # A plain scalar has no style (None in PyYAML, "" in libyaml); quoted ones are text.
        expected = _implicit_tag(value) if not event.style else _STR
        tag = event.tag
        if tag is not None:
            if tag == "!":  # a non-specific tag: what the value would be without it
                tag = _implicit_tag(value) if event.implicit[0] else _STR
            if tag != expected:
                # An explicit tag (!!str, !!int, !!python/object...) would change what a
                # value means behind the reader's back.
                self._fail(event, parts, "tag", f"tags such as {tag!r} are not allowed")
                return _REFUSED
        if len(value) > self._limits.max_text:
            self._fail(event, parts, "too-long", too_long(len(value), self._limits))
            return _REFUSED
        if expected is _STR:
            return value
        if expected in _NUMBERS:
            refused = number_problem(value)
            if refused is not None:
                self._fail(event, parts, *refused)
                return _REFUSED
        return _SCALARS[expected](value)


_ALIAS = "anchors and aliases (&name, *name) are not allowed"


# Positions -------------------------------------------------------------------


def index_yaml(text: str, limits: Limits, parser: type | None = None) -> Positions:
    """The places of the values in a YAML text, by path.

    Lenient: for text that cannot be parsed to the end, what comes before the
    problem. It stops at the depth limit, as the builder does.
    """
    root: Node | Place | None = None
    stack: list[Node] = []
    keys: list[tuple[str | None, Place] | None] = []  # per open node: a key whose value is next
    passing = 0
    try:
        for event in _node_events((parser or PARSERS[0])(text)):
            kind = type(event)
            if kind is yaml.SequenceEndEvent or kind is yaml.MappingEndEvent:
                if passing:
                    passing -= 1
                else:
                    stack.pop()
                    keys.pop()
                continue
            starts = kind is yaml.SequenceStartEvent or kind is yaml.MappingStartEvent
            at_key = bool(stack) and stack[-1].keys is not None and keys[-1] is None
            if len(stack) + passing > limits.max_depth and (starts or passing or not at_key):
                break
            if passing:
                passing += starts
                continue
            place = _place(event)
            value: Node | Place = (
                Node(place, mapping=kind is yaml.MappingStartEvent) if starts else place
            )
            frame = stack[-1] if stack else None
            if frame is None:
                root = value if root is None else root
            elif frame.keys is None:
                frame.items.append(value)
            elif keys[-1] is None:  # this node is a key
                keys[-1] = (event.value if isinstance(event, yaml.ScalarEvent) else None, place)
                passing = int(starts)
                continue
            else:
                name, key_place = keys[-1] or (None, place)
                keys[-1] = None
                if name is not None and name not in frame.keys:
                    frame.keys[name] = (key_place, value)
            if isinstance(value, Node):
                stack.append(value)
                keys.append(None)
    except (_EmptyError, yaml.YAMLError, ValueError):
        pass
    return Positions(root, _line_and_column)


def _place(event: yaml.Event) -> tuple[int, int]:
    """The 1-based line and column where an event starts."""
    mark = event.start_mark
    assert mark is not None
    return mark.line + 1, mark.column + 1


def _line_and_column(place: Place) -> tuple[int, int]:
    assert isinstance(place, tuple)
    return place
