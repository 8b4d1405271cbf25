"""The strategies for single records and values, and the builders that `_catalogues` uses."""

from __future__ import annotations

import calendar
import functools
import unicodedata
from collections.abc import Callable, Mapping
from datetime import date, time
from decimal import Decimal
from typing import Any, NamedTuple, ParamSpec, TypeVar, cast

from hypothesis import strategies as st

from gloact_model.model import (
    Affiliation,
    AttendanceMode,
    Budget,
    BudgetKind,
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
    Identifier,
    IdentifierScheme,
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
    ProgrammeOrganisation,
    ProgrammePart,
    ProgrammeRole,
    ProgrammeStatus,
    Session,
    SessionKind,
    Source,
    SourceKind,
    Theme,
)
from gloact_model.model.codes import (
    COUNTRIES,
    COUNTRY_CODES,
    CURRENCIES,
    CURRENCY_CODES,
    HIDDEN_CHARACTERS,
    CountryCode,
    CurrencyCode,
    hidden_character,
    is_blank,
)

# The public strategies are listed once, in `gloact_model.testing`, which re-exports them.

T = TypeVar("T")
P = ParamSpec("P")


def _shared(factory: Callable[P, st.SearchStrategy[T]]) -> Callable[P, st.SearchStrategy[T]]:
    """Build each strategy once, and hand out that one ever after.

    A strategy never changes, and hypothesis checks every new one before its
    first draw; a catalogue's builders ask for hundreds, which adds up.
    """
    return cast(Callable[P, st.SearchStrategy[T]], functools.cache(factory))


# What text may hold: any character that a UTF-8 file can store and that a record
# accepts (see the model's text rules). Single-line text holds no character that
# hides or reorders what it shows (the joiners and variation selectors that scripts
# need come from _WORDS); multi-line text may hold those, and tab and newline.
# Hidden characters are left out by category (every format character) and by a filter
# (the rest), not listed: thousands of them would make the strategy's repr huge.
_LINE_CHARACTERS = st.characters(
    codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp", "Cf")
).filter(lambda character: character not in HIDDEN_CHARACTERS)
_TEXT_CHARACTERS = st.one_of(
    st.characters(
        codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp"), exclude_characters="\ufeff"
    ),
    st.sampled_from("\n\t"),
)

_WORDS: tuple[str, ...] = (
    # Words of real names in the scripts that records hold, with the invisible
    # characters that those scripts need where they need them.
    "UNODC",
    "GLO.ACT",
    "Oficina",
    "Naciones Unidas",
    "Polícia Federal",
    "Bộ Công an",
    "Управление ООН",  # noqa: RUF001 - Cyrillic, on purpose
    "Ηνωμένα Έθνη",
    "مكتب الأمم المتحدة",
    "سازمان\u200cهای",  # noqa: RUF001 - Persian: a zero-width non-joiner inside a word
    "می\u200cخواهم",  # noqa: RUF001 - Persian, on purpose
    "ארגון האומות המאוחדות",
    "संयुक्त राष्ट्र",
    "क्\u200dष",  # Devanagari: a joiner after the virama chooses the half form
    "ශ්\u200dරී ලංකාව",  # Sinhala: Sri Lanka, written with a joiner
    "ഇന്ത്യന്\u200d",  # Malayalam, older spelling: a joiner ends the word (a chillu)
    "ഇന്ത്യൻ",  # Malayalam, the same word with the atomic chillu
    "ಕರ್\u200dನಾಟಕ",  # Kannada: a joiner after the virama
    "กระทรวงยุติธรรม",  # Thai: no spaces, and no zero-width space, between words
    "联合国毒品和犯罪问题办公室",
    "葛\U000e0100飾区",  # an ideographic variation sequence in a Japanese place name
    "国連",
    "유엔 마약범죄사무소",
    "ምክር ቤት",
    "Cafe\u0301",  # a decomposed accent (NFD)
    "Café",
    "👩\u200d💻",  # an emoji sequence joined by a joiner
    "🏳\ufe0f\u200d🌈",
    "❤\ufe0f",  # an emoji's presentation chosen by a variation selector
    "1\ufe0f\u20e3",  # a keycap
    "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",  # Scotland's flag
)

