"""Partial dates, periods and countries: the value objects of the model."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gloact_model import Country, DatePrecision, InvariantError, PartialDate, Period
from gloact_model.testing import partial_dates, periods


@pytest.mark.parametrize(
    ("text", "precision", "earliest", "latest"),
    [
        ("2018", DatePrecision.YEAR, date(2018, 1, 1), date(2018, 12, 31)),
        ("2018-10", DatePrecision.MONTH, date(2018, 10, 1), date(2018, 10, 31)),
        ("2016-02", DatePrecision.MONTH, date(2016, 2, 1), date(2016, 2, 29)),
        ("2018-10-23", DatePrecision.DAY, date(2018, 10, 23), date(2018, 10, 23)),
    ],
)
def test_partial_dates_stand_for_intervals(
    text: str, precision: DatePrecision, earliest: date, latest: date
) -> None:
    value = PartialDate.parse(text)
    assert (value.precision, value.earliest, value.latest) == (precision, earliest, latest)
    assert str(value) == text


@pytest.mark.parametrize(
    "text", ["18", "2018-1", "2018/10", "2018-10-23T10:00", " 2018", "2018-13"]
)
def test_malformed_dates_are_refused(text: str) -> None:
    with pytest.raises(InvariantError):
        PartialDate.parse(text)


def test_partial_dates_are_equal_only_to_the_same_precision() -> None:
    assert PartialDate.parse("2018-10") != PartialDate.parse("2018-10-01")
    assert PartialDate.from_date(date(2018, 10, 23)) == PartialDate.parse("2018-10-23")


def test_certainly_before_is_about_every_possible_day() -> None:
    october, day = PartialDate.parse("2018-10"), PartialDate.parse("2018-10-23")
    assert not october.certainly_before(day)
    assert not day.certainly_before(october)
    assert PartialDate.parse("2018-09").certainly_before(day)


@given(partial_dates())
def test_parse_reads_what_str_writes(value: PartialDate) -> None:
    assert PartialDate.parse(str(value)) == value
    earliest, latest = value.earliest, value.latest
    assert (earliest is None) == (latest is None) == (value.year is None)
    assert earliest is None or latest is None or earliest <= latest


@given(periods(), st.dates())
def test_a_period_may_contain_a_day_between_its_ends(period: Period, day: date) -> None:
    # An end that is not certain (year unknown or inferred, uncertain, approximate) bounds nothing.
    first = None if period.start is None else period.start.certain_bounds
    last = None if period.end is None else period.end.certain_bounds
    inside = (first is None or first[0] <= day) and (last is None or day <= last[1])
    assert period.may_contain(day) == inside


def test_period_shorthands() -> None:
    assert Period.parse("2015/2019") == Period(
        start=PartialDate(year=2015), end=PartialDate(year=2019)
    )
    assert Period.parse("2018-10-23") == Period.on("2018-10-23") == Period.on(date(2018, 10, 23))
    assert Period.parse("2018/..") == Period(start=PartialDate(year=2018))
    assert Period.parse("../2019").start is None
    assert str(Period.parse("2015/2019")) == "2015/2019"
    assert str(Period.on("2018-10-23")) == "2018-10-23"


def test_may_lie_within() -> None:
    programme = Period.parse("2015/2019")
    assert Period.on("2018-10-23").may_lie_within(programme)
    assert Period.parse("2019-12/2019").may_lie_within(programme)
    assert not Period.parse("2019-12/2020").may_lie_within(programme)
    assert not Period.parse("2020/2021").may_lie_within(programme)
    assert not Period.parse("2014-12-31/2015").may_lie_within(programme)


@pytest.mark.parametrize(
    "period",
    ["2030/..", "../2010", "2020-01/..", "../2014-12", "2019-12-31/2020", "2014/2014-12-31"],
)
def test_a_period_that_certainly_reaches_outside_does_not_lie_within(period: str) -> None:
    assert not Period.parse(period).may_lie_within(Period.parse("2015/2019"))


def test_a_start_after_the_other_ends_is_outside_whatever_the_precisions() -> None:
    first_half = Period.parse("2019-01-01/2019-06-30")
    assert not Period.parse("2019-12-31/2019").may_lie_within(first_half)


@pytest.mark.parametrize("period", ["2019/..", "../2015", "2015-01-01/..", "../2019-12-31", "2017"])
def test_an_open_or_vague_period_may_lie_within(period: str) -> None:
    assert Period.parse(period).may_lie_within(Period.parse("2015/2019"))


def test_country_by_code() -> None:
    egypt = Country("EG")
    assert (egypt.code, egypt.name, egypt.alpha3, str(egypt)) == ("EG", "Egypt", "EGY", "EG")
    assert Country("KG").official_name == "Kyrgyz Republic"
    assert Country("EG") == Country("EG")


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Lao PDR", "LA"),
        ("Kyrgyz Republic", "KG"),
        ("Egypt", "EG"),
        ("egypt", "EG"),
        ("EGY", "EG"),
        ("eg", "EG"),
        ("Egypt, Arab Rep.", "EG"),
        ("Côte d'Ivoire", "CI"),
        ("Cote d'Ivoire", "CI"),
        ("Türkiye", "TR"),
        ("Russian Federation", "RU"),
        ("Congo, Dem. Rep.", "CD"),
        ("Viet Nam", "VN"),
        ("Iran (Islamic Republic of)", "IR"),
        ("Bolivia (Plurinational State of)", "BO"),
        ("United Republic of Tanzania", "TZ"),
        ("Republic of Moldova", "MD"),
        ("Syrian Arab Republic", "SY"),
        ("Lao People's Democratic Republic", "LA"),
        ("Gambia, The", "GM"),
        ("Korea, Rep.", "KR"),
        ("St. Lucia", "LC"),
        ("Hong Kong SAR, China", "HK"),
        ("Venezuela, RB", "VE"),
        ("Slovak Republic", "SK"),
        ("State of Palestine", "PS"),
        ("Czechia", "CZ"),
        ("North Macedonia", "MK"),
        ("Eswatini", "SZ"),
        ("United Kingdom", "GB"),
        ("United States", "US"),
    ],
)
def test_country_lookup_by_common_names(name: str, code: str) -> None:
    assert Country.lookup(name) == Country(code)


def test_country_lookup_of_an_unknown_name() -> None:
    with pytest.raises(InvariantError, match="Atlantis"):
        Country.lookup("Atlantis")
    with pytest.raises(InvariantError, match="did you mean 'EG'"):
        Country.lookup("Egyptt")
