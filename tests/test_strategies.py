"""The strategies of `gloact_model.testing` reach every field of every record.

A field that no strategy ever sets is never seen by the round-trip and
validation properties, so a new field must be drawn too. For each class a
document can hold, and each of its fields, the class's strategy gives, within a
few hundred examples, a record whose field is not at its default (for a field
without a default: two records that differ in it).
"""

from __future__ import annotations

from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, Phase, find, settings
from hypothesis import strategies as st

from gloact_model import (
    Affiliation,
    Budget,
    Catalogue,
    Event,
    EventOrganisation,
    EventProgramme,
    EventSeries,
    Funder,
    Identifier,
    ImplementingPartner,
    Location,
    Money,
    Organisation,
    PartialDate,
    Participation,
    Period,
    Person,
    Programme,
    ProgrammeOrganisation,
    Session,
    Source,
)
from gloact_model import testing as gst
from gloact_model.schema import record_classes

STRATEGIES: dict[type, st.SearchStrategy[Any]] = {
    Catalogue: gst.catalogues(),
    Organisation: gst.organisations(),
    Person: gst.people(),
    Funder: gst.funders(),
    ImplementingPartner: gst.implementing_partners(),
    Programme: gst.programmes(),
    Participation: gst.participations(),
    Session: gst.sessions(),
    EventOrganisation: gst.event_organisations(),
    EventProgramme: gst.event_programmes(),
    EventSeries: gst.event_series(),
    Event: gst.events(),
    Source: gst.sources(),
    Location: gst.locations(),
    Money: gst.money(),
    Period: gst.periods(),
    PartialDate: gst.partial_dates(),
    Affiliation: gst.affiliations(),
    Identifier: gst.identifiers(),
    Budget: gst.budgets(),
    ProgrammeOrganisation: gst.programme_organisations(),
}
SEARCH = settings(
    max_examples=20_000,  # find stops at the first hit: only a rare field costs more
    derandomize=True,  # the same search every run: a field is found, or never
    database=None,
    phases=[Phase.generate],
    suppress_health_check=list(HealthCheck),
)


def test_there_is_a_strategy_for_every_class_a_document_holds() -> None:
    assert set(record_classes()) <= set(STRATEGIES)


FIELDS = [
    (cls, field.name, field.default)
    for cls in STRATEGIES
    if attrs.has(cls)
    for field in attrs.fields(cls)
]


@pytest.mark.parametrize(
    ("cls", "name", "default"), FIELDS, ids=[f"{c.__name__}.{n}" for c, n, _ in FIELDS]
)
def test_the_strategy_of_a_class_sets_each_of_its_fields(
    cls: type, name: str, default: object
) -> None:
    strategy = STRATEGIES[cls]
    if default is attrs.NOTHING:
        first = getattr(find(strategy, lambda _: True, settings=SEARCH), name)
        find(strategy, lambda record: getattr(record, name) != first, settings=SEARCH)
    else:
        find(strategy, lambda record: getattr(record, name) != default, settings=SEARCH)