# The most people a generated head count holds: enough for any gathering.
_MOST_PEOPLE = 100_000


@_shared
def ids() -> st.SearchStrategy[str]:
    """Record ids such as ``glo-act`` or ``osce.bsmu_2``."""
    # A bounded form of ID_PATTERN: short ids keep generated catalogues small.
    return st.from_regex(r"[a-z0-9]{1,10}(?:[._-][a-z0-9]{1,10}){0,3}", fullmatch=True)


def _shows_something(text: str) -> bool:
    return not is_blank(text)


def _shows_plainly(text: str) -> bool:
    return hidden_character(text) is None


@_shared
def lines(max_size: int = 24) -> st.SearchStrategy[str]:
    """Single-line text, as names and titles are: not blank, not padded, nothing hidden.

    Now any characters, now words of real names in many scripts (Persian with its
    non-joiners, Devanagari, Sinhala, Kannada and Malayalam with joiners, emoji
    sequences, ideographic variation sequences).
    """
    words = [word for word in _WORDS if len(word) <= max_size]
    return st.one_of(
        st.text(_LINE_CHARACTERS, min_size=1, max_size=max_size)
        .map(str.strip)
        .filter(_shows_something),
        st.lists(st.sampled_from(words), min_size=1, max_size=3)
        .map(" ".join)
        .filter(lambda text: len(text) <= max_size),
    ).filter(_shows_plainly)


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
    """Any ISO 3166-1 country, now and then one of a historic code (``AN``, ``YU``)."""
    return _countries_among(tuple(sorted(COUNTRY_CODES)))


@_shared
def _countries_among(codes: tuple[str, ...]) -> st.SearchStrategy[Country]:
    return st.sampled_from(codes).map(Country)


def _countries_in_use(last_day: date) -> st.SearchStrategy[Country]:
    """Countries whose codes were not yet withdrawn on `last_day`: no rule warns of them.

    The rule ``historic-code`` warns of a code used from its withdrawal on, so a
    record dated no later than `last_day` may hold any of these.
    """
    return _countries_among(tuple(sorted(_in_use(COUNTRIES, last_day))))


@_shared
def money() -> st.SearchStrategy[Money]:
    """Amounts in any ISO 4217 currency (historic too), from zero to a trillion, to 6 places."""
    return st.builds(Money, amount=_amounts(10**12), currency=_currencies())


def _amounts(most: Decimal | int) -> st.SearchStrategy[Decimal]:
    return st.decimals(min_value=0, max_value=most, places=6, allow_nan=False, allow_infinity=False)


@_shared
def _currencies() -> st.SearchStrategy[str]:
    return _currencies_among(tuple(sorted(CURRENCY_CODES)))


@_shared
def _currencies_among(codes: tuple[str, ...]) -> st.SearchStrategy[str]:
    return st.sampled_from(codes)


def _currencies_in_use(last_day: date) -> st.SearchStrategy[str]:
    """Currency codes not yet withdrawn on `last_day`, as `_countries_in_use` for countries."""
    return _currencies_among(tuple(sorted(_in_use(CURRENCIES, last_day))))


def _in_use(codes: Mapping[str, CountryCode | CurrencyCode], last_day: date) -> list[str]:
    """The codes that may be current on `last_day`: never withdrawn, or not certainly by then.

    As the rule ``historic-code`` judges: a code is warned of only where the
    date is certainly on or after its withdrawal.
    """
    return [
        code
        for code, known in codes.items()
        if known.withdrawn is None or _withdrawn_after(PartialDate.parse(known.withdrawn), last_day)
    ]


_QUALIFIERS = st.sampled_from(
    [(False, False), (False, False), (False, False), (True, False), (False, True), (True, True)]
)
"""(uncertain, approximate): mostly neither, as most dates that sources give are plain."""


