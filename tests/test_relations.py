"""Each reference and each collection is declared once, in the model, and read everywhere.

A field that holds an id says which collection the id points into with
`refers_to`; the catalogue's fields say which record class each collection
holds. These tests keep the declarations complete (a field named like a
reference that does not declare itself fails here) and show that the layers
that used to keep lists of their own now follow the declarations.
"""

from __future__ import annotations

from typing import Any, get_args, get_type_hints

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gloact_model import (
    Catalogue,
    Event,
    EventKind,
    EventOrganisation,
    EventRole,
    Funder,
    InvariantError,
    Participation,
    Person,
    Session,
    SessionKind,
    load,
)
from gloact_model.model import Record
from gloact_model.model.catalogue import COLLECTIONS, Collection, collection_of
from gloact_model.model.relations import (
    REFERS_TO,
    Reference,
    ReferenceField,
    reference_fields,
    references_in,
    refers_to,
)
from gloact_model.rules import references
from gloact_model.schema import json_schema, record_classes
from tests.test_strategies import STRATEGIES

COLLECTION_NAMES = {collection.name for collection in COLLECTIONS}


def _looks_like_a_reference(name: str) -> bool:
    return name.endswith(("_id", "_ids"))


@pytest.mark.parametrize("cls", record_classes(), ids=lambda cls: cls.__name__)
def test_every_field_named_like_a_reference_declares_what_it_refers_to(cls: type) -> None:
    for field in attrs.fields(cls):
        declared = REFERS_TO in field.metadata
        assert declared == _looks_like_a_reference(field.name), (cls.__name__, field.name)
        if declared:
            assert field.metadata[REFERS_TO] in COLLECTION_NAMES, (cls.__name__, field.name)


def test_a_reference_named_after_a_kind_of_record_points_at_its_collection() -> None:
    # organisation_id, programme_id, series_id, person_ids, source_ids: the name says the
    # collection; parent_id points into the record's own. Other names (speaker_ids,
    # affiliation_id, publisher_id) say a role, and their declaration alone says where.
    by_word = {c.singular.split()[-1]: c.name for c in COLLECTIONS}
    owners = {c.record: c.name for c in COLLECTIONS}
    checked = 0
    for field in (f for cls in record_classes() for f in reference_fields(cls)):
        stem = field.name.rsplit("_", 1)[0]
        if stem == "parent":
            assert field.collection == owners[field.owner], field
        elif stem in by_word:
            assert field.collection == by_word[stem], field
        else:
            continue
        checked += 1
    assert checked >= 19  # today all but speaker_ids, affiliation_id and publisher_id


# Every reference field is checked at construction: a bad id is refused at that field.

ALL_FIELDS = [f for cls in record_classes() for f in reference_fields(cls)]


def test_there_is_a_strategy_for_every_class_that_refers_to_records() -> None:
    assert {f.owner for f in ALL_FIELDS} <= set(STRATEGIES)


@pytest.mark.parametrize("field", ALL_FIELDS, ids=lambda f: f"{f.owner.__name__}.{f.name}")
@settings(max_examples=20)  # the same check for any record: a few are enough, in CI too
@given(data=st.data())
def test_a_reference_field_refuses_a_bad_id_at_its_own_path(
    field: ReferenceField, data: st.DataObject
) -> None:
    record = data.draw(STRATEGIES[field.owner])
    bad: Any = ("Not An Id",) if field.many else "Not An Id"
    with pytest.raises(InvariantError) as caught:
        attrs.evolve(record, **{field.name: bad})
    paths = [p.path for p in caught.value.problems]
    assert paths == [f"{field.name}[0]" if field.many else field.name]
    assert caught.value.problems[0].code == "id-syntax"


# The walk over declared references.


def test_references_are_found_in_field_order_at_the_paths_of_the_document() -> None:
    event = Event(
        id="e",
        name="E",
        kind=EventKind.WORKSHOP,
        series_id="s",
        organisations=(EventOrganisation(organisation_id="o", role=EventRole.HOST),),
        participation=Participation(total=3, person_ids=("p", "q")),
        sessions=(Session(id="a", kind=SessionKind.OPENING, speaker_ids=("p",)),),
        parent_id="top",
        source_ids=("src",),
    )
    assert list(references_in(event, "events[4]")) == [
        ("events[4].series_id", "event_series", "s"),
        ("events[4].organisations[0].organisation_id", "organisations", "o"),
        ("events[4].participation.person_ids[0]", "people", "p"),
        ("events[4].participation.person_ids[1]", "people", "q"),
        ("events[4].sessions[0].speaker_ids[0]", "people", "p"),
        ("events[4].parent_id", "events", "top"),
        ("events[4].source_ids[0]", "sources", "src"),
    ]
    first = next(references_in(event))
    assert isinstance(first, Reference)
    assert first.path == "series_id"
    assert first.collection == "event_series"
    assert first.id == "s"


