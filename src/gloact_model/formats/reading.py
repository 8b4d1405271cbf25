"""Reading records from YAML and JSON text and files, strictly, with every problem at once.

`loads`, `load` and `iter_load` read a document with the reader of its format
(`yaml_reader`, `json_reader`), refuse what is beyond its `Limits`, build the
records with the codec, and give every problem its line and column: the first
``Limits.max_problems`` of them, and one last that says there are more. Where
orjson is installed, a JSON document is first read the quick way, and read
again in full only when it is not plainly good.
"""

from __future__ import annotations

import dataclasses
import heapq
import itertools
import os
import re
from collections.abc import Iterator
from typing import Any, BinaryIO, TypeVar, overload

import attrs

from gloact_model.codec import GIVES_UP, MORE, fast_document, fast_nesting, from_document
from gloact_model.errors import LoadError, Problem
from gloact_model.formats import json_reader, yaml_reader
from gloact_model.formats.collector import without_cycle_collection
from gloact_model.formats.limits import DEFAULT_LIMITS, Limits, beyond, more_problems
from gloact_model.formats.names import Format, check_format, format_for, unknown_suffix
from gloact_model.formats.parsed import Parsed, Positions
from gloact_model.model import Catalogue

__all__ = ["iter_load", "load", "loads", "positions", "read_bytes"]

T = TypeVar("T")


@overload
def loads(
    text: str | bytes,
    cls: type[T],
    format: Format = ...,
    *,
    source: str = ...,
    limits: Limits | None = ...,
) -> T: ...
@overload
def loads(
    text: str | bytes,
    cls: None = ...,
    format: Format = ...,
    *,
    source: str = ...,
    limits: Limits | None = ...,
) -> Catalogue: ...
def loads(
    text: str | bytes,
    cls: type[Any] | None = None,
    format: Format = "yaml",
    *,
    source: str = "<string>",
    limits: Limits | None = None,
) -> Any:
    """The record of class `cls` (a `Catalogue` by default) in a YAML or JSON document.

    Raises `LoadError` listing every problem in the document, each with its line
    and column; `source` names the document in its messages. A document beyond
    `limits` (by default `Limits()`) is refused with the limit named.
    """
    check_format(format)
    if not isinstance(text, str | bytes):
        kind = type(text).__name__
        raise TypeError(f"loads takes text or bytes, not {kind}; use load for a file")
    try:
        with without_cycle_collection():
            return _loads(text, Catalogue if cls is None else cls, format, source, limits)
    except LoadError as exc:
        raise _placed(exc) from None


def _placed(error: LoadError) -> LoadError:
    """The error with a place for every problem: the document's start where none is nearer.

    A problem about the whole document (empty, too large, in another encoding)
    belongs to no line in particular; ``FILE:1:1`` still takes an editor there.
    """
    if all(p.line is not None for p in error.problems):
        return error
    problems = [
        p if p.line is not None else dataclasses.replace(p, line=1, column=p.column or 1)
        for p in error.problems
    ]
    return LoadError(problems, source=error.source)


def _loads(
    text: str | bytes, cls: type[Any], format: Format, source: str, limits: Limits | None
) -> Any:
    limits = limits or DEFAULT_LIMITS
    _check_size(text, limits, source)
    if format == "json":
        # A good document is read the quick way; anything else is read again in full,
        # to report every problem with its place.
        record = _quickly(text, cls, limits)
        if record is not None:
            return record
    text = _decode(text, source) if isinstance(text, bytes) else text.removeprefix("\ufeff")
    if _BLANK.fullmatch(text):
        problem = Problem(path="", code="empty", message="the document is empty")
        raise LoadError([problem], source=source)
    read = yaml_reader.parse_yaml if format == "yaml" else json_reader.parse_json
    parsed = read(text, source, limits)
    problems, more = _first_refusals(parsed, limits)
    records = _count_records(parsed.data)
    if records > limits.max_records:
        # Refused before the records are built, which is what would cost the time.
        message = beyond(
            "max_records", "the document holds", records, "records", limits.max_records
        )
        problems.append(Problem(path="", code="too-many-records", message=message))
    elif not parsed.stopped:  # a reader that stopped did not read the rest: nothing to build
        # The codec finds its problems in the order of the model, not of the text: it
        # looks for twice as many as are listed, so that the first in the text are
        # listed whenever there are no more than that. Its problems at refused values
        # are dropped below: room for as many again.
        budget = 2 * limits.max_problems + min(len(parsed.nulled), limits.max_problems)
        try:
            record = from_document(parsed.data, cls, max_problems=budget)
        except LoadError as exc:
            found = list(exc.problems)
            if found[-1].code == MORE:
                found.pop()
                more = True
            # A refused value was read as null: what the codec says of it adds nothing.
            problems.extend(p for p in found if p.path not in parsed.nulled)
        else:
            if not problems:
                return record
    where = parsed.positions()
    # In reading order, as a person goes through the file to fix it. At most about
    # four times max_problems are located here: the reader's and the codec's first.
    located = sorted((_locate(p, where) for p in problems), key=_position)
    if len(located) > limits.max_problems:
        located, more = located[: limits.max_problems], True
    if more:
        located.append(_more_problem(limits))
    raise LoadError(located, source=source)


