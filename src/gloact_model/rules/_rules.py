"""The catalogue-wide rules, each a small check that yields what it finds.

A check receives an `Index` of the catalogue and yields ``(path, message)``
findings; `rule` gives it its code, severity and summary. Dates are compared
as the intervals that partial dates stand for, so a date rule fires only when
the dates are certainly wrong, never because a source was vague.
"""

from __future__ import annotations

import decimal
import itertools
from collections.abc import Iterator
from datetime import date
from decimal import Decimal

from gloact_model.model import (
    Catalogue,
    CountQualifier,
    Country,
    Money,
    PartialDate,
    Participation,
    PartnerRole,
    Period,
    wording,
)
from gloact_model.model.relations import Reference, references_in
from gloact_model.rules._registry import COLLECTIONS, KIND, PARENTED, Finding, Index, Rule, rule
from gloact_model.rules._report import Severity

__all__ = ["RULES", "references"]

ERROR, WARNING = Severity.ERROR, Severity.WARNING


# References -------------------------------------------------------------------


def references(catalogue: Catalogue) -> Iterator[Reference]:
    """Every reference in a catalogue: its path, the collection it names, and the id.

    ``("events[0].sessions[1].speaker_ids[0]", "people", "piecyk")`` says that
    the first speaker of that session should be the person ``piecyk``. The
    references are the fields that the model declares with `refers_to`, so a
    field added to the model is checked without a change here.
    """
    return references_in(catalogue)


# The rules --------------------------------------------------------------------


@rule("duplicate-id", ERROR, "Each id is used by one record of its kind only.")
def duplicate_ids(index: Index) -> Iterator[Finding]:
    """Two records of one kind with the same id make every reference to it ambiguous.

    Records of different kinds may share an id (an organisation and its
    programme are often both ``glo-act``), because every reference says which
    kind it names. Each repeat is reported at its own ``id``, naming the first.
    """
    for name in COLLECTIONS:
        for position, record in enumerate(getattr(index.catalogue, name)):
            first = index.first(name, record.id)
            if first != position:
                yield (
                    f"{name}[{position}].id",
                    f"the id {record.id!r} is already used by {name}[{first}]",
                )


@rule("dangling-reference", ERROR, "Every id that a record refers to names a record.")
def dangling_references(index: Index) -> Iterator[Finding]:
    """A reference to an id that no record has: a typo, or a record not yet added.

    Funders, partners, organisers, speakers, affiliations, parents, programmes,
    series, publishers and sources are all references.
    """
    for path, collection, record_id in references(index.catalogue):
        if not index.holders(record_id):
            yield (
                path,
                f"refers to the {KIND[collection]} {record_id!r}, "
                "but the catalogue holds no record with that id",
            )


@rule("wrong-kind-reference", ERROR, "Every reference names a record of the kind it expects.")
def wrong_kind_references(index: Index) -> Iterator[Finding]:
    """A reference whose id belongs to a record of another kind.

    A speaker must be a person, a funder an organisation: ``speaker_ids:
    [unodc]`` names the organisation UNODC where a person was meant.
    """
    for path, collection, record_id in references(index.catalogue):
        holders = index.holders(record_id)
        if holders and collection not in holders:
            others = " and ".join(wording.article(KIND[name]) for name in holders)
            yield (
                path,
                f"refers to the {KIND[collection]} {record_id!r}, "
                f"but {record_id!r} is {others}, not {wording.article(KIND[collection])}",
            )


@rule("parent-cycle", ERROR, "Parents never lead back to where they started.")
def parent_cycles(index: Index) -> Iterator[Finding]:
    """Organisations, programmes and events whose parents run in a circle.

    A unit inside a department inside that unit has no top. Each circle is
    reported once, at the ``parent_id`` of its first record in the catalogue.
    """
    for name in PARENTED:
        records = getattr(index.catalogue, name)
        position = {r.id: p for p, r in reversed(list(enumerate(records)))}
        parent = {r.id: r.parent_id for r in reversed(records)}
        done: set[str] = set()
        for record in records:
            walk: dict[str, int] = {}  # each id on this walk, and its step
            current: str | None = record.id
            while current is not None and current in parent and current not in done:
                if current in walk:
                    circle = list(walk)[walk[current] :]
                    start = min(circle, key=position.__getitem__)
                    turn = circle.index(start)
                    ordered = circle[turn:] + circle[:turn] + [start]
                    if len(circle) > 8:  # keep a long circle's message readable
                        ordered = [*ordered[:4], f"… ({len(circle) - 5} more) …", *ordered[-2:]]
                    yield (
                        f"{name}[{position[start]}].parent_id",
                        "the parents run in a circle: " + " → ".join(ordered),
                    )
                    break
                walk[current] = len(walk)
                current = parent[current]
            done.update(walk)


