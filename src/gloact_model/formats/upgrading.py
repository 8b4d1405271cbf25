"""Older documents rewritten in today's version of the format, in place.

Records are kept in files written and reviewed by hand, with comments and a
layout of their own. An upgrade rewrites only what the new version changed (the
``schema_version``, and the keys it adds) at their places in the text, so a
file's comments, order and layout are kept and its git diff shows exactly the
upgrade. The result is checked: it must read as the same records that the old
text gave, or nothing is written.
"""

from __future__ import annotations

import json
import re
from typing import Any

from gloact_model.codec import SCHEMA_VERSION, added_keys, version_problem
from gloact_model.errors import LoadError, Problem
from gloact_model.formats import json_reader, yaml_reader
from gloact_model.formats.limits import DEFAULT_LIMITS, Limits
from gloact_model.formats.names import Format, check_format
from gloact_model.formats.parsed import Positions
from gloact_model.formats.reading import loads
from gloact_model.model import Catalogue

__all__ = ["upgrade_text"]

_VERSION_TOKEN = re.compile(r"[0-9]+")
_JSON = json.JSONDecoder()


def upgrade_text(
    text: str,
    format: Format,
    cls: type = Catalogue,
    *,
    source: str = "<string>",
    limits: Limits | None = None,
) -> str:
    """The text of a document in today's version of the format, as little changed as can be.

    A document already in today's version comes back as it is. An older one gets
    the new ``schema_version`` and the keys that the upgrade adds, each at its
    place, in the document's own layout; comments and everything else are kept.
    Raises `LoadError` for a document that does not load (fix it first: the
    upgrade must be able to prove that it changed nothing else), or that cannot
    be upgraded in place; `gloact convert` then writes the records anew.
    """
    check_format(format)
    limits = limits or DEFAULT_LIMITS
    before: object = loads(text, cls, format, source=source, limits=limits)  # every problem, placed
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text.removeprefix("\ufeff")
    read = yaml_reader.parse_yaml if format == "yaml" else json_reader.parse_json
    parsed = read(body, source, limits)
    data: Any = parsed.data
    if version_problem(data) is None and data["schema_version"] == SCHEMA_VERSION:
        return text
    where = parsed.positions()
    edits = [_version_edit(body, where, source)]
    edits += [_added_key(body, where, format, added, source) for added in added_keys(data, cls)]
    upgraded = body
    for offset, length, new in sorted(edits, reverse=True):
        upgraded = upgraded[:offset] + new + upgraded[offset + length :]
    after: object
    try:
        after = loads(upgraded, cls, format, source=source, limits=limits)
    except LoadError:
        after = None
    if after is None or after != before:
        raise _cannot(source, "the edited text would not read as the same records")
    return bom + upgraded


def _offset(text: str, place: tuple[int, int] | None) -> int:
    """The index in `text` of a 1-based line and column, as the readers give them."""
    if place is None:
        raise ValueError("no place")
    line, column = place
    start = 0
    for _ in range(line - 1):
        start = text.index("\n", start) + 1
    return start + column - 1


def _version_edit(text: str, where: Positions, source: str) -> tuple[int, int, str]:
    offset = _offset(text, where.find("schema_version"))
    token = _VERSION_TOKEN.match(text, offset)
    if token is None:
        raise _cannot(source, "its schema_version is not written as a plain number")
    return offset, token.end() - offset, str(SCHEMA_VERSION)


def _added_key(
    text: str, where: Positions, format: Format, added: tuple[str, str, str], source: str
) -> tuple[int, int, str]:
    """An edit that adds ``key: value`` to the mapping at `path`, after its first key.

    The first key of every mapping that an upgrade adds to is the one that the
    writer puts first (a partner's ``organisation_id``), so a file written by
    gloact stays exactly as gloact writes it.
    """
    path, key, value = added
    mapping = _offset(text, where.find(path))
    first = where.find(path + ".organisation_id", key=True)
    value_place = where.find(path + ".organisation_id")
    if first is None or value_place is None:
        raise _cannot(source, f"{path} has no organisation_id to place its {key} after")
    key_offset, value_offset = _offset(text, first), _offset(text, value_place)
    line_start = text.rfind("\n", 0, key_offset) + 1
    on_own_line = text[line_start:key_offset].strip(" -") == ""
    if format == "json":
        try:
            _, end = _JSON.raw_decode(text, value_offset)
        except ValueError:
            raise _cannot(source, f"{path}.organisation_id is not a JSON string") from None
        if on_own_line:
            indent = key_offset - line_start
            return end, 0, f',\n{" " * indent}"{key}": "{value}"'
        return end, 0, f', "{key}": "{value}"'
    if text[mapping] == "{" or not on_own_line:
        return key_offset, 0, f"{key}: {value}, "  # a flow mapping: before its first key
    line_end = text.find("\n", value_offset)
    line_end = len(text) if line_end == -1 else line_end
    if text[line_end - 1 : line_end] == "\r":
        line_end -= 1
    newline = "\r\n" if text.startswith("\r\n", line_end) else "\n"
    return line_end, 0, f"{newline}{' ' * (key_offset - line_start)}{key}: {value}"


def _cannot(source: str, why: str) -> LoadError:
    message = (
        f"cannot be upgraded in place: {why}; write it anew with "
        "'gloact convert' (which keeps the records but not comments or layout)"
    )
    return LoadError([Problem(path="", code="upgrade", message=message)], source=source)
