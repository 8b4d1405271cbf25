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

try:
    import hypothesis  # noqa: F401 - only to say what to install when it is missing
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError(
        "gloact_model.testing needs hypothesis: pip install 'gloact_model[testing]'"
    ) from exc

from gloact_model.testing._catalogues import catalogues, consistent_catalogues
from gloact_model.testing._records import (
    affiliations,
    budgets,
    countries,
    event_organisations,
    event_programmes,
    event_series,
    events,
    funders,
    identifiers,
    ids,
    implementing_partners,
    lines,
    locations,
    money,
    organisations,
    partial_dates,
    participations,
    people,
    periods,
    programme_organisations,
    programmes,
    sessions,
    sources,
    texts,
    times,
    urls,
)

__all__ = [
    "affiliations",
    "budgets",
    "catalogues",
    "consistent_catalogues",
    "countries",
    "event_organisations",
    "event_programmes",
    "event_series",
    "events",
    "funders",
    "identifiers",
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
    "programme_organisations",
    "programmes",
    "sessions",
    "sources",
    "texts",
    "times",
    "urls",
]
