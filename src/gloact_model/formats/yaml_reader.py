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

__all__ = ["PARSERS", "PureLoader", "index_yaml", "parse_yaml"]


class PureLoader(yaml.SafeLoader):
    """PyYAML's pure-Python parser, with its bookkeeping of simple keys linear in the nesting.

    The scanner keeps one possible simple key (a node that a ``:`` may yet make a
    key) per open flow level, and before each token PyYAML's own methods walk all
    of them, twice: ``[[[[...`` nested n deep cost n squared steps (5,000 levels,
    allowed by a raised ``Limits.max_depth``, took 17 seconds). The keys are kept
    in a dict in the order they were saved, which is also the order of their token
    numbers, lines and offsets; so the earliest is the first, and the stale ones are
    a run at the front. These two methods use that and give the same tokens and
    errors (tests/test_bounded_yaml.py compares them with PyYAML's). They rely on
    PyYAML's internals (``possible_simple_keys``), as any subclass of its scanner
    does; everything else is PyYAML's.
    """

    def next_possible_simple_key(self) -> int | None:
        """The token number of the earliest possible simple key: the first saved."""
        for key in self.possible_simple_keys.values():
            return int(key.token_number)
        return None

    def stale_possible_simple_keys(self) -> None:
        """Drop the keys that can no longer be simple keys, all saved before any that can.

        Those are the keys on an earlier line or more than 1,024 characters back.
        """
        keys = self.possible_simple_keys
        while keys:
            level = next(iter(keys))
            key = keys[level]
            if key.line == self.line and self.index - key.index <= 1024:
                return
            if key.required:
                raise yaml.scanner.ScannerError(
                    "while scanning a simple key",
                    key.mark,
                    "could not find expected ':'",
                    self.get_mark(),
                )
            del keys[level]


PARSERS: list[type] = [PureLoader]
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
    problems the codec finds in the rest. After ``limits.max_problems`` of them
    the reading stops, and the `Parsed` says so (its data is what came before).
    """
    chosen = parser or PARSERS[0]
    builder = _Builder(limits)
    odd = _ODD_BREAK.search(text)
    syntax: Problem | None = None
    loader: Any = None
    data: object = None
    try:
        loader = chosen(text)
        events = _node_events(loader)
        try:
            data = builder.build(events)
        except _EnoughError:
            data = builder.document[0] if builder.document else None
            # The rest is parsed, though nothing is built from it: a syntax error there
            # is reported alone, as it is below the limit, so that the limit changes how
            # many problems are listed and never which kind.
            for _ in events:
                pass
    except _EmptyError:
        if odd is None:
            problem = Problem(path="", code="empty", message="the document is empty")
            raise LoadError([problem], source=source) from None
    except _StopError:
        if odd is None:
            raise LoadError(builder.problems, source=source) from None
    except yaml.MarkedYAMLError as exc:
        if exc.problem in _LIBYAML_GIVES_UP and chosen is not PureLoader:
            # Newer libyaml stops at 1,000 levels, looking ahead of the events; the
            # pure-Python parser stops where the depth limit does, as older libyaml.
            # libyaml also refuses an escape of a surrogate as a syntax error, where
            # the pure parser reads it and the model refuses it with everything else.
            return parse_yaml(text, source, limits, PureLoader)
        syntax = _syntax_problem(exc, text, chosen, loader)
    except Exception as exc:
        syntax = _syntax_problem(exc, text, chosen, loader)
    if odd is not None:
        # Refused in favour of anything after it, whose place YAML counts otherwise.
        broken = _odd_break(text, odd.start())
        if syntax is None or syntax.line is None or _later(syntax, broken):
            syntax = broken
    if syntax is not None:
        raise LoadError([syntax], source=source)
    where = functools.partial(index_yaml, text, limits, chosen)
    return Parsed(data, builder.problems, where, frozenset(builder.nulled), builder.stopped)


_LIBYAML_GIVES_UP = frozenset(
    {"exceeded maximum nesting depth", "found invalid Unicode character escape code"}
)
"""What libyaml refuses where the pure-Python parser reads on: it is asked to read instead."""

_ODD_BREAK = re.compile("[\x85\u2028\u2029]")
"""Characters that YAML 1.1 reads as line breaks and editors do not."""

_ODD_BREAKS_AS_SPACES = dict.fromkeys(map(ord, "\x85\u2028\u2029"), " ")

_ODD_BREAK_NAMES = {
    "\x85": "U+0085 (next line)",
    "\u2028": "U+2028 (line separator)",
    "\u2029": "U+2029 (paragraph separator)",
}


def _odd_break(text: str, offset: int) -> Problem:
    """The problem of a character that YAML and editors disagree on, at the editor's place.

    Read as YAML reads it, it would turn a quoted name's character into a space
    and shift the line of everything after it; written as an escape, the model
    refuses it as a control character. Refused as written, it is refused either way.
    """
    line, column = _editor_place(text, offset)
    name = _ODD_BREAK_NAMES[text[offset]]
    return Problem(
        path="",
        code="syntax",
        message=f"not valid YAML: the character {name} is not allowed: YAML reads it as a "
        "line break where editors do not; write a line break or a space instead",
        line=line,
        column=column,
    )


def _editor_place(text: str, offset: int) -> tuple[int, int]:
    """The 1-based line and column of `offset` as editors count them.

    Lines end at a line feed, a carriage return, or both; YAML 1.1 also ends them
    at U+0085, U+2028 and U+2029, which are refused before their place is needed.
    """
    lines = (
        text.count("\n", 0, offset) + text.count("\r", 0, offset) - text.count("\r\n", 0, offset)
    )
    start = max(text.rfind("\n", 0, offset), text.rfind("\r", 0, offset)) + 1
    return lines + 1, offset - start + 1


def _later(one: Problem, other: Problem) -> bool:
    return (one.line or 0, one.column or 0) > (other.line or 0, other.column or 0)


class _EmptyError(Exception):
    """The text holds no document."""


class _StopError(Exception):
    """The builder went beyond a limit that stops the reading (depth, values)."""


class _EnoughError(Exception):
    """The builder has listed ``Limits.max_problems`` problems and found one more."""


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


def _syntax_problem(exc: Exception, text: str, parser: type, loader: Any) -> Problem:
    # The pure-Python reader counts characters, libyaml bytes of UTF-8. The loader
    # is None when the reader refused the text as it was made.
    pure = issubclass(parser, yaml.reader.Reader)
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
        if not pure:
            position = len(text.encode("utf-8")[:position].decode("utf-8", errors="ignore"))
        line, column = _editor_place(text, position)
        return Problem(
            path="",
            code="syntax",
            message=f"not valid YAML: the character {chr(exc.character)!r} "
            "is not allowed in a YAML file",
            line=line,
            column=column,
        )
    if pure and loader is not None and isinstance(exc, ValueError):
        # The only one the pure-Python scanner raises: chr() of an escape beyond
        # U+10FFFF, which it has just read up to its digits (where libyaml places it).
        mark = loader.get_mark()
        return Problem(
            path="",
            code="syntax",
            message="not valid YAML: while parsing a quoted scalar found an escape "
            "beyond U+10FFFF, the last Unicode character",
            line=mark.line + 1,
            column=mark.column + 1,
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
    """A list or mapping being built, and, in a mapping, the key whose value comes next.

    It knows its parent and its own key or index there, not its path: a path is
    built only for a problem, so deep nesting costs no more per level than shallow.
    """

    __slots__ = ("key", "parent", "part", "value")

    def __init__(self, value: list[Any] | dict[str, Any], at: _At) -> None:
        self.value = value
        self.parent, self.part = at
        self.key: Any = _AWAITING

    def next_at(self) -> _At:
        """Where the next node is: an item, a value, or a key (shown at its mapping)."""
        if isinstance(self.value, list):
            return self, len(self.value)
        if self.key is _AWAITING or self.key is _PASS:
            return self, None
        return self, self.key

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


_At = tuple[_Open | None, str | int | None]
"""Where a node is: in an open list or mapping, at an index or key (None: the mapping itself).