def _first_refusals(parsed: Parsed, limits: Limits) -> tuple[list[Problem], bool]:
    """The first ``limits.max_problems`` problems the reader refused; whether there are more.

    A reader stops at the limit itself (`Parsed.stopped`); one that did not is
    cut here, keeping the first in the text.
    """
    refused = parsed.refused
    if len(refused) <= limits.max_problems:
        return list(refused), parsed.stopped
    return heapq.nsmallest(limits.max_problems, refused, key=_position), True


def _more_problem(limits: Limits) -> Problem:
    """The last problem of a list cut at ``limits.max_problems``.

    It is about the whole document, so it is placed at its start, as every such
    problem is (`_placed`): its place says nothing of where the others are.
    """
    return Problem(path="", code=MORE, message=more_problems(limits), line=1, column=1)


def _quickly(text: str | bytes, cls: type[Any], limits: Limits) -> Any:
    """The record in a JSON document that is plainly good, read the quick way; else None.

    Bytes that orjson reads are UTF-8, so they need no decoding first; text is
    encoded for it. Anything that the quick way does not accept gives None, and
    the document is read again in full.
    """
    if not json_reader.HAVE_ORJSON:
        return None
    if isinstance(text, str):
        try:
            document = text.removeprefix("\ufeff").encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate: for the full reading to place
            return None
    else:
        document = text.removeprefix(_UTF8_BOM)  # one, as the full reading takes off
    try:
        nesting = fast_nesting(cls)
        data = json_reader.parse_json_quickly(document, limits, nesting=nesting)
        if data is None or _count_records(data) > limits.max_records:
            return None
        return fast_document(data, cls)
    except GIVES_UP:  # not plainly good: the full reading reports it (a bug is let through)
        return None


_UTF8_BOM = b"\xef\xbb\xbf"


def _position(problem: Problem) -> tuple[int, int]:
    return (problem.line or 0, problem.column or 0)


def _locate(problem: Problem, positions: Positions) -> Problem:
    """The problem with the line and column of its value (of its key, for an unknown key)."""
    if problem.line is not None:
        return problem
    found = positions.find(problem.path, key=problem.code == "unknown-key")
    if found is None:
        return problem
    line, column = found
    return dataclasses.replace(problem, line=line, column=column)


@overload
def load(path: str | os.PathLike[str], cls: type[T], *, limits: Limits | None = ...) -> T: ...
@overload
def load(
    path: str | os.PathLike[str], cls: None = ..., *, limits: Limits | None = ...
) -> Catalogue: ...
def load(
    path: str | os.PathLike[str], cls: type[Any] | None = None, *, limits: Limits | None = None
) -> Any:
    """The record of class `cls` (a `Catalogue` by default) in a YAML or JSON file.

    The format follows the suffix: ``.yaml``, ``.yml`` or ``.json``. Raises
    `LoadError` for a document with problems, and `OSError` for a file that
    cannot be read. A file larger than ``limits.max_bytes`` is refused unread.
    """
    source = str(path)
    fmt = format_for(path)
    if fmt is None:
        problem = Problem(path="", code="unknown-format", message=unknown_suffix(path))
        raise LoadError([problem], source=source)
    limits = limits or DEFAULT_LIMITS
    data = read_bytes(path, limits=limits)
    return loads(data, cls, fmt, source=source, limits=limits)


