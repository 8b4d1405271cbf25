"""Each record refuses a bad field at construction, naming the field and the rule."""

from __future__ import annotations

from datetime import UTC, time
from decimal import Decimal
from typing import Any

import attrs
import pytest

from gloact_model import (
    Catalogue,
    CountQualifier,
    Country,
    Event,
    EventKind,
    EventOrganisation,
    EventProgramme,
    EventRole,
    EventSeries,
    Funder,
    GloactError,
    ImplementingPartner,
    InvariantError,
    Location,
    Money,
    Organisation,
    PartialDate,
    Participation,
    Period,
    Person,
    Pillar,
    Programme,
    Session,
    SessionKind,
    Source,
    SourceKind,
    Theme,
)


def org(**changes: Any) -> Organisation:
    return attrs.evolve(Organisation(id="unodc", name="UNODC"), **changes)


def event(**changes: Any) -> Event:
    return attrs.evolve(Event(id="e", name="Workshop", kind=EventKind.WORKSHOP), **changes)


def session(**changes: Any) -> Session:
    return attrs.evolve(Session(id="s", kind=SessionKind.OPENING), **changes)


def day(text: str) -> PartialDate:
    return PartialDate.parse(text)


def broken(build: Any, **fields: Any) -> InvariantError:
    with pytest.raises(InvariantError) as caught:
        build(**fields)
    return caught.value


def test_invariant_error_is_a_value_error_and_a_gloact_error() -> None:
    error = broken(org, id="Not An Id")
    assert isinstance(error, ValueError)
    assert isinstance(error, GloactError)


@pytest.mark.parametrize(
    "bad", ["", "UNODC", "glo act", "-glo", "glo-", "glo--act", "é", "a" * 101]
)
def test_id_syntax(bad: str) -> None:
    error = broken(org, id=bad)
    assert (error.field, error.rule) == ("id", "id-syntax")
    assert "id" in str(error)


@pytest.mark.parametrize("good", ["unodc", "glo-act", "osce.bsmu_2", "2018", "a" * 100])
def test_valid_ids(good: str) -> None:
    assert org(id=good).id == good


def test_id_references_are_checked_too() -> None:
    error = broken(org, parent_id="The OSCE")
    assert (error.field, error.rule) == ("parent_id", "id-syntax")
    error = broken(session, speaker_ids=("ok", "Not ok"))
    assert (error.field, error.rule) == ("speaker_ids[1]", "id-syntax")


@pytest.mark.parametrize("blank", ["", "   ", "\t\n"])
def test_blank_names(blank: str) -> None:
    error = broken(org, name=blank)
    assert (error.field, error.rule) == ("name", "blank")


def test_padded_and_multi_line_names() -> None:
    assert broken(org, name=" UNODC").rule == "untrimmed"
    assert broken(org, name="UN\nODC").rule == "control-character"
    assert org(description="Two\nlines").description == "Two\nlines"


def test_unknown_country_code_suggests_one() -> None:
    error = broken(Country, code="Egypt")
    assert (error.field, error.rule) == ("code", "unknown-country")
    assert "did you mean 'EG'?" in str(error)
    assert "did you mean 'EG'?" in str(broken(Country, code="eg"))
    assert "did you mean 'EG'?" in str(broken(Country, code="EGY"))


def test_unknown_currency_code() -> None:
    error = broken(Money, amount=Decimal(1), currency="EURO")
    assert (error.field, error.rule) == ("currency", "unknown-currency")
    assert "did you mean 'EUR'?" in str(broken(Money, amount=Decimal(1), currency="eur"))


@pytest.mark.parametrize(
    ("amount", "rule"),
    [
        (Decimal("-0.01"), "negative"),
        (Decimal("NaN"), "not-finite"),
        (Decimal("Infinity"), "not-finite"),
        (Decimal("1e19"), "out-of-range"),
        (Decimal("0.0000001"), "out-of-range"),
    ],
)
def test_bad_amounts(amount: Decimal, rule: str) -> None:
    error = broken(Money, amount=amount, currency="EUR")
    assert (error.field, error.rule) == ("amount", rule)