@rule(
    "phase-cycle", ERROR, "The phases that programmes follow never lead back to where they began."
)
def phase_cycles(index: Index) -> Iterator[Finding]:
    """Programmes that follow each other in a circle: a phase cannot come after itself.

    ``follows_id`` says which programme a phase follows (GLO.ACT Asia and the
    Middle East follows GLO.ACT 2015-2019). Each circle is reported once, at
    the ``follows_id`` of its first programme in the catalogue.
    """
    programmes = index.catalogue.programmes
    position = {p.id: k for k, p in reversed(list(enumerate(programmes)))}
    follows = {p.id: p.follows_id for p in reversed(programmes)}
    done: set[str] = set()
    for programme in programmes:
        walk: dict[str, int] = {}
        current: str | None = programme.id
        while current is not None and current in follows and current not in done:
            if current in walk:
                circle = list(walk)[walk[current] :]
                start = min(circle, key=position.__getitem__)
                turn = circle.index(start)
                ordered = circle[turn:] + circle[:turn] + [start]
                if len(circle) > 8:
                    ordered = [*ordered[:4], f"… ({len(circle) - 5} more) …", *ordered[-2:]]
                yield (
                    f"programmes[{position[start]}].follows_id",
                    "the phases follow each other in a circle: " + " → ".join(ordered),
                )
                break
            walk[current] = len(walk)
            current = follows[current]
        done.update(walk)


@rule(
    "phase-before-predecessor",
    ERROR,
    "A programme starts no earlier than the programme it follows.",
)
def phases_before_predecessors(index: Index) -> Iterator[Finding]:
    """A phase that certainly starts before the phase it follows starts.

    Phases may overlap (the next one often starts before the last one closes),
    but a phase that starts before its predecessor is a mistyped year or a
    ``follows_id`` the wrong way round. Compared only where both starts are
    known, and reported only when the dates certainly say so.
    """
    for i, programme in enumerate(index.catalogue.programmes):
        if programme.follows_id is None or programme.period is None:
            continue
        before = index.programme(programme.follows_id)
        if before is None or before.period is None or before.id == programme.id:
            continue
        start, earlier = programme.period.start, before.period.start
        if start is not None and earlier is not None and start.certainly_before(earlier):
            yield (
                f"programmes[{i}].period",
                f"the programme starts ({start}) before the programme it follows, "
                f"{before.id!r}, starts ({earlier})",
            )


@rule("session-outside-event", ERROR, "A session falls within its event's dates.")
def sessions_outside_events(index: Index) -> Iterator[Finding]:
    """A session dated outside the event it belongs to.

    Partial dates count as every day they may be: a session in ``2018-10``
    fits an event on ``2018-10-22/2018-10-26``.
    """
    for i, event in enumerate(index.catalogue.events):
        if event.period is None:
            continue
        for s, session in enumerate(event.sessions):
            if session.period is not None and not session.period.may_lie_within(event.period):
                yield (
                    f"events[{i}].sessions[{s}].period",
                    f"the session's dates ({session.period}) fall outside "
                    f"the event's ({event.period})",
                )


@rule(
    "event-outside-programme",
    WARNING,
    "An event falls within the dates of each programme it belongs to.",
)
def events_outside_programmes(index: Index) -> Iterator[Finding]:
    """An event dated outside a programme that it ran under or contributed to.

    A warning, not an error: a programme's period is often its funded phase,
    and follow-up events happen. It is also a common sign of a mistyped year.
    """
    for i, event in enumerate(index.catalogue.events):
        if event.period is None:
            continue
        for part in event.programmes:
            programme = index.programme(part.programme_id)
            if programme is None or programme.period is None:
                continue
            if not event.period.may_lie_within(programme.period):
                yield (
                    f"events[{i}].period",
                    f"the event's dates ({event.period}) fall outside those of the "
                    f"programme {programme.id!r} ({programme.period})",
                )


@rule(
    "sub-event-outside-parent",
    ERROR,
    "A side event or sub-event falls within its parent event's dates.",
)
def sub_events_outside_parents(index: Index) -> Iterator[Finding]:
    """A side event or sub-event dated outside the event that it is part of."""
    for i, event in enumerate(index.catalogue.events):
        if event.parent_id is None or event.period is None:
            continue
        parent = index.event(event.parent_id)
        if parent is None or parent.period is None:
            continue
        if not event.period.may_lie_within(parent.period):
            yield (
                f"events[{i}].period",
                f"the event's dates ({event.period}) fall outside those of its parent "
                f"{parent.id!r} ({parent.period})",
            )


