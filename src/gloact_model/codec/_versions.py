"""The versions of the exchange format, and how an older document becomes today's.

A release reads every version that came before it. A document of an older
version is upgraded in memory, one version at a time, before it is read, so the
records hold exactly what the document said: nothing is lost and nothing is
guessed. Each step is a function of plain data that changes only what its
version changed, and leaves everything else (mistakes included) for the reader
to report at its path.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from gloact_model.codec._paths import describe
from gloact_model.errors import LoadError, Problem
from gloact_model.model import Catalogue, Programme

__all__ = [
    "OLDEST_VERSION",
    "SCHEMA_VERSION",
    "UpgradeStep",
    "added_keys",
    "document_version",
    "upgrade",
    "version_problem",
]

SCHEMA_VERSION = 2
"""The version of the exchange format that this release writes (and the newest it reads)."""

OLDEST_VERSION = 1
"""The oldest version that this release reads."""

UpgradeStep = Callable[[dict[str, Any], type], dict[str, Any]]
"""A step from one version to the next: a document's data and its record class, upgraded."""

_MISSING = object()


def version_problem(data: Mapping[str, Any]) -> Problem | None:
    """What is wrong with a document's ``schema_version``, or None if this release reads it."""
    version = data.get("schema_version", _MISSING)
    if version is _MISSING:
        return Problem(
            path="schema_version",
            code="missing",
            message=f"is required: a document starts with 'schema_version: {SCHEMA_VERSION}'",
        )
    if type(version) is int and version > SCHEMA_VERSION:
        return Problem(
            path="schema_version",
            code="newer-version",
            message=f"the document is in version {version} of the format, newer than this "
            f"release of gloact_model reads (versions {OLDEST_VERSION} to {SCHEMA_VERSION}): "
            "upgrade the package (pip install --upgrade gloact_model)",
        )
    if type(version) is not int or version < OLDEST_VERSION:
        return Problem(
            path="schema_version",
            code="unsupported-version",
            message=f"this release of gloact_model reads schema_version {OLDEST_VERSION} to "
            f"{SCHEMA_VERSION}, but the document has {describe(version)}",
        )
    return None


def document_version(data: Mapping[str, Any]) -> int:
    """The version of a document that this release reads; `LoadError` for any other."""
    problem = version_problem(data)
    if problem is not None:
        raise LoadError([problem], source="<data>")
    version: int = data["schema_version"]
    return version


def upgrade(data: Mapping[str, Any], cls: type = Catalogue) -> dict[str, Any]:
    """The data of a document of any version that this release reads, in today's version.

    `data` is a whole exchange document (with its ``schema_version``) that holds
    a record of class `cls`. The result is a new dict, written as this release
    writes: `data` is not changed, and a document already in today's version
    comes back equal. Raises `LoadError` for a document whose version this
    release does not read (a newer one says to upgrade the package).

    >>> upgrade({"schema_version": 1, "programmes": [{"id": "p", "name": "P",
    ...     "partners": [{"organisation_id": "iom"}]}]})["programmes"][0]["partners"]
    [{'organisation_id': 'iom', 'role': 'partner'}]
    """
    if not isinstance(data, Mapping):
        raise TypeError(f"upgrade takes a document's data (a mapping), not {describe(data)}")
    version = document_version(data)
    upgraded = dict(data)
    for step in range(version, SCHEMA_VERSION):
        upgraded = _STEPS[step](upgraded, cls)
    upgraded["schema_version"] = SCHEMA_VERSION
    return upgraded


def added_keys(data: Mapping[str, Any], cls: type = Catalogue) -> list[tuple[str, str, str]]:
    """What `upgrade` adds to an older document: (path of a mapping, key, value) for each.

    An upgrade that changes a document only by adding keys can be made to its
    text in place, keeping comments and layout (`gloact upgrade` does): these are
    the keys to add. Empty for a document in today's version.
    """
    version = document_version(data)
    added: list[tuple[str, str, str]] = []
    if version < 2:
        added += [(path, "role", "partner") for path, _ in _partners_without_role(data, cls)]
    return added


# Version 1 to 2 ---------------------------------------------------------------


def _v1_to_v2(data: dict[str, Any], cls: type) -> dict[str, Any]:
    """A partner with no role was a partner; version 2 reads no role as "not stated".

    So a version 1 partner without a role is given the role it had, ``partner``,
    explicitly. Everything else that version 2 added is optional, and every
    version 1 value means the same in version 2.
    """
    found = list(_partners_without_role(data, cls))
    if not found:
        return data
    for path, partner in found:
        _replace(data, path, {**partner, "role": "partner"})
    return data


def _programmes(data: Mapping[str, Any], cls: type) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """Each programme in a document of `cls`, with its path, as far as the data is well formed."""
    if cls is Programme:
        yield "", data
    elif cls is Catalogue and isinstance(programmes := data.get("programmes"), list):
        for index, programme in enumerate(programmes):
            if isinstance(programme, Mapping):
                yield f"programmes[{index}]", programme


def _partners_without_role(
    data: Mapping[str, Any], cls: type
) -> Iterator[tuple[str, Mapping[str, Any]]]:
    for path, programme in _programmes(data, cls):
        partners = programme.get("partners")
        if not isinstance(partners, list):
            continue  # not well formed: the reader says so at its path
        prefix = f"{path}." if path else ""
        for index, partner in enumerate(partners):
            if isinstance(partner, Mapping) and "role" not in partner:
                yield f"{prefix}partners[{index}]", partner


def _replace(data: dict[str, Any], path: str, value: object) -> None:
    """Put `value` at `path` in `data`, copying each list and mapping on the way (no sharing)."""
    parts: list[str | int] = []
    for piece in path.replace("]", "").replace("[", ".").split("."):
        if piece:
            parts.append(int(piece) if piece.isdigit() else piece)
    node: Any = data
    for depth, part in enumerate(parts):
        if depth == len(parts) - 1:
            node[part] = value
            return
        child = node[part]
        child = list(child) if isinstance(child, list) else dict(child)
        node[part] = child
        node = child


_STEPS: dict[int, UpgradeStep] = {1: _v1_to_v2}
"""The step from each version to the next."""
