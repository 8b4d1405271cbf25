"""The four report tables: what each counts, and how.

Every decision about what to count is taken here, once, and documented on
docs/reports.md: which country and year an event counts in, which head counts
stand for an event, how counts of different certainty add up. The functions
read a catalogue and return a new `Table`; they keep no state, so they may be
called from several threads at once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from datetime import timedelta
from decimal import Decimal
from typing import ClassVar

import attrs

from gloact_model.model import (
    BudgetKind,
    Catalogue,
    CountQualifier,
    Country,
    Event,
    EventKind,
    EventStatus,
    Money,
    Participation,
    Period,
    Programme,
    ProgrammeStatus,
)
from gloact_model.model.wording import in_words, number, qualified
from gloact_model.reports._table import Column, Row, Table, TextColumn, Value, unknown_or

__all__ = [
    "CountryYearRow",
    "KindRow",
    "ParticipantsRow",
    "ProgrammeFunderRow",
    "event_year",
    "events_by_country_and_year",
    "events_by_kind",
    "participants_by_sex",
    "programmes_and_funders",
]

_EXACT = CountQualifier.EXACT
_LOWER_BOUND = CountQualifier.LOWER_BOUND
_APPROXIMATE = CountQualifier.APPROXIMATE

_STATUS_COLUMNS = (
    Column(name="held", type=int),
    Column(name="planned", type=int),
    Column(name="cancelled", type=int),
)
_STATUS_TEXT = (
    TextColumn(heading="held", numeric=True),
    TextColumn(heading="planned", numeric=True),
    TextColumn(heading="cancelled", numeric=True),
)


def event_year(event: Event) -> int | None:
    """The year an event counts in: the year it started, or None when that is not certain.

    The start may be known to the year only (``2018``) or open-ended at the
    end (``2018-10/..``): its year is still certain. An event known only by its
    end (``../2019-01-03``) counts in a year only when its `duration_days` puts
    every possible start in one year. A year is never guessed: a date whose
    year is unknown or inferred, or that is given as uncertain or approximate,
    gives no year.
    """
    period = event.period
    if period is None:
        return None
    if period.start is not None:
        started = period.start.certain_bounds
        return None if started is None else started[0].year
    ended = None if period.end is None else period.end.certain_bounds
    if ended is None or event.duration_days is None:
        return None
    back = timedelta(days=event.duration_days - 1)
    try:
        first, last = ended[0] - back, ended[1] - back
    except OverflowError:  # a start before the year 1
        return None
    return first.year if first.year == last.year else None


def _by_status(statuses: Iterable[EventStatus]) -> dict[str, int]:
    counted = Counter(statuses)
    return {status.value: counted[status] for status in EventStatus}


# Events by country and year ----------------------------------------------------


@attrs.frozen(kw_only=True)
class CountryYearRow(Row):
    """How many events took place (or are planned, or were cancelled) in a country in a year.

    `country` is where the event took place (its location's country) and
    `year` the year it started; either is None when the catalogue does not say.
    """

    country: Country | None
    year: int | None
    held: int = 0
    planned: int = 0
    cancelled: int = 0

    _columns: ClassVar[tuple[Column, ...]] = (
        Column(name="country", type=str),
        Column(name="country_name", type=str),
        Column(name="year", type=int),
        *_STATUS_COLUMNS,
    )
    _text_columns: ClassVar[tuple[TextColumn, ...]] = (
        TextColumn(heading="country"),
        TextColumn(heading="year", numeric=True),
        *_STATUS_TEXT,
    )

    def _values(self) -> tuple[Value, ...]:
        country = self.country
        return (
            None if country is None else country.code,
            None if country is None else country.name,
            self.year,
            self.held,
            self.planned,
            self.cancelled,
        )

    def _texts(self) -> tuple[str, ...]:
        country = self.country
        return (
            unknown_or(None if country is None else _country_text(country)),
            unknown_or(None if self.year is None else str(self.year)),
            *map(number, (self.held, self.planned, self.cancelled)),
        )


def _country_text(country: Country) -> str:
    """``Egypt (EG)``; a historic code marked, briefly, as tables need it."""
    return f"{country.name} ({country.code}{', historic code' if country.is_historic else ''})"


def _money_text(money: Money | None) -> str | None:
    """``EUR 11,000,000``; a historic currency marked, briefly, as tables need it."""
    if money is None:
        return None
    return f"{money} (historic currency)" if money.currency_is_historic else str(money)


def events_by_country_and_year(catalogue: Catalogue) -> Table[CountryYearRow]:
    """Events per country and year, held, planned and cancelled counted apart.

    Each event of the catalogue (side events and sub-events included) counts
    once: in the country of its location and the year it started
    (`event_year`). Events without a country, or whose year is not certain,
    count in a row whose country or year is None, never left out. Rows are
    ordered by country code, then year; unknowns come last.
    """
    found: dict[tuple[Country | None, int | None], list[EventStatus]] = {}
    for event in catalogue.events:
        country = None if event.location is None else event.location.country
        found.setdefault((country, event_year(event)), []).append(event.status)

    def order(key: tuple[Country | None, int | None]) -> tuple[bool, str, bool, int]:
        country, year = key
        return (country is None, "" if country is None else country.code, year is None, year or 0)

    rows = tuple(
        CountryYearRow(country=country, year=year, **_by_status(found[country, year]))
        for country, year in sorted(found, key=order)
    )
    return Table(
        name="events-by-country-year",
        title="Events by country and year",
        row_type=CountryYearRow,
        rows=rows,
    )


# Events by kind ----------------------------------------------------------------


@attrs.frozen(kw_only=True)
class KindRow(Row):
    """How many events of one kind were held, are planned, or were cancelled."""

    kind: EventKind
    held: int = 0
    planned: int = 0
    cancelled: int = 0

    _columns: ClassVar[tuple[Column, ...]] = (Column(name="kind", type=str), *_STATUS_COLUMNS)
    _text_columns: ClassVar[tuple[TextColumn, ...]] = (TextColumn(heading="kind"), *_STATUS_TEXT)

    def _values(self) -> tuple[Value, ...]:
        return (self.kind.value, self.held, self.planned, self.cancelled)

    def _texts(self) -> tuple[str, ...]:
        return (in_words(self.kind), *map(number, (self.held, self.planned, self.cancelled)))


def events_by_kind(catalogue: Catalogue) -> Table[KindRow]:
    """Events per kind, held, planned and cancelled counted apart.

    Every event has a kind, so each counts once. Only the kinds that occur
    have a row, in the order of `EventKind`.
    """
    found: dict[EventKind, list[EventStatus]] = {}
    for event in catalogue.events:
        found.setdefault(event.kind, []).append(event.status)
    rows = tuple(
        KindRow(kind=kind, **_by_status(found[kind])) for kind in EventKind if kind in found
    )
    return Table(name="events-by-kind", title="Events by kind", row_type=KindRow, rows=rows)


# Participants by sex -----------------------------------------------------------


@attrs.frozen(kw_only=True)
class ParticipantsRow(Row):
    """How many people, women and men a held event reached; or, last, all of them together.

    Each count has its own qualifier: ``exact``, ``lower_bound`` (at least
    this many) or ``approximate``, None when the count is unknown.
    `share_women` is women / (women + men) of the same row, given only where
    both are exact, so that it never mixes counts of different certainty.
    `counted_at` says whose head counts stand for the event: the event's own
    id, or the parts whose counts it takes (``EVENT/SESSION`` for a session, a
    sub-event's id), joined by ``, ``. The last row of the table, with
    `event_id` None, adds up the rows above it.
    """

    event_id: str | None
    event: str
    country: Country | None = None
    year: int | None = None
    total: int | None = None
    total_qualifier: CountQualifier | None = None
    women: int | None = None
    women_qualifier: CountQualifier | None = None
    men: int | None = None
    men_qualifier: CountQualifier | None = None
    share_women: float | None = None
    counted_at: str | None = None

    _columns: ClassVar[tuple[Column, ...]] = (
        Column(name="event_id", type=str),
        Column(name="event", type=str),
        Column(name="country", type=str),
        Column(name="year", type=int),
        Column(name="total", type=int),
        Column(name="total_qualifier", type=str),
        Column(name="women", type=int),
        Column(name="women_qualifier", type=str),
        Column(name="men", type=int),
        Column(name="men_qualifier", type=str),
        Column(name="share_women", type=float),
        Column(name="counted_at", type=str),
    )
    _text_columns: ClassVar[tuple[TextColumn, ...]] = (
        TextColumn(heading="event"),
        TextColumn(heading="participants", numeric=True),
        TextColumn(heading="women", numeric=True),
        TextColumn(heading="men", numeric=True),
        TextColumn(heading="share of women", numeric=True),
    )

    def _values(self) -> tuple[Value, ...]:
        def value(qualifier: CountQualifier | None) -> str | None:
            return None if qualifier is None else qualifier.value

        return (
            self.event_id,
            self.event,
            None if self.country is None else self.country.code,
            self.year,
            self.total,
            value(self.total_qualifier),
            self.women,
            value(self.women_qualifier),
            self.men,
            value(self.men_qualifier),
            self.share_women,
            self.counted_at,
        )

    def _texts(self) -> tuple[str, ...]:
        share = None if self.share_women is None else f"{self.share_women:.0%}"
        return (
            self.event,
            _counted(self.total, self.total_qualifier),
            _counted(self.women, self.women_qualifier),
            _counted(self.men, self.men_qualifier),
            unknown_or(share),
        )


def _counted(count: int | None, qualifier: CountQualifier | None) -> str:
    if count is None:
        return unknown_or(None)
    return qualified(number(count), qualifier)


@attrs.frozen(kw_only=True)
class _Headcount:
    """Counts with a qualifier each, and whose head count they are."""

    total: int | None
    women: int | None
    men: int | None
    total_qualifier: CountQualifier | None
    women_qualifier: CountQualifier | None
    men_qualifier: CountQualifier | None
    at: str

    @classmethod
    def of(cls, participation: Participation | None, at: str) -> _Headcount | None:
        """The counts of a participation, or None when it counts nobody."""
        if participation is None:
            return None
        p, q = participation, participation.qualifier
        if p.total is None and p.women is None and p.men is None:
            return None
        return cls(
            total=p.total,
            women=p.women,
            men=p.men,
            total_qualifier=None if p.total is None else q,
            women_qualifier=None if p.women is None else q,
            men_qualifier=None if p.men is None else q,
            at=at,
        )

    def at_least(self) -> _Headcount:
        """These counts as lower bounds of a whole: what a part says about its event."""

        def bound(qualifier: CountQualifier | None) -> CountQualifier | None:
            return qualifier if qualifier in (None, _APPROXIMATE) else _LOWER_BOUND

        return attrs.evolve(
            self,
            total_qualifier=bound(self.total_qualifier),
            women_qualifier=bound(self.women_qualifier),
            men_qualifier=bound(self.men_qualifier),
        )


def _share(women: int | None, men: int | None) -> float | None:
    if women is None or men is None or women + men == 0:
        return None
    return women / (women + men)


def _families(events: tuple[Event, ...]) -> tuple[list[int], list[list[int]]]:
    """Each event's top-level event, and each event's sub-events, by position.

    A parent is looked up by id (the first event with it). A parent that the
    catalogue does not hold, or that was not held (a cancelled conference whose
    side event still took place), makes an event top-level: the people it
    reached are counted by no whole, so it must count them itself. Where
    parents run in a circle (an invalid catalogue), its first event is taken as
    the top, so that every event still belongs to exactly one top-level event.
    """
    first: dict[str, int] = {}
    for position, event in enumerate(events):
        first.setdefault(event.id, position)
    held = [event.status is EventStatus.HELD for event in events]
    parent: list[int | None] = []
    for event in events:
        up = None if event.parent_id is None else first.get(event.parent_id)
        parent.append(up if up is not None and held[up] else None)
    top: list[int | None] = [None] * len(events)
    for start in range(len(events)):
        path: dict[int, int] = {}
        here = start
        while top[here] is None and here not in path:
            path[here] = len(path)
            up = parent[here]
            if up is None:
                break
            here = up
        if top[here] is not None:
            found = top[here]
        elif parent[here] is None:
            found = here
        else:  # `here` is on the path twice: the parents run in a circle through it
            found = min(list(path)[path[here] :])
        for position in path:
            top[position] = found
    tops = [position if t is None else t for position, t in enumerate(top)]
    children: list[list[int]] = [[] for _ in events]
    for position, up in enumerate(parent):
        if up is not None and tops[position] != position:
            children[up].append(position)
    return tops, children


def _below_first(root: int, children: list[list[int]], events: tuple[Event, ...]) -> list[int]:
    """The held events under `root` and `root` itself, each after all of its sub-events."""
    order: list[int] = []
    stack: list[tuple[int, bool]] = [(root, False)]
    while stack:
        position, expanded = stack.pop()
        if expanded:
            order.append(position)
            continue
        stack.append((position, True))
        stack.extend(
            (child, False)
            for child in reversed(children[position])
            if events[child].status is EventStatus.HELD
        )
    return order


def _headcount(
    root: int, children: list[list[int]], events: tuple[Event, ...]
) -> _Headcount | None:
    """The head count that stands for a top-level event.

    Its own, if it has one. Otherwise, column by column, the largest count of
    its parts (sessions, and held sub-events with theirs worked out the same
    way) as a lower bound: parts may share people, so they are never added up,
    but the event had at least as many people, women and men as any one part.
    """
    found: dict[int, _Headcount | None] = {}
    for position in _below_first(root, children, events):
        event = events[position]
        own = _Headcount.of(event.participation, event.id)
        if own is not None:
            found[position] = own
            continue
        parts = [_Headcount.of(s.participation, f"{event.id}/{s.id}") for s in event.sessions]
        parts += [found[c] for c in children[position] if c in found]
        counted = [part for part in parts if part is not None]
        found[position] = _largest(counted).at_least() if counted else None
    return found[root]


def _largest(parts: list[_Headcount]) -> _Headcount:
    """Per column, the largest count of any part, and the parts that gave them.

    A column is taken whole from one part (its count and qualifier), the first
    of the largest, so that an approximate count stays approximate.
    """

    def most(count: Callable[[_Headcount], int | None]) -> _Headcount | None:
        known = [part for part in parts if count(part) is not None]
        return max(known, key=lambda part: count(part) or 0) if known else None

    total = most(lambda part: part.total)
    women = most(lambda part: part.women)
    men = most(lambda part: part.men)
    used = (part.at for part in (total, women, men) if part is not None)
    return _Headcount(
        total=None if total is None else total.total,
        women=None if women is None else women.women,
        men=None if men is None else men.men,
        total_qualifier=None if total is None else total.total_qualifier,
        women_qualifier=None if women is None else women.women_qualifier,
        men_qualifier=None if men is None else men.men_qualifier,
        at=", ".join(dict.fromkeys(used)),
    )


def _sum(
    rows: list[ParticipantsRow], counts: Iterator[tuple[int | None, CountQualifier | None]]
) -> tuple[int | None, CountQualifier | None]:
    """A column's total over `rows`, and how far it can be trusted.

    Approximate if any count added is; otherwise at least, if any count added
    is a lower bound or any row has no count to add; otherwise exact.
    """
    known = [(n, q) for n, q in counts if n is not None]
    if not known:
        return None, None
    qualifiers = {q for _, q in known}
    if _APPROXIMATE in qualifiers:
        qualifier = _APPROXIMATE
    elif _LOWER_BOUND in qualifiers or len(known) < len(rows):
        qualifier = _LOWER_BOUND
    else:
        qualifier = _EXACT
    return sum(n for n, _ in known), qualifier


def _all_events_row(rows: list[ParticipantsRow]) -> ParticipantsRow:
    total, total_qualifier = _sum(rows, ((r.total, r.total_qualifier) for r in rows))
    women, women_qualifier = _sum(rows, ((r.women, r.women_qualifier) for r in rows))
    men, men_qualifier = _sum(rows, ((r.men, r.men_qualifier) for r in rows))
    # The share is of the sums shown, so only where they are comparable: every
    # event that counted women or men counted both, exactly. Otherwise a share
    # over some of the events would sit beside sums over others.
    by_sex = [r for r in rows if r.women is not None or r.men is not None]
    comparable = all(r.women_qualifier is _EXACT and r.men_qualifier is _EXACT for r in by_sex)
    share = _share(women, men) if comparable else None
    return ParticipantsRow(
        event_id=None,
        event="All held events",
        total=total,
        total_qualifier=total_qualifier,
        women=women,
        women_qualifier=women_qualifier,
        men=men,
        men_qualifier=men_qualifier,
        share_women=share,
    )


def participants_by_sex(catalogue: Catalogue) -> Table[ParticipantsRow]:
    """People reached by each held event, by sex, then all held events together.

    One row per held top-level event, in catalogue order, events without a
    count included; sessions and held sub-events of a held event are parts of
    it, never rows of their own, so that nobody is counted twice (see
    `ParticipantsRow` and docs/reports.md). A held event whose parent was not
    held is a row of its own. A last row adds the events up; there is none
    when no event was held.
    """
    events = catalogue.events
    tops, children = _families(events)
    rows: list[ParticipantsRow] = []
    for position, event in enumerate(events):
        if tops[position] != position or event.status is not EventStatus.HELD:
            continue
        row = ParticipantsRow(
            event_id=event.id,
            event=event.name,
            country=None if event.location is None else event.location.country,
            year=event_year(event),
        )
        count = _headcount(position, children, events)
        if count is not None:
            exact = count.women_qualifier is _EXACT and count.men_qualifier is _EXACT
            row = attrs.evolve(
                row,
                total=count.total,
                total_qualifier=count.total_qualifier,
                women=count.women,
                women_qualifier=count.women_qualifier,
                men=count.men,
                men_qualifier=count.men_qualifier,
                share_women=_share(count.women, count.men) if exact else None,
                counted_at=count.at,
            )
        rows.append(row)
    if rows:
        rows.append(_all_events_row(rows))
    return Table(
        name="participants-by-sex",
        title="Participants by sex",
        row_type=ParticipantsRow,
        rows=tuple(rows),
    )


# Programmes and funders --------------------------------------------------------


@attrs.frozen(kw_only=True)
class ProgrammeFunderRow(Row):
    """A programme with its budget, and one of its funders with its contribution.

    A programme has a row per funder, in the order it lists them, and one row
    with `funder_id` None when it lists none. The programme's columns repeat on
    each of its rows: add budgets up per programme, not per row.
    """

    programme_id: str
    programme: str
    acronym: str | None = None
    parent_id: str | None = None
    period: Period | None = None
    budget: Money | None = None
    status: ProgrammeStatus | None = None
    follows_id: str | None = None
    """The programme that this one follows as its next phase."""
    original_budget: Money | None = None
    """The original budget for the whole programme (see `whole_budget`)."""
    revised_budget: Money | None = None
    """The revised budget for the whole programme (see `whole_budget`)."""
    funder_id: str | None = None
    funder: str | None = None
    """The funder's name, None when the catalogue holds no organisation with its id."""
    contribution: Money | None = None

    _columns: ClassVar[tuple[Column, ...]] = (
        Column(name="programme_id", type=str),
        Column(name="programme", type=str),
        Column(name="acronym", type=str),
        Column(name="parent_id", type=str),
        Column(name="period", type=str),
        Column(name="budget_amount", type=Decimal),
        Column(name="budget_currency", type=str),
        Column(name="funder_id", type=str),
        Column(name="funder", type=str),
        Column(name="contribution_amount", type=Decimal),
        Column(name="contribution_currency", type=str),
        Column(name="status", type=str),
        Column(name="follows_id", type=str),
        Column(name="original_budget_amount", type=Decimal),
        Column(name="original_budget_currency", type=str),
        Column(name="revised_budget_amount", type=Decimal),
        Column(name="revised_budget_currency", type=str),
    )
    _text_columns: ClassVar[tuple[TextColumn, ...]] = (
        TextColumn(heading="programme"),
        TextColumn(heading="period"),
        TextColumn(heading="budget", numeric=True),
        TextColumn(heading="funder"),
        TextColumn(heading="contribution", numeric=True),
    )

    def _values(self) -> tuple[Value, ...]:
        budget, contribution = self.budget, self.contribution
        return (
            self.programme_id,
            self.programme,
            self.acronym,
            self.parent_id,
            None if self.period is None else str(self.period),
            None if budget is None else budget.amount,
            None if budget is None else budget.currency,
            self.funder_id,
            self.funder,
            None if contribution is None else contribution.amount,
            None if contribution is None else contribution.currency,
            None if self.status is None else self.status.value,
            self.follows_id,
            None if self.original_budget is None else self.original_budget.amount,
            None if self.original_budget is None else self.original_budget.currency,
            None if self.revised_budget is None else self.revised_budget.amount,
            None if self.revised_budget is None else self.revised_budget.currency,
        )

    def _texts(self) -> tuple[str, ...]:
        def text(value: object) -> str:
            return unknown_or(None if value is None else str(value))

        return (
            self.acronym or self.programme,
            unknown_or(None if self.period is None else self.period.describe()),
            unknown_or(_money_text(self.budget)),
            text(self.funder or self.funder_id),
            unknown_or(_money_text(self.contribution)),
        )


def whole_budget(programme: Programme, kind: BudgetKind) -> Money | None:
    """The programme's budget of this kind for its whole life, where the records say.

    The one of that kind without a period, or else the only one of that kind;
    None where there is none, or several for parts of the programme's life, as
    they are never added up.
    """
    of_kind = [b for b in programme.budgets if b.kind is kind]
    whole = [b for b in of_kind if b.period is None] or of_kind
    return whole[0].value if len(whole) == 1 else None


def programmes_and_funders(catalogue: Catalogue) -> Table[ProgrammeFunderRow]:
    """Each programme with its budget, and each of its funders with their contribution.

    Programmes in catalogue order; amounts are never added up, so currencies
    never mix.
    """
    names: dict[str, str] = {}
    for organisation in catalogue.organisations:
        names.setdefault(organisation.id, organisation.name)
    rows: list[ProgrammeFunderRow] = []
    for programme in catalogue.programmes:
        row = ProgrammeFunderRow(
            programme_id=programme.id,
            programme=programme.name,
            acronym=programme.acronym,
            parent_id=programme.parent_id,
            period=programme.period,
            budget=programme.budget,
            status=programme.status,
            follows_id=programme.follows_id,
            original_budget=whole_budget(programme, BudgetKind.ORIGINAL),
            revised_budget=whole_budget(programme, BudgetKind.REVISED),
        )
        rows += [
            attrs.evolve(
                row,
                funder_id=funder.organisation_id,
                funder=names.get(funder.organisation_id),
                contribution=funder.contribution,
            )
            for funder in programme.funders
        ] or [row]
    return Table(
        name="programmes-and-funders",
        title="Programmes, funders and budgets",
        row_type=ProgrammeFunderRow,
        rows=tuple(rows),
    )