_CHUNK = 1 << 20
"""How much more is read at a time from a file that holds more than its size said."""


def read_bytes(path: str | os.PathLike[str], *, limits: Limits | None = None) -> bytes:
    """The bytes of a file, read once, refused with `LoadError` beyond ``limits.max_bytes``.

    What `load` reads before it parses, for a caller (such as ``gloact check``)
    that needs the text as well as the records: a pipe or a FIFO can be read
    only once. A regular file larger than the limit is refused unread. Memory
    follows the data, never the limit: the size the file gives is read in one
    step, and what a pipe or a growing file holds beyond it a chunk at a time,
    up to one byte past the limit. Raises `OSError` for a file that cannot be read.
    """
    source = str(path)
    limits = limits or DEFAULT_LIMITS
    with open(path, "rb") as stream:
        size = os.fstat(stream.fileno()).st_size
        if size > limits.max_bytes:
            raise _placed(_too_large(size, limits, source))
        # One byte more than the size: a pipe says 0, and a file may have grown.
        data = stream.read(size + 1)
        if len(data) > size:
            chunks = [data]
            held = len(data)
            while held <= limits.max_bytes:
                chunk = stream.read(min(_CHUNK, limits.max_bytes + 1 - held))
                if not chunk:
                    break
                chunks.append(chunk)
                held += len(chunk)
            data = b"".join(chunks)
    if len(data) > limits.max_bytes:
        raise _placed(_too_large(len(data), limits, source, at_least=True))
    return data


def iter_load(
    path: str | os.PathLike[str], cls: type[T], *, limits: Limits | None = None
) -> Iterator[T]:
    """The records of class `cls` in a JSON Lines file, one per line, read as they are needed.

    Memory stays flat however long the file is: one line is read at a time, and
    `limits` apply to each line as to a document. Blank lines are skipped. A line
    with problems does not stop the reading: the good records are yielded, and
    when the file has been read, one `LoadError` lists the problems of the bad
    lines, each with its line number, so that one pass finds them: the first
    ``limits.max_problems``, and one last that says there are more. Use
    ``list(iter_load(...))`` to have all records or none.
    """
    source = str(path)
    limits = limits or DEFAULT_LIMITS
    problems: list[Problem] = []
    more = False
    # Once the list is full, a bad line need only be found bad: one problem is enough.
    line_limits = limits
    with open(path, "rb") as stream:
        for number in itertools.count(1):
            line = stream.readline(limits.max_bytes + 1)
            if not line:
                break
            found: list[Problem] = []
            record: T | None = None
            if len(line) > limits.max_bytes and not line.endswith(b"\n"):
                size = len(line) + _skip_line(stream)
                found = [_too_large_problem(size, limits)]
            elif line.strip():
                if number == 1:
                    line = line.removeprefix(b"\xef\xbb\xbf")
                try:
                    record = loads(line, cls, "json", source=source, limits=line_limits)
                except LoadError as exc:
                    found = list(exc.problems)
            for problem in found:
                if problem.code == MORE or len(problems) >= limits.max_problems:
                    more = True
                else:
                    problems.append(
                        dataclasses.replace(problem, line=number, column=problem.column or 1)
                    )
            if found:
                room = max(limits.max_problems - len(problems), 1)
                if room != line_limits.max_problems:
                    line_limits = attrs.evolve(limits, max_problems=room)
            if record is not None:
                yield record
    if more:
        problems.append(_more_problem(limits))
    if problems:
        raise LoadError(problems, source=source)


def _skip_line(stream: BinaryIO) -> int:
    """Read past the rest of an over-long line, a chunk at a time; return its length."""
    skipped = 0
    while chunk := stream.readline(1 << 20):
        skipped += len(chunk)
        if chunk.endswith(b"\n"):
            break
    return skipped


