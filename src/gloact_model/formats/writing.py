"""Writing records as YAML and JSON text, and as files.

Writing is deterministic: equal records give byte-identical text, so files kept
in git change only where the records do. Where orjson is installed (the ``fast``
extra), it writes JSON byte for byte as the standard library would, many times
faster.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from typing import BinaryIO

import yaml

try:
    import orjson as _orjson
except ImportError:  # pragma: no cover - the fast extra is not installed
    _orjson = None  # type: ignore[assignment]  # the standard library writes instead

from gloact_model.codec import SCHEMA_VERSION, shallow_writer, to_document
from gloact_model.formats.collector import without_cycle_collection
from gloact_model.formats.files import writable, write_atomically, write_file
from gloact_model.formats.names import Format, check_format, format_for, unknown_suffix

__all__ = ["dump", "dump_lines", "dumps"]

_ORJSON_INDENTED = 0 if _orjson is None else _orjson.OPT_INDENT_2 | _orjson.OPT_APPEND_NEWLINE


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
    check_format(format)
    with without_cycle_collection():
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
    writer = shallow_writer(type(obj)) if _orjson is not None else None
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
        raise ValueError(f"{path}: {unknown_suffix(path)}, or pass format=")
    write_file(dumps(obj, chosen).encode("utf-8"), path, overwrite=overwrite)


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
    target = writable(path, overwrite=overwrite)
    written = 0

    def write(stream: BinaryIO) -> None:
        nonlocal written
        for record in records:
            stream.write(_json_line(to_document(record)).encode("utf-8") + b"\n")
            written += 1

    write_atomically(target, write, overwrite=overwrite, shown=path)
    return written
