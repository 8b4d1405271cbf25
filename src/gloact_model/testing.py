"""Hypothesis strategies for gloact_model records, for your own tests.

Each strategy builds valid records only: every value passes the record's own
checks. References between records (``organisation_id``, ``speaker_ids``...)
are well-formed ids but need not point at records that exist; a catalogue
built by `catalogues` is valid record by record, not necessarily consistent.

Install the extra to use it: ``pip install "gloact_model[testing]"``. Then::

    from hypothesis import given
    from gloact_model import dumps, loads, Event
    from gloact_model.testing import events

    @given(events())
    def test_my_exporter_keeps_every_event(event):
        assert loads(dumps(event), Event) == event
"""

from __future__ import annotations

import calendar
from datetime import time
from typing import TypeVar

try:
    from hypothesis import strategies as st
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError(
        "gloact_model.testing needs hypothesis: pip install 'gloact_model[testing]'"
    ) from exc

from gloact_model.model import (
    AttendanceMode,
    Catalogue,
    CountQualifier,
    Country,
    Event,
    EventKind,
    EventOrganisation,
    EventProgramme,
    EventRole,
    EventSeries,
    EventStatus,
    Funder,
    ImplementingPartner,
    Location,
    Money,
    Organisation,
    OrganisationKind,
    PartialDate,
    Participation,
    PartnerRole,
    Period,
    Person,
    Pillar,
    Programme,
    ProgrammePart,
    Session,
    SessionKind,
    Source,
    SourceKind,
    Theme,
)
from gloact_model.model._checks import is_blank
from gloact_model.model.country import _alpha2_codes
from gloact_model.model.money import _currency_codes

__all__ = [
    "catalogues",
    "countries",
    "event_organisations",
    "event_programmes",
    "event_series",
    "events",
    "funders",
    "ids",
    "implementing_partners",
    "lines",
    "locations",
    "money",
    "organisations",
    "partial_dates",
    "participations",
    "people",
    "periods",
    "programmes",
    "sessions",
    "sources",
    "texts",
    "times",
    "urls",
]

T = TypeVar("T")

# What text may hold: any character that a UTF-8 file can store and that a record
# accepts (see the model's text rules). Multi-line text may also hold tab and newline.
_LINE_CHARACTERS = st.characters(
    codec="utf-8",
    exclude_categories=("Cc", "Cs", "Zl", "Zp"),
    exclude_characters="\ufeff",
)
_TEXT_CHARACTERS = st.one_of(_LINE_CHARACTERS, st.sampled_from("\n\t"))


def ids() -> st.SearchStrategy[str]:
    """Record ids such as ``glo-act`` or ``osce.bsmu_2``."""
    # A bounded form of ID_PATTERN: short ids keep generated catalogues small.
    return st.from_regex(r"[a-z0-9]{1,10}(?:[._-][a-z0-9]{1,10}){0,3}", fullmatch=True)


def _shows_something(text: str) -> bool:
    return not is_blank(text)


def lines(max_size: int = 24) -> st.SearchStrategy[str]:
    """Single-line text, as names and titles are: not blank, not padded."""
    return (
        st.text(_LINE_CHARACTERS, min_size=1, max_size=max_size)
        .map(str.strip)
        .filter(_shows_something)
    )


def texts(max_size: int = 48) -> st.SearchStrategy[str]:
    """Free text that may span lines, as descriptions are."""
    return (
        st.text(_TEXT_CHARACTERS, min_size=1, max_size=max_size)
        .map(str.strip)
        .filter(_shows_something)
    )


def urls() -> st.SearchStrategy[str]:
    """Absolute http(s) addresses."""
    return st.builds(
        "{}://{}.org/{}".format,
        st.sampled_from(["http", "https"]),
        st.from_regex(r"[a-z]{1,12}(\.[a-z]{1,12})?", fullmatch=True),
        st.from_regex(r"[a-z0-9/_-]{0,20}", fullmatch=True),
    )


def countries() -> st.SearchStrategy[Country]:
    """Any ISO 3166-1 country."""
    return st.sampled_from(sorted(_alpha2_codes())).map(Country)


def money() -> st.SearchStrategy[Money]:
    """Amounts in any ISO 4217 currency, from zero to a trillion, to six decimal places."""
    return st.builds(
        Money,
        amount=st.decimals(
            min_value=0, max_value=10**12, places=6, allow_nan=False, allow_infinity=False
        ),
        currency=st.sampled_from(sorted(_currency_codes())),
    )


@st.composite
def partial_dates(draw: st.DrawFn) -> PartialDate:
    """Dates known to the year, the month or the day."""
    year = draw(st.integers(1, 9999))
    month = draw(st.none() | st.integers(1, 12))
    day = None
    if month is not None:
        day = draw(st.none() | st.integers(1, calendar.monthrange(year, month)[1]))
    return PartialDate(year=year, month=month, day=day)


