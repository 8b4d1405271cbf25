"""Records to plain data and back, and exchange documents: the codec's public functions.

Each takes the generated path where it has one and no converter of the caller's
is given, and the strict converter otherwise, or where the generated path gives
up on the data (to report every problem with its path, or the first
`max_problems` of them and one last that says there are more).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

import cattrs
from cattrs.errors import StructureHandlerNotFoundError

from gloact_model.codec._fast_reading import GIVES_UP, UnsureError, fast_structurer
from gloact_model.codec._fast_writing import fast_unstructurer
from gloact_model.codec._paths import describe, problems_of
from gloact_model.codec._strict import budget, default_converter
from gloact_model.codec._versions import SCHEMA_VERSION, upgrade, version_problem
from gloact_model.errors import LoadError, Problem

__all__ = [
    "MORE",
    "SCHEMA_VERSION",
    "fast_document",
    "from_dict",
    "from_document",
    "to_dict",
    "to_document",
]

T = TypeVar("T")

MORE = "more"
"""The code of the last problem of a list cut at ``max_problems``: there are more."""


def to_dict(obj: object, *, converter: cattrs.Converter | None = None) -> dict[str, Any]:
    """The plain data for a record: a dict ready for JSON or YAML."""
    if converter is None:
        fast = fast_unstructurer(type(obj))
        if fast is not None:
            return fast(obj)
    data = (converter or default_converter()).unstructure(obj)
    if not isinstance(data, dict):
        raise TypeError(f"to_dict takes a record, not {type(obj).__name__}")
    return data


def from_dict(
    data: Mapping[str, Any],
    cls: type[T],
    *,
    converter: cattrs.Converter | None = None,
    max_problems: int | None = None,
) -> T:
    """The record of class `cls` that `data` describes.

    Raises `LoadError` with every problem in `data`, each with its path. With
    `max_problems`, structuring stops once it has found more than that many:
    the error lists the first `max_problems` that it found and one last problem,
    of code ``"more"``, that says there are more; data wrong in a million values
    costs the work of a few hundred.
    """
    if max_problems is not None and (type(max_problems) is not int or max_problems < 1):
        raise ValueError(f"max_problems must be a whole number of at least 1, not {max_problems!r}")
    if converter is None:
        fast = fast_structurer(cls)
        if fast is not None:
            try:
                record: T = fast(data)
            except GIVES_UP:
                pass
            else:
                return record
    try:
        with budget(max_problems):
            return (converter or default_converter()).structure(data, cls)
    except StructureHandlerNotFoundError:
        raise  # a class that the format does not know: the caller's mistake, not the data's
    except Exception as exc:
        # Whatever the data did wrong, it becomes problems with paths, never a traceback.
        most = None if max_problems is None else max_problems + 1  # one more says "more"
        problems = _capped(problems_of(exc, most=most), max_problems)
        raise LoadError(problems, source="<data>") from None


def _capped(problems: list[Problem], max_problems: int | None) -> list[Problem]:
    """The first `max_problems` problems, and one of code `MORE` if there were others."""
    if max_problems is None:
        return problems
    more = bool(problems) and problems[-1].code == MORE
    if more:
        problems = problems[:-1]
    if len(problems) > max_problems:
        problems, more = problems[:max_problems], True
    if more:
        message = f"structuring stopped after {max_problems:,} problems; there are more"
        problems = [*problems, Problem(path="", code=MORE, message=message)]
    return problems


def to_document(obj: object, *, converter: cattrs.Converter | None = None) -> dict[str, Any]:
    """The data of an exchange document: ``schema_version`` first, then the record."""
    return {"schema_version": SCHEMA_VERSION, **to_dict(obj, converter=converter)}


def from_document(
    data: object,
    cls: type[T],
    *,
    converter: cattrs.Converter | None = None,
    max_problems: int | None = None,
) -> T:
    """The record of class `cls` in an exchange document, after checking its version.

    Raises `LoadError` with every problem in the document, or with the first
    `max_problems` and one last of code ``"more"``, as `from_dict` does.
    """
    if not isinstance(data, Mapping):
        raise LoadError(
            [Problem(path="", code="type", message=f"expected a mapping, got {describe(data)}")],
            source="<data>",
        )
    problems: list[Problem] = []
    wrong = version_problem(data)
    if wrong is not None:
        if wrong.code == "newer-version":
            # Keys that a newer version added would each be "unknown": the version says it all.
            raise LoadError([wrong], source="<data>")
        problems.append(wrong)
    elif data["schema_version"] != SCHEMA_VERSION:
        data = upgrade(data, cls)  # an older version, read as today's: nothing lost or guessed
    body = {k: v for k, v in data.items() if k != "schema_version"}
    try:
        record = from_dict(body, cls, converter=converter, max_problems=max_problems)
    except LoadError as exc:
        problems.extend(exc.problems)
    if problems:
        raise LoadError(_capped(problems, max_problems), source="<data>")
    return record


_MISSING = object()


def fast_document(data: object, cls: type[T]) -> T:
    """The record in a valid exchange document, by the generated reading path alone.

    Raises one of `GIVES_UP` for anything that it does not accept; the caller
    then reads the document with `from_document`, which reports every problem.
    """
    structure = fast_structurer(cls)
    if structure is None or type(data) is not dict:
        raise UnsureError
    version = data.get("schema_version", _MISSING)
    if type(version) is not int or version != SCHEMA_VERSION:
        if version_problem(data) is not None:
            raise UnsureError
        data = upgrade(data, cls)
    body = data.copy()
    del body["schema_version"]
    record: T = structure(body)
    return record
