"""The examples: they load, re-dump byte for byte, and hold what the press release says."""

from __future__ import annotations

import runpy
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from gloact_model import (
    Catalogue,
    CountQualifier,
    Country,
    DatePrecision,
    EventKind,
    EventRole,
    EventStatus,
    Format,
    Money,
    PartnerRole,
    Pillar,
    ProgrammePart,
    Source,
    Theme,
    dumps,
    load,
    loads,
)
from tests.conftest import EXAMPLES, MADRID

DOCUMENTS = sorted([*EXAMPLES.glob("*.yaml"), *EXAMPLES.glob("*.json")])


@pytest.fixture(scope="module")
def madrid() -> Catalogue:
    return load(MADRID)


def without_comments(text: str) -> str:
    """A YAML example without its full-line comments, which the writer does not keep.

    The examples from press items (docs/examples.md) comment on what the model could not
    hold; every other line is the writer's.
    """
    return "".join(
        line for line in text.splitlines(keepends=True) if not line.lstrip().startswith("#")
    )


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_every_example_loads_and_redumps_byte_for_byte(path: Path) -> None:
    catalogue = load(path)
    fmt: Format = "json" if path.suffix == ".json" else "yaml"
    text = path.read_text(encoding="utf-8")
    assert dumps(catalogue, fmt) == (text if fmt == "json" else without_comments(text))
    other: Format = "yaml" if fmt == "json" else "json"
    assert loads(dumps(catalogue, other), format=other) == catalogue


def test_the_python_build_equals_the_file(madrid: Catalogue) -> None:
    module = runpy.run_path(str(EXAMPLES / "build_madrid_2018.py"), run_name="example")
    assert module["build"]() == madrid


def test_the_build_script_checks_the_file() -> None:
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / "build_madrid_2018.py")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "equal" in result.stdout


# What the press release says, and that nothing is added to it.


def test_glo_act(madrid: Catalogue) -> None:
    glo_act = madrid.programme("glo-act")
    assert glo_act.acronym == "GLO.ACT"
    assert str(glo_act.period) == "2015/2019"
    assert glo_act.budget == Money(amount=Decimal(11_000_000), currency="EUR")
    assert [f.organisation_id for f in glo_act.funders] == ["eu"]
    assert [(p.organisation_id, p.role) for p in glo_act.partners] == [
        ("unodc", PartnerRole.LEAD),
        ("iom", PartnerRole.PARTNER),
        ("unicef", PartnerRole.PARTNER),
    ]
    assert {c.code for c in glo_act.countries} == {
        "BY", "BR", "CO", "EG", "KG", "LA", "ML", "MA", "NP", "NE", "PK", "ZA", "UA",
    }  # fmt: skip
    assert set(glo_act.themes) == {Theme.TRAFFICKING_IN_PERSONS, Theme.SMUGGLING_OF_MIGRANTS}
    assert set(glo_act.pillars) == set(Pillar)


def test_units_sit_in_their_parents(madrid: Catalogue) -> None:
    assert madrid.organisation("osce-bsmu").parent_id == "osce-tnt"
    assert madrid.organisation("osce-tnt").parent_id == "osce"
    division = madrid.organisation("spanish-national-police-international-cooperation")
    assert division.parent_id == "spanish-national-police"


def test_every_organisation_named_is_there(madrid: Catalogue) -> None:
    names = {o.name for o in madrid.organisations} | {
        o.acronym for o in madrid.organisations if o.acronym
    }
    for named in (
        "OSCE",
        "EU",
        "UNODC",
        "IOM",
        "UNICEF",
        "Border Security and Management Unit",
        "Transnational Threats Department",
        "Spanish National Police",
        "International Cooperation division",
        "Guardia Civil",
        "FRONTEX",
        "Guardia di Finanza",
        "Office for Democratic Institutions and Human Rights",
        "Spanish Red Cross",
        "OSCE Mediterranean Points of Contact Network",
    ):
        assert named in names


def test_people_and_their_positions(madrid: Catalogue) -> None:
    piecyk = madrid.person("aleksander-piecyk")
    assert piecyk.position == "GLO.ACT Project Support Officer"
    assert piecyk.affiliation_id is None  # the release does not say who employs him
    velazquez = madrid.person("carlos-velazquez")
    assert velazquez.honorific == "Major Commander"
    assert velazquez.position is not None
    assert "International Cooperation" in velazquez.position


def test_the_training_course(madrid: Catalogue) -> None:
    course = madrid.event("osce-bsm-workshop-5-madrid-2018")
    assert course.kind is EventKind.TRAINING_COURSE
    assert (course.series_id, course.number) == ("osce-bsm-workshops", 5)
    assert course.location is not None
    assert (course.location.city, course.location.country) == ("Madrid", Country("ES"))
    assert course.duration_days == 5
    # One day is known, 23 October 2018, and the length; not the first day.
    assert course.period is not None
    assert course.period.may_contain(date(2018, 10, 23))
    assert course.period.start is not None
    assert course.period.start.precision is not DatePrecision.DAY
    assert course.organisation_ids(EventRole.ORGANISER) == ("osce-bsmu",)
    assert course.organisation_ids(EventRole.CO_ORGANISER) == ("spanish-national-police",)
    assert set(course.organisation_ids(EventRole.CONTRIBUTOR)) == {
        "frontex", "guardia-di-finanza", "iom", "osce-odihr", "spanish-red-cross",
    }  # fmt: skip
    assert {(p.programme_id, p.part) for p in course.programmes} == {
        ("osce-bsm-mediterranean-initiative", ProgrammePart.RUN_UNDER),
        ("glo-act", ProgrammePart.CONTRIBUTED_TO),
    }
    participation = course.participation
    assert participation is not None
    assert (participation.total, participation.qualifier) == (22, CountQualifier.EXACT)
    assert (participation.women, participation.men) == (None, None)
    assert {c.code for c in participation.countries} == {"DZ", "EG", "IL", "JO", "MA", "TN"}
    training = course.session("glo-act-training")
    assert training.speaker_ids == ("aleksander-piecyk",)
    assert str(training.period) == "2018-10-23"
    assert course.session("opening").speaker_ids == ("carlos-velazquez",)


def test_the_premiere_and_the_meeting_are_events_of_their_own(madrid: Catalogue) -> None:
    premiere = madrid.event("el-proxeneta-premiere")
    meeting = madrid.event("glo-act-meeting-at-el-proxeneta-premiere")
    assert premiere.kind is EventKind.SCREENING
    assert meeting.kind is EventKind.MEETING
    assert meeting.parent_id == premiere.id
    # The release gives no date for either.
    assert premiere.period is None
    assert meeting.period is None
    vienna = madrid.event("el-proxeneta-screening-vienna")
    assert vienna.status is EventStatus.PLANNED


def test_the_press_release_is_the_source_of_each_record(madrid: Catalogue) -> None:
    release = madrid.source("glo-act-press-release-2018-11-08")
    assert str(release.published) == "2018-11-08"
    for record in madrid:
        if isinstance(record, Source):
            continue
        assert release.id in record.source_ids, record.id
