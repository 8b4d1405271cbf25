"""YAML and JSON documents, as text and as files.

Both formats carry the same data (see `gloact_model.codec`). Writing is
deterministic: equal records give byte-identical text, so files kept in git
change only where the records do. Reading is strict, and every problem in a
document is reported at once, each with its path and its line and column.

YAML is read with a safe loader (libyaml's when present, with the same results
as the pure-Python one) whose only implicit types are null, ``true``/``false``,
whole numbers and decimal numbers: a date, a time or ``NO`` stays text, and the
model decides what it means. Aliases (and so merge keys), repeated keys, and tags
that would give a value another type than it has as plain text (``!!int``,
``!!python/object``) are refused. JSON is read by the standard library's parser;
repeated keys, ``NaN`` and ``Infinity`` are refused. In both, `Limits` bounds
what a document may hold, so a hostile file is refused before it costs much.

Where orjson is installed (the ``fast`` extra), a JSON document is first read
the quick way: orjson parses it, and the codec's fast path builds the records;
a document that is not plainly good on that way is read again as above, so
that what is accepted and every message are the same with or without orjson.
orjson also writes JSON, byte for byte as the standard library would.
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import gc
import itertools
import json
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO, Literal, TypeVar, overload

import yaml

try:
    import orjson as _orjson
except ImportError:  # pragma: no cover - the fast extra is not installed
    _orjson = None  # type: ignore[assignment]  # the standard library writes instead

from gloact_model import _json_reader, _yaml_reader
from gloact_model._reading import DEFAULT_LIMITS, Limits, Positions, beyond
from gloact_model.codec import (
    SCHEMA_VERSION,
    _fast_document,
    _fast_nesting,
    _shallow_writer,
    from_document,
    to_document,
)
from gloact_model.errors import LoadError, Problem
from gloact_model.model import Catalogue

__all__ = [
    "Format",
    "Limits",
    "Positions",
    "dump",
    "dump_lines",
    "dumps",
    "format_for",
    "iter_load",
    "load",
    "loads",
    "positions",
]

T = TypeVar("T")
Format = Literal["yaml", "json"]

_SUFFIXES: dict[str, Format] = {".yaml": "yaml", ".yml": "yaml", ".json": "json"}


_ORJSON_INDENTED = 0 if _orjson is None else _orjson.OPT_INDENT_2 | _orjson.OPT_APPEND_NEWLINE


def format_for(path: str | os.PathLike[str]) -> Format | None:
    """The format that a file's suffix names (``.yaml``, ``.yml``, ``.json``), or None."""
    return _SUFFIXES.get(Path(path).suffix.lower())


def _unknown_suffix(path: str | os.PathLike[str]) -> str:
    """What to say of a file whose suffix names no format."""
    suffix = Path(path).suffix
    return (
        f"cannot tell the format from the suffix {suffix or '(none)'!r}: use .yaml, .yml or .json"
    )


@contextlib.contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a document's objects are made.

    Reading or writing a large catalogue allocates millions of objects, none of
    them in a reference cycle; the collector would walk them again and again,
    which costs about a third of the time and makes it grow faster than the
    document. It is restored as it was, even on an error.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _check_format(format: str) -> None:
    if format not in ("yaml", "json"):
        raise ValueError(f"unknown format {format!r}: use 'yaml' or 'json'")


# Writing ---------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """The pure-Python emitter, so that output is the same with or without libyaml."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # Indent list items under their key, as people write YAML by hand.
        super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def dumps(obj: object, format: Format = "yaml") -> str:
    """The document for a record (or catalogue), as YAML or JSON text."""
    _check_format(format)
    with _without_cycle_collection():
        if format == "json":
            return _json_text_of(obj)
        return yaml.dump(
            to_document(obj),
            Dumper=_Dumper,
            sort_keys=False,
            allow_unicode=True,
            default_flow_style=False,
            width=88,
        )


def _json_text_of(obj: object) -> str:
    """The JSON text of the document for `obj`, as `_json_text` writes it.

    With orjson, written a record at a time: orjson calls back for each record
    and writes the tuples and enum members in it itself, so the data of the whole
    document is never made. Anything else is written by `_json_text`.
    """
    writer = _shallow_writer(type(obj)) if _orjson is not None else None
    if writer is not None:
        write = writer.write
        try:
            document = {"schema_version": SCHEMA_VERSION, **write(obj)}
            return _orjson.dumps(document, default=write, option=_ORJSON_INDENTED).decode("utf-8")
        except TypeError:  # orjson.JSONEncodeError: written again, the other way
            pass
        finally:
            writer.forget()
    return _json_text(to_document(obj))