@rule("series-number-repeated", ERROR, "Each number is used once within a series.")
def series_numbers_repeated(index: Index) -> Iterator[Finding]:
    """Two events that both claim to be, say, the fifth of a series.

    Each repeat is reported at its ``number``, naming the first event with it.
    """
    first: dict[tuple[str, int], int] = {}
    for i, event in enumerate(index.catalogue.events):
        if event.series_id is None or event.number is None:
            continue
        key = (event.series_id, event.number)
        if key in first:
            yield (
                f"events[{i}].number",
                f"number {event.number} of the series {event.series_id!r} "
                f"is already events[{first[key]}]",
            )
        else:
            first[key] = i


@rule(
    "series-out-of-order",
    ERROR,
    "Within a series, a later number never starts before an earlier one.",
)
def series_out_of_order(index: Index) -> Iterator[Finding]:
    """A numbered event that certainly started before an event with a lower number.

    Number 5 of a series cannot start before number 4. Events are compared by
    the start of their periods, as intervals; an event known only to end by a
    date starts by then too. A date that is not certain (its year unknown or
    inferred, or given as uncertain or approximate) is never out of order.
    Each out-of-order event is reported once, at its ``number``, naming the
    lower-numbered event that starts last.
    """
    by_series: dict[str, list[tuple[int, int, Period]]] = {}
    for i, event in enumerate(index.catalogue.events):
        if event.series_id is not None and event.number is not None and event.period is not None:
            by_series.setdefault(event.series_id, []).append((event.number, i, event.period))
    for series_id, members in by_series.items():
        members.sort(key=lambda member: member[:2])
        # The lower number that certainly starts last, with the first day it may start.
        latest: tuple[int, int, PartialDate, date] | None = None
        for _, same_number in itertools.groupby(members, key=lambda member: member[0]):
            group = list(same_number)
            for number, i, period in group:
                # Without a start, an event still starts no later than it ends.
                bound, verb = (period.start, "starts") if period.start else (period.end, "ends")
                days = None if bound is None else bound.certain_bounds
                if latest is not None and days is not None and days[1] < latest[3]:
                    yield (
                        f"events[{i}].number",
                        f"number {number} of the series {series_id!r} {verb} ({bound}) "
                        f"before number {latest[0]}, events[{latest[1]}], starts ({latest[2]})",
                    )
            for number, i, period in group:
                start = period.start
                days = None if start is None else start.certain_bounds
                if (
                    start is not None
                    and days is not None
                    and (latest is None or days[0] > latest[3])
                ):
                    latest = (number, i, start, days[0])


@rule(
    "contributions-exceed-budget",
    ERROR,
    "Funders' contributions in the budget's currency add up to no more than the budget.",
)
def contributions_exceed_budget(index: Index) -> Iterator[Finding]:
    """Contributions that add up to more than the programme's budget.

    Only contributions in the budget's currency are added up: amounts in other
    currencies cannot be compared without an exchange rate (see
    ``contribution-currency``).
    """
    for i, programme in enumerate(index.catalogue.programmes):
        budget = programme.budget
        if budget is None:
            continue
        amounts = [
            f.contribution.amount
            for f in programme.funders
            if f.contribution is not None and f.contribution.currency == budget.currency
        ]
        with decimal.localcontext() as exact:
            exact.prec = 100  # enough for any sum of amounts that Money allows
            total = sum(amounts, start=Decimal(0))
        if total > budget.amount:
            yield (
                f"programmes[{i}].budget",
                f"the funders' contributions add up to {budget.currency} {total:,f}, "
                f"more than the budget of {budget}",
            )


@rule(
    "contribution-currency",
    WARNING,
    "Funders' contributions are in the currency of the programme's budget.",
)
def contribution_currencies(index: Index) -> Iterator[Finding]:
    """A contribution in another currency than the budget, so it cannot be checked.

    Record amounts as the source gives them; this warning only says that the
    ``contributions-exceed-budget`` rule could not include this one.
    """
    for i, programme in enumerate(index.catalogue.programmes):
        budget = programme.budget
        if budget is None:
            continue
        for k, funder in enumerate(programme.funders):
            contribution = funder.contribution
            if contribution is not None and contribution.currency != budget.currency:
                yield (
                    f"programmes[{i}].funders[{k}].contribution",
                    f"is in {contribution.currency} and the budget in {budget.currency}, so it "
                    "cannot be checked against the budget",
                )


