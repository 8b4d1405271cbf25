"""Strategies for whole catalogues: valid record by record, or consistent as well.

`consistent_catalogues` draws each record with the builders of `_records`,
giving them strategies for what the catalogue rules weigh (ids, references,
dates, money and counts), so that `Catalogue.validate` finds nothing.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import date
from typing import NamedTuple, TypeVar

from hypothesis import strategies as st

from gloact_model.model import (
    Catalogue,
    Country,
    Event,
    EventProgramme,
    Funder,
    ImplementingPartner,
    Money,
    PartialDate,
    Participation,
    PartnerRole,
    Period,
    Programme,
    ProgrammePart,
    Session,
)
from gloact_model.testing._records import (
    _affiliations,
    _amounts,
    _countries_in_use,
    _currencies_in_use,
    _durations,
    _event_organisations,
    _event_particulars,
    _event_series,
    _optional,
    _organisations,
    _other_affiliations,
    _participations,
    _people,
    _programme_links,
    _programmes,
    _sessions,
    _set_of,
    _sources,
    _usually,
    event_series,
    events,
    ids,
    organisations,
    people,
    programmes,
    sources,
)

__all__ = ["catalogues", "consistent_catalogues"]

T = TypeVar("T")


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
    # Historic codes occur where the era allows them: never one used from its
    # withdrawal on, of which the rule historic-code would warn.
    country = _countries_in_use(era[1])

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
    programmes_: list[Programme] = []
    for index, own_id in enumerate(programme_ids):
        period = draw(_usually(_periods_within(era)))
        # A phase follows an earlier programme (so phases never run in a circle) that does
        # not certainly start after it.
        fitting = [p.id for p in programmes_ if _may_follow(period, p.period)]
        programmes_.append(
            draw(
                _programmes(
                    own_id=st.just(own_id),
                    parent_id=_one_of(programme_ids[:index]),
                    period=st.just(period),
                    budget_and_funders=_budgets_and_funders(organisation_ids, era[1]),
                    partners=_partners_with_a_lead(organisation_ids),
                    source_ids=cited,
                    country=country,
                    links=_programme_links(
                        follows_id=_one_of(fitting),
                        organisation_id=(
                            st.sampled_from(organisation_ids) if organisation_ids else None
                        ),
                        reached=_usually(
                            _participations(
                                organisation_ids=_some_of(organisation_ids),
                                person_ids=_some_of(person_ids),
                                country=country,
                            )
                        ),
                        budget_value=st.builds(
                            Money, amount=_amounts(10**12), currency=_currencies_in_use(era[1])
                        ),
                    ),
                )
            )
        )
    people_ = [
        draw(
            _people(
                own_id=st.just(own_id),
                affiliation_id=_one_of(organisation_ids),
                programme_id=_one_of(programme_ids),
                source_ids=cited,
                other_affiliations=_other_affiliations(
                    _affiliations(
                        organisation_id=_one_of(organisation_ids),
                        programme_id=_one_of(programme_ids),
                    )
                ),
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
        country=country,
        organisation_ids=organisation_ids,
        person_ids=person_ids,
        # Only people who speak for an organisation or a programme speak at sessions.
        speaker_ids=tuple(
            p.id
            for p in people_
            if any(a.organisation_id or a.programme_id for a in p.affiliations)
        ),
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
    country: st.SearchStrategy[Country]
    organisation_ids: tuple[str, ...]
    person_ids: tuple[str, ...]
    speaker_ids: tuple[str, ...]
    programmes: tuple[Programme, ...]
    series_ids: tuple[str, ...]
    series_numbers: range
    source_ids: tuple[str, ...]


def _may_follow(period: Period | None, before: Period | None) -> bool:
    """Whether a phase of `period` may follow one of `before`.

    It may unless it certainly starts before `before` starts, as the rule
    ``phase-before-predecessor`` judges.
    """
    start = None if period is None else period.start
    earlier = None if before is None else before.start
    return start is None or earlier is None or not start.certainly_before(earlier)


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
    starts = [b.start.certain_bounds for b in bounds if b.start is not None]
    ends = [b.end.certain_bounds for b in bounds if b.end is not None]
    # A bound that is not certain never holds a period out: the rules do not.
    low = max([era[0], *(days[0] for days in starts if days is not None)])
    high = min([era[1], *(days[1] for days in ends if days is not None)])
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
    """`day`, or its month, or its year, as a source may give it; sometimes not for certain.

    Plain most often; else with the year unknown or inferred, or uncertain or
    approximate, which no rule ever finds wrong.
    """
    plain = [
        PartialDate.from_date(day),
        PartialDate(year=day.year, month=day.month),
        PartialDate(year=day.year),
    ]
    vague = [
        PartialDate(year=None, month=day.month, day=day.day),
        PartialDate(year=None, month=day.month),
        PartialDate(year=day.year, month=day.month, day=day.day, year_inferred=True),
        PartialDate(year=day.year, month=day.month, uncertain=True),
        PartialDate(year=day.year, approximate=True),
        PartialDate(year=day.year, month=day.month, uncertain=True, approximate=True),
    ]
    return st.sampled_from(plain) | st.sampled_from(plain) | st.sampled_from(vague)


@st.composite
def _budgets_and_funders(
    draw: st.DrawFn, organisation_ids: Sequence[str], last_day: date
) -> tuple[Money | None, tuple[Funder, ...]]:
    """Perhaps a budget, and funders whose contributions, in its currency, stay within it.

    The currency is one still in use on `last_day`, the last day of the era.
    """
    currency = draw(_currencies_in_use(last_day))
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
        fitting = [n for n in links.series_numbers if _fits_series(n, period, members)]
        number = draw(_usually(st.sampled_from(fitting))) if fitting else None
    participation = draw(
        _usually(
            _participations(
                organisation_ids=_some_of(links.organisation_ids),
                person_ids=_some_of(links.person_ids),
                country=links.country,
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
        **draw(_event_particulars(links.country)),
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
                    country=links.country,
                    whole=participation,
                )
            ),
            source_ids=_some_of(links.source_ids),
        ),
        max_size=2,
        unique_by=lambda session: session.id,
    ).map(tuple)


def _fits_series(number: int, period: Period | None, members: Sequence[Event]) -> bool:
    """Whether an event of `period` can take `number` and keep its series in order.

    As the ``series-out-of-order`` rule sees it: an event starts at its start,
    or by its end when only the end is known, and an earlier number's start is
    what a later number must not come before.
    """
    start = None if period is None else period.start
    bound = None if period is None else period.start or period.end
    for member in members:
        if member.number == number:
            return False
        if member.number is None or member.period is None:
            continue
        other_start = member.period.start
        other_bound = other_start or member.period.end
        if member.number < number and bound and other_start and bound.certainly_before(other_start):
            return False
        if member.number > number and start and other_bound and other_bound.certainly_before(start):
            return False
    return True
