"""A collection of records that point at each other by id."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from gloact_model.errors import DuplicateIdError, RecordNotFoundError
from gloact_model.model._checks import Checked
from gloact_model.model.actors import Organisation, Person
from gloact_model.model.country import Country
from gloact_model.model.event import Event, EventSeries, Session
from gloact_model.model.programme import Programme
from gloact_model.model.relations import references_in
from gloact_model.model.source import Source
from gloact_model.model.vocabulary import EventRole, ProgrammePart
from gloact_model.model.wording import (
    article,
    block,
    count,
    definitions,
    heading,
    number,
    place,
    plural,
    table,
)

if TYPE_CHECKING:
    from gloact_model.rules import ValidationReport

__all__ = ["COLLECTIONS", "Catalogue", "Collection", "Record", "collection_of"]

Record = Organisation | Person | Programme | EventSeries | Event | Source
"""Any record that a catalogue holds in one of its collections."""

R = TypeVar("R", Organisation, Person, Programme, EventSeries, Event, Source)

_HOLDS = "gloact_model.holds"

CATALOGUE_ROWS = 10
"""How many programmes, and how many events, a catalogue's display lists."""


@attrs.frozen(kw_only=True)
class Collection:
    """One of a catalogue's collections: its key, the class of its records, and their name.

    Declared once, on the `Catalogue` field that holds the collection, and read
    from `COLLECTIONS` by everything that goes through a catalogue collection by
    collection: look-ups, counting, validation, displays and the command line.
    """

    name: str
    """The `Catalogue` field and the document key: ``"event_series"``."""
    record: type[Record]
    singular: str
    """What one record is called in messages and summaries: ``"event series"``."""

    @property
    def plural(self) -> str:
        """What several are called: ``"people"``, ``"event series"``."""
        return plural(self.singular)


def _holds(record: type[Record], singular: str) -> Any:
    """A `Catalogue` field that holds a collection of `record`s (a tuple, empty by default)."""
    return attrs.field(default=(), metadata={_HOLDS: (record, singular)})