(None, None) is the document's own node.
"""


def _path(at: _At) -> str:
    """The document path of the node `at` names, built by walking up its parents."""
    frame, part = at
    parts = [] if part is None else [part]
    while frame is not None and frame.part is not None:
        parts.append(frame.part)
        frame = frame.parent
    return path_of(tuple(reversed(parts)))


class _Builder:
    """Turns YAML events into plain data, noting what the format does not allow."""

    def __init__(self, limits: Limits) -> None:
        self.problems: list[Problem] = []
        self.nulled: set[str] = set()
        """Paths of refused values, which the data holds as null."""
        self.stopped = False
        """Whether the builder stopped at ``max_problems`` (`_EnoughError`)."""
        self.document: list[object] = []
        """Holds the document's value, also when the builder stopped before its end."""
        self._limits = limits

    def _fail(self, event: yaml.Event, at: _At, code: str, message: str) -> None:
        if len(self.problems) >= self._limits.max_problems:
            # One more than the limit: no path, no problem, and no reading of the rest.
            self.stopped = True
            raise _EnoughError
        line, column = _place(event)
        problem = Problem(path=_path(at), code=code, message=message, line=line, column=column)
        self.problems.append(problem)

    def build(self, events: Iterator[yaml.Event]) -> object:
        """The value of the document; `_StopError` at a node beyond the depth or values limit."""
        document = self.document
        top = _Open(document, (None, None))  # holds the document's value
        stack = [top]
        passing = 0  # how deep the builder is inside a node that it passes over
        passed: _At = (None, None)  # where that node is
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
                self._fail(event, (None, None), "too-many-values", problem)
                raise _StopError
            starts = kind is yaml.SequenceStartEvent or kind is yaml.MappingStartEvent
            frame = stack[-1]
            at = passed if passing else (None, None) if frame is top else frame.next_at()
            depth = len(stack) - 1 + passing
            if depth > self._limits.max_depth and (starts or passing or not frame.awaits_key()):
                # A text key is not nested in anything; its value is, and is checked.
                self._fail(event, at, "too-deep", too_deep(depth, self._limits))
                raise _StopError
            if passing:
                passing += starts
            elif not self._add(event, frame, at, stack):
                passing, passed = int(starts), at
        return document[0] if document else None

    def _add(self, event: yaml.Event, frame: _Open, at: _At, stack: list[_Open]) -> bool:
        """Add the node that `event` starts to `frame`; False if it is to be passed over."""
        if isinstance(frame.value, dict):
            if frame.key is _AWAITING:
                frame.key = self._key(event, frame)
                return frame.key is not _PASS
            if frame.key is _PASS:
                frame.key = _AWAITING
                return False
        value = self._value(event, at)
        if isinstance(value, _Open):
            stack.append(value)
            value = value.value
        refused = value is _REFUSED
        if refused:
            self.nulled.add(_path(at))
            value = None
        frame.add(value)
        return not refused

    def _key(self, event: yaml.Event, frame: _Open) -> object:
        """The key that `event` starts in the mapping of `frame`, or `_PASS` for a refused one."""
        at: _At = (frame, None)
        if isinstance(event, yaml.AliasEvent):
            self._fail(event, at, "alias", _ALIAS)
            return _PASS
        if not isinstance(event, yaml.ScalarEvent):
            kind = "a list" if isinstance(event, yaml.SequenceStartEvent) else "a mapping"
            self._fail(event, at, "key", f"a key must be text, not {kind}")
            return _PASS
        if len(event.value) > self._limits.max_text:
            # Shown at its mapping: a path with the key in it would be as long.
            message = too_long(len(event.value), self._limits, key=True)
            self._fail(event, at, "too-long", message)
            return _PASS
        key = self._scalar(event, at)
        if key is _REFUSED:
            return _PASS
        if not isinstance(key, str):
            self._fail(event, at, "key", f"a key must be text, not {describe(key)}")
            return _PASS
        if key in frame.value:
            self._fail(event, (frame, key), "duplicate-key", f"the key {key!r} appears twice")
            return _PASS
        return key

    def _value(self, event: yaml.Event, at: _At) -> object:
        """The value that `event` starts: plain data, an `_Open` list or mapping, or `_REFUSED`."""
        if isinstance(event, yaml.ScalarEvent):
            return self._scalar(event, at)
        if isinstance(event, yaml.AliasEvent):
            self._fail(event, at, "alias", _ALIAS)
            return _REFUSED
        assert isinstance(event, yaml.CollectionStartEvent)
        mapping = isinstance(event, yaml.MappingStartEvent)
        tag = event.tag if event.tag not in (None, "!") else None
        if tag is not None and tag != (_MAP if mapping else _SEQ):
            self._fail(event, at, "tag", f"tags such as {tag!r} are not allowed")
            return _REFUSED
        return _Open({} if mapping else [], at)

    def _scalar(self, event: yaml.ScalarEvent, at: _At) -> object:
        value: str = event.value
        # A plain scalar has no style (None in PyYAML, "" in libyaml); quoted ones are text.
        expected = _implicit_tag(value) if not event.style else _STR
        tag = event.tag
        if tag == "!":
            # The non-specific tag makes even a plain scalar text, as the YAML
            # specification says; few readers follow it, so it is refused where it
            # would change what a value is, and let through where it changes nothing.
            if expected is not _STR:
                message = (
                    f"the tag '!' would make {value!r} text, which few YAML readers follow: "
                    f"write it quoted, or without the tag"
                )
                self._fail(event, at, "tag", message)
                return _REFUSED
        elif tag is not None and tag != expected:
            # An explicit tag (!!str, !!int, !!python/object...) would change what a
            # value means behind the reader's back.
            self._fail(event, at, "tag", f"tags such as {tag!r} are not allowed")
            return _REFUSED
        if len(value) > self._limits.max_text:
            self._fail(event, at, "too-long", too_long(len(value), self._limits))
            return _REFUSED
        if expected is _STR:
            return value
        if expected in _NUMBERS:
            refused = number_problem(value)
            if refused is not None:
                self._fail(event, at, *refused)
                return _REFUSED
        return _SCALARS[expected](value)


_ALIAS = "anchors and aliases (&name, *name) are not allowed"


# Positions -------------------------------------------------------------------


def index_yaml(text: str, limits: Limits, parser: type | None = None) -> Positions:
    """The places of the values in a YAML text, by path.

    Lenient: for text that cannot be parsed to the end, what comes before the
    problem. It stops at the depth limit, as the builder does. A character that
    YAML reads as a line break and editors do not (U+0085, U+2028, U+2029) is
    read as a space, so that every value is placed where an editor shows it.
    """
    if _ODD_BREAK.search(text) is not None:
        text = text.translate(_ODD_BREAKS_AS_SPACES)
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
