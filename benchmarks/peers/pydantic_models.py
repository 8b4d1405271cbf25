"""The gloact document as pydantic v2 models: frozen, strict, unknown keys forbidden.

One model per gloact class, with the same field names, order and defaults, so
that ``Catalogue.model_validate_json`` reads the documents that
`gloact_model.dumps` writes and ``model_dump_json(exclude_defaults=True)``
gives the same data back. Vocabularies are gloact's own `StrEnum` classes.
What gloact checks, these models check as pydantic users would: constrained
types for ids, dates, codes and counts (in pydantic-core), and model
validators for the rules that span fields (in Python). The peers'
differences from gloact are listed in ``docs/performance.md``.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Literal, Self

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from benchmarks.peers._shared import (
    CLOCK_PATTERN,
    COUNTRY_CODES,
    CURRENCY_CODES,
    DATE_PATTERN,
    DECIMAL_PATTERN,
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

Id = Annotated[str, StringConstraints(pattern=whole(ID_PATTERN, engine="rust"), max_length=ID_MAX)]
DateText = Annotated[str, StringConstraints(pattern=whole(DATE_PATTERN, engine="rust"))]
Clock = Annotated[str, StringConstraints(pattern=whole(CLOCK_PATTERN, engine="rust"))]
Count = Annotated[int, Field(ge=0, le=MAX_COUNT)]

_DECIMAL = re.compile(DECIMAL_PATTERN)


def _amount(value: object) -> object:
    """Read an amount as gloact does: a whole number, or a plain decimal string, never a float."""
    if type(value) is int or (isinstance(value, str) and _DECIMAL.fullmatch(value)):
        return Decimal(value)
    raise ValueError("an amount is a decimal string such as '2500.50', or a whole number")


if TYPE_CHECKING:
    CountryCode = str
    CurrencyCode = str
else:
    # Literal types of a few hundred strings: pydantic-core checks them with a hash look-up.
    CountryCode = Literal[COUNTRY_CODES]
    CurrencyCode = Literal[CURRENCY_CODES]

Amount = Annotated[Decimal, BeforeValidator(_amount), Field(ge=0, max_digits=24, decimal_places=6)]


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)


class Money(_Record):
    """An amount and its ISO 4217 currency."""

    amount: Amount
    currency: CurrencyCode


class Period(_Record):
    """From a start to an end, each a partial date, either open."""

    start: DateText | None = None
    end: DateText | None = None

    @model_validator(mode="after")
    def _check(self) -> Self:
        if problem := period_problem(self.start, self.end):
            raise ValueError(problem)
        return self


class Organisation(_Record):
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


class Person(_Record):
    """A named speaker or official."""

    id: Id
    name: str
    honorific: str | None = None
    position: str | None = None
    affiliation_id: Id | None = None
    programme_id: Id | None = None
    source_ids: tuple[Id, ...] = ()


class Funder(_Record):
    """An organisation's funding of a programme."""

    organisation_id: Id
    contribution: Money | None = None


class ImplementingPartner(_Record):
    """An organisation's part in carrying a programme out."""

    organisation_id: Id
    role: PartnerRole = PartnerRole.PARTNER


class Programme(_Record):
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


class Location(_Record):
    """Where an event took place."""

    country: CountryCode | None = None
    city: str | None = None
    venue: str | None = None


class Participation(_Record):
    """Who attended, with counts that add up when they are exact."""

    total: Count | None = None
    women: Count | None = None
    men: Count | None = None
    qualifier: CountQualifier = CountQualifier.EXACT
    countries: tuple[CountryCode, ...] = ()
    organisation_ids: tuple[Id, ...] = ()
    person_ids: tuple[Id, ...] = ()
    description: str | None = None

    @model_validator(mode="after")
    def _check(self) -> Self:
        exact = self.qualifier is CountQualifier.EXACT
        if problem := counts_problem(self.total, self.women, self.men, exact=exact):
            raise ValueError(problem)
        return self


class Session(_Record):
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

    @model_validator(mode="after")
    def _check(self) -> Self:
        if problem := times_problem(self.start_time, self.end_time):
            raise ValueError(problem)
        return self


class EventOrganisation(_Record):
    """An organisation's role at an event."""

    organisation_id: Id
    role: EventRole


class EventProgramme(_Record):
    """A programme's part in an event."""

    programme_id: Id
    part: ProgrammePart = ProgrammePart.RUN_UNDER


class EventSeries(_Record):
    """A recurring series of events."""

    id: Id
    name: str
    description: str | None = None
    programme_id: Id | None = None
    source_ids: tuple[Id, ...] = ()


class Event(_Record):
    """Something that happened, or is planned, on dates at a place."""

    id: Id
    name: str
    kind: EventKind
    status: EventStatus = EventStatus.HELD
    series_id: Id | None = None
    number: Annotated[int, Field(ge=1, le=1_000_000)] | None = None
    period: Period | None = None
    duration_days: Annotated[int, Field(ge=1, le=36_600)] | None = None
    location: Location | None = None
    attendance_mode: AttendanceMode | None = None
    organisations: tuple[EventOrganisation, ...] = ()
    programmes: tuple[EventProgramme, ...] = ()
    participation: Participation | None = None
    sessions: tuple[Session, ...] = ()
    parent_id: Id | None = None
    description: str | None = None
    source_ids: tuple[Id, ...] = ()


class Source(_Record):
    """A document that records cite for their facts."""

    id: Id
    kind: SourceKind
    title: str
    url: str | None = None
    publisher_id: Id | None = None
    published: DateText | None = None
    description: str | None = None


class Catalogue(_Record):
    """A whole exchange document: its version, then every collection."""

    schema_version: Literal[1]
    organisations: tuple[Organisation, ...] = ()
    people: tuple[Person, ...] = ()
    programmes: tuple[Programme, ...] = ()
    event_series: tuple[EventSeries, ...] = ()
    events: tuple[Event, ...] = ()
    sources: tuple[Source, ...] = ()