def _json_text(document: object) -> str:
    """A JSON document's text as gloact writes it: indented by two, non-ASCII kept, a final newline.

    The standard library's `json.dumps` with these options says what the text is;
    orjson, where it is installed, writes the same text byte for byte, many
    times faster. What orjson cannot write (a whole number beyond 64 bits, a lone
    surrogate) is left to the standard library.
    """
    if _orjson is not None:
        try:
            return _orjson.dumps(document, option=_ORJSON_INDENTED).decode("utf-8")
        except TypeError:  # orjson.JSONEncodeError
            pass
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _json_line(document: object) -> str:
    """A JSON document's text on one line, as `dump_lines` writes it, without the newline.

    `json.dumps` with ``separators=(",", ":")`` and non-ASCII kept, or orjson's
    same text where it is installed.
    """
    if _orjson is not None:
        try:
            return _orjson.dumps(document).decode("utf-8")
        except TypeError:  # orjson.JSONEncodeError
            pass
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


def dump(
    obj: object,
    path: str | os.PathLike[str],
    *,
    format: Format | None = None,
    overwrite: bool = False,
) -> None:
    """Write the document for `obj` to a new file at `path`, atomically.

    The text is written to a temporary file beside `path` and put in place in
    one step, so a crash mid-write leaves no partial file. An existing file is
    replaced only with ``overwrite=True``; otherwise `FileExistsError`, even if
    another process creates the file meanwhile. The format follows the suffix
    unless `format` is given.
    """
    chosen = format or format_for(path)
    if chosen is None:
        raise ValueError(f"{path}: {_unknown_suffix(path)}, or pass format=")
    data = dumps(obj, chosen).encode("utf-8")
    target = _writable(path, overwrite=overwrite)
    _write_atomically(target, lambda stream: stream.write(data), overwrite=overwrite, shown=path)


def dump_lines(
    records: Iterable[object], path: str | os.PathLike[str], *, overwrite: bool = False
) -> int:
    """Write records to a JSON Lines file, one document per line, and return how many.

    For collections too large to hold in memory: `records` may be any iterable,
    such as a generator, and is written as it is consumed. Each line is a
    complete JSON document (with ``schema_version``) on one line, so that tools
    can split, count and stream the file. The file appears complete or not at
    all; an existing file is replaced only with ``overwrite=True``.
    """
    target = _writable(path, overwrite=overwrite)
    written = 0

    def write(stream: BinaryIO) -> None:
        nonlocal written
        for record in records:
            stream.write(_json_line(to_document(record)).encode("utf-8") + b"\n")
            written += 1

    _write_atomically(target, write, overwrite=overwrite, shown=path)
    return written


def _writable(path: str | os.PathLike[str], *, overwrite: bool) -> Path:
    """The file to write for `path`, after refusing what cannot or must not be written.

    A symbolic link is followed, so that the file it points at is written and
    the link kept.
    """
    target = Path(path)
    if target.is_symlink():
        try:
            target = target.resolve()
            # Python 3.13 stops at a loop of links and returns a link; earlier ones raise.
            looped = target.is_symlink()
        except RuntimeError:
            looped = True
        if looped:
            raise OSError(errno.ELOOP, f"cannot write {path}: its links run in a loop")
    if not target.parent.is_dir():
        raise FileNotFoundError(f"cannot write {path}: the folder {target.parent} does not exist")
    if not overwrite and target.exists():
        raise _exists(path)
    return target


def _exists(path: str | os.PathLike[str]) -> FileExistsError:
    return FileExistsError(
        f"cannot write {path}: the file exists; pass overwrite=True to replace it"
    )


# Where os.link fails because the file system has no hard links.
_NO_HARD_LINKS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS, errno.EXDEV}


def _write_atomically(
    target: Path,
    write: Callable[[BinaryIO], object],
    *,
    overwrite: bool,
    shown: str | os.PathLike[str],
) -> None:
    """Have `write` fill a temporary file beside `target`, then put it in place in one step."""
    directory = target.parent
    fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as stream:
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        _copy_mode(target, temporary)
        if overwrite:
            os.replace(temporary, target)
        else:
            _create(temporary, target, shown)
    finally:
        # After os.replace the name is gone; after a hard link it is a second name.
        Path(temporary).unlink(missing_ok=True)
    _sync_directory(directory)


