"""Hypothesis strategies for gloact_model records, for your own tests.

Each strategy builds valid records only: every value passes the record's own
checks. References between records (``organisation_id``, ``speaker_ids``...)
are well-formed ids but need not point at records that exist; a catalogue
built by `catalogues` is valid record by record, not necessarily consistent.
One built by `consistent_catalogues` is consistent as well: its records fit
together, so that `Catalogue.validate` finds nothing.

Install the extra to use it: ``pip install "gloact_model[testing]"``. Then:

    from hypothesis import given
    from gloact_model import dumps, loads, Event
    from gloact_model.testing import events

    @given(events())
    def test_my_exporter_keeps_every_event(event):
        assert loads(dumps(event), Event) == event
"""

from __future__ import annotations

import calendar
import functools
import itertools
from collections.abc import Callable, Sequence
from datetime import date, time
from decimal import Decimal
from typing import Any, NamedTuple, ParamSpec, TypeVar, cast

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
    "consistent_catalogues",
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
P = ParamSpec("P")


def _shared(factory: Callable[P, st.SearchStrategy[T]]) -> Callable[P, st.SearchStrategy[T]]:
    """Build each strategy once, and hand out that one ever after.

    A strategy never changes, and hypothesis checks every new one before its
    first draw; a catalogue's builders ask for hundreds, which adds up.
    """
    return cast(Callable[P, st.SearchStrategy[T]], functools.cache(factory))


# What text may hold: any character that a UTF-8 file can store and that a record
# accepts (see the model's text rules). Multi-line text may also hold tab and newline.
_LINE_CHARACTERS = st.characters(
    codec="utf-8",
    exclude_categories=("Cc", "Cs", "Zl", "Zp"),
    exclude_characters="\ufeff",
)
_TEXT_CHARACTERS = st.one_of(_LINE_CHARACTERS, st.sampled_from("\n\t"))

# The most people a generated head count holds: enough for any gathering.
_MOST_PEOPLE = 100_000


@_shared
def ids() -> st.SearchStrategy[str]:
    """Record ids such as ``glo-act`` or ``osce.bsmu_2``."""
    # A bounded form of ID_PATTERN: short ids keep generated catalogues small.
    return st.from_regex(r"[a-z0-9]{1,10}(?:[._-][a-z0-9]{1,10}){0,3}", fullmatch=True)


def _shows_something(text: str) -> bool:
    return not is_blank(text)


@_shared
def lines(max_size: int = 24) -> st.SearchStrategy[str]:
    """Single-line text, as names and titles are: not blank, not padded."""
    return (
        st.text(_LINE_CHARACTERS, min_size=1, max_size=max_size)
        .map(str.strip)
        .filter(_shows_something)
    )


@_shared
def texts(max_size: int = 48) -> st.SearchStrategy[str]:
    """Free text that may span lines, as descriptions are."""
    return (
        st.text(_TEXT_CHARACTERS, min_size=1, max_size=max_size)
        .map(str.strip)
        .filter(_shows_something)
    )


@_shared
def urls() -> st.SearchStrategy[str]:
    """Absolute http(s) addresses."""
    return st.builds(
        "{}://{}.org/{}".format,
        st.sampled_from(["http", "https"]),
        st.from_regex(r"[a-z]{1,12}(\.[a-z]{1,12})?", fullmatch=True),
        st.from_regex(r"[a-z0-9/_-]{0,20}", fullmatch=True),
    )


@_shared
def countries() -> st.SearchStrategy[Country]:
    """Any ISO 3166-1 country."""
    return st.sampled_from(sorted(_alpha2_codes())).map(Country)


@_shared
def money() -> st.SearchStrategy[Money]:
    """Amounts in any ISO 4217 currency, from zero to a trillion, to six decimal places."""
    return st.builds(Money, amount=_amounts(10**12), currency=_currencies())


def _amounts(most: Decimal | int) -> st.SearchStrategy[Decimal]:
    return st.decimals(min_value=0, max_value=most, places=6, allow_nan=False, allow_infinity=False)


@_shared
def _currencies() -> st.SearchStrategy[str]:
    return st.sampled_from(sorted(_currency_codes()))