def test_float_amounts_are_refused() -> None:
    error = broken(Money, amount=0.1, currency="EUR")
    assert (error.field, error.rule) == ("amount", "type")


def test_amounts_are_kept_without_trailing_zeros() -> None:
    assert str(Money(amount=Decimal("11000000.00"), currency="EUR").amount) == "11000000"
    assert str(Money(amount=Decimal("1.10"), currency="EUR").amount) == "1.1"
    assert str(Money(amount=Decimal("1E+3"), currency="EUR").amount) == "1000"


def test_end_before_start() -> None:
    error = broken(Period, start=day("2018-10-23"), end=day("2018-10-01"))
    assert (error.field, error.rule) == ("end", "end-before-start")


def test_partial_dates_fail_only_when_certainly_wrong() -> None:
    # October 2018 may include the 23rd, and 2018 may include October.
    Period(start=day("2018-10-23"), end=day("2018-10"))
    Period(start=day("2018-10"), end=day("2018"))
    assert broken(Period, start=day("2018-10-23"), end=day("2018-09")).rule == "end-before-start"
    assert broken(Period, start=day("2019"), end=day("2018-12-31")).rule == "end-before-start"


def test_empty_period() -> None:
    assert broken(Period).rule == "empty-period"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"year": 0}, "year"),
        ({"year": 2018, "month": 13}, "month"),
        ({"year": 2018, "month": 2, "day": 29}, "day"),
        ({"year": 2018, "day": 3}, "day"),
    ],
)
def test_impossible_dates(fields: dict[str, int], field: str) -> None:
    assert broken(PartialDate, **fields).field == field


@pytest.mark.parametrize("count", ["total", "women", "men"])
def test_negative_counts(count: str) -> None:
    error = broken(Participation, **{count: -1})
    assert (error.field, error.rule) == (count, "negative")


def test_women_and_men_above_an_exact_total() -> None:
    error = broken(Participation, total=22, women=12, men=11)
    assert (error.field, error.rule) == ("total", "counts-exceed-total")
    assert broken(Participation, total=5, women=6).rule == "counts-exceed-total"
    # Not exact: the total may be a lower bound or a guess.
    Participation(total=22, women=12, men=11, qualifier=CountQualifier.APPROXIMATE)
    Participation(total=22, women=12, men=11, qualifier=CountQualifier.LOWER_BOUND)
    Participation(total=22, women=12, men=10)


def test_empty_participation() -> None:
    assert broken(Participation).rule == "empty"


@pytest.mark.parametrize(
    ("build", "field", "value"),
    [
        (Programme, "countries", (Country("EG"), Country("EG"))),
        (Programme, "themes", (Theme.TRAFFICKING_IN_PERSONS, Theme.TRAFFICKING_IN_PERSONS)),
        (Programme, "pillars", (Pillar.PREVENTION, Pillar.PREVENTION)),
        (Programme, "funders", (Funder(organisation_id="eu"), Funder(organisation_id="eu"))),
        (
            Programme,
            "partners",
            (
                ImplementingPartner(organisation_id="iom"),
                ImplementingPartner(organisation_id="iom"),
            ),
        ),
        (Programme, "source_ids", ("a", "a")),
        (Organisation, "other_names", ("Policía", "Policía")),
    ],
)
def test_duplicates_where_a_set_is_meant(build: Any, field: str, value: object) -> None:
    base = {"id": "x", "name": "X"}
    error = broken(build, **base, **{field: value})
    assert (error.field, error.rule) == (field, "duplicate")


def test_duplicates_inside_an_event() -> None:
    organiser = EventOrganisation(organisation_id="osce", role=EventRole.ORGANISER)
    assert broken(event, organisations=(organiser, organiser)).field == "organisations"
    part = EventProgramme(programme_id="glo-act")
    assert broken(event, programmes=(part, part)).field == "programmes"
    # The same organisation in two roles is two facts, not a duplicate.
    host = EventOrganisation(organisation_id="osce", role=EventRole.HOST)
    assert event(organisations=(organiser, host)).organisations == (organiser, host)