def _create(temporary: str, target: Path, shown: str | os.PathLike[str]) -> None:
    """Give the complete temporary file the name `target`, which must not exist yet.

    A hard link fails if the name is taken, whoever took it and whenever. Where
    the file system has no hard links, the name is claimed with an empty file
    first, then replaced; only a crash between the two can leave that file empty.
    """
    try:
        os.link(temporary, target)
    except FileExistsError:
        raise _exists(shown) from None
    except OSError as exc:
        if exc.errno not in _NO_HARD_LINKS:
            raise
        try:
            os.close(os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        except FileExistsError:
            raise _exists(shown) from None
        try:
            os.replace(temporary, target)
        except BaseException:
            target.unlink(missing_ok=True)
            raise


def _copy_mode(target: Path, temporary: str) -> None:
    """Give the new file the permissions of the one it replaces, or the usual ones.

    mkstemp makes a private file (0600); a new document should be as readable as
    any file the user creates, so it gets what the umask allows, found without
    changing the process's umask (which other threads share).
    """
    try:
        mode = target.stat().st_mode & 0o7777
    except FileNotFoundError:
        probe = Path(temporary).with_suffix(".mode")
        fd = os.open(probe, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666)
        os.close(fd)
        try:
            mode = probe.stat().st_mode & 0o777
        finally:
            probe.unlink()
    os.chmod(temporary, mode)


def _sync_directory(directory: Path) -> None:
    """Make the new name itself durable, where the platform allows it."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:  # pragma: no cover - e.g. Windows
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - some file systems refuse
        pass
    finally:
        os.close(fd)


# Reading ---------------------------------------------------------------------


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
    _check_format(format)
    if not isinstance(text, str | bytes):
        kind = type(text).__name__
        raise TypeError(f"loads takes text or bytes, not {kind}; use load for a file")
    try:
        with _without_cycle_collection():
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
    read = _yaml_reader.parse_yaml if format == "yaml" else _json_reader.parse_json
    parsed = read(text, source, limits)
    problems = parsed.refused
    records = _count_records(parsed.data)
    if records > limits.max_records:
        # Refused before the records are built, which is what would cost the time.
        message = beyond(
            "max_records", "the document holds", records, "records", limits.max_records
        )
        problems = [*problems, Problem(path="", code="too-many-records", message=message)]
    else:
        try:
            record = from_document(parsed.data, cls)
        except LoadError as exc:
            # A refused value was read as null: what the codec says of it adds nothing.
            kept = (p for p in exc.problems if p.path not in parsed.nulled)
            problems = [*problems, *kept]
        else:
            if not problems:
                return record
    where = parsed.positions()
    # In reading order, as a person goes through the file to fix it.
    located = sorted((_locate(p, where) for p in problems), key=_position)
    raise LoadError(located, source=source)


def _quickly(text: str | bytes, cls: type[Any], limits: Limits) -> Any:
    """The record in a JSON document that is plainly good, read the quick way; else None.

    Bytes that orjson reads are UTF-8, so they need no decoding first; text is
    encoded for it. Anything that the quick way does not accept gives None, and
    the document is read again in full.
    """
    if not _json_reader.HAVE_ORJSON:
        return None
    if isinstance(text, str):
        try:
            document = text.removeprefix("\ufeff").encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate: for the full reading to place
            return None
    else:
        document = text.removeprefix(_UTF8_BOM)  # one, as the full reading takes off
    try:
        nesting = _fast_nesting(cls)
        data = _json_reader.parse_json_quickly(document, limits, nesting=nesting)
        if data is None or _count_records(data) > limits.max_records:
            return None
        return _fast_document(data, cls)
    except Exception:  # anything at all: the full reading reports it
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
        problem = Problem(path="", code="unknown-format", message=_unknown_suffix(path))
        raise LoadError([problem], source=source)
    limits = limits or DEFAULT_LIMITS
    with open(path, "rb") as stream:
        size = os.fstat(stream.fileno()).st_size
        if size > limits.max_bytes:
            raise _placed(_too_large(size, limits, source))
        # A pipe or a growing file may hold more than its size said.
        data = stream.read(limits.max_bytes + 1)
    if len(data) > limits.max_bytes:
        raise _placed(_too_large(len(data), limits, source, at_least=True))
    return loads(data, cls, fmt, source=source, limits=limits)


_MOST_PROBLEMS = 1000
"""How many problems `iter_load` keeps; a file that is wrong on every line says so once."""


def iter_load(
    path: str | os.PathLike[str], cls: type[T], *, limits: Limits | None = None
) -> Iterator[T]:
    """The records of class `cls` in a JSON Lines file, one per line, read as they are needed.

    Memory stays flat however long the file is: one line is read at a time, and
    `limits` apply to each line as to a document. Blank lines are skipped. A line
    with problems does not stop the reading: the good records are yielded, and
    when the file has been read, one `LoadError` lists the problems of every bad
    line, each with its line number, so that one pass finds them all. Use
    ``list(iter_load(...))`` to have all records or none.
    """
    source = str(path)
    limits = limits or DEFAULT_LIMITS
    problems: list[Problem] = []
    more = 0
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
                    record = loads(line, cls, "json", source=source, limits=limits)
                except LoadError as exc:
                    found = list(exc.problems)
            for problem in found:
                if len(problems) < _MOST_PROBLEMS:
                    problems.append(
                        dataclasses.replace(problem, line=number, column=problem.column or 1)
                    )
                else:
                    more += 1
            if record is not None:
                yield record
    if more:
        message = f"and {more:,} more problems on later lines"
        problems.append(Problem(path="", code="more", message=message))
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


# Positions -------------------------------------------------------------------


def positions(text: str, format: Format) -> Positions:
    """Where each value of a YAML or JSON document is in its text, by path.

    For pointing a person at the place of something found after loading, such as
    a validation issue: ``positions(text, "yaml").find("events[0].period")``
    gives its line and column. Text that cannot be parsed gives what can be
    found in it, or nothing.
    """
    _check_format(format)
    text = text.removeprefix("\ufeff")  # as loads does, and as editors count columns
    if format == "json":
        return _json_reader.scan_json(text, DEFAULT_LIMITS).positions
    return _yaml_reader.index_yaml(text, DEFAULT_LIMITS)
