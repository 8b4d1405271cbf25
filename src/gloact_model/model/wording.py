"""How the library words things for people: counts, numbers, places and small HTML.

Every display of records (Jupyter's ``_repr_html_``, ``gloact show``, report
tables, validation reports and messages) words values through this module, so
that a count, a role or a place reads the same everywhere, and a change of
wording is made once.

What belongs here: wording that more than one display or layer uses (plurals,
articles, numbers, clock times, vocabulary values in words, how sure a count is,
places), and the HTML building blocks that displays share. Text that a person
typed into a record becomes HTML only through `cell`, which escapes anything
that is not already `Html`. What does not belong here: what a particular record
shows (the model's record displays build that from these pieces) and anything
that needs a record class. The module imports only the standard library, attrs
and the model's vocabularies, so that the model's own displays, the rules,
the reports and the command line can all use it.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from datetime import time
from enum import StrEnum
from typing import Protocol

import attrs

from gloact_model.model.vocabulary import CountQualifier, EventRole

__all__ = [
    "Html",
    "Located",
    "article",
    "block",
    "cell",
    "clock",
    "count",
    "definitions",
    "heading",
    "in_words",
    "number",
    "place",
    "plural",
    "qualified",
    "qualified_share",
    "table",
    "tint",
]

# Text ------------------------------------------------------------------------------------

_IRREGULAR = {"person": "people", "series": "series"}
"""Plurals that adding ``s`` or ``es`` gets wrong, by the noun's last word."""

_HUGE = 10**30
"""From here on a number is not spelt out: nobody reads 30 digits, and Python refuses 4,300."""


def plural(noun: str) -> str:
    """The plural of an English noun: "organisation" gives "organisations".

    The last word decides ("event series" stays "event series"): irregular
    nouns (person, series) come from a table, a consonant and ``y`` become
    ``ies``, a hissing end takes ``es``, and any other noun takes ``s``.
    """
    head, space, last = noun.rpartition(" ")
    if last in _IRREGULAR:
        return head + space + _IRREGULAR[last]
    if last.endswith("y") and last[-2:-1] not in ("", *"aeiou"):
        return noun[:-1] + "ies"
    if last.endswith(("s", "x", "z", "ch", "sh")):
        return noun + "es"
    return noun + "s"


def number(value: int, *, grouped: bool = True) -> str:
    """A whole number for reading: ``1,234``, or ``1234`` when not `grouped`.

    Displays and report tables group thousands; the command line and messages do
    not. A number of more than 30 digits is not spelt out.
    """
    if abs(value) >= _HUGE:
        return "a number of more than 30 digits"
    return f"{value:,}" if grouped else str(value)


def count(value: int, noun: str, *, grouped: bool = True) -> str:
    """How many of something: "1 organisation", "2 organisations", "3 people".

    The noun is given in the singular; `plural` makes the plural, and the number
    is written as `number` writes it.
    """
    return f"{number(value, grouped=grouped)} {noun if value == 1 else plural(noun)}"


def article(name: str) -> str:
    """A name with its article: "an Event", "a Session", "an organisation"."""
    return f"an {name}" if name[0] in "AEIOUaeiou" else f"a {name}"


def clock(value: time) -> str:
    """A local time as files and messages write it: ``09:30``, or ``09:30:15``."""
    return value.isoformat("minutes" if value.second == 0 else "seconds")


def in_words(value: StrEnum) -> str:
    """A vocabulary value as a reader writes it: ``training_course`` is "training course".

    Every display of records (the command line, Jupyter, report tables) words values
    through this one function, so that a role reads the same everywhere; English
    hyphenates "co-organiser".
    """
    text = value.value.replace("_", " ")
    return "co-organiser" if value is EventRole.CO_ORGANISER else text


_QUALIFIED = {
    CountQualifier.EXACT: "",
    CountQualifier.LOWER_BOUND: "at least ",
    CountQualifier.APPROXIMATE: "about ",
}


def qualified(amount: str, qualifier: CountQualifier | None) -> str:
    """A count worded as sure as it is: "30", "at least 30", "about 30".

    `amount` is the count already written ("30", "30 people", "10 women and 12
    men"); a lower bound ("more than 30" in a source) reads "at least". None is
    an exact count.
    """
    return _QUALIFIED[qualifier or CountQualifier.EXACT] + amount


def qualified_share(percent: str, basis: CountQualifier | None) -> str:
    """A share worded as sure as its counts: "40%", "about 40%", "40% (of lower bounds)".

    A share of lower bounds is neither a lower nor an upper bound of the true
    share, so it is not worded "at least": it says what it was worked out from.
    """
    if basis is CountQualifier.LOWER_BOUND:
        return f"{percent} (of lower bounds)"
    return _QUALIFIED[basis or CountQualifier.EXACT] + percent


class _Labelled(Protocol):
    @property
    def label(self) -> str: ...


class Located(Protocol):
    """Anything with a venue, a city and a country, such as a `Location`.

    A protocol, so that this module need not import the record classes that use it.
    """

    @property
    def venue(self) -> str | None:
        """The building or site."""

    @property
    def city(self) -> str | None:
        """The city or town."""

    @property
    def country(self) -> _Labelled | None:
        """The country, with a label for displays (its name, marked if the code is historic)."""


def place(location: Located) -> str:
    """``UNODC headquarters, Vienna, Austria``: as much of a location as is known."""
    country = None if location.country is None else location.country.label
    return ", ".join(part for part in (location.venue, location.city, country) if part)


# HTML ------------------------------------------------------------------------------------

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
    rows_in_all = len(rows) if total is None else total
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
    if rows_in_all > len(shown):
        more = f"&hellip; and {number(rows_in_all - len(shown))} more {cell(what)}"
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


def heading(text: object, items: int | None = None) -> Html:
    """A small heading over a table, with the number of `items` it is about."""
    more = "" if items is None else f" ({number(items)})"
    return Html(markup=f"<p><strong>{cell(text)}</strong>{more}</p>")
