"""How records show themselves in Jupyter: small HTML tables and definition lists.

A notebook shows an object by calling its ``_repr_html_``. The catalogue, its
programmes and events, and a validation report build theirs from the few
helpers here, so that every display looks alike and every piece of text that a
person typed into a record is escaped in one place: a value becomes HTML only
through `cell`, which escapes anything that is not already `Html`.

Displays are summaries for reading, not exchange formats: a catalogue shows
counts and the first rows of its tables, and the YAML file holds the rest.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from enum import StrEnum
from typing import TYPE_CHECKING

import attrs

from gloact_model.model.vocabulary import in_words

if TYPE_CHECKING:
    from gloact_model.model.catalogue import Catalogue
    from gloact_model.model.country import Country
    from gloact_model.model.event import Event, Location, Participation
    from gloact_model.model.programme import Programme

__all__ = [
    "CATALOGUE_ROWS",
    "SESSION_ROWS",
    "Html",
    "block",
    "catalogue_html",
    "cell",
    "definitions",
    "event_html",
    "heading",
    "programme_html",
    "table",
    "tint",
]

CATALOGUE_ROWS = 10
"""How many programmes, and how many events, a catalogue's display lists."""
SESSION_ROWS = 25
"""How many sessions an event's display lists."""

_CELL = 'style="text-align:left"'
_RIGHT = 'style="text-align:right"'
_DL = 'style="display:grid;grid-template-columns:max-content auto;column-gap:1em;margin:0"'


@attrs.frozen(kw_only=True)
class Html:
    """A fragment of HTML built by these helpers, which is passed through unescaped.

    Only the helpers make one, from escaped text and fixed tags; text from a
    record is never wrapped in `Html` directly.
    """

    markup: str

    def __str__(self) -> str:
        return self.markup


def cell(value: object) -> str:
    """A value as HTML: `Html` as it is, anything else as escaped text.

    None is empty, an enum is its value in words (``co_organiser`` reads
    ``co-organiser``), and a tuple is its items joined by commas.
    """
    if isinstance(value, Html):
        return value.markup
    if value is None:
        return ""
    if isinstance(value, StrEnum):
        return html.escape(in_words(value))
    if isinstance(value, tuple):
        return ", ".join(cell(item) for item in value)
    return html.escape(str(value))


def tint(value: object, colour: str) -> Html:
    """`value` in a colour (a fixed CSS colour such as ``#b00``, never user text)."""
    return Html(markup=f'<span style="color:{colour}">{cell(value)}</span>')


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    limit: int | None = None,
    what: str = "rows",
    total: int | None = None,
    caption: str | None = None,
    numeric: Sequence[bool] = (),
    last: Sequence[object] | None = None,
    empty: str | None = None,
) -> Html:
    """A table with a header row, kept short however many rows there are.

    Past `limit` rows, a line says how many more there are, so that a notebook
    never renders thousands of rows. `total` is how many rows there are when the
    caller passes only the first ones (a catalogue need not format 10,000 events
    to show 10). `last` is a row always shown at the bottom (a table's sum), with
    the line about the rows left out above it. Columns marked `numeric` are
    aligned to the right, as numbers are read; `empty` is shown in a table
    without rows.
    """
    shown = rows if limit is None else rows[:limit]
    count = len(rows) if total is None else total
    right = (*numeric, *(False,) * (len(headers) - len(numeric)))

    def line(tag: str, values: Sequence[object]) -> str:
        return (
            "<tr>"
            + "".join(
                f"<{tag} {_RIGHT if r else _CELL}>{cell(v)}</{tag}>"
                for v, r in zip(values, right, strict=True)
            )
            + "</tr>"
        )

    body = "".join(line("td", row) for row in shown)
    more = ""
    if count > len(shown):
        more = f"&hellip; and {count - len(shown):,} more {cell(what)}"
    if last is not None:
        if more:
            body += f'<tr><td {_CELL} colspan="{len(headers)}">{more}</td></tr>'
            more = ""
        body += line("td", last)
    if not body and empty is not None:
        body = f'<tr><td {_CELL} colspan="{len(headers)}">{cell(empty)}</td></tr>'
    title = "" if caption is None else f"<caption>{cell(caption)}</caption>"
    markup = f"<table>{title}<thead>{line('th', headers)}</thead><tbody>{body}</tbody></table>"
    if more:
        markup += f"<p>{more}</p>"
    return Html(markup=markup)


def definitions(items: Iterable[tuple[str, object]]) -> Html:
    """A definition list of terms and values, leaving out the values that are None or empty."""
    entries = "".join(
        f'<dt>{cell(term)}</dt><dd style="margin:0">{cell(value)}</dd>'
        for term, value in items
        if value not in (None, (), "")
    )
    return Html(markup=f"<dl {_DL}>{entries}</dl>" if entries else "")


def block(kind: str, title: object, *parts: Html) -> Html:
    """A display: the kind of thing in bold and its title on one line, then `parts`."""
    first = f"<p><strong>{cell(kind)}</strong> {cell(title)}</p>"
    return Html(markup="<div>" + first + "".join(p.markup for p in parts) + "</div>")


def heading(text: object, count: int | None = None) -> Html:
    """A small heading over a table, with the number of items it is about."""
    more = "" if count is None else f" ({count:,})"
    return Html(markup=f"<p><strong>{cell(text)}</strong>{more}</p>")


# The displays of the model's records. The rules layer builds the report's from
# the same helpers.


def catalogue_html(catalogue: Catalogue) -> str:
    """Counts per collection, then the first programmes and events."""
    counts = definitions(
        (name.replace("_", " "), f"{len(getattr(catalogue, name)):,}")
        for name in ("organisations", "people", "programmes", "event_series", "events", "sources")
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
    title = f"{size:,} record{'s' if size != 1 else ''}" if size else "no records"
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
        days = f"{event.duration_days:,} day{'s' if event.duration_days != 1 else ''}"
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
    """``UNODC headquarters, Vienna, Austria``: as much of a location as is known."""
    if location is None:
        return None
    country = None if location.country is None else location.country.label
    return ", ".join(part for part in (location.venue, location.city, country) if part)


_QUALIFIED = {"exact": "{}", "lower_bound": "at least {}", "approximate": "about {}"}


def _participants(participation: Participation | None) -> str | None:
    """``22 people (women 10, men 12) from Algeria, Egypt``; the description if nothing else."""
    if participation is None:
        return None
    said = _QUALIFIED[participation.qualifier.value]
    total = participation.total
    text = "" if total is None else said.format(f"{total:,} {'person' if total == 1 else 'people'}")
    sexes = [
        f"{label} {said.format(f'{count:,}')}"
        for label, count in (("women", participation.women), ("men", participation.men))
        if count is not None
    ]
    if sexes:
        text += f" ({', '.join(sexes)})" if text else ", ".join(sexes)
    if participation.countries:
        text += f" from {', '.join(_countries(participation.countries))}"
    return text.strip() or participation.description
