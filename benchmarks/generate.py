"""A deterministic catalogue of any size, built from real `gloact_model` records.

`catalogue(events)` gives the same catalogue for the same arguments on every
machine: a seeded `random.Random` makes every choice, and nothing depends on
the order of a set or on the clock. For N events (each with four sessions) it
holds about N/10 organisations, N/5 people, N/100 programmes, N/50 event series
and N/20 sources, and every reference in it resolves: `Catalogue.validate()`
finds nothing. Records use the whole format: partial dates to the day, the
month or the year, open-ended periods, local times, counts with qualifiers,
amounts of money with cents, side events, numbered series and non-ASCII text.
"""

from __future__ import annotations

import random
import unicodedata
from datetime import date, time, timedelta
from decimal import Decimal

import attrs

from gloact_model import (
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

__all__ = ["SESSIONS_PER_EVENT", "catalogue"]

SESSIONS_PER_EVENT = 4

# Fixed lists rather than pycountry's, so that the catalogue does not change with
# a pycountry release. Each country comes with cities in it.
_PLACES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("AT", ("Vienna", "Graz")),
    ("BR", ("Brasília", "São Paulo")),
    ("BY", ("Minsk",)),
    ("CO", ("Bogotá", "Medellín")),
    ("DZ", ("Algiers",)),
    ("EG", ("Cairo", "Alexandria")),
    ("ES", ("Madrid", "Ávila", "Barcelona")),
    ("FR", ("Paris", "Lyon")),
    ("IT", ("Rome", "Palermo")),
    ("JO", ("Amman",)),
    ("KG", ("Bishkek", "Osh")),
    ("LA", ("Vientiane",)),
    ("MA", ("Rabat", "Tangier")),
    ("ML", ("Bamako",)),
    ("NE", ("Niamey", "Agadez")),
    ("NP", ("Kathmandu", "Pokhara")),
    ("PK", ("Islamabad", "Lahore")),
    ("TN", ("Tunis",)),
    ("UA", ("Kyiv", "Odesa")),
    ("ZA", ("Pretoria", "Cape Town")),
)
_COUNTRIES = tuple(Country(code) for code, _ in _PLACES)
_CURRENCIES = ("EUR", "USD", "GBP", "CHF")
_VENUES = ("Ministry of Interior", "UN House", "Police Academy", "Palais des Congrès", "Hotel")

_WORDS = (
    "Border", "Security", "Migration", "Protection", "Justice", "Victims", "Coastal",
    "Regional", "National", "Cooperation", "Prosecution", "Rights", "Children", "Labour",
    "Financial", "Maritime", "Judicial", "Community", "Gender", "Data",
)  # fmt: skip
_BODIES = ("Agency", "Directorate", "Office", "Network", "Institute", "Service", "Council")
_GIVEN = ("Amina", "Carlos", "Olena", "Tomás", "Marta", "Youssef", "Anil", "Zoë", "Farid", "Ana")
_FAMILY = ("Piecyk", "Velázquez", "Koval", "Haddad", "Shrestha", "Diallo", "Ortiz", "Novak")
_HONORIFICS = ("Mr.", "Ms.", "Dr", "Judge", "Major Commander", "Prof.")
_POSITIONS = ("Project Officer", "Head of Unit", "Prosecutor", "Legal Adviser", "Director")
_TOPICS = (
    "Victim identification",
    "Referral mechanisms",
    "Financial investigations",
    "Interviewing techniques for working with victims of trafficking",
    "Legal frameworks in the region",
    "Cross-border cooperation",
    "Protection of migrant children",
    "Mainstreaming gender in the security sector",
)
_SESSION_KINDS = (
    SessionKind.PRESENTATION,
    SessionKind.TRAINING,
    SessionKind.PRACTICAL_EXERCISE,
    SessionKind.PANEL,
    SessionKind.DISCUSSION,
)
_CLOCK = (time(9, 0), time(9, 30), time(11, 0), time(14, 0), time(15, 30))
_DESCRIPTION = (
    "Participants from {place} worked through actual cases with experts,\n"
    "and agreed on next steps for cooperation across borders."
)


