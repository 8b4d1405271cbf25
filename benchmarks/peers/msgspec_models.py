"""The gloact document as msgspec structs: frozen, strict, unknown fields forbidden.

One struct per gloact class, with the same field names, order and defaults, so
that ``msgspec.json.decode(data, type=Catalogue)`` reads the documents that
`gloact_model.dumps` writes and ``msgspec.json.encode`` gives the same data
back (compact, where gloact indents). Vocabularies are gloact's own `StrEnum`
classes. Ids, dates, codes and counts are constrained types that msgspec
checks in C; the rules that span fields run in ``__post_init__``, in Python.
The peers' differences from gloact are listed in ``docs/performance.md``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Literal

import msgspec

from benchmarks.peers._shared import (
    CLOCK_PATTERN,
    COUNTRY_CODES,
    CURRENCY_CODES,
    DATE_PATTERN,
    ID_MAX,
    ID_PATTERN,
    MAX_COUNT,
    counts_problem,
    period_problem,
    times_problem,
    whole,
)
from gloact_model import (
    AttendanceMode,
    CountQualifier,
    EventKind,
    EventRole,
    EventStatus,
    OrganisationKind,
    PartnerRole,
    Pillar,
    ProgrammePart,
    SessionKind,
    SourceKind,
    Theme,
)

__all__ = [
    "Catalogue",
    "Event",
    "EventOrganisation",
    "EventProgramme",
    "EventSeries",
    "Funder",
    "ImplementingPartner",
    "Location",
    "Money",
    "Organisation",
    "Participation",
    "Period",
    "Person",
    "Programme",
    "Session",
    "Source",
]

Id = Annotated[str, msgspec.Meta(pattern=whole(ID_PATTERN, engine="python"), max_length=ID_MAX)]
DateText = Annotated[str, msgspec.Meta(pattern=whole(DATE_PATTERN, engine="python"))]
Clock = Annotated[str, msgspec.Meta(pattern=whole(CLOCK_PATTERN, engine="python"))]
Count = Annotated[int, msgspec.Meta(ge=0, le=MAX_COUNT)]

if TYPE_CHECKING:
    CountryCode = str
    CurrencyCode = str
else:
    # Literal types of a few hundred strings: msgspec checks them with a hash look-up.
    CountryCode = Literal[COUNTRY_CODES]
    CurrencyCode = Literal[CURRENCY_CODES]

_MAX_INTEGER_DIGITS = 18
_MAX_FRACTION_DIGITS = 6


class _Record(
    msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True, omit_defaults=True
):
    """Options for every struct; type checkers need `frozen` repeated on each subclass."""


class Money(_Record, frozen=True):
    """An amount and its ISO 4217 currency.

    msgspec reads a `Decimal` from text or from any JSON number, a float
    included, and has no constraints for it: range and digits are checked here.
    """

    amount: Decimal
    currency: CurrencyCode

    def __post_init__(self) -> None:
        if not self.amount.is_finite() or self.amount < 0:
            raise ValueError(f"an amount must be a finite number, not negative: {self.amount}")
        _sign, digits, exponent = self.amount.as_tuple()
        assert isinstance(exponent, int)
        if len(digits) + exponent > _MAX_INTEGER_DIGITS or -exponent > _MAX_FRACTION_DIGITS:
            raise ValueError(f"an amount has too many digits: {self.amount}")


class Period(_Record, frozen=True):
    """From a start to an end, each a partial date, either open."""

    start: DateText | None = None
    end: DateText | None = None

    def __post_init__(self) -> None:
        if problem := period_problem(self.start, self.end):
            raise ValueError(problem)


class Organisation(_Record, frozen=True):
    """Any body that acts in the field, or a unit inside one."""

    id: Id
    name: str
    acronym: str | None = None
    other_names: tuple[str, ...] = ()
    kind: OrganisationKind | None = None
    parent_id: Id | None = None
    seat_country: CountryCode | None = None
    iati_identifier: str | None = None
    url: str | None = None
    description: str | None = None
    source_ids: tuple[Id, ...] = ()


class Person(_Record, frozen=True):
    """A named speaker or official."""

    id: Id
    name: str
    honorific: str | None = None
    position: str | None = None
    affiliation_id: Id | None = None
    programme_id: Id | None = None
    source_ids: tuple[Id, ...] = ()


class Funder(_Record, frozen=True):
    """An organisation's funding of a programme."""

    organisation_id: Id
    contribution: Money | None = None