@st.composite
def periods(draw: st.DrawFn) -> Period:
    """Periods with a start, an end or both, never ending certainly before they start."""
    start = draw(st.none() | partial_dates())
    end = draw(partial_dates() if start is None else st.none() | partial_dates())
    if start is not None and end is not None and end.certainly_before(start):
        start, end = end, start
    return Period(start=start, end=end)


def times() -> st.SearchStrategy[time]:
    """Local clock times to the second."""
    return st.times().map(lambda t: t.replace(microsecond=0))


def _optional(strategy: st.SearchStrategy[T]) -> st.SearchStrategy[T | None]:
    return st.none() | strategy


def _set_of(strategy: st.SearchStrategy[T], max_size: int = 3) -> st.SearchStrategy[tuple[T, ...]]:
    return st.lists(strategy, unique=True, max_size=max_size).map(tuple)


def _id_refs(max_size: int = 2) -> st.SearchStrategy[tuple[str, ...]]:
    return _set_of(ids(), max_size)


def _own_and_parent_ids() -> st.SearchStrategy[tuple[str, str | None]]:
    """A record's id, and perhaps the id of its parent, which is never its own."""
    return st.tuples(ids(), _optional(ids())).filter(lambda pair: pair[0] != pair[1])


def organisations() -> st.SearchStrategy[Organisation]:
    """Organisations of any kind, some of them units of another."""
    return _own_and_parent_ids().flatmap(
        lambda pair: _organisations(own_id=pair[0], parent_id=pair[1])
    )


def _organisations(own_id: str, parent_id: str | None) -> st.SearchStrategy[Organisation]:
    return st.builds(
        Organisation,
        id=st.just(own_id),
        name=lines(),
        acronym=_optional(lines(12)),
        other_names=_set_of(lines(), 2),
        kind=_optional(st.sampled_from(OrganisationKind)),
        parent_id=st.just(parent_id),
        seat_country=_optional(countries()),
        iati_identifier=_optional(st.from_regex(r"[A-Z]{2}-[A-Z0-9-]{1,12}", fullmatch=True)),
        url=_optional(urls()),
        description=_optional(texts()),
        source_ids=_id_refs(),
    )


def people() -> st.SearchStrategy[Person]:
    """Named people with their public roles."""
    return st.builds(
        Person,
        id=ids(),
        name=lines(),
        honorific=_optional(lines(16)),
        position=_optional(lines()),
        affiliation_id=_optional(ids()),
        programme_id=_optional(ids()),
        source_ids=_id_refs(),
    )


def sources() -> st.SearchStrategy[Source]:
    """Press releases, reports and pages."""
    return st.builds(
        Source,
        id=ids(),
        kind=st.sampled_from(SourceKind),
        title=lines(),
        url=_optional(urls()),
        publisher_id=_optional(ids()),
        published=_optional(partial_dates()),
        description=_optional(texts()),
    )


def funders() -> st.SearchStrategy[Funder]:
    """An organisation's funding, with or without a known contribution."""
    return st.builds(Funder, organisation_id=ids(), contribution=_optional(money()))


def implementing_partners() -> st.SearchStrategy[ImplementingPartner]:
    """An organisation's part in implementing a programme."""
    return st.builds(ImplementingPartner, organisation_id=ids(), role=st.sampled_from(PartnerRole))


def programmes() -> st.SearchStrategy[Programme]:
    """Programmes with their funders, partners, countries, themes and pillars."""
    return _own_and_parent_ids().flatmap(
        lambda pair: _programmes(own_id=pair[0], parent_id=pair[1])
    )


def _programmes(own_id: str, parent_id: str | None) -> st.SearchStrategy[Programme]:
    return st.builds(
        Programme,
        id=st.just(own_id),
        name=lines(),
        acronym=_optional(lines(12)),
        description=_optional(texts()),
        period=_optional(periods()),
        budget=_optional(money()),
        funders=st.lists(funders(), max_size=3, unique_by=lambda f: f.organisation_id).map(tuple),
        partners=st.lists(
            implementing_partners(), max_size=3, unique_by=lambda p: p.organisation_id
        ).map(tuple),
        countries=_set_of(countries(), 4),
        themes=_set_of(st.sampled_from(Theme)),
        pillars=_set_of(st.sampled_from(Pillar), 4),
        parent_id=st.just(parent_id),
        source_ids=_id_refs(),
    )


@st.composite
def locations(draw: st.DrawFn) -> Location:
    """Places given by country, city or venue, or any of them together."""
    country = draw(_optional(countries()))
    city = draw(_optional(lines()))
    venue = draw(_optional(lines()))
    if country is None and city is None and venue is None:
        country = draw(countries())
    return Location(country=country, city=city, venue=venue)