def test_a_field_declared_on_a_new_class_is_found_without_any_other_change() -> None:
    @attrs.frozen(kw_only=True)
    class Visit:
        host_id: str = attrs.field(metadata=refers_to("organisations"))
        guests: tuple[Funder, ...] = ()
        note: str | None = None

    visit = Visit(host_id="unodc", guests=(Funder(organisation_id="eu"),))
    assert list(references_in(visit, "visits[0]")) == [
        ("visits[0].host_id", "organisations", "unodc"),
        ("visits[0].guests[0].organisation_id", "organisations", "eu"),
    ]
    assert reference_fields(Visit) == (
        ReferenceField(owner=Visit, name="host_id", collection="organisations", many=False),
    )


def test_a_reference_declared_on_a_field_that_holds_no_ids_is_refused() -> None:
    @attrs.frozen(kw_only=True)
    class Odd:
        count: int = attrs.field(metadata=refers_to("events"))

    with pytest.raises(TypeError, match=r"Odd.count refers to events but holds"):
        list(references_in(Odd(count=3)))


def test_the_rules_check_exactly_the_declared_references() -> None:
    madrid = load("examples/glo-act-madrid-2018.yaml")
    found = list(references(madrid))
    assert found == list(references_in(madrid))
    assert len(found) == 67
    # Every one of them is checked: keep only the events, and each reference elsewhere dangles.
    events = Catalogue(events=madrid.events)
    dangling = {i.path for i in events.validate().issues if i.code == "dangling-reference"}
    assert dangling == {
        path for path, collection, _ in references(events) if collection != "events"
    }


# One table of collections.


def test_the_collections_are_the_catalogues_fields_in_order() -> None:
    assert [c.name for c in COLLECTIONS] == [f.name for f in attrs.fields(Catalogue)]
    hints = get_type_hints(Catalogue)
    for collection in COLLECTIONS:
        assert hints[collection.name] == tuple[collection.record, ...]  # type: ignore[name-defined]
    assert {c.record for c in COLLECTIONS} == set(get_args(Record))
    assert [(c.singular, c.plural) for c in COLLECTIONS] == [
        ("organisation", "organisations"),
        ("person", "people"),
        ("programme", "programmes"),
        ("event series", "event series"),
        ("event", "events"),
        ("source", "sources"),
    ]


def test_collection_of_finds_a_records_collection_and_refuses_anything_else() -> None:
    person = Person(id="p", name="P")
    assert collection_of(person) == collection_of(Person)
    assert collection_of(person) == Collection(name="people", record=Person, singular="person")
    session: Any = Session(id="s", kind=SessionKind.OPENING)
    with pytest.raises(TypeError, match=r"a catalogue holds Organisation, Person, .*; not Session"):
        collection_of(session)


def test_every_layer_counts_and_names_the_collections_from_the_table() -> None:
    from gloact_model.cli import summary  # noqa: PLC0415
    from gloact_model.rules._registry import COLLECTIONS as RULE_COLLECTIONS  # noqa: PLC0415
    from gloact_model.rules._registry import KIND, PARENTED  # noqa: PLC0415

    assert tuple(c.name for c in COLLECTIONS) == RULE_COLLECTIONS
    assert {c.name: c.singular for c in COLLECTIONS} == KIND
    assert PARENTED == ("organisations", "programmes", "event_series", "events")
    madrid = load("examples/glo-act-madrid-2018.yaml")
    sizes = [(len(getattr(madrid, c.name)), c) for c in COLLECTIONS]
    counted = ", ".join(f"{n} {c.singular if n == 1 else c.plural}" for n, c in sizes)
    assert summary(madrid).splitlines()[0] == f"Catalogue: {counted}"
    html = madrid._repr_html_()
    for c in COLLECTIONS:
        assert f"<dt>{c.plural}</dt>" in html
    assert len(madrid) == sum(len(getattr(madrid, c.name)) for c in COLLECTIONS)


def test_the_schema_gives_every_declared_reference_the_shape_of_an_id() -> None:
    schema = json_schema()
    for field in ALL_FIELDS:
        prop = schema["$defs"][field.owner.__name__]["properties"][field.name]
        shape = prop["items"] if field.many else prop
        shape = next((s for s in shape.get("anyOf", [shape]) if "$ref" in s), shape)
        assert shape == {"$ref": "#/$defs/Id"}, (field.owner.__name__, field.name, prop)