def _check_size(text: str | bytes, limits: Limits, source: str) -> None:
    """Refuse a document beyond ``limits.max_bytes``, encoding text only when in doubt."""
    if isinstance(text, bytes) or text.isascii():  # isascii costs nothing in CPython
        size = len(text)
    elif len(text) > limits.max_bytes:
        raise _too_large(len(text), limits, source, at_least=True)
    elif 4 * len(text) <= limits.max_bytes:
        return  # no text of this length can be too large in UTF-8
    else:
        size = len(text.encode("utf-8", errors="surrogatepass"))
    if size > limits.max_bytes:
        raise _too_large(size, limits, source)


def _too_large(size: int, limits: Limits, source: str, *, at_least: bool = False) -> LoadError:
    return LoadError([_too_large_problem(size, limits, at_least=at_least)], source=source)


def _too_large_problem(size: int, limits: Limits, *, at_least: bool = False) -> Problem:
    what = "the document is at least" if at_least else "the document is"
    message = beyond("max_bytes", what, size, "bytes", limits.max_bytes)
    return Problem(path="", code="too-large", message=message)


_BLANK = re.compile(r"[ \t\r\n]*")
"""White space in both YAML and JSON: a document of nothing else is empty."""


def decode(data: bytes, *, source: str) -> str:
    """The text of a document's bytes, as `loads` reads them: UTF-8, a byte-order mark kept.

    Raises `LoadError` (code ``encoding``) for bytes in another encoding, placed
    where they stop being UTF-8.
    """
    text = _decode(data, source)
    return "\ufeff" + text if data.startswith(b"\xef\xbb\xbf") else text


def _decode(data: bytes, source: str) -> str:
    """The text of a document in UTF-8, with or without a byte-order mark."""
    other = _other_encoding(data)
    if other is not None:
        message = f"{other}, not UTF-8: save it as UTF-8"
        raise LoadError([Problem(path="", code="encoding", message=message)], source=source)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        column = len(data[line_start : exc.start].decode("utf-8", errors="replace")) + 1
        problem = Problem(
            path="",
            code="encoding",
            message=f"the file is not UTF-8: byte {data[exc.start]:#04x} cannot be read; "
            "save it as UTF-8",
            line=line,
            column=column,
        )
        raise LoadError([problem], source=source) from None


_BOMS = [
    (b"\xff\xfe\x00\x00", "UTF-32 (little-endian)"),
    (b"\x00\x00\xfe\xff", "UTF-32 (big-endian)"),
    (b"\xff\xfe", "UTF-16 (little-endian)"),
    (b"\xfe\xff", "UTF-16 (big-endian)"),
]


def _other_encoding(data: bytes) -> str | None:
    """What a byte-order mark, or the zero bytes of ASCII text, say the encoding is."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return f"the file is {name}"
    sample = data[:4096]
    if 0 not in sample:
        return None
    # In UTF-16, an ASCII character is a zero byte beside one that is not zero.
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    quarter = len(sample) // 4
    if sample.count(0) > 2 * quarter and min(even, odd) > quarter // 2:
        name = "UTF-32"
    elif even < quarter < odd:
        name = "UTF-16 (little-endian)"
    elif odd < quarter < even:
        name = "UTF-16 (big-endian)"
    else:
        return None
    return f"the file looks like {name} without a byte-order mark"


def _count_records(data: object) -> int:
    """The records in a document: items of its top-level lists, and sessions of its events."""
    if not isinstance(data, dict):
        return 0
    count = sum(len(value) for value in data.values() if type(value) is list)
    events = data.get("events")
    if type(events) is list:
        for event in events:
            sessions = event.get("sessions") if type(event) is dict else None
            if type(sessions) is list:
                count += len(sessions)
    return count


def positions(text: str, format: Format) -> Positions:
    """Where each value of a YAML or JSON document is in its text, by path.

    For pointing a person at the place of something found after loading, such as
    a validation issue: ``positions(text, "yaml").find("events[0].period")``
    gives its line and column. Text that cannot be parsed gives what can be
    found in it, or nothing.
    """
    check_format(format)
    text = text.removeprefix("\ufeff")  # as loads does, and as editors count columns
    if format == "json":
        return json_reader.scan_json(text, DEFAULT_LIMITS).positions
    return yaml_reader.index_yaml(text, DEFAULT_LIMITS)