@st.composite
def participations(draw: st.DrawFn) -> Participation:
    """Head counts of any precision, with the countries and bodies represented."""
    qualifier = draw(st.sampled_from(CountQualifier))
    countries_ = draw(_set_of(countries(), 4))
    organisation_ids = draw(_id_refs())
    person_ids = draw(_id_refs())
    description = draw(_optional(texts()))
    described = bool(countries_ or organisation_ids or person_ids or description)
    # A participation must say something: without lists, it has a total.
    total = draw(_optional(st.integers(0, 100_000)) if described else st.integers(0, 100_000))
    limit = total if total is not None and qualifier is CountQualifier.EXACT else 100_000
    women = draw(_optional(st.integers(0, limit)))
    men = draw(_optional(st.integers(0, limit - (women or 0))))
    return Participation(
        total=total,
        women=women,
        men=men,
        qualifier=qualifier,
        countries=countries_,
        organisation_ids=organisation_ids,
        person_ids=person_ids,
        description=description,
    )


@st.composite
def sessions(draw: st.DrawFn, session_id: st.SearchStrategy[str] | None = None) -> Session:
    """Sessions with or without dates, times, speakers and topics."""
    start_time, end_time = draw(_optional(times())), draw(_optional(times()))
    if start_time is not None and end_time is not None and end_time < start_time:
        start_time, end_time = end_time, start_time
    return Session(
        id=draw(ids() if session_id is None else session_id),
        kind=draw(st.sampled_from(SessionKind)),
        title=draw(_optional(lines())),
        period=draw(_optional(periods())),
        start_time=start_time,
        end_time=end_time,
        speaker_ids=draw(_id_refs()),
        organisation_ids=draw(_id_refs()),
        topics=draw(_set_of(lines(), 3)),
        description=draw(_optional(texts())),
        participation=draw(_optional(participations())),
        source_ids=draw(_id_refs()),
    )


def event_organisations() -> st.SearchStrategy[EventOrganisation]:
    """An organisation in a role at an event."""
    return st.builds(EventOrganisation, organisation_id=ids(), role=st.sampled_from(EventRole))


def event_programmes() -> st.SearchStrategy[EventProgramme]:
    """A programme's part in an event."""
    return st.builds(EventProgramme, programme_id=ids(), part=st.sampled_from(ProgrammePart))


def event_series() -> st.SearchStrategy[EventSeries]:
    """Recurring series of events."""
    return st.builds(
        EventSeries,
        id=ids(),
        name=lines(),
        description=_optional(texts()),
        programme_id=_optional(ids()),
        source_ids=_id_refs(),
    )


@st.composite
def events(draw: st.DrawFn, max_sessions: int = 3) -> Event:
    """Events of every kind, with sessions whose ids are unique within the event."""
    event_id = draw(ids())
    series_id = draw(_optional(ids()))
    period = draw(_optional(periods()))
    duration = None
    if period is not None and period.start is not None and period.end is not None:
        longest = min((period.end.latest - period.start.earliest).days + 1, 36_600)
        shortest = max(1, (period.end.earliest - period.start.latest).days + 1)
        if shortest <= longest:
            duration = draw(_optional(st.integers(shortest, longest)))
    session_ids = draw(st.lists(ids(), unique=True, max_size=max_sessions))
    parent_id = draw(_optional(ids().filter(lambda i: i != event_id)))
    return Event(
        id=event_id,
        name=draw(lines()),
        kind=draw(st.sampled_from(EventKind)),
        status=draw(st.sampled_from(EventStatus)),
        series_id=series_id,
        number=None if series_id is None else draw(_optional(st.integers(1, 500))),
        period=period,
        duration_days=duration,
        location=draw(_optional(locations())),
        attendance_mode=draw(_optional(st.sampled_from(AttendanceMode))),
        organisations=draw(
            st.lists(
                event_organisations(),
                max_size=3,
                unique_by=lambda o: (o.organisation_id, o.role),
            ).map(tuple)
        ),
        programmes=draw(
            st.lists(event_programmes(), max_size=2, unique_by=lambda p: p.programme_id).map(tuple)
        ),
        participation=draw(_optional(participations())),
        sessions=tuple(draw(sessions(st.just(sid))) for sid in session_ids),
        parent_id=parent_id,
        description=draw(_optional(texts())),
        source_ids=draw(_id_refs()),
    )


def catalogues(max_records: int = 2) -> st.SearchStrategy[Catalogue]:
    """Catalogues with a few records of each kind, valid record by record."""

    def some(strategy: st.SearchStrategy[T]) -> st.SearchStrategy[tuple[T, ...]]:
        return st.lists(strategy, max_size=max_records).map(tuple)

    return st.builds(
        Catalogue,
        organisations=some(organisations()),
        people=some(people()),
        programmes=some(programmes()),
        event_series=some(event_series()),
        events=some(events(max_sessions=2)),
        sources=some(sources()),
    )
