"""Building a catalogue step by step, and finding records by id and by relation."""

from __future__ import annotations

import attrs
import pytest

from gloact_model import (
    Catalogue,
    Country,
    DuplicateIdError,
    EventRole,
    Organisation,
    Person,
    ProgrammePart,
    RecordNotFoundError,
    load,
)
from tests.conftest import MADRID


@pytest.fixture(scope="module")
def madrid() -> Catalogue:
    return load(MADRID)


def test_with_added_returns_a_new_catalogue() -> None:
    empty = Catalogue()
    unodc = Organisation(id="unodc", name="United Nations Office on Drugs and Crime")
    grown = empty.with_added(unodc)
    assert empty.organisations == ()
    assert grown.organisations == (unodc,)
    assert grown.organisation("unodc") is unodc
    assert len(grown) == 1


def test_from_records_sorts_records_into_collections() -> None:
    unodc = Organisation(id="unodc", name="UNODC")
    piecyk = Person(id="piecyk", name="Aleksander Piecyk")
    catalogue = Catalogue.from_records([piecyk, unodc])
    assert catalogue.organisations == (unodc,)
    assert catalogue.people == (piecyk,)
    assert list(catalogue) == [unodc, piecyk]


def test_adding_an_id_twice_is_refused() -> None:
    unodc = Organisation(id="unodc", name="UNODC")
    with pytest.raises(DuplicateIdError, match="unodc"):
        Catalogue().with_added(unodc).with_added(unodc)
    with pytest.raises(DuplicateIdError):
        Catalogue().with_added(unodc, unodc)
    # Ids are unique within a collection: a person may share an organisation's id.
    Catalogue().with_added(unodc, Person(id="unodc", name="Someone"))


def test_with_replaced_keeps_the_order() -> None:
    first = Organisation(id="a", name="A")
    second = Organisation(id="b", name="B")
    renamed = Organisation(id="a", name="A, renamed")
    catalogue = Catalogue.from_records([first, second]).with_replaced(renamed)
    assert catalogue.organisations == (renamed, second)
    with pytest.raises(RecordNotFoundError, match="'c'"):
        catalogue.with_replaced(Organisation(id="c", name="C"))


def test_without() -> None:
    first = Organisation(id="a", name="A")
    catalogue = Catalogue.from_records([first, Organisation(id="b", name="B")])
    assert [o.id for o in catalogue.without(first).organisations] == ["b"]
    with pytest.raises(RecordNotFoundError):
        Catalogue().without(first)


def test_only_records_go_into_a_catalogue() -> None:
    with pytest.raises(TypeError, match="a catalogue holds"):
        Catalogue().with_added(Country("EG"))  # type: ignore[arg-type]


def test_look_up_by_id(madrid: Catalogue) -> None:
    assert madrid.organisation("unodc").acronym == "UNODC"
    assert madrid.programme("glo-act").acronym == "GLO.ACT"
    assert madrid.person("carlos-velazquez").honorific == "Major Commander"
    assert madrid.series("osce-bsm-workshops").name == "Border Security and Management workshop"
    assert madrid.event("osce-bsm-workshop-5-madrid-2018").number == 5
    assert madrid.source("glo-act-press-release-2018-11-08").published is not None
    with pytest.raises(RecordNotFoundError, match="no Organisation with id 'nobody'"):
        madrid.organisation("nobody")
    with pytest.raises(LookupError):
        madrid.event("unodc")


def test_look_up_by_relation(madrid: Catalogue) -> None:
    course = madrid.event("osce-bsm-workshop-5-madrid-2018")
    assert course in madrid.events_of_programme("glo-act")
    assert madrid.events_of_programme("glo-act", part=ProgrammePart.CONTRIBUTED_TO) == (course,)
    sessions = madrid.sessions_of_speaker("aleksander-piecyk")
    assert [(e.id, s.id) for e, s in sessions] == [(course.id, "glo-act-training")]
    assert madrid.events_of_organisation("osce-bsmu", role=EventRole.ORGANISER) == (course,)
    # The vocabularies are strings, and compare equal to their values.
    assert madrid.events_of_organisation("osce-bsmu", role="organiser") == (course,)  # type: ignore[arg-type]
    assert madrid.events_in_series("osce-bsm-workshops") == (course,)
    assert course in madrid.events_in_country(Country("ES"))
    assert [o.id for o in madrid.units_of("osce-tnt")] == ["osce-bsmu"]
    assert [e.id for e in madrid.sub_events_of("el-proxeneta-premiere")] == [
        "glo-act-meeting-at-el-proxeneta-premiere"
    ]
    assert [
        p.id for p in madrid.people_of("spanish-national-police-international-cooperation")
    ] == ["carlos-velazquez"]
    assert [p.id for p in madrid.programmes_of_organisation("eu")] == ["glo-act"]
    assert madrid.phases_of("glo-act") == ()
    assert len(madrid.citing("osce-press-release-bsm-workshop-5")) == 1


def test_event_helpers(madrid: Catalogue) -> None:
    course = madrid.event("osce-bsm-workshop-5-madrid-2018")
    assert course.session("opening").speaker_ids == ("carlos-velazquez",)
    with pytest.raises(RecordNotFoundError, match="closing"):
        course.session("closing")
    assert course.organisation_ids(EventRole.CO_ORGANISER) == ("spanish-national-police",)


def test_a_record_cites_a_source_that_one_of_its_sessions_cites(madrid: Catalogue) -> None:
    event = madrid.events[0]
    session = attrs.evolve(event.sessions[0], source_ids=("only-in-a-session",))
    changed = madrid.with_replaced(attrs.evolve(event, sessions=(session, *event.sessions[1:])))
    assert [r.id for r in changed.citing("only-in-a-session")] == [event.id]
    assert madrid.citing("only-in-a-session") == ()