@_shared
@st.composite
def partial_dates(draw: st.DrawFn) -> PartialDate:
    """Dates known to the year, the month or the day, in every form that `PartialDate` reads.

    Some with the year unknown (``XXXX-11-12``, 29 February included), some
    with it inferred (``?2021-11-12``), some uncertain, approximate or both
    (``2019-03?``, ``2019~``, ``2019-06%``); most plain.
    """
    if draw(st.integers(0, 7)) == 0:  # the year unknown
        some_month = draw(st.integers(1, 12))
        last = calendar.monthrange(2000, some_month)[1]  # a leap year: 29 February may be
        return PartialDate(
            year=None,
            month=some_month,
            day=draw(st.none() | st.integers(1, last)),
            **_qualified(draw(_QUALIFIERS), inferred=False),
        )
    year = draw(st.integers(1, 9999))
    month = draw(st.none() | st.integers(1, 12))
    day = None
    if month is not None:
        day = draw(st.none() | st.integers(1, calendar.monthrange(year, month)[1]))
    inferred = draw(st.integers(0, 5)) == 0
    return PartialDate(
        year=year, month=month, day=day, **_qualified(draw(_QUALIFIERS), inferred=inferred)
    )


def _qualified(qualifiers: tuple[bool, bool], *, inferred: bool) -> dict[str, bool]:
    uncertain, approximate = qualifiers
    return {"uncertain": uncertain, "approximate": approximate, "year_inferred": inferred}


def _withdrawn_after(withdrawn: PartialDate, day: date) -> bool:
    latest = withdrawn.latest
    return latest is None or latest > day


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


def _usually(strategy: st.SearchStrategy[T]) -> st.SearchStrategy[T | None]:
    """A value seven times in eight, else None: what rules weigh is mostly there to weigh."""
    return st.integers(0, 7).flatmap(lambda n: strategy if n else st.none())


def _set_of(strategy: st.SearchStrategy[T], max_size: int = 3) -> st.SearchStrategy[tuple[T, ...]]:
    return st.lists(strategy, unique=True, max_size=max_size).map(tuple)


def _set_of_lines(max_size: int) -> st.SearchStrategy[tuple[str, ...]]:
    """Texts none of which repeats another, compared in NFC as the model compares them."""
    return st.lists(lines(), unique_by=_nfc, max_size=max_size).map(tuple)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


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
        other_names=_set_of_lines(2),
        kind=_optional(st.sampled_from(OrganisationKind)),
        parent_id=parent_id,
        seat_country=_optional(countries()),
        iati_identifier=_optional(st.from_regex(r"[A-Z]{2}-[A-Z0-9-]{1,12}", fullmatch=True)),
        url=_optional(urls()),
        description=_optional(texts()),
        source_ids=source_ids,
        founded=_optional(partial_dates()),
    )


def people() -> st.SearchStrategy[Person]:
    """Named people with their public roles, some with more than one position."""
    return _people(
        own_id=ids(),
        affiliation_id=_optional(ids()),
        programme_id=_optional(ids()),
        source_ids=_id_refs(),
        other_affiliations=_other_affiliations(affiliations()),
    )