@rule(
    "lead-partner",
    WARNING,
    "A programme whose partners' roles are stated has exactly one lead partner.",
)
def lead_partners(index: Index) -> Iterator[Finding]:
    """A programme whose partners include no lead, or more than one.

    Programmes name one lead agency (UNODC leads GLO.ACT). Only where a source
    states the partners' roles is a missing lead reported: partners whose role
    is not stated (``not_stated``, the default) never ask for a lead to be
    invented. Two leads are reported however the other roles are recorded.
    """
    for i, programme in enumerate(index.catalogue.programmes):
        if not programme.partners:
            continue
        leads = [p.organisation_id for p in programme.partners if p.role is PartnerRole.LEAD]
        stated = any(p.role is not PartnerRole.NOT_STATED for p in programme.partners)
        if not leads and stated:
            yield (
                f"programmes[{i}].partners",
                "no partner has the role 'lead': mark the one that leads the programme",
            )
        elif len(leads) > 1:
            yield (
                f"programmes[{i}].partners",
                f"{len(leads)} partners have the role 'lead' ({', '.join(leads)}): "
                "a programme has one lead",
            )


@rule(
    "speaker-affiliation",
    WARNING,
    "Every speaker has an affiliation or a programme that they speak for.",
)
def speaker_affiliations(index: Index) -> Iterator[Finding]:
    """A person who speaks at a session but is not known to speak for anyone.

    Reports attribute what was said to an organisation or a programme; give the
    speaker an ``affiliation_id`` (or, for programme staff, a ``programme_id``).
    Each such person is reported once, at their record.
    """
    spoke: dict[str, str] = {}
    for i, event in enumerate(index.catalogue.events):
        for s, session in enumerate(event.sessions):
            for person_id in session.speaker_ids:
                spoke.setdefault(person_id, f"events[{i}].sessions[{s}]")
    for person_id, where in spoke.items():
        position = index.first("people", person_id)
        if position is None:
            continue
        person = index.catalogue.people[position]
        if not any(
            a.organisation_id is not None or a.programme_id is not None for a in person.affiliations
        ):
            yield (
                f"people[{position}].affiliation_id",
                f"{person.name} speaks at {where} but has neither an affiliation_id "
                "nor a programme_id",
            )


@rule(
    "participation-exceeds-whole",
    ERROR,
    "A session or sub-event counts no more participants than its event's exact count.",
)
def participation_exceeds_whole(index: Index) -> Iterator[Finding]:
    """A part of an event that counts more participants than the whole event.

    Compares totals with totals, women with women, men with men, and the women
    and men of the part with the total of the whole. Only certain counts are
    compared: the whole's must be exact, and the part's exact or a lower bound
    ("more than 40"); approximate counts are never reported.
    """
    for i, event in enumerate(index.catalogue.events):
        for s, session in enumerate(event.sessions):
            yield from _exceeds(
                f"events[{i}].sessions[{s}].participation",
                "the session",
                session.participation,
                "the event",
                event.participation,
            )
        parent = None if event.parent_id is None else index.event(event.parent_id)
        if parent is not None:
            yield from _exceeds(
                f"events[{i}].participation",
                "the event",
                event.participation,
                f"its parent {parent.id!r}",
                parent.participation,
            )


def _exceeds(
    path: str,
    part_name: str,
    part: Participation | None,
    whole_name: str,
    whole: Participation | None,
) -> Iterator[Finding]:
    if part is None or whole is None or whole.qualifier is not CountQualifier.EXACT:
        return
    if part.qualifier is CountQualifier.APPROXIMATE:
        return
    found = False
    for field, label in (("total", "participants"), ("women", "women"), ("men", "men")):
        counted: int | None = getattr(part, field)
        most: int | None = getattr(whole, field)
        if counted is not None and most is not None and counted > most:
            found = True
            said = wording.qualified(wording.number(counted, grouped=False), part.qualifier)
            yield (
                f"{path}.{field}",
                f"{part_name} counts {said} {label}, more than the "
                f"{wording.number(most, grouped=False)} of {whole_name}",
            )
    if found or whole.total is None:
        return
    # Women and men are participants too: together they must fit in the whole's total.
    sexes = [(f, n) for f, n in (("women", part.women), ("men", part.men)) if n is not None]
    if sum(n for _, n in sexes) > whole.total:
        counted_text = " and ".join(f"{wording.number(n, grouped=False)} {f}" for f, n in sexes)
        yield (
            f"{path}.{sexes[0][0]}" if len(sexes) == 1 else path,
            f"{part_name} counts {wording.qualified(counted_text, part.qualifier)}, more than the "
            f"{wording.number(whole.total, grouped=False)} participants of {whole_name}",
        )