def catalogue(events: int, *, seed: int = 20181108) -> Catalogue:
    """A consistent catalogue with `events` events of four sessions each, the same every time."""
    if events < 1:
        raise ValueError(f"a catalogue needs at least one event, not {events}")
    return _Generator(events, random.Random(seed)).build()


class _Generator:
    """Builds one catalogue; holds what later records refer to."""

    def __init__(self, events: int, rng: random.Random) -> None:
        self.rng = rng
        self.n_events = events
        self.n_organisations = max(10, events // 10)
        self.n_people = max(20, events // 5)
        self.n_programmes = max(2, events // 100)
        self.n_series = max(2, events // 50)
        self.n_sources = max(5, events // 20)
        self.source_ids = [f"source-{i:05d}" for i in range(self.n_sources)]
        self.organisation_ids = [f"org-{i:05d}" for i in range(self.n_organisations)]
        self.person_ids = [f"person-{i:05d}" for i in range(self.n_people)]
        self.programmes: list[Programme] = []
        self.series_of: dict[str, list[str]] = {}

    def build(self) -> Catalogue:
        organisations = [self.organisation(i) for i in range(self.n_organisations)]
        self.programmes = [self.programme(i) for i in range(self.n_programmes)]
        people = [self.person(i) for i in range(self.n_people)]
        series = [self.series(i) for i in range(self.n_series)]
        events = self.numbered(self.events())
        sources = [self.source(i) for i in range(self.n_sources)]
        return Catalogue(
            organisations=tuple(organisations),
            people=tuple(people),
            programmes=tuple(self.programmes),
            event_series=tuple(series),
            events=tuple(events),
            sources=tuple(sources),
        )

    # Small choices ----------------------------------------------------------

    def chance(self, probability: float) -> bool:
        return self.rng.random() < probability

    def some(self, pool: list[str] | tuple[str, ...], most: int, least: int = 0) -> tuple[str, ...]:
        return tuple(self.rng.sample(pool, self.rng.randint(least, most)))

    def cite(self) -> tuple[str, ...]:
        return self.some(self.source_ids, 2, least=1)

    def words(self, count: int) -> str:
        return " ".join(self.rng.sample(_WORDS, count))

    # Records ----------------------------------------------------------------

    def organisation(self, i: int) -> Organisation:
        name = f"{self.words(2)} {self.rng.choice(_BODIES)}"
        acronym = "".join(word[0] for word in name.split()) if self.chance(0.6) else None
        parent_id = self.organisation_ids[self.rng.randrange(i)] if i and self.chance(0.2) else None
        return Organisation(
            id=self.organisation_ids[i],
            name=name,
            acronym=acronym,
            other_names=(f"{name} ({i})",) if self.chance(0.1) else (),
            kind=self.rng.choice(tuple(OrganisationKind)) if self.chance(0.9) else None,
            parent_id=parent_id,
            seat_country=self.rng.choice(_COUNTRIES) if self.chance(0.7) else None,
            iati_identifier=f"XM-DAC-{41000 + i}" if self.chance(0.2) else None,
            url=f"https://www.example.org/{self.organisation_ids[i]}" if self.chance(0.5) else None,
            source_ids=self.cite(),
        )

    def programme(self, i: int) -> Programme:
        rng = self.rng
        first = rng.randint(2012, 2020)
        last = first + rng.randint(2, 6)
        if self.chance(0.7):
            period = Period(start=PartialDate(year=first), end=PartialDate(year=last))
        else:
            period = Period(
                start=PartialDate(year=first, month=rng.randint(1, 6)),
                end=PartialDate(year=last, month=rng.randint(7, 12)),
            )
        currency = rng.choice(_CURRENCIES)
        budget = Decimal(rng.randrange(500, 20_000)) * 1000
        if self.chance(0.2):
            budget += Decimal(rng.randrange(1, 100)) / 100  # cents: '1234000.5'
        organisations = rng.sample(self.organisation_ids, rng.randint(2, 7))
        funders = organisations[: rng.randint(1, 3)]
        partners = organisations[len(funders) :] or [organisations[-1]]
        share = budget / (len(funders) + 1)
        return Programme(
            id=f"programme-{i:04d}",
            name=f"Global Action on {self.words(3)}",
            acronym=f"GA-{i}" if self.chance(0.8) else None,
            description=f"A programme on {self.words(2).lower()} in {len(_PLACES)} countries.",
            period=period,
            budget=Money(amount=budget, currency=currency),
            funders=tuple(
                Funder(
                    organisation_id=funder,
                    contribution=Money(amount=share.quantize(Decimal(1)), currency=currency)
                    if self.chance(0.7)
                    else None,
                )
                for funder in funders
            ),
            partners=tuple(
                ImplementingPartner(
                    organisation_id=partner,
                    role=PartnerRole.LEAD if index == 0 else PartnerRole.PARTNER,
                )
                for index, partner in enumerate(partners)
            ),
            countries=tuple(rng.sample(_COUNTRIES, rng.randint(3, 13))),
            themes=tuple(rng.sample(tuple(Theme), rng.randint(1, 3))),
            pillars=tuple(rng.sample(tuple(Pillar), rng.randint(1, 4))),
            parent_id=f"programme-{i - 1:04d}" if i and self.chance(0.2) else None,
            source_ids=self.cite(),
        )

    def person(self, i: int) -> Person:
        affiliated = self.chance(0.9)
        return Person(
            id=self.person_ids[i],
            name=f"{self.rng.choice(_GIVEN)} {self.rng.choice(_FAMILY)}",
            honorific=self.rng.choice(_HONORIFICS) if self.chance(0.5) else None,
            position=self.rng.choice(_POSITIONS) if self.chance(0.6) else None,
            affiliation_id=self.rng.choice(self.organisation_ids) if affiliated else None,
            programme_id=None if affiliated else self.rng.choice(self.programmes).id,
            source_ids=self.cite() if self.chance(0.5) else (),
        )

    def series(self, i: int) -> EventSeries:
        programme = self.programmes[i % len(self.programmes)]
        series_id = f"series-{i:04d}"
        self.series_of.setdefault(programme.id, []).append(series_id)
        return EventSeries(
            id=series_id,
            name=f"{self.words(2)} workshop",
            description="Workshops held once or twice a year." if self.chance(0.5) else None,
            programme_id=programme.id,
            source_ids=self.cite() if self.chance(0.5) else (),
        )

    def source(self, i: int) -> Source:
        published = self.day(date(2012, 1, 1), date(2024, 12, 31))
        return Source(
            id=self.source_ids[i],
            kind=self.rng.choice(tuple(SourceKind)),
            title=f"{self.words(3)}: results of the year",
            url=f"https://www.example.org/news/{i}" if self.chance(0.8) else None,
            publisher_id=self.rng.choice(self.organisation_ids) if self.chance(0.7) else None,
            published=self.partial(published) if self.chance(0.8) else None,
        )

    # Events -----------------------------------------------------------------

    def events(self) -> list[Event]:
        made: list[Event] = []
        for i in range(self.n_events):
            parent = made[-1] if made and self.chance(0.05) else None
            made.append(self.event(i, parent))
        return made

    def event(self, i: int, parent: Event | None) -> Event:
        rng = self.rng
        kind = rng.choice(tuple(EventKind))
        if parent is None:
            programme = rng.choice(self.programmes)
            period, first_day, days = self.event_period(programme)
            programmes = self.event_programmes(programme, first_day)
            location, whole = self.location(), None
        else:
            # A side event: the same days, place and programmes, and no more people.
            assert parent.period is not None
            assert parent.location is not None
            period, programmes = parent.period, parent.programmes
            first_day = _earliest(parent)
            days = parent.duration_days or 1
            location, whole = parent.location, parent.participation
        city = location.city or ""
        participation = self.participation(whole)
        series = self.series_of.get(programmes[0].programme_id, ())
        series_id = rng.choice(series) if series and parent is None and self.chance(0.3) else None
        return Event(
            id=f"{kind.value.replace('_', '-')}-{_slug(city)}-{first_day.year}-{i:06d}",
            name=f"{self.words(2)} {kind.value.replace('_', ' ')} in {city}",
            kind=kind,
            status=EventStatus.PLANNED if self.chance(0.05) else EventStatus.HELD,
            series_id=series_id,
            period=period,
            duration_days=days if period.start is not None and period.start.day else None,
            location=location,
            attendance_mode=rng.choice(tuple(AttendanceMode)) if self.chance(0.8) else None,
            organisations=self.event_organisations(),
            programmes=programmes,
            participation=participation,
            sessions=tuple(
                self.session(k, period, first_day, days, participation)
                for k in range(SESSIONS_PER_EVENT)
            ),
            parent_id=parent.id if parent is not None else None,
            description=_DESCRIPTION.format(place=city) if self.chance(0.3) else None,
            source_ids=self.cite(),
        )

    def location(self) -> Location:
        code, cities = self.rng.choice(_PLACES)
        return Location(
            country=Country(code),
            city=self.rng.choice(cities),
            venue=self.rng.choice(_VENUES) if self.chance(0.4) else None,
        )

    def event_period(self, programme: Programme) -> tuple[Period, date, int]:
        """Dates within the programme's: to the day mostly, else the month or the year."""
        assert programme.period is not None
        assert programme.period.start is not None
        assert programme.period.end is not None
        latest = programme.period.end.latest
        first = self.day(programme.period.start.earliest, latest - timedelta(days=5))
        days = self.rng.randint(1, 5)
        roll = self.rng.random()
        if roll < 0.6:
            start = PartialDate.from_date(first)
            end = PartialDate.from_date(first + timedelta(days=days - 1))
            return Period(start=start, end=end), first, days
        if roll < 0.85:
            month = PartialDate(year=first.year, month=first.month)
            return Period(start=month, end=month), first, days
        if roll < 0.95:
            year = PartialDate(year=first.year)
            return Period(start=year, end=year), first, days
        return Period(start=PartialDate.from_date(first)), first, days  # still running

    def event_programmes(self, programme: Programme, first_day: date) -> tuple[EventProgramme, ...]:
        run_under = EventProgramme(programme_id=programme.id)
        other = self.rng.choice(self.programmes)
        assert other.period is not None
        if other is programme or not self.chance(0.3) or not other.period.may_contain(first_day):
            return (run_under,)
        return (run_under, EventProgramme(programme_id=other.id, part=ProgrammePart.CONTRIBUTED_TO))

    def event_organisations(self) -> tuple[EventOrganisation, ...]:
        ids = self.rng.sample(self.organisation_ids, self.rng.randint(1, 4))
        roles = (EventRole.ORGANISER, *self.rng.choices(tuple(EventRole), k=len(ids) - 1))
        return tuple(
            EventOrganisation(organisation_id=org, role=role)
            for org, role in zip(ids, roles, strict=True)
        )

    def participation(self, whole: Participation | None) -> Participation | None:
        """Who attended; a side event counts no more than its parent in any count."""
        if self.chance(0.1):
            return None
        rng = self.rng
        qualifier = rng.choice((CountQualifier.LOWER_BOUND, CountQualifier.APPROXIMATE))
        total, women, men = self.counts(whole)
        return Participation(
            total=total,
            women=women,
            men=men,
            qualifier=CountQualifier.EXACT if self.chance(0.8) else qualifier,
            countries=tuple(rng.sample(_COUNTRIES, rng.randint(0, 6))),
            organisation_ids=self.some(self.organisation_ids, 3),
            description="Border and customs officers" if self.chance(0.3) else None,
        )

    def counts(self, whole: Participation | None) -> tuple[int, int | None, int | None]:
        """A total, women and men that add up, each within the whole's count where it has one."""
        rng = self.rng
        if whole is None or whole.total is None:
            total = rng.randint(5, 200)
            women: int | None = rng.randint(0, total) if self.chance(0.7) else None
            men = rng.randint(0, total - (women or 0)) if self.chance(0.8) else None
            return total, women, men
        total = rng.randint(0, whole.total)
        women = None if whole.women is None else rng.randint(0, min(total, whole.women))
        rest = total - (women or 0)
        men = None if whole.men is None else rng.randint(0, min(rest, whole.men))
        return total, women, men

    def session(
        self,
        k: int,
        event_period: Period,
        first_day: date,
        days: int,
        event_participation: Participation | None,
    ) -> Session:
        rng = self.rng
        kind = SessionKind.OPENING if k == 0 else rng.choice(_SESSION_KINDS)
        start_time = rng.choice(_CLOCK) if self.chance(0.5) else None
        period = self.session_period(event_period, first_day, days) if self.chance(0.75) else None
        end_time = (
            time(start_time.hour + rng.randint(1, 3), start_time.minute)
            if start_time is not None and self.chance(0.8)
            else None
        )
        return Session(
            id="opening" if k == 0 else f"session-{k + 1}",
            kind=kind,
            title=rng.choice(_TOPICS) if self.chance(0.6) else None,
            period=period,
            start_time=start_time,
            end_time=end_time,
            speaker_ids=self.some(self.person_ids, 3),
            organisation_ids=self.some(self.organisation_ids, 2),
            topics=self.some(_TOPICS, 3, least=1),
            description=f"{self.words(4)}." if self.chance(0.2) else None,
            participation=self.session_participation(event_participation),
            source_ids=self.cite() if self.chance(0.3) else (),
        )

    def session_period(self, event_period: Period, first_day: date, days: int) -> Period:
        """A day within the event's days, or a month within its year."""
        assert event_period.start is not None
        precision = event_period.start
        if precision.month is None:
            month = PartialDate(year=precision.year, month=first_day.month)
            return Period(start=month, end=month)
        if precision.day is None:
            day = PartialDate.from_date(first_day.replace(day=self.rng.randint(1, 28)))
        else:
            day = PartialDate.from_date(first_day + timedelta(days=self.rng.randrange(days)))
        return Period(start=day, end=day)

    def session_participation(self, whole: Participation | None) -> Participation | None:
        if whole is None or whole.total is None or not self.chance(0.3):
            return None
        total, women, men = self.counts(whole)
        return Participation(total=total, women=women, men=men)

    def numbered(self, events: list[Event]) -> list[Event]:
        """Number each series' events in the order of their first days, as the rules ask."""
        members: dict[str, list[int]] = {}
        for index, event in enumerate(events):
            if event.series_id is not None:
                members.setdefault(event.series_id, []).append(index)
        for indices in members.values():
            indices.sort(key=lambda index: _earliest(events[index]))
            for number, index in enumerate(indices, start=1):
                events[index] = attrs.evolve(events[index], number=number)
        return events

    # Dates ------------------------------------------------------------------

    def day(self, earliest: date, latest: date) -> date:
        return earliest + timedelta(days=self.rng.randint(0, max(0, (latest - earliest).days)))

    def partial(self, day: date) -> PartialDate:
        roll = self.rng.random()
        if roll < 0.7:
            return PartialDate.from_date(day)
        if roll < 0.9:
            return PartialDate(year=day.year, month=day.month)
        return PartialDate(year=day.year)


def _earliest(event: Event) -> date:
    assert event.period is not None
    assert event.period.start is not None
    return event.period.start.earliest


def _slug(text: str) -> str:
    """An id word for a place name: ``São Paulo`` gives ``sao-paulo``."""
    letters = unicodedata.normalize("NFKD", text.lower())
    return "-".join("".join(c for c in letters if not unicodedata.combining(c)).split())
