"""YAML and JSON documents, as text and as files.

Both formats carry the same data (see `gloact_model.codec`). Writing is
deterministic: equal records give byte-identical text, so files kept in git
change only where the records do. Reading is strict, and every problem in a
document is reported at once, each with its path and, where the parser knows
it, its line and column.

YAML is read with a safe loader (libyaml's when present) whose only implicit
types are null, ``true``/``false``, whole numbers and decimal numbers: a date, a
time or ``NO`` stays text, and the model decides what it means. Aliases (and so
merge keys), repeated keys, and tags that would give a value another type than
it has as plain text (``!!int``, ``!!python/object``) are refused.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, ClassVar, Literal, TypeVar, overload

import yaml

from gloact_model.codec import describe, from_document, join_key, to_document
from gloact_model.errors import LoadError, Problem
from gloact_model.model import Catalogue

__all__ = ["Format", "dump", "dumps", "format_for", "load", "loads"]

T = TypeVar("T")
Format = Literal["yaml", "json"]

_SUFFIXES: dict[str, Format] = {".yaml": "yaml", ".yml": "yaml", ".json": "json"}


def format_for(path: str | os.PathLike[str]) -> Format | None:
    """The format that a file's suffix names (``.yaml``, ``.yml``, ``.json``), or None."""
    return _SUFFIXES.get(Path(path).suffix.lower())


def _unknown_suffix(path: str | os.PathLike[str]) -> str:
    suffix = Path(path).suffix
    return (
        f"cannot tell the format from the suffix {suffix or '(none)'!r}: use .yaml, .yml or .json"
    )


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
    document = to_document(obj)
    if format == "yaml":
        return yaml.dump(
            document,
            Dumper=_Dumper,
            sort_keys=False,
            allow_unicode=True,
            default_flow_style=False,
            width=88,
        )
    if format == "json":
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    raise ValueError(f"unknown format {format!r}: use 'yaml' or 'json'")


def dump(
    obj: object,
    path: str | os.PathLike[str],
    *,
    format: Format | None = None,
) -> None:
    """Write the document for `obj` to `path`, atomically.

    The text is written to a temporary file beside `path` and moved into place
    in one step, so a crash mid-write leaves the previous file as it was. The
    format follows the suffix unless `format` is given.
    """
    target = Path(path)
    chosen = format or format_for(target)
    if chosen is None:
        raise ValueError(f"{path}: {_unknown_suffix(path)}, or pass format=")
    text = dumps(obj, chosen)
    if target.is_symlink():
        # Replace the file that the link points at, and keep the link.
        target = target.resolve()
    if not target.parent.is_dir():
        raise FileNotFoundError(f"cannot write {path}: the folder {target.parent} does not exist")
    _write_atomically(target, text.encode("utf-8"))


def _write_atomically(target: Path, data: bytes) -> None:
    directory = target.parent
    fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        _copy_mode(target, temporary)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _sync_directory(directory)


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
    """Make the rename itself durable, where the platform allows it."""
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
def loads(text: str | bytes, cls: type[T], format: Format = ..., *, source: str = ...) -> T: ...
@overload
def loads(
    text: str | bytes, cls: None = ..., format: Format = ..., *, source: str = ...
) -> Catalogue: ...
def loads(
    text: str | bytes,
    cls: type[Any] | None = None,
    format: Format = "yaml",
    *,
    source: str = "<string>",
) -> Any:
    """The record of class `cls` (a `Catalogue` by default) in a YAML or JSON document.

    Raises `LoadError` listing every problem in the document; `source` names
    the document in its messages.
    """
    target = Catalogue if cls is None else cls
    if isinstance(text, bytes):
        text = _decode(text, source)
    root: yaml.Node | None = None
    refused: list[Problem] = []
    if format == "yaml":
        data, root, refused = _parse_yaml(text, source)
    elif format == "json":
        data = _parse_json(text, source)
    else:
        raise ValueError(f"unknown format {format!r}: use 'yaml' or 'json'")
    try:
        record = from_document(data, target)
    except LoadError as exc:
        # A refused value was read as null: what the codec says of it adds nothing.
        refused_paths = {p.path for p in refused}
        problems = refused + [p for p in exc.problems if p.path not in refused_paths]
    else:
        if not refused:
            return record
        problems = refused
    if root is not None:
        # In reading order, as a person goes through the file to fix it.
        problems = sorted((_locate(p, root) for p in problems), key=_position)
    raise LoadError(problems, source=source)


