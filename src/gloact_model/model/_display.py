"""How the model's records show themselves in Jupyter.

A notebook shows an object by calling its ``_repr_html_``. The catalogue, its
programmes and its events build theirs here from the HTML building blocks and
the wording of `gloact_model.model.wording`, which every other display (a
validation report, a report table, the command line) uses too, so that every
display looks alike and every piece of text that a person typed into a record
is escaped in one place.

Displays are summaries for reading, not exchange formats: a catalogue shows
counts and the first rows of its tables, and the YAML file holds the rest.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gloact_model.model.wording import (
    block,
    count,
    definitions,
    heading,
    in_words,
    number,
    place,
    qualified,
    table,
)

if TYPE_CHECKING:
    from gloact_model.model.catalogue import Catalogue
    from gloact_model.model.country import Country
    from gloact_model.model.event import Event, Location, Participation
    from gloact_model.model.programme import Programme

__all__ = ["CATALOGUE_ROWS", "SESSION_ROWS", "catalogue_html", "event_html", "programme_html"]

CATALOGUE_ROWS = 10
"""How many programmes, and how many events, a catalogue's display lists."""
SESSION_ROWS = 25
"""How many sessions an event's display lists."""


def catalogue_html(catalogue: Catalogue) -> str:
    """Counts per collection, then the first programmes and events."""
    # The catalogue's module imports this one, so its table is looked up when first shown.
    from gloact_model.model.catalogue import COLLECTIONS  # noqa: PLC0415

    counts = definitions(
        (collection.plural, number(len(getattr(catalogue, collection.name))))
        for collection in COLLECTIONS
    )
    parts = [counts]
    if catalogue.programmes:
        parts += [
            heading("Programmes", len(catalogue.programmes)),
            table(
                ("id", "name", "acronym", "period", "countries"),
                [
                    (p.id, p.name, p.acronym, p.period, len(p.countries) or None)
                    for p in catalogue.programmes[:CATALOGUE_ROWS]
                ],
                total=len(catalogue.programmes),
                what="programmes",
            ),
        ]
    if catalogue.events:
        parts += [
            heading("Events", len(catalogue.events)),
            table(
                ("id", "name", "kind", "status", "period", "location"),
                [
                    (e.id, e.name, e.kind, e.status, e.period, _place(e.location))
                    for e in catalogue.events[:CATALOGUE_ROWS]
                ],
                total=len(catalogue.events),
                what="events",
            ),
        ]
    size = len(catalogue)
    title = count(size, "record") if size else "no records"
    return block("Catalogue", title, *parts).markup


def programme_html(programme: Programme) -> str:
    """Name, acronym, period, budget, countries, funders and partners with their roles."""
    funders = tuple(
        f.organisation_id if f.contribution is None else f"{f.organisation_id} ({f.contribution})"
        for f in programme.funders
    )
    partners = tuple(f"{p.organisation_id} ({in_words(p.role)})" for p in programme.partners)
    return block(
        "Programme",
        programme.name,
        definitions(
            [
                ("id", programme.id),
                ("acronym", programme.acronym),
                ("period", programme.period),
                ("budget", programme.budget),
                ("countries", _countries(programme.countries)),
                ("themes", programme.themes),
                ("pillars", programme.pillars),
                ("funders", funders),
                ("partners", partners),
                ("part of", programme.parent_id),
            ]
        ),
    ).markup


def event_html(event: Event) -> str:
    """What, when and where, who organised it, who came, and its sessions."""
    series = None
    if event.series_id is not None:
        series = (
            event.series_id if event.number is None else f"{event.series_id}, no. {event.number}"
        )
    period: object = event.period
    if event.duration_days is not None:
        days = count(event.duration_days, "day")
        period = days if period is None else f"{period} ({days})"
    parts = [
        definitions(
            [
                ("id", event.id),
                ("kind", event.kind),
                ("status", event.status),
                ("series", series),
                ("period", period),
                ("location", _place(event.location)),
                ("attendance", event.attendance_mode),
                (
                    "organisations",
                    tuple(f"{o.organisation_id} ({in_words(o.role)})" for o in event.organisations),
                ),
                (
                    "programmes",
                    tuple(f"{p.programme_id} ({in_words(p.part)})" for p in event.programmes),
                ),
                ("participants", _participants(event.participation)),
                ("part of", event.parent_id),
            ]
        )
    ]
    if event.sessions:
        parts += [
            heading("Sessions", len(event.sessions)),
            table(
                ("id", "kind", "title", "period", "speakers"),
                [
                    (s.id, s.kind, s.title, s.period, s.speaker_ids)
                    for s in event.sessions[:SESSION_ROWS]
                ],
                total=len(event.sessions),
                what="sessions",
            ),
        ]
    return block("Event", event.name, *parts).markup


def _countries(countries: tuple[Country, ...]) -> tuple[str, ...]:
    return tuple(country.label for country in countries)


def _place(location: Location | None) -> str | None:
    return None if location is None else place(location)


def _participants(participation: Participation | None) -> str | None:
    """``22 people (women 10, men 12) from Algeria, Egypt``; the description if nothing else."""
    if participation is None:
        return None
    sure = participation.qualifier
    total = participation.total
    text = "" if total is None else qualified(count(total, "person"), sure)
    sexes = [
        f"{label} {qualified(number(n), sure)}"
        for label, n in (("women", participation.women), ("men", participation.men))
        if n is not None
    ]
    if sexes:
        text += f" ({', '.join(sexes)})" if text else ", ".join(sexes)
    if participation.countries:
        text += f" from {', '.join(_countries(participation.countries))}"
    return text.strip() or participation.description
