"""What a rule is, and what every rule may look up in the catalogue it checks."""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable, Iterator

import attrs

from gloact_model.model import Catalogue, Event, EventSeries, Programme
from gloact_model.model.catalogue import COLLECTIONS as CATALOGUE_COLLECTIONS
from gloact_model.model.relations import reference_fields
from gloact_model.rules._report import Issue, Severity

__all__ = ["COLLECTIONS", "KIND", "PARENTED", "Finding", "Index", "Rule", "rule"]

COLLECTIONS: tuple[str, ...] = tuple(collection.name for collection in CATALOGUE_COLLECTIONS)
"""The catalogue's collections, in the order of its fields and of its documents."""

KIND: dict[str, str] = {
    collection.name: collection.singular for collection in CATALOGUE_COLLECTIONS
}
"""What one record of each collection is called in messages."""

PARENTED: tuple[str, ...] = tuple(
    collection.name
    for collection in CATALOGUE_COLLECTIONS
    if any(
        field.name == "parent_id" and field.collection == collection.name
        for field in reference_fields(collection.record)
    )
)
"""The collections whose records may have a parent of their kind: units, phases, side events."""

Finding = tuple[str, str]
"""A rule's finding: the path of the value at fault, and a message for a person."""


class Index:
    """Where each id sits in the catalogue, worked out once and shared by every rule.

    Where an id repeats in a collection, the first record holds it: that is the
    one that `Catalogue` look-ups return, and the others are reported by the
    ``duplicate-id`` rule.
    """

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self._first: dict[str, dict[str, int]] = {}
        self._holders: dict[str, list[str]] = {}
        for name in COLLECTIONS:
            first: dict[str, int] = {}
            for position, record in enumerate(getattr(catalogue, name)):
                if record.id not in first:
                    first[record.id] = position
                    self._holders.setdefault(record.id, []).append(name)
            self._first[name] = first

    def holders(self, record_id: str) -> list[str]:
        """The collections that hold a record with this id, in catalogue order."""
        return self._holders.get(record_id, [])

    def first(self, collection: str, record_id: str) -> int | None:
        """The position in `collection` of the (first) record with this id."""
        return self._first[collection].get(record_id)

    def event(self, event_id: str) -> Event | None:
        """The (first) event with this id."""
        position = self._first["events"].get(event_id)
        return None if position is None else self.catalogue.events[position]

    def series(self, series_id: str) -> EventSeries | None:
        """The (first) event series with this id."""
        position = self._first["event_series"].get(series_id)
        return None if position is None else self.catalogue.event_series[position]

    def programme(self, programme_id: str) -> Programme | None:
        """The (first) programme with this id."""
        position = self._first["programmes"].get(programme_id)
        return None if position is None else self.catalogue.programmes[position]


Check = Callable[[Index], Iterable[Finding]]


@attrs.frozen(kw_only=True)
class Rule:
    """One catalogue-wide rule: a stable code, a severity, and the check itself.

    The check's docstring says why the rule exists; `docs/validation.md` shows
    it with an example, and a test keeps the two in step.
    """

    code: str
    severity: Severity
    summary: str
    """What the rule asks of a catalogue, in one sentence."""
    check: Check = attrs.field(eq=False, repr=False)

    @property
    def explanation(self) -> str:
        """Why the rule exists and when it fires: the check's docstring."""
        return inspect.getdoc(self.check) or ""

    def run(self, index: Index) -> Iterator[Issue]:
        """The issues that this rule finds in the indexed catalogue."""
        for path, message in self.check(index):
            yield Issue(code=self.code, severity=self.severity, path=path, message=message)


_CODE = re.compile(r"[a-z]+(?:-[a-z]+)*")


def rule(code: str, severity: Severity, summary: str) -> Callable[[Check], Rule]:
    """Make a check function into a `Rule` with this code, severity and summary."""
    if not _CODE.fullmatch(code):
        raise ValueError(f"a rule code is lowercase words joined by '-', not {code!r}")

    def make(check: Check) -> Rule:
        return Rule(code=code, severity=severity, summary=summary, check=check)

    return make