@attrs.frozen(kw_only=True)
class Catalogue(Checked):
    """All the records of one body of work, held together so that ids resolve.

    A catalogue is immutable like every record: `with_added` and `with_replaced`
    return a new one, so a notebook builds it step by step:

        catalogue = Catalogue().with_added(unodc, glo_act)

    Construction checks each record but not how they fit together: a catalogue
    may hold a reference to a record it does not (yet) have, so that it can be
    built in any order. `validate` checks how the records fit, before a
    catalogue is published. Look-ups by id raise `RecordNotFoundError` for an id
    that is not there.
    """

    organisations: tuple[Organisation, ...] = _holds(Organisation, "organisation")
    people: tuple[Person, ...] = _holds(Person, "person")
    programmes: tuple[Programme, ...] = _holds(Programme, "programme")
    event_series: tuple[EventSeries, ...] = _holds(EventSeries, "event series")
    events: tuple[Event, ...] = _holds(Event, "event")
    sources: tuple[Source, ...] = _holds(Source, "source")

    @classmethod
    def from_records(cls, records: Iterable[Record]) -> Catalogue:
        """A catalogue of these records, each put in the collection for its class."""
        return cls().with_added(*records)

    def __iter__(self) -> Iterator[Record]:
        """Every record, collection by collection."""
        for collection in COLLECTIONS:
            yield from getattr(self, collection.name)

    def __len__(self) -> int:
        return sum(len(getattr(self, collection.name)) for collection in COLLECTIONS)

    def validate(self) -> ValidationReport:
        """Check how the records fit together, and report every issue found.

        Runs every rule of `gloact_model.rules.RULES`: ids unique, references
        resolving to records of the right kind, dates of sessions, events and
        programmes that fit, budgets and counts that add up. Never raises for
        what it finds; call `raise_for_errors()` on the report for that.
        """
        # The rules layer builds on the model, so it is imported when first needed.
        from gloact_model.rules import validate  # noqa: PLC0415

        return validate(self)

    def _repr_html_(self) -> str:
        """How Jupyter shows the catalogue: counts per collection, its programmes and events."""
        counts = definitions(
            (collection.plural, number(len(getattr(self, collection.name))))
            for collection in COLLECTIONS
        )
        parts = [counts]
        if self.programmes:
            parts += [
                heading("Programmes", len(self.programmes)),
                table(
                    ("id", "name", "acronym", "period", "countries"),
                    [
                        (
                            p.id,
                            p.name,
                            p.acronym,
                            None if p.period is None else p.period.describe(),
                            len(p.countries) or None,
                        )
                        for p in self.programmes[:CATALOGUE_ROWS]
                    ],
                    total=len(self.programmes),
                    what="programmes",
                ),
            ]
        if self.events:
            parts += [
                heading("Events", len(self.events)),
                table(
                    ("id", "name", "kind", "status", "period", "location"),
                    [
                        (
                            e.id,
                            e.name,
                            e.kind,
                            e.status,
                            _when(e),
                            None if e.location is None else place(e.location),
                        )
                        for e in self.events[:CATALOGUE_ROWS]
                    ],
                    total=len(self.events),
                    what="events",
                ),
            ]
        size = len(self)
        title = count(size, "record") if size else "no records"
        return block("Catalogue", title, *parts).markup

    # Building -------------------------------------------------------------

    def with_added(self, *records: Record) -> Catalogue:
        """A new catalogue that also holds `records`.

        Raises `DuplicateIdError` if one has the id of a record of its class that
        the catalogue (or the same call) already holds; use `with_replaced` to change
        a record. Costs time in proportion to the records held and added, however
        many are added at once: add many in one call (or with `from_records`).
        """
        grown: dict[str, tuple[list[Record], set[str]]] = {}
        for record in records:
            name = collection_of(record).name
            found = grown.get(name)
            if found is None:
                held: tuple[Record, ...] = getattr(self, name)
                found = grown[name] = (list(held), {r.id for r in held})
            collection, ids = found
            if record.id in ids:
                raise DuplicateIdError(
                    f"the catalogue already holds {article(type(record).__name__)} "
                    f"with id {record.id!r}"
                )
            ids.add(record.id)
            collection.append(record)
        changes: dict[str, Any] = {name: tuple(rs) for name, (rs, _) in grown.items()}
        return attrs.evolve(self, **changes)

    def with_replaced(self, *records: Record) -> Catalogue:
        """A new catalogue in which each of `records` takes the place of the one with its id.

        Raises `RecordNotFoundError` for a record whose id the catalogue does not hold.
        """
        changed: dict[str, tuple[list[Record], dict[str, int]]] = {}
        for record in records:
            name = collection_of(record).name
            found = changed.get(name)
            if found is None:
                held: tuple[Record, ...] = getattr(self, name)
                # Where an id repeats (construction does not refuse it), the first is replaced.
                places = {r.id: index for index, r in reversed(list(enumerate(held)))}
                found = changed[name] = (list(held), places)
            collection, places = found
            index = places.get(record.id)
            if index is None:
                raise RecordNotFoundError(
                    f"the catalogue holds no {type(record).__name__} with id {record.id!r}"
                )
            collection[index] = record
        changes: dict[str, Any] = {name: tuple(rs) for name, (rs, _) in changed.items()}
        return attrs.evolve(self, **changes)

    def without(self, *records: Record) -> Catalogue:
        """A new catalogue without the records of these classes and ids.

        References to them from other records are left as they are.
        """
        drop: dict[str, set[str]] = {}
        held_ids: dict[str, set[str]] = {}
        for record in records:
            name = collection_of(record).name
            ids = held_ids.get(name)
            if ids is None:
                ids = held_ids[name] = {r.id for r in getattr(self, name)}
            if record.id not in ids:
                raise RecordNotFoundError(
                    f"the catalogue holds no {type(record).__name__} with id {record.id!r}"
                )
            drop.setdefault(name, set()).add(record.id)
        changes: dict[str, Any] = {
            name: tuple(r for r in getattr(self, name) if r.id not in ids)
            for name, ids in drop.items()
        }
        return attrs.evolve(self, **changes)

    # Look-ups by id --------------------------------------------------------

    def organisation(self, organisation_id: str) -> Organisation:
        """The organisation with this id."""
        return self._get(Organisation, organisation_id)

    def person(self, person_id: str) -> Person:
        """The person with this id."""
        return self._get(Person, person_id)

    def programme(self, programme_id: str) -> Programme:
        """The programme with this id."""
        return self._get(Programme, programme_id)

    def series(self, series_id: str) -> EventSeries:
        """The event series with this id."""
        return self._get(EventSeries, series_id)

    def event(self, event_id: str) -> Event:
        """The event with this id."""
        return self._get(Event, event_id)

    def source(self, source_id: str) -> Source:
        """The source with this id."""
        return self._get(Source, source_id)

    @functools.cached_property
    def _by_id(self) -> dict[type, dict[str, Record]]:
        # Computed on the first look-up and kept with this (immutable) catalogue.
        # Where ids repeat (construction does not refuse it), the first record wins.
        return {
            collection.record: {r.id: r for r in reversed(getattr(self, collection.name))}
            for collection in COLLECTIONS
        }

    def _get(self, cls: type[R], record_id: str) -> R:
        found = self._by_id[cls].get(record_id)
        if found is None:
            raise RecordNotFoundError(
                f"the catalogue holds no {cls.__name__} with id {record_id!r}"
            )
        assert isinstance(found, cls)
        return found

    # Look-ups by relation --------------------------------------------------

    def events_of_programme(
        self, programme_id: str, *, part: ProgrammePart | None = None
    ) -> tuple[Event, ...]:
        """The events that a programme ran or contributed to (or only those of `part`)."""
        return tuple(
            event
            for event in self.events
            if any(
                p.programme_id == programme_id and (part is None or p.part == part)
                for p in event.programmes
            )
        )

    def events_of_organisation(
        self, organisation_id: str, *, role: EventRole | None = None
    ) -> tuple[Event, ...]:
        """The events at which an organisation had a role (or the given role)."""
        return tuple(
            event for event in self.events if organisation_id in event.organisation_ids(role)
        )

    def events_in_series(self, series_id: str) -> tuple[Event, ...]:
        """The events of a series, in the order of their numbers (unnumbered ones last)."""
        members = [event for event in self.events if event.series_id == series_id]
        return tuple(sorted(members, key=lambda e: (e.number is None, e.number or 0)))

    def events_in_country(self, country: Country) -> tuple[Event, ...]:
        """The events that took place in a country."""
        return tuple(
            event
            for event in self.events
            if event.location is not None and event.location.country == country
        )

    def sub_events_of(self, event_id: str) -> tuple[Event, ...]:
        """The side events and sub-events whose parent is this event."""
        return tuple(event for event in self.events if event.parent_id == event_id)

    def sessions_of_speaker(self, person_id: str) -> tuple[tuple[Event, Session], ...]:
        """Each session at which a person spoke, with its event."""
        return tuple(
            (event, session)
            for event in self.events
            for session in event.sessions
            if person_id in session.speaker_ids
        )

    def units_of(self, organisation_id: str) -> tuple[Organisation, ...]:
        """The organisations whose parent is this one (its departments, units, offices)."""
        return tuple(o for o in self.organisations if o.parent_id == organisation_id)

    def phases_of(self, programme_id: str) -> tuple[Programme, ...]:
        """The programmes whose parent is this one (its phases and sub-programmes)."""
        return tuple(p for p in self.programmes if p.parent_id == programme_id)

    def people_of(self, organisation_id: str) -> tuple[Person, ...]:
        """The people affiliated with an organisation."""
        return tuple(p for p in self.people if p.affiliation_id == organisation_id)

    def programmes_of_organisation(self, organisation_id: str) -> tuple[Programme, ...]:
        """The programmes that an organisation funds or implements."""
        return tuple(
            p
            for p in self.programmes
            if any(f.organisation_id == organisation_id for f in p.funders)
            or any(i.organisation_id == organisation_id for i in p.partners)
        )

    def citing(self, source_id: str) -> tuple[Record, ...]:
        """The records that cite a source, themselves or in a part (a session of an event)."""
        return tuple(
            record
            for record in self
            if any(
                ref.collection == "sources" and ref.id == source_id for ref in references_in(record)
            )
        )


COLLECTIONS: tuple[Collection, ...] = tuple(
    Collection(name=field.name, record=record, singular=singular)
    for field in attrs.fields(Catalogue)
    for record, singular in [field.metadata[_HOLDS]]
)
"""The catalogue's collections, in the order of its fields and of its documents."""

_BY_RECORD: dict[type, Collection] = {collection.record: collection for collection in COLLECTIONS}


def collection_of(record: Record | type[Record]) -> Collection:
    """The collection that holds records of this class (or of this record's class).

    Raises `TypeError` for anything that no collection holds.
    """
    cls = record if isinstance(record, type) else type(record)
    try:
        return _BY_RECORD[cls]
    except KeyError:
        kinds = ", ".join(collection.record.__name__ for collection in COLLECTIONS)
        raise TypeError(f"a catalogue holds {kinds}; not {cls.__name__}") from None


def _when(event: Event) -> str | None:
    """An event's dates as the display shows them, with its length: a start unknown is said."""
    days = None if event.duration_days is None else count(event.duration_days, "day")
    if event.period is None:
        return days
    when = event.period.describe()
    return when if days is None else f"{when} ({days})"