@_shared
@st.composite
def partial_dates(draw: st.DrawFn) -> PartialDate:
    """Dates known to the year, the month or the day."""
    year = draw(st.integers(1, 9999))
    month = draw(st.none() | st.integers(1, 12))
    day = None
    if month is not None:
        day = draw(st.none() | st.integers(1, calendar.monthrange(year, month)[1]))
    return PartialDate(year=year, month=month, day=day)


@_shared
@st.composite
def periods(draw: st.DrawFn) -> Period:
    """Periods with a start, an end or both, never ending certainly before they start."""
    start = draw(st.none() | partial_dates())
    end = draw(partial_dates() if start is None else st.none() | partial_dates())
    if start is not None and end is not None and end.certainly_before(start):
        start, end = end, start
    return Period(start=start, end=end)


@_shared
def times() -> st.SearchStrategy[time]:
    """Local clock times to the second."""
    return st.times().map(lambda t: t.replace(microsecond=0))


def _optional(strategy: st.SearchStrategy[T]) -> st.SearchStrategy[T | None]:
    return st.none() | strategy


def _set_of(strategy: st.SearchStrategy[T], max_size: int = 3) -> st.SearchStrategy[tuple[T, ...]]:
    return st.lists(strategy, unique=True, max_size=max_size).map(tuple)


@_shared
def _id_refs(max_size: int = 2) -> st.SearchStrategy[tuple[str, ...]]:
    return _set_of(ids(), max_size)


def _own_and_parent_ids() -> st.SearchStrategy[tuple[str, str | None]]:
    """A record's id, and perhaps the id of its parent, which is never its own."""
    return st.tuples(ids(), _optional(ids())).filter(lambda pair: pair[0] != pair[1])


# Each record's builder takes strategies for the fields that catalogue rules
# weigh (its id, its links to other records, and its dates, money or counts),
# so that the public strategies can draw them freely and `consistent_catalogues`
# can draw them to fit; the builder draws the rest of what the record says.


def organisations() -> st.SearchStrategy[Organisation]:
    """Organisations of any kind, some of them units of another."""
    return _own_and_parent_ids().flatmap(
        lambda pair: _organisations(
            own_id=st.just(pair[0]), parent_id=st.just(pair[1]), source_ids=_id_refs()
        )
    )


def _organisations(
    *,
    own_id: st.SearchStrategy[str],
    parent_id: st.SearchStrategy[str | None],
    source_ids: st.SearchStrategy[tuple[str, ...]],
) -> st.SearchStrategy[Organisation]:
    return st.builds(
        Organisation,
        id=own_id,
        name=lines(),
        acronym=_optional(lines(12)),
        other_names=_set_of(lines(), 2),
        kind=_optional(st.sampled_from(OrganisationKind)),
        parent_id=parent_id,
        seat_country=_optional(countries()),
        iati_identifier=_optional(st.from_regex(r"[A-Z]{2}-[A-Z0-9-]{1,12}", fullmatch=True)),
        url=_optional(urls()),
        description=_optional(texts()),
        source_ids=source_ids,
    )


def people() -> st.SearchStrategy[Person]:
    """Named people with their public roles."""
    return _people(
        own_id=ids(),
        affiliation_id=_optional(ids()),
        programme_id=_optional(ids()),
        source_ids=_id_refs(),
    )


def _people(
    *,
    own_id: st.SearchStrategy[str],
    affiliation_id: st.SearchStrategy[str | None],
    programme_id: st.SearchStrategy[str | None],
    source_ids: st.SearchStrategy[tuple[str, ...]],
) -> st.SearchStrategy[Person]:
    return st.builds(
        Person,
        id=own_id,
        name=lines(),
        honorific=_optional(lines(16)),
        position=_optional(lines()),
        affiliation_id=affiliation_id,
        programme_id=programme_id,
        source_ids=source_ids,
    )


def sources() -> st.SearchStrategy[Source]:
    """Press releases, reports and pages."""
    return _sources(own_id=ids(), publisher_id=_optional(ids()))