@st.composite
def _people(
    draw: st.DrawFn,
    *,
    own_id: st.SearchStrategy[str],
    affiliation_id: st.SearchStrategy[str | None],
    programme_id: st.SearchStrategy[str | None],
    source_ids: st.SearchStrategy[tuple[str, ...]],
    other_affiliations: st.SearchStrategy[tuple[Affiliation, ...]],
) -> Person:
    main = {
        "affiliation_id": draw(affiliation_id),
        "programme_id": draw(programme_id),
        "position": draw(_optional(lines())),
    }
    key = (main["affiliation_id"], main["programme_id"], main["position"])
    return Person(
        id=draw(own_id),
        name=draw(lines()),
        honorific=draw(_optional(lines(16))),
        source_ids=draw(source_ids),
        # An other position never repeats the main one, which the model refuses.
        other_affiliations=tuple(
            a
            for a in draw(other_affiliations)
            if (a.organisation_id, a.programme_id, a.position) != key
        ),
        **main,
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
            country=countries(),
            links=_programme_links(
                follows_id=_optional(ids().filter(lambda i: i != pair[0])),
                organisation_id=ids(),
                reached=_optional(participations()),
            ),
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
    country: st.SearchStrategy[Country],
    links: st.SearchStrategy[dict[str, Any]] | None = None,
) -> Programme:
    # A budget and its funders' contributions come together, as one rule weighs them.
    budget, funders_ = draw(budget_and_funders)
    # What catalogue rules weigh of the version 2 fields (references, a phase, its reach),
    # drawn to fit by `consistent_catalogues`; the rest is drawn here.
    linked = {} if links is None else draw(links)
    return Programme(
        id=draw(own_id),
        name=draw(lines()),
        acronym=draw(_optional(lines(12))),
        description=draw(_optional(texts())),
        period=draw(period),
        budget=budget,
        funders=funders_,
        partners=draw(partners),
        countries=draw(_set_of(country, 4)),
        themes=draw(_set_of(st.sampled_from(Theme))),
        pillars=draw(_set_of(st.sampled_from(Pillar), 4)),
        parent_id=draw(parent_id),
        source_ids=draw(source_ids),
        other_names=draw(_set_of_lines(3)),
        status=draw(_optional(st.sampled_from(ProgrammeStatus))),
        target_groups=draw(_set_of_lines(2)),
        topics=draw(_set_of_lines(2)),
        objectives=draw(_set_of_lines(2)),
        **linked,
    )


@_shared
def locations() -> st.SearchStrategy[Location]:
    """Places given by country, city or venue, or any of them together."""
    return _locations(countries())


@_shared
@st.composite
def _locations(draw: st.DrawFn, country: st.SearchStrategy[Country]) -> Location:
    where = draw(_optional(country))
    city = draw(_optional(lines()))
    venue = draw(_optional(lines()))
    if where is None and city is None and venue is None:
        where = draw(country)
    return Location(country=where, city=city, venue=venue)


@_shared
def participations() -> st.SearchStrategy[Participation]:
    """Head counts of any precision, with the countries and bodies represented."""
    return _participations(organisation_ids=_id_refs(), person_ids=_id_refs(), country=countries())


@st.composite
def _participations(
    draw: st.DrawFn,
    *,
    organisation_ids: st.SearchStrategy[tuple[str, ...]],
    person_ids: st.SearchStrategy[tuple[str, ...]],
    country: st.SearchStrategy[Country],
    whole: Participation | None = None,
) -> Participation:
    """A head count that never counts more than `whole` (its event, or parent event) surely held."""
    # Mostly exact, as most sources count: exact counts are the ones that rules weigh.
    qualifier = draw(st.just(CountQualifier.EXACT) | st.sampled_from(CountQualifier))
    countries_ = draw(_set_of(country, 4))
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
        topics=draw(_set_of_lines(3)),
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
        **draw(_event_particulars(countries())),
    )


@_shared
def _event_particulars(country: st.SearchStrategy[Country]) -> st.SearchStrategy[dict[str, Any]]:
    """What an event says about itself: the fields that no catalogue rule weighs."""
    return st.fixed_dictionaries(
        {
            "name": lines(),
            "kind": st.sampled_from(EventKind),
            "status": st.sampled_from(EventStatus),
            "location": _optional(_locations(country)),
            "attendance_mode": _optional(st.sampled_from(AttendanceMode)),
            "description": _optional(texts()),
        }
    )


def _durations(period: Period | None) -> st.SearchStrategy[int | None]:
    """No length, or a length in days that `period` can hold.

    Any length where the period cannot prove one wrong: an end not certain, or
    only an end ("a five-day course ending on 29 June").
    """
    if period is None or period.end is None:
        return st.none()
    last = period.end.certain_bounds
    first = None if period.start is None else period.start.certain_bounds
    if first is None or last is None:
        return _optional(st.integers(1, 366))
    longest = min((last[1] - first[0]).days + 1, 36_600)
    shortest = max(1, (last[0] - first[1]).days + 1)
    return _optional(st.integers(shortest, longest)) if shortest <= longest else st.none()