class ImplementingPartner(_Record, frozen=True):
    """An organisation's part in carrying a programme out."""

    organisation_id: Id
    role: PartnerRole = PartnerRole.PARTNER


class Programme(_Record, frozen=True):
    """A funded programme, a phase of one, or a sub-programme."""

    id: Id
    name: str
    acronym: str | None = None
    description: str | None = None
    period: Period | None = None
    budget: Money | None = None
    funders: tuple[Funder, ...] = ()
    partners: tuple[ImplementingPartner, ...] = ()
    countries: tuple[CountryCode, ...] = ()
    themes: tuple[Theme, ...] = ()
    pillars: tuple[Pillar, ...] = ()
    parent_id: Id | None = None
    source_ids: tuple[Id, ...] = ()


class Location(_Record, frozen=True):
    """Where an event took place."""

    country: CountryCode | None = None
    city: str | None = None
    venue: str | None = None


class Participation(_Record, frozen=True):
    """Who attended, with counts that add up when they are exact."""

    total: Count | None = None
    women: Count | None = None
    men: Count | None = None
    qualifier: CountQualifier = CountQualifier.EXACT
    countries: tuple[CountryCode, ...] = ()
    organisation_ids: tuple[Id, ...] = ()
    person_ids: tuple[Id, ...] = ()
    description: str | None = None

    def __post_init__(self) -> None:
        exact = self.qualifier is CountQualifier.EXACT
        if problem := counts_problem(self.total, self.women, self.men, exact=exact):
            raise ValueError(problem)


class Session(_Record, frozen=True):
    """A part of an event."""

    id: Id
    kind: SessionKind
    title: str | None = None
    period: Period | None = None
    start_time: Clock | None = None
    end_time: Clock | None = None
    speaker_ids: tuple[Id, ...] = ()
    organisation_ids: tuple[Id, ...] = ()
    topics: tuple[str, ...] = ()
    description: str | None = None
    participation: Participation | None = None
    source_ids: tuple[Id, ...] = ()

    def __post_init__(self) -> None:
        if problem := times_problem(self.start_time, self.end_time):
            raise ValueError(problem)


class EventOrganisation(_Record, frozen=True):
    """An organisation's role at an event."""

    organisation_id: Id
    role: EventRole


class EventProgramme(_Record, frozen=True):
    """A programme's part in an event."""

    programme_id: Id
    part: ProgrammePart = ProgrammePart.RUN_UNDER


class EventSeries(_Record, frozen=True):
    """A recurring series of events."""

    id: Id
    name: str
    description: str | None = None
    programme_id: Id | None = None
    source_ids: tuple[Id, ...] = ()


class Event(_Record, frozen=True):
    """Something that happened, or is planned, on dates at a place."""

    id: Id
    name: str
    kind: EventKind
    status: EventStatus = EventStatus.HELD
    series_id: Id | None = None
    number: Annotated[int, msgspec.Meta(ge=1, le=1_000_000)] | None = None
    period: Period | None = None
    duration_days: Annotated[int, msgspec.Meta(ge=1, le=36_600)] | None = None
    location: Location | None = None
    attendance_mode: AttendanceMode | None = None
    organisations: tuple[EventOrganisation, ...] = ()
    programmes: tuple[EventProgramme, ...] = ()
    participation: Participation | None = None
    sessions: tuple[Session, ...] = ()
    parent_id: Id | None = None
    description: str | None = None
    source_ids: tuple[Id, ...] = ()


class Source(_Record, frozen=True):
    """A document that records cite for their facts."""

    id: Id
    kind: SourceKind
    title: str
    url: str | None = None
    publisher_id: Id | None = None
    published: DateText | None = None
    description: str | None = None


class Catalogue(_Record, frozen=True):
    """A whole exchange document: its version, then every collection."""

    schema_version: Literal[1]
    organisations: tuple[Organisation, ...] = ()
    people: tuple[Person, ...] = ()
    programmes: tuple[Programme, ...] = ()
    event_series: tuple[EventSeries, ...] = ()
    events: tuple[Event, ...] = ()
    sources: tuple[Source, ...] = ()