def _sources(
    *, own_id: st.SearchStrategy[str], publisher_id: st.SearchStrategy[str | None]
) -> st.SearchStrategy[Source]:
    return st.builds(
        Source,
        id=own_id,
        kind=st.sampled_from(SourceKind),
        title=lines(),
        url=_optional(urls()),
        publisher_id=publisher_id,
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
        lambda pair: _programmes(
            own_id=st.just(pair[0]),
            parent_id=st.just(pair[1]),
            period=_optional(periods()),
            budget_and_funders=st.tuples(
                _optional(money()),
                st.lists(funders(), max_size=3, unique_by=lambda f: f.organisation_id).map(tuple),
            ),
            partners=st.lists(
                implementing_partners(), max_size=3, unique_by=lambda p: p.organisation_id
            ).map(tuple),
            source_ids=_id_refs(),
        )
    )


@st.composite
def _programmes(
    draw: st.DrawFn,
    *,
    own_id: st.SearchStrategy[str],
    parent_id: st.SearchStrategy[str | None],
    period: st.SearchStrategy[Period | None],
    budget_and_funders: st.SearchStrategy[tuple[Money | None, tuple[Funder, ...]]],
    partners: st.SearchStrategy[tuple[ImplementingPartner, ...]],
    source_ids: st.SearchStrategy[tuple[str, ...]],
) -> Programme:
    # A budget and its funders' contributions come together, as one rule weighs them.
    budget, funders_ = draw(budget_and_funders)
    return Programme(
        id=draw(own_id),
        name=draw(lines()),
        acronym=draw(_optional(lines(12))),
        description=draw(_optional(texts())),
        period=draw(period),
        budget=budget,
        funders=funders_,
        partners=draw(partners),
        countries=draw(_set_of(countries(), 4)),
        themes=draw(_set_of(st.sampled_from(Theme))),
        pillars=draw(_set_of(st.sampled_from(Pillar), 4)),
        parent_id=draw(parent_id),
        source_ids=draw(source_ids),
    )


@_shared
@st.composite
def locations(draw: st.DrawFn) -> Location:
    """Places given by country, city or venue, or any of them together."""
    country = draw(_optional(countries()))
    city = draw(_optional(lines()))
    venue = draw(_optional(lines()))
    if country is None and city is None and venue is None:
        country = draw(countries())
    return Location(country=country, city=city, venue=venue)


@_shared
def participations() -> st.SearchStrategy[Participation]:
    """Head counts of any precision, with the countries and bodies represented."""
    return _participations(organisation_ids=_id_refs(), person_ids=_id_refs())


@st.composite
def _participations(
    draw: st.DrawFn,
    *,
    organisation_ids: st.SearchStrategy[tuple[str, ...]],
    person_ids: st.SearchStrategy[tuple[str, ...]],
    whole: Participation | None = None,
) -> Participation:
    """A head count that never counts more than `whole` (its event, or parent event) surely held."""
    # Mostly exact, as most sources count: exact counts are the ones that rules weigh.
    qualifier = draw(st.just(CountQualifier.EXACT) | st.sampled_from(CountQualifier))
    countries_ = draw(_set_of(countries(), 4))
    organisation_ids_ = draw(organisation_ids)
    person_ids_ = draw(person_ids)
    description = draw(_optional(texts()))
    described = bool(countries_ or organisation_ids_ or person_ids_ or description)
    # An approximate count is never certainly too high, so it need not fit the whole.
    room = _room_in(None if qualifier is CountQualifier.APPROXIMATE else whole)
    # A participation must say something: without lists, it has a total.
    total = draw(_usually(st.integers(0, room.total)) if described else st.integers(0, room.total))
    limit = total if total is not None and qualifier is CountQualifier.EXACT else room.total
    women = draw(_optional(st.integers(0, min(limit, room.women))))
    men = draw(_optional(st.integers(0, min(limit - (women or 0), room.men))))
    return Participation(
        total=total,
        women=women,
        men=men,
        qualifier=qualifier,
        countries=countries_,
        organisation_ids=organisation_ids_,
        person_ids=person_ids_,
        description=description,
    )


class _Room(NamedTuple):
    """How many people, in total and of each sex, a part of a gathering may count."""

    total: int
    women: int
    men: int