def _position(problem: Problem) -> tuple[int, int]:
    return (problem.line or 0, problem.column or 0)


@overload
def load(path: str | os.PathLike[str], cls: type[T]) -> T: ...
@overload
def load(path: str | os.PathLike[str], cls: None = ...) -> Catalogue: ...
def load(path: str | os.PathLike[str], cls: type[Any] | None = None) -> Any:
    """The record of class `cls` (a `Catalogue` by default) in a YAML or JSON file.

    The format follows the suffix: ``.yaml``, ``.yml`` or ``.json``. Raises
    `LoadError` for a document with problems, and `OSError` for a file that
    cannot be read.
    """
    source = str(path)
    fmt = format_for(path)
    if fmt is None:
        problem = Problem(path="", code="unknown-format", message=_unknown_suffix(path))
        raise LoadError([problem], source=source)
    data = Path(path).read_bytes()
    return loads(_decode(data, source), cls, fmt, source=source)


def _decode(data: bytes, source: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        column = len(data[line_start : exc.start].decode("utf-8", errors="replace")) + 1
        raise LoadError(
            [
                Problem(
                    path="",
                    code="encoding",
                    message=f"the file is not UTF-8: byte {data[exc.start]:#04x} cannot be read",
                    line=line,
                    column=column,
                )
            ],
            source=source,
        ) from None


# JSON


def _parse_json(text: str, source: str) -> object:
    try:
        return json.loads(text, object_pairs_hook=_json_object, parse_constant=_json_constant)
    except json.JSONDecodeError as exc:
        problem = Problem(
            path="",
            code="syntax",
            message=f"not valid JSON: {exc.msg}",
            line=exc.lineno,
            column=exc.colno,
        )
    except _JsonError as exc:
        problem = Problem(path="", code=exc.code, message=str(exc))
    except (ValueError, RecursionError) as exc:
        problem = Problem(path="", code="syntax", message=f"cannot be read as JSON: {exc}")
    raise LoadError([problem], source=source)


class _JsonError(ValueError):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def _json_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _JsonError("duplicate-key", f"the key {key!r} appears twice in one object")
        result[key] = value
    return result


def _json_constant(name: str) -> object:
    raise _JsonError("not-a-number", f"{name} is not a number that a document may hold")


# YAML

_LoaderBase: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_LoaderBase):  # type: ignore[misc]
    """A safe loader that resolves only the types of the exchange format."""

    yaml_implicit_resolvers: ClassVar[dict[str | None, list[tuple[str, re.Pattern[str]]]]] = {}


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
    _Loader.add_implicit_resolver(
        f"tag:yaml.org,2002:{_tag}", re.compile(f"^(?:{_pattern})$"), _first
    )

_STR = "tag:yaml.org,2002:str"
_SCALARS: dict[str, Callable[[str], object]] = {
    "tag:yaml.org,2002:null": lambda v: None,
    "tag:yaml.org,2002:bool": lambda v: v.lower() == "true",
    "tag:yaml.org,2002:int": int,
    "tag:yaml.org,2002:float": float,
}


_MAX_DEPTH = 64
"""How deeply a YAML document may nest; the exchange format needs about ten levels."""


def _parse_yaml(text: str, source: str) -> tuple[object, yaml.Node, list[Problem]]:
    """The plain data of a YAML document, its node tree, and what the format refuses in it.

    Syntax errors and empty documents raise `LoadError` at once; refused tags,
    aliases and repeated keys are returned, so that they are reported together with
    the problems the codec finds in the rest of the document.
    """
    loader = None
    try:
        loader = _Loader(text)
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = " ".join(filter(None, [exc.context, exc.problem]))
        raise LoadError(
            [
                Problem(
                    path="",
                    code="syntax",
                    message=f"not valid YAML: {message}",
                    line=None if mark is None else mark.line + 1,
                    column=None if mark is None else mark.column + 1,
                )
            ],
            source=source,
        ) from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        raise LoadError(
            [
                Problem(
                    path="",
                    code="syntax",
                    message=f"not valid YAML: the character {chr(exc.character)!r} "
                    "is not allowed in a YAML file",
                    line=line,
                    column=column,
                )
            ],
            source=source,
        ) from None
    except (yaml.YAMLError, ValueError, RecursionError) as exc:
        # ValueError covers text that cannot be encoded, such as lone surrogates.
        raise LoadError(
            [Problem(path="", code="syntax", message=f"not valid YAML: {exc}")], source=source
        ) from None
    finally:
        if loader is not None:
            loader.dispose()
    if root is None:
        raise LoadError(
            [Problem(path="", code="empty", message="the document is empty")], source=source
        )
    builder = _Builder()
    data = builder.build(root, "", 0, root)
    return data, root, builder.problems