# Programmes, people and organisations (format version 2) -------------------------


def affiliations() -> st.SearchStrategy[Affiliation]:
    """A further position of a person: an organisation, a programme, a position, or some of them."""
    return _affiliations(organisation_id=_optional(ids()), programme_id=_optional(ids()))


@st.composite
def _affiliations(
    draw: st.DrawFn,
    *,
    organisation_id: st.SearchStrategy[str | None],
    programme_id: st.SearchStrategy[str | None],
) -> Affiliation:
    organisation, programme = draw(organisation_id), draw(programme_id)
    # An affiliation says something: without an organisation or a programme, a position.
    said = organisation is not None or programme is not None
    position = draw(_optional(lines()) if said else lines())
    return Affiliation(organisation_id=organisation, programme_id=programme, position=position)


def _other_affiliations(
    affiliation: st.SearchStrategy[Affiliation],
) -> st.SearchStrategy[tuple[Affiliation, ...]]:
    return st.lists(affiliation, unique=True, max_size=2).map(tuple)


def identifiers(
    issuer_id: st.SearchStrategy[str | None] | None = None,
) -> st.SearchStrategy[Identifier]:
    """Identifiers in every scheme, written as each scheme writes them."""
    return _identifiers(_optional(ids()) if issuer_id is None else issuer_id)


@st.composite
def _identifiers(draw: st.DrawFn, issuer_id: st.SearchStrategy[str | None]) -> Identifier:
    scheme = draw(st.sampled_from(IdentifierScheme))
    if scheme is IdentifierScheme.WIKIDATA:
        value = draw(st.from_regex(r"Q[1-9][0-9]{0,9}", fullmatch=True))
    elif scheme in (IdentifierScheme.IATI_ACTIVITY, IdentifierScheme.IATI_ORGANISATION):
        value = draw(
            st.from_regex(r"[A-Z]{2}-[A-Z0-9]{1,8}(-[A-Za-z0-9._]{1,12}){0,2}", fullmatch=True)
        )
    else:
        value = draw(lines())
    return Identifier(scheme=scheme, value=value, issuer_id=draw(issuer_id))


def budgets() -> st.SearchStrategy[Budget]:
    """Original and revised budgets, for a period or the whole programme, stated or not."""
    return _budgets(money())


def _budgets(value: st.SearchStrategy[Money]) -> st.SearchStrategy[Budget]:
    return st.builds(
        Budget,
        value=value,
        kind=st.sampled_from(BudgetKind),
        period=_optional(periods()),
        stated=_optional(partial_dates()),
    )


def programme_organisations(
    organisation_id: st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[ProgrammeOrganisation]:
    """An organisation in an IATI role in a programme, with the source's word for it or not."""
    return st.builds(
        ProgrammeOrganisation,
        organisation_id=ids() if organisation_id is None else organisation_id,
        role=st.sampled_from(ProgrammeRole),
        term=_optional(lines()),
    )


def _programme_links(
    *,
    follows_id: st.SearchStrategy[str | None],
    organisation_id: st.SearchStrategy[str] | None,
    reached: st.SearchStrategy[Participation | None],
    budget_value: st.SearchStrategy[Money] | None = None,
) -> st.SearchStrategy[dict[str, Any]]:
    """A programme's version 2 fields that refer to other records, or that rules weigh."""
    issuer = st.none() if organisation_id is None else _optional(organisation_id)
    return st.fixed_dictionaries(
        {
            "follows_id": follows_id,
            "identifiers": st.lists(
                identifiers(issuer), max_size=2, unique_by=lambda i: (i.scheme, i.value)
            ).map(tuple),
            "budgets": st.lists(
                _budgets(money() if budget_value is None else budget_value),
                max_size=2,
                unique_by=lambda b: (b.kind, b.period),
            ).map(tuple),
            "reached": reached,
            "organisations": (
                st.just(())
                if organisation_id is None
                else st.lists(
                    programme_organisations(organisation_id),
                    max_size=2,
                    unique_by=lambda o: (o.organisation_id, o.role),
                ).map(tuple)
            ),
        }
    )
