"""Report tables from a catalogue, for analysts and the ``gloact report`` command.

Events per country and year and per kind, people reached by sex, and
programmes with their funders and budgets.

Each function takes a `Catalogue` and returns a `Table` of typed, frozen rows,
which shows itself as plain records (`Table.records`), CSV, aligned text, an
HTML table in Jupyter, or a pandas DataFrame (with the ``pandas`` extra).
`TABLES` maps each table's name on the command line to its function.

This layer imports the model only; pandas is imported by `Table.to_dataframe`
when it is called. What each table counts, and why, is on docs/reports.md.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType

from gloact_model.model import Catalogue
from gloact_model.reports._table import Column, Plain, Row, Table, TextColumn
from gloact_model.reports._tables import (
    CountryYearRow,
    KindRow,
    ParticipantsRow,
    ProgrammeFunderRow,
    event_year,
    events_by_country_and_year,
    events_by_kind,
    participants_by_sex,
    programmes_and_funders,
)

__all__ = [
    "TABLES",
    "Column",
    "CountryYearRow",
    "KindRow",
    "ParticipantsRow",
    "Plain",
    "ProgrammeFunderRow",
    "Row",
    "Table",
    "TextColumn",
    "event_year",
    "events_by_country_and_year",
    "events_by_kind",
    "participants_by_sex",
    "programmes_and_funders",
    "tables",
]

TABLES: Mapping[str, Callable[[Catalogue], Table[Row]]] = MappingProxyType(
    {
        "events-by-country-year": events_by_country_and_year,
        "events-by-kind": events_by_kind,
        "participants-by-sex": participants_by_sex,
        "programmes-and-funders": programmes_and_funders,
    }
)
"""Each table's stable name (``gloact report --table NAME``) and the function that makes it,
in the order that `tables` gives them."""


def tables(catalogue: Catalogue) -> tuple[Table[Row], ...]:
    """Every report table of `catalogue`, in the order of `TABLES`."""
    return tuple(make(catalogue) for make in TABLES.values())