def _implicit_tag(value: str) -> str:
    """The tag that the loader gives a plain scalar with no tag of its own."""
    resolvers = _Loader.yaml_implicit_resolvers.get(value[:1], [])
    for tag, pattern in resolvers:
        if pattern.match(value):
            return tag
    return _STR


class _Builder:
    """Turns a YAML node tree into plain data, noting what the format does not allow."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self._seen: set[int] = set()

    def _fail(self, node: yaml.Node, path: str, code: str, message: str) -> None:
        self.problems.append(
            Problem(
                path=path,
                code=code,
                message=message,
                line=node.start_mark.line + 1,
                column=node.start_mark.column + 1,
            )
        )

    def build(self, node: yaml.Node, path: str, depth: int, at: yaml.Node) -> object:
        """The value of `node`; `at` is where to point a person at, for an alias its key."""
        if id(node) in self._seen:
            # The parser keeps no place for an alias: point at its key where it has
            # one, and otherwise at the anchored value that it repeats.
            where = "" if at is not node else "; this item repeats the value anchored here"
            self._fail(
                at, path, "alias", f"anchors and aliases (&name, *name) are not allowed{where}"
            )
            return None
        self._seen.add(id(node))
        if depth > _MAX_DEPTH:
            self._fail(node, path, "too-deep", f"nests more than {_MAX_DEPTH} levels deep")
            return None
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node, path)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != "tag:yaml.org,2002:seq":
                self._fail(node, path, "tag", f"tags such as {node.tag!r} are not allowed")
                return None
            return [
                self.build(item, f"{path}[{i}]", depth + 1, item)
                for i, item in enumerate(node.value)
            ]
        assert isinstance(node, yaml.MappingNode)
        if node.tag != "tag:yaml.org,2002:map":
            self._fail(node, path, "tag", f"tags such as {node.tag!r} are not allowed")
            return None
        result: dict[str, object] = {}
        for key_node, value_node in node.value:
            key = self.build(key_node, path, depth + 1, key_node)
            if not isinstance(key, str):
                self._fail(key_node, path, "key", f"a key must be text, not {describe(key)}")
                continue
            child = join_key(path, key)
            if key in result:
                self._fail(key_node, child, "duplicate-key", f"the key {key!r} appears twice")
                continue
            result[key] = self.build(value_node, child, depth + 1, key_node)
        return result

    def _scalar(self, node: yaml.ScalarNode, path: str) -> object:
        # A plain scalar has no style (None in PyYAML, "" in libyaml); quoted ones are text.
        implicit = _implicit_tag(node.value) if not node.style else _STR
        if node.tag != implicit:
            # An explicit tag (!!str, !!int, !!python/object...) would change what a
            # value means behind the reader's back.
            self._fail(node, path, "tag", f"tags such as {node.tag!r} are not allowed")
            return None
        if node.tag == _STR:
            return node.value
        try:
            return _SCALARS[node.tag](node.value)
        except ValueError:
            # Python reads no integer of more than 4,300 digits.
            self._fail(node, path, "too-large", f"a number of {len(node.value)} characters")
            return None


_PATH_PART = re.compile(r'\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]|\.?([^.\[]+)')


def _path_parts(path: str) -> Iterator[str | int]:
    for match in _PATH_PART.finditer(path):
        index, quoted, key = match.groups()
        if index is not None:
            yield int(index)
        elif quoted is not None:
            yield str(json.loads(quoted))
        else:
            yield key


def _locate(problem: Problem, root: yaml.Node) -> Problem:
    """The problem with the line and column of the deepest node on its path."""
    if problem.line is not None:
        return problem
    node = root
    parts = list(_path_parts(problem.path))
    for depth, part in enumerate(parts, start=1):
        child: yaml.Node | None = None
        if isinstance(part, int) and isinstance(node, yaml.SequenceNode):
            child = node.value[part] if part < len(node.value) else None
        elif isinstance(part, str) and isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if key_node.value == part:
                    # An unknown key is best shown at the key itself.
                    at_key = problem.code == "unknown-key" and depth == len(parts)
                    child = key_node if at_key else value_node
                    break
        if child is None:
            break
        node = child
    mark = node.start_mark
    return Problem(
        path=problem.path,
        message=problem.message,
        code=problem.code,
        line=mark.line + 1,
        column=mark.column + 1,
    )
