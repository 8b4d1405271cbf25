"""Problem paths: from a cattrs error tree to a flat list of problems, each with its path.

Also how a value of plain data is named in a message (`describe`), which the
readers of the formats layer use too, so that a file's problems read alike
whichever layer finds them.
"""

from __future__ import annotations

import difflib
import heapq
import itertools
import json
import re
from collections.abc import Iterator, Mapping

import attrs
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError, IterableValidationError

from gloact_model.errors import InvariantError, Problem
from gloact_model.model.wording import article

__all__ = ["BadValueError", "StoppedError", "describe", "join_key", "problems_of"]


class BadValueError(ValueError):
    """A value in the data that cannot become the field's type."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class StoppedError(Exception):
    """Structuring of a value was skipped: enough problems were found already.

    Raised by a hook in place of its work once the problems that a reading may
    list are found; it stands for no problem of its own.
    """


def describe(value: object) -> str:
    """Name a plain-data value as a person reading the file would see it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return f"the whole number {value}" if abs(value) < 10**30 else "a huge whole number"
    if isinstance(value, float):
        return f"the number {value!r}"
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "..."
        return f"the text {shown!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, tuple):
        return "a tuple"
    if isinstance(value, Mapping):
        return "a mapping"
    return f"a {type(value).__name__}"  # pragma: no cover - not produced by JSON or YAML


def problems_of(exc: BaseException, path: str = "", *, most: int | None = None) -> list[Problem]:
    """Every problem inside a structuring error, each with its path from the top.

    With `most`, only the first `most` of them: no path or message is made for
    the others, which a hostile document may hold by the million.
    """
    return list(itertools.islice(_walk(exc, path, most), most))


def _walk(exc: BaseException, path: str, most: int | None) -> Iterator[Problem]:
    if isinstance(exc, ClassValidationError):
        with_notes, others = exc.group_exceptions()
        for sub, note in with_notes:
            yield from _walk(sub, join_key(path, note.name), most)
        for sub in others:
            yield from _walk(sub, path, most)
    elif isinstance(exc, IterableValidationError):
        with_index, others = exc.group_exceptions()
        for sub, index_note in with_index:
            yield from _walk(sub, f"{path}[{index_note.index}]", most)
        for sub in others:
            yield from _walk(sub, path, most)
    elif isinstance(exc, StoppedError):
        return
    elif isinstance(exc, ForbiddenExtraKeysError):
        known = [f.name for f in attrs.fields(exc.cl)]
        extra = exc.extra_fields
        # The same first keys as sorting them all, without sorting a million.
        keys = sorted(extra, key=str) if most is None else heapq.nsmallest(most, extra, key=str)
        for key in keys:
            close = difflib.get_close_matches(str(key), known, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            yield Problem(
                path=join_key(path, str(key)),
                code="unknown-key",
                message=f"unknown key {key!r} for {article(exc.cl.__name__)}{hint}",
            )
    elif isinstance(exc, InvariantError):
        for problem in exc.problems:
            yield problem.under(path)
    elif isinstance(exc, BadValueError):
        yield Problem(path=path, code=exc.code, message=exc.message)
    elif isinstance(exc, KeyError):
        # The generated structuring code reads required keys with data[key].
        yield Problem(path=path, code="missing", message="is required but missing")
    else:
        yield Problem(path=path, code="invalid", message=f"cannot be read: {exc}")


_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def join_key(path: str, name: str) -> str:
    """The path of key `name` below `path`: ``a.b``, or ``a["odd key"]`` for other keys."""
    if _PLAIN_KEY.fullmatch(name):
        return f"{path}.{name}" if path else name
    # Quoted and escaped, so that a path is one printable line that can be read back.
    return f"{path}[{json.dumps(name)}]"