def test_session_ids_repeated_inside_one_event() -> None:
    error = broken(event, sessions=(session(), session(kind=SessionKind.TRAINING)))
    assert (error.field, error.rule) == ("sessions", "duplicate")
    assert "'s'" in str(error)


def test_number_needs_a_series_and_must_be_positive() -> None:
    assert broken(event, number=5).rule == "number-without-series"
    assert broken(event, series_id="bsm", number=0).rule == "not-positive"


def test_duration_must_fit_the_period() -> None:
    october = Period.parse("2018-10/2018-10")
    assert event(period=october, duration_days=5).duration_days == 5
    error = broken(event, period=Period.parse("2018-10-22/2018-10-24"), duration_days=5)
    assert (error.field, error.rule) == ("duration_days", "duration-mismatch")
    assert broken(event, duration_days=0).rule == "not-positive"


def test_session_times() -> None:
    assert broken(session, start_time=time(10), end_time=time(9)).rule == "end-before-start"
    aware = time(9, tzinfo=UTC)
    assert broken(session, start_time=aware).field == "start_time"
    assert broken(session, end_time=time(9, 0, 0, 5)).rule == "time-syntax"


def test_a_record_is_not_its_own_parent() -> None:
    assert broken(org, parent_id="unodc").rule == "self-reference"
    assert broken(event, parent_id="e").rule == "self-reference"


def test_location_needs_something() -> None:
    assert broken(Location).rule == "empty"


def test_urls_and_iati_identifiers() -> None:
    assert broken(org, url="www.unodc.org").rule == "url-syntax"
    assert org(url="https://www.unodc.org/").url == "https://www.unodc.org/"
    assert broken(org, iati_identifier="XM DAC 41114").rule == "iati-identifier-syntax"
    assert broken(Source, id="s", kind=SourceKind.REPORT, title="T", url="ftp://x").field == "url"


@pytest.mark.parametrize(
    ("build", "fields", "field"),
    [
        (Organisation, {"id": "x", "name": False}, "name"),
        (Programme, {"id": "x", "name": "X", "countries": ["EG"]}, "countries"),
        (Programme, {"id": "x", "name": "X", "themes": ("trafficking_in_persons",)}, "themes"),
        (Event, {"id": "x", "name": "X", "kind": "workshop"}, "kind"),
        (Participation, {"total": 1.5}, "total"),
        (Participation, {"total": True}, "total"),
        (EventSeries, {"id": "x", "name": "X", "source_ids": "abc"}, "source_ids"),
        (Catalogue, {"events": [event()]}, "events"),
    ],
)
def test_wrong_types(build: Any, fields: dict[str, Any], field: str) -> None:
    error = broken(build, **fields)
    assert (error.field, error.rule) == (field, "type")


def test_every_broken_rule_is_reported_at_once() -> None:
    error = broken(Organisation, id="Bad Id", name=" ", url="nowhere")
    assert [p.path for p in error.problems] == ["id", "name", "url"]
    assert "3 rules" in str(error)


def test_evolve_checks_again() -> None:
    participation = Participation(total=22)
    with pytest.raises(InvariantError, match="women"):
        attrs.evolve(participation, women=30)
    with pytest.raises(InvariantError):
        attrs.evolve(Person(id="p", name="P"), name="")


def test_records_are_frozen() -> None:
    organisation = org()
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        organisation.name = "Other"  # type: ignore[misc]
    assert hash(organisation) == hash(org())


def test_huge_numbers_are_refused_with_a_readable_message() -> None:
    huge = 10**5000
    cases: list[tuple[Any, dict[str, Any]]] = [
        (PartialDate, {"year": huge}),
        (Participation, {"total": 5, "women": huge}),
        (Event, {"id": "e", "name": "E", "kind": EventKind.MEETING, "duration_days": huge}),
    ]
    for build, fields in cases:
        error = broken(build, **fields)
        assert "more than 30 digits" in str(error)


def test_a_blank_iati_identifier_is_one_problem() -> None:
    error = broken(org, iati_identifier="")
    assert [p.code for p in error.problems] == ["blank"]


def test_period_shorthands_refuse_other_types() -> None:
    with pytest.raises(TypeError):
        Period.parse(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Period.on(5)  # type: ignore[arg-type]