def _room_in(whole: Participation | None) -> _Room:
    """The most that a part of `whole` may count: what `whole` counts exactly, or plenty."""
    if whole is None or whole.qualifier is not CountQualifier.EXACT:
        return _Room(_MOST_PEOPLE, _MOST_PEOPLE, _MOST_PEOPLE)
    total = _MOST_PEOPLE if whole.total is None else whole.total
    return _Room(
        total=total,
        women=total if whole.women is None else whole.women,
        men=total if whole.men is None else whole.men,
    )


def sessions(session_id: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[Session]:
    """Sessions with or without dates, times, speakers and topics."""
    return _sessions(
        own_id=ids() if session_id is None else session_id,
        period=_optional(periods()),
        speaker_ids=_id_refs(),
        organisation_ids=_id_refs(),
        participation=_optional(participations()),
        source_ids=_id_refs(),
    )


@st.composite
def _sessions(
    draw: st.DrawFn,
    *,
    own_id: st.SearchStrategy[str],
    period: st.SearchStrategy[Period | None],
    speaker_ids: st.SearchStrategy[tuple[str, ...]],
    organisation_ids: st.SearchStrategy[tuple[str, ...]],
    participation: st.SearchStrategy[Participation | None],
    source_ids: st.SearchStrategy[tuple[str, ...]],
) -> Session:
    start_time, end_time = draw(_optional(times())), draw(_optional(times()))
    if start_time is not None and end_time is not None and end_time < start_time:
        start_time, end_time = end_time, start_time
    return Session(
        id=draw(own_id),
        kind=draw(st.sampled_from(SessionKind)),
        title=draw(_optional(lines())),
        period=draw(period),
        start_time=start_time,
        end_time=end_time,
        speaker_ids=draw(speaker_ids),
        organisation_ids=draw(organisation_ids),
        topics=draw(_set_of(lines(), 3)),
        description=draw(_optional(texts())),
        participation=draw(participation),
        source_ids=draw(source_ids),
    )


def event_organisations() -> st.SearchStrategy[EventOrganisation]:
    """An organisation in a role at an event."""
    return _event_organisations(ids())


def _event_organisations(
    organisation_id: st.SearchStrategy[str],
) -> st.SearchStrategy[EventOrganisation]:
    return st.builds(
        EventOrganisation, organisation_id=organisation_id, role=st.sampled_from(EventRole)
    )


def event_programmes() -> st.SearchStrategy[EventProgramme]:
    """A programme's part in an event."""
    return st.builds(EventProgramme, programme_id=ids(), part=st.sampled_from(ProgrammePart))


def event_series() -> st.SearchStrategy[EventSeries]:
    """Recurring series of events."""
    return _event_series(own_id=ids(), programme_id=_optional(ids()), source_ids=_id_refs())


def _event_series(
    *,
    own_id: st.SearchStrategy[str],
    programme_id: st.SearchStrategy[str | None],
    source_ids: st.SearchStrategy[tuple[str, ...]],
) -> st.SearchStrategy[EventSeries]:
    return st.builds(
        EventSeries,
        id=own_id,
        name=lines(),
        description=_optional(texts()),
        programme_id=programme_id,
        source_ids=source_ids,
    )


@st.composite
def events(draw: st.DrawFn, max_sessions: int = 3) -> Event:
    """Events of every kind, with sessions whose ids are unique within the event."""
    event_id = draw(ids())
    series_id = draw(_optional(ids()))
    period = draw(_optional(periods()))
    session_ids = draw(st.lists(ids(), unique=True, max_size=max_sessions))
    parent_id = draw(_optional(ids().filter(lambda i: i != event_id)))
    return Event(
        id=event_id,
        series_id=series_id,
        number=None if series_id is None else draw(_optional(st.integers(1, 500))),
        period=period,
        duration_days=draw(_durations(period)),
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
        source_ids=draw(_id_refs()),
        **draw(_event_particulars()),
    )


@_shared
def _event_particulars() -> st.SearchStrategy[dict[str, Any]]:
    """What an event says about itself: the fields that no catalogue rule weighs."""
    return st.fixed_dictionaries(
        {
            "name": lines(),
            "kind": st.sampled_from(EventKind),
            "status": st.sampled_from(EventStatus),
            "location": _optional(locations()),
            "attendance_mode": _optional(st.sampled_from(AttendanceMode)),
            "description": _optional(texts()),
        }
    )


def _durations(period: Period | None) -> st.SearchStrategy[int | None]:
    """No length, or a length in days that `period` can hold."""
    if period is None or period.start is None or period.end is None:
        return st.none()
    longest = min((period.end.latest - period.start.earliest).days + 1, 36_600)
    shortest = max(1, (period.end.earliest - period.start.latest).days + 1)
    return _optional(st.integers(shortest, longest)) if shortest <= longest else st.none()


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


# Consistent catalogues ------------------------------------------------------
#
# Ids come first, so that any record can point at any other; each reference is
# then drawn from the ids of its kind. What other rules weigh is drawn to fit:
# a parent is drawn before its children (so parents never form a cycle), a
# child's dates fall where its parent's and its programmes' may, a part counts
# no more than its whole, and contributions stay within the budget, in its
# currency. Only then are the collections shuffled.


@st.composite
def consistent_catalogues(draw: st.DrawFn, max_records: int = 3) -> Catalogue:
    """Catalogues whose records fit together, so that `Catalogue.validate` finds nothing.

    Each collection holds up to `max_records` records. Every reference names
    a record of its kind that the catalogue holds, and no two records share an
    id, even across collections, so an id names one record. Units, phases,
    sub-events, series, sessions with speakers, head counts, budgets with
    contributions, and dates known to the day, month or year all occur, drawn
    to agree with each other: for tests of code that reads a whole catalogue,
    and of what breaking one does.
    """
    sizes = draw(st.lists(st.integers(0, max_records), min_size=6, max_size=6))
    all_ids = iter(draw(st.lists(ids(), unique=True, min_size=sum(sizes), max_size=sum(sizes))))
    organisation_ids, person_ids, programme_ids, series_ids, event_ids, source_ids = (
        tuple(itertools.islice(all_ids, size)) for size in sizes
    )
    era = draw(_eras())
    cited = _some_of(source_ids)

    organisations_ = [
        draw(
            _organisations(
                own_id=st.just(own_id),
                parent_id=_one_of(organisation_ids[:index]),
                source_ids=cited,
            )
        )
        for index, own_id in enumerate(organisation_ids)
    ]
    programmes_ = [
        draw(
            _programmes(
                own_id=st.just(own_id),
                parent_id=_one_of(programme_ids[:index]),
                period=_usually(_periods_within(era)),
                budget_and_funders=_budgets_and_funders(organisation_ids),
                partners=_partners_with_a_lead(organisation_ids),
                source_ids=cited,
            )
        )
        for index, own_id in enumerate(programme_ids)
    ]
    people_ = [
        draw(
            _people(
                own_id=st.just(own_id),
                affiliation_id=_one_of(organisation_ids),
                programme_id=_one_of(programme_ids),
                source_ids=cited,
            )
        )
        for own_id in person_ids
    ]
    series = [
        draw(
            _event_series(
                own_id=st.just(own_id), programme_id=_one_of(programme_ids), source_ids=cited
            )
        )
        for own_id in series_ids
    ]
    sources_ = [
        draw(_sources(own_id=st.just(own_id), publisher_id=_one_of(organisation_ids)))
        for own_id in source_ids
    ]
    links = _Links(
        era=era,
        organisation_ids=organisation_ids,
        person_ids=person_ids,
        # Only people who speak for an organisation or a programme speak at sessions.
        speaker_ids=tuple(p.id for p in people_ if p.affiliation_id or p.programme_id),
        programmes=tuple(programmes_),
        series_ids=series_ids,
        series_numbers=range(1, 2 * len(event_ids) + 2),
        source_ids=source_ids,
    )
    events_: list[Event] = []
    for own_id in event_ids:
        events_.append(draw(_fitting_events(own_id, earlier=tuple(events_), links=links)))

    # Shuffled, so that a parent may come after its children as well as before them.
    return Catalogue(
        organisations=tuple(draw(st.permutations(organisations_))),
        people=tuple(people_),
        programmes=tuple(draw(st.permutations(programmes_))),
        event_series=tuple(series),
        events=tuple(draw(st.permutations(events_))),
        sources=tuple(sources_),
    )


class _Links(NamedTuple):
    """What the events of a consistent catalogue may point at, and when they may fall."""

    era: tuple[date, date]
    organisation_ids: tuple[str, ...]
    person_ids: tuple[str, ...]
    speaker_ids: tuple[str, ...]
    programmes: tuple[Programme, ...]
    series_ids: tuple[str, ...]
    series_numbers: range
    source_ids: tuple[str, ...]


def _usually(strategy: st.SearchStrategy[T]) -> st.SearchStrategy[T | None]:
    """A value seven times in eight, else None: what rules weigh is mostly there to weigh."""
    return st.integers(0, 7).flatmap(lambda n: strategy if n else st.none())


def _one_of(pool: Sequence[str]) -> st.SearchStrategy[str | None]:
    """No reference, or one to an id of `pool`."""
    return st.none() | st.sampled_from(pool) if pool else st.none()


def _some_of(pool: Sequence[T], max_size: int = 2) -> st.SearchStrategy[tuple[T, ...]]:
    """Up to `max_size` different items of `pool`."""
    return _set_of(st.sampled_from(pool), max_size) if pool else st.just(())


@st.composite
def _eras(draw: st.DrawFn) -> tuple[date, date]:
    """The first and last days of a day, a week, months or years, anywhere in years 1 to 9999.

    A catalogue's dates fall in one era, so that they often overlap (as the
    periods of an event's programmes must) and often meet on the same day or
    month, where comparing partial dates is hardest.
    """
    first = draw(st.dates())
    days = draw(st.sampled_from([0, 6, 92, 3652]))
    last = date.fromordinal(min(first.toordinal() + days, date.max.toordinal()))
    return first, draw(st.dates(min_value=first, max_value=last))


def _window(era: tuple[date, date], bounds: Sequence[Period]) -> tuple[date, date] | None:
    """The days of `era` where a period may start and end and lie within each of `bounds`.

    None when there are none: bounds whose dates do not meet hold no period together.
    """
    low = max([era[0], *(b.start.earliest for b in bounds if b.start is not None)])
    high = min([era[1], *(b.end.latest for b in bounds if b.end is not None)])
    return (low, high) if low <= high else None


@st.composite
def _periods_within(
    draw: st.DrawFn, era: tuple[date, date], bounds: Sequence[Period] = ()
) -> Period | None:
    """A period drawn in `era` that may lie within each of `bounds`; None when none can.

    Its first and last days fall in their `_window`, so it neither starts
    before nor ends after any bound, nor starts after one ends. Giving either
    end to the month or the year only widens it, so it still may lie within;
    leaving one end open removes a constraint.
    """
    window = _window(era, bounds)
    if window is None:
        return None
    first = draw(_days(window[0], window[1]))
    last = draw(_days(first, window[1]))
    start = draw(_usually(_blurred(first)))
    end = draw(_blurred(last) if start is None else _usually(_blurred(last)))
    return Period(start=start, end=end)


def _days(first: date, last: date) -> st.SearchStrategy[date]:
    """Days from `first` to `last`, often one of those two, where dates meet exactly."""
    return st.dates(min_value=first, max_value=last) | st.sampled_from((first, last))


def _blurred(day: date) -> st.SearchStrategy[PartialDate]:
    """`day`, or its month, or its year, as a source may give it."""
    return st.sampled_from(
        [
            PartialDate.from_date(day),
            PartialDate(year=day.year, month=day.month),
            PartialDate(year=day.year),
        ]
    )


@st.composite
def _budgets_and_funders(
    draw: st.DrawFn, organisation_ids: Sequence[str]
) -> tuple[Money | None, tuple[Funder, ...]]:
    """Perhaps a budget, and funders whose contributions, in its currency, stay within it."""
    currency = draw(_currencies())
    budget = draw(_usually(_amounts(10**12)))
    left = budget
    funders_ = []
    for organisation_id in draw(_some_of(organisation_ids, 3)):
        if left is None:
            amount = draw(_optional(_amounts(10**12)))
        else:
            # Sometimes all that is left, so that contributions may add up to the budget.
            amount = draw(_usually(st.just(left) | _amounts(left)))
            left -= amount or 0
        contribution = None if amount is None else Money(amount=amount, currency=currency)
        funders_.append(Funder(organisation_id=organisation_id, contribution=contribution))
    return (
        None if budget is None else Money(amount=budget, currency=currency),
        tuple(funders_),
    )


@st.composite
def _partners_with_a_lead(
    draw: st.DrawFn, organisation_ids: Sequence[str]
) -> tuple[ImplementingPartner, ...]:
    """No partners, or partners of whom exactly one leads."""
    chosen = draw(_some_of(organisation_ids, 3))
    if not chosen:
        return ()
    lead = draw(st.sampled_from(chosen))
    return tuple(
        ImplementingPartner(
            organisation_id=organisation_id,
            role=PartnerRole.LEAD if organisation_id == lead else PartnerRole.PARTNER,
        )
        for organisation_id in chosen
    )


@st.composite
def _fitting_events(
    draw: st.DrawFn, own_id: str, *, earlier: Sequence[Event], links: _Links
) -> Event:
    """An event that fits its parent (one of `earlier`), its programmes and its series."""
    parent = draw(_optional(st.sampled_from(earlier))) if earlier else None
    bounds = [parent.period] if parent is not None and parent.period is not None else []
    under: list[Programme] = []
    for programme in draw(_some_of(links.programmes)):
        tighter = bounds if programme.period is None else [*bounds, programme.period]
        # An event lies within two programmes (or a parent) only where their dates meet.
        if _window(links.era, tighter) is not None:
            under.append(programme)
            bounds = tighter
    period = draw(_usually(_periods_within(links.era, bounds)))
    # Events join the first series more often than the others, so that a series
    # often has members enough to be out of order.
    series_id = draw(
        _usually(st.sampled_from(links.series_ids[:1]) | st.sampled_from(links.series_ids))
        if links.series_ids
        else st.none()
    )
    number = None
    if series_id is not None:
        members = [e for e in earlier if e.series_id == series_id]
        start = None if period is None else period.start
        fitting = [n for n in links.series_numbers if _fits_series(n, start, members)]
        number = draw(_usually(st.sampled_from(fitting))) if fitting else None
    participation = draw(
        _usually(
            _participations(
                organisation_ids=_some_of(links.organisation_ids),
                person_ids=_some_of(links.person_ids),
                whole=None if parent is None else parent.participation,
            )
        )
    )
    return Event(
        id=own_id,
        series_id=series_id,
        number=number,
        period=period,
        duration_days=draw(_durations(period)),
        organisations=draw(
            _set_of(_event_organisations(st.sampled_from(links.organisation_ids)))
            if links.organisation_ids
            else st.just(())
        ),
        programmes=tuple(
            EventProgramme(programme_id=p.id, part=draw(st.sampled_from(ProgrammePart)))
            for p in under
        ),
        participation=participation,
        sessions=draw(_fitting_sessions(period, participation, links)),
        parent_id=None if parent is None else parent.id,
        source_ids=draw(_some_of(links.source_ids)),
        **draw(_event_particulars()),
    )


def _fitting_sessions(
    period: Period | None, participation: Participation | None, links: _Links
) -> st.SearchStrategy[tuple[Session, ...]]:
    """Sessions with ids unique in their event, within its dates and its head count."""
    return st.lists(
        _sessions(
            own_id=ids(),
            period=_usually(_periods_within(links.era, [] if period is None else [period])),
            speaker_ids=_some_of(links.speaker_ids),
            organisation_ids=_some_of(links.organisation_ids),
            participation=_usually(
                _participations(
                    organisation_ids=_some_of(links.organisation_ids),
                    person_ids=_some_of(links.person_ids),
                    whole=participation,
                )
            ),
            source_ids=_some_of(links.source_ids),
        ),
        max_size=2,
        unique_by=lambda session: session.id,
    ).map(tuple)


def _fits_series(number: int, start: PartialDate | None, members: Sequence[Event]) -> bool:
    """Whether an event starting at `start` can take `number` and keep its series in order."""
    for member in members:
        if member.number == number:
            return False
        other = None if member.period is None else member.period.start
        if member.number is None or start is None or other is None:
            continue
        if member.number < number and start.certainly_before(other):
            return False
        if member.number > number and other.certainly_before(start):
            return False
    return True