@rule(
    "historic-code",
    WARNING,
    "A withdrawn country or currency code is not used for a date after its withdrawal.",
)
def historic_codes(index: Index) -> Iterator[Finding]:
    """A historic code (``AN``, ``YU``, ``HRK``) used for something that began after it went.

    Historic codes are valid, since records outlive them: a 2018 budget in
    kuna was right. But a programme that starts in 2023 with a budget in kuna,
    or an event in the Netherlands Antilles in 2019, is likely a mistake. The
    date weighed is when the record begins: a programme's or event's start (a
    session's own start for its head count, else its event's). It warns only
    when that start is certainly on or after the withdrawal; records without a
    start, and organisations' seats, are not weighed.
    """
    for i, programme in enumerate(index.catalogue.programmes):
        start = None if programme.period is None else programme.period.start
        at = f"programmes[{i}]"
        for k, country in enumerate(programme.countries):
            yield from _historic_country(f"{at}.countries[{k}]", country, start, "the programme")
        yield from _historic_money(f"{at}.budget", programme.budget, start, "the programme")
        for k, budget in enumerate(programme.budgets):
            yield from _historic_money(
                f"{at}.budgets[{k}].value", budget.value, start, "the programme"
            )
        yield from _historic_participation(
            f"{at}.reached", programme.reached, start, "the programme"
        )
        for k, funder in enumerate(programme.funders):
            yield from _historic_money(
                f"{at}.funders[{k}].contribution", funder.contribution, start, "the programme"
            )
    for i, event in enumerate(index.catalogue.events):
        start = None if event.period is None else event.period.start
        at = f"events[{i}]"
        if event.location is not None and event.location.country is not None:
            yield from _historic_country(
                f"{at}.location.country", event.location.country, start, "the event"
            )
        yield from _historic_participation(
            f"{at}.participation", event.participation, start, "the event"
        )
        for s, session in enumerate(event.sessions):
            own = None if session.period is None else session.period.start
            yield from _historic_participation(
                f"{at}.sessions[{s}].participation",
                session.participation,
                *((start, "the event") if own is None else (own, "the session")),
            )


def _historic_participation(
    path: str, participation: Participation | None, start: PartialDate | None, what: str
) -> Iterator[Finding]:
    if participation is not None:
        for k, country in enumerate(participation.countries):
            yield from _historic_country(f"{path}.countries[{k}]", country, start, what)


def _historic_country(
    path: str, country: Country, start: PartialDate | None, what: str
) -> Iterator[Finding]:
    withdrawn = country.withdrawn
    if withdrawn is not None and _since(start, withdrawn):
        yield (
            path,
            f"{country.code} ({country.name}) is a historic code, withdrawn {withdrawn}, "
            f"but {what} starts {start}",
        )


def _historic_money(
    path: str, money: Money | None, start: PartialDate | None, what: str
) -> Iterator[Finding]:
    withdrawn = None if money is None else money.currency_withdrawn
    if money is not None and withdrawn is not None and _since(start, withdrawn):
        yield (
            f"{path}.currency",
            f"{money.currency} is a historic currency, withdrawn {withdrawn}, "
            f"but {what} starts {start}",
        )


def _since(start: PartialDate | None, withdrawn: PartialDate) -> bool:
    """True when `start` is certainly on or after the day `withdrawn`, however partial either is.

    A start that is not certain (its year unknown or inferred, or given as
    uncertain or approximate) is never after: no rule finds fault with a guess.
    """
    starts = None if start is None else start.certain_bounds
    ended = withdrawn.certain_bounds
    return starts is not None and ended is not None and starts[0] >= ended[1]


RULES: tuple[Rule, ...] = (
    duplicate_ids,
    dangling_references,
    wrong_kind_references,
    parent_cycles,
    phase_cycles,
    phases_before_predecessors,
    sessions_outside_events,
    events_outside_programmes,
    sub_events_outside_parents,
    series_numbers_repeated,
    series_out_of_order,
    contributions_exceed_budget,
    contribution_currencies,
    lead_partners,
    speaker_affiliations,
    participation_exceeds_whole,
    historic_codes,
)
"""Every rule that `Catalogue.validate` runs, in the order their issues are listed."""
