"""Dates as sources write them: the EDTF subset of `PartialDate` and `Period`.

Each phrase of issue 12 that version 1 could not hold has an example here, as
a monitoring officer would encode it; then the round trips (text, YAML, JSON),
the invariants, the errors, and what rules, reports and displays make of a
date that is not certain.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gloact_model import (
    Catalogue,
    Event,
    EventKind,
    InvariantError,
    LoadError,
    PartialDate,
    Period,
    Programme,
    dumps,
    from_dict,
    loads,
    to_dict,
)
from gloact_model.cli import main
from gloact_model.codec import make_converter
from gloact_model.codec._fast_reading import GIVES_UP, fast_structurer
from gloact_model.formats import Format
from gloact_model.model.dates import DATE_FORMS
from gloact_model.reports import events_by_country_and_year, programmes_and_funders
from gloact_model.reports._tables import event_year
from gloact_model.schema import json_schema
from gloact_model.testing import partial_dates, periods

T = TypeVar("T")
HEAD = "schema_version: 1\n"

FORMS = [
    "2018",
    "2018-10",
    "2018-10-23",
    "XXXX-11-12",
    "XXXX-11",
    "XXXX-02-29",
    "2019~",
    "2019-03?",
    "2019-06%",
    "?2021-11-12",
    "?2021-11",
    "?2021-11-12~",
    "XXXX-11-12?",
]


def event(period: Period | None, duration_days: int | None = None) -> Event:
    return Event(
        id="e",
        name="E",
        kind=EventKind.TRAINING_COURSE,
        period=period,
        duration_days=duration_days,
    )


# The phrases of the issue ------------------------------------------------------


def test_on_12_13_november_with_no_year_anywhere() -> None:
    meeting = Period.parse("XXXX-11-12/XXXX-11-13")
    start = meeting.start
    assert start == PartialDate(year=None, month=11, day=12)
    assert start is not None
    assert (start.earliest, start.latest, start.certain) == (None, None, False)
    assert str(meeting) == "XXXX-11-12/XXXX-11-13"
    assert meeting.describe() == "12 November (year unknown) to 13 November (year unknown)"
    # No year is invented: it fits a programme of any years, and counts in no year.
    assert meeting.may_lie_within(Period.parse("2015/2019"))
    assert meeting.may_contain(date(1990, 11, 12))
    assert not start.may_contain(date(1990, 11, 14))
    assert event_year(event(meeting)) is None


def test_a_year_inferred_from_the_publication_date() -> None:
    day = PartialDate.parse("?2021-11-12")
    assert day == PartialDate(year=2021, month=11, day=12, year_inferred=True)
    assert str(day) == "?2021-11-12"
    assert day.earliest == date(2021, 11, 12)  # what the source suggests ...
    assert not day.certain  # ... but never a fact
    assert day.certain_bounds is None
    assert day.describe() == "2021-11-12 (year inferred)"
    assert not day.certainly_before(PartialDate.parse("2021-01"))
    assert event_year(event(Period.on(day))) is None


def test_around_mid_2019() -> None:
    around = PartialDate.parse("2019-06~")
    assert around == PartialDate(year=2019, month=6, approximate=True)
    assert around.describe() == "2019-06 (approximate)"
    assert around.may_contain(date(2019, 8, 1))  # "around" reaches past June
    assert Period.on(around).may_lie_within(Period.parse("2019-07/2020"))
    assert not PartialDate.parse("2019-06").may_contain(date(2019, 8, 1))


def test_probably_march() -> None:
    march = PartialDate.parse("2019-03?")
    assert (march.uncertain, march.approximate, march.certain) == (True, False, False)
    assert march.describe() == "2019-03 (uncertain)"
    both = PartialDate.parse("2019-03%")
    assert (both.uncertain, both.approximate) == (True, True)
    assert both.describe() == "2019-03 (uncertain, approximate)"
    assert not PartialDate.parse("2019-02").certainly_before(march)


def test_a_five_day_course_completed_on_29_june() -> None:
    course = event(Period(end=PartialDate.parse("2020-06-29")), duration_days=5)
    assert course.period is not None
    assert str(course.period) == "../2020-06-29"
    assert course.period.describe() == "start unknown, ends 2020-06-29"
    assert "start unknown, ends 2020-06-29 (5 days)" in course._repr_html_()
    assert event_year(course) == 2020
    data = to_dict(course)
    assert data["period"] == {"end": "2020-06-29"}
    assert data["duration_days"] == 5
    assert from_dict(data, Event) == course


def test_the_start_unknown_is_shown_by_gloact_show(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "course.yaml"
    path.write_text(
        HEAD + "events:\n  - {id: c, name: Course, kind: training_course, "
        "period: ../2020-06-29, duration_days: 5}\n"
        "  - {id: m, name: Meeting, kind: meeting, period: XXXX-11-12/XXXX-11-13}\n"
        "  - {id: i, name: Inferred, kind: meeting, period: '?2021-11-12'}\n",
        encoding="utf-8",
    )
    assert main(["show", str(path)]) == 0
    out = capsys.readouterr().out
    assert "dates start unknown, ends 2020-06-29 (5 days)" in out
    assert "dates 12 November (year unknown) to 13 November (year unknown)" in out
    assert "dates 2021-11-12 (year inferred)" in out


def test_since_2014() -> None:
    since = Period.parse("2014/..")
    assert since == Period(start=PartialDate(year=2014))
    assert str(since) == "2014/.."
    assert since.describe() == "2014/.."
    assert since.latest is None
    programme = Programme(id="p", name="P", period=since)
    assert from_dict(to_dict(programme), Programme) == programme


# Round trips ------------------------------------------------------------------


@pytest.mark.parametrize("text", FORMS)
def test_each_form_reads_back_exactly(text: str) -> None:
    assert str(PartialDate.parse(text)) == text
    assert PartialDate.parse(text) == PartialDate.parse(str(PartialDate.parse(text)))


@pytest.mark.parametrize(
    "text",
    ["2015/2019", "2014/..", "../2020-06-29", "2018-10-23", "XXXX-11-12/XXXX-11-13", "2019~/.."],
)
def test_each_period_form_reads_back_exactly(text: str) -> None:
    assert str(Period.parse(text)) == text


@given(partial_dates())
def test_str_and_parse_are_inverse(value: PartialDate) -> None:
    text = str(value)
    assert PartialDate.parse(text) == value
    assert str(PartialDate.parse(text)) == text


@given(periods())
def test_period_str_and_parse_are_inverse(value: Period) -> None:
    assert Period.parse(str(value)) == value
    assert str(Period.parse(str(value))) == str(value)


@given(st.text(alphabet="0123456789X-?~%/.", max_size=24))
def test_text_is_read_only_when_it_writes_back_the_same(text: str) -> None:
    value, error = _parsed(PartialDate.parse, text)
    if value is None:
        assert error is not None
        assert error.rule in ("date-syntax", "out-of-range")
    else:
        assert str(value) == text


def _parsed(parse: Callable[[str], T], text: str) -> tuple[T | None, InvariantError | None]:
    try:
        return parse(text), None
    except InvariantError as error:
        return None, error


@given(periods(), st.sampled_from(["yaml", "json"]))
def test_periods_in_files_read_back_equal(period: Period, fmt: Format) -> None:
    catalogue = Catalogue(programmes=(Programme(id="p", name="P", period=period),))
    assert loads(dumps(catalogue, format=fmt), format=fmt) == catalogue


@given(periods(), st.sampled_from(["yaml", "json"]))
def test_the_shorthand_in_files_reads_as_the_mapping(period: Period, fmt: Format) -> None:
    data = {"schema_version": 1, "programmes": [{"id": "p", "name": "P", "period": str(period)}]}
    text = json.dumps(data)  # JSON is YAML too
    loaded = loads(text, format=fmt)
    assert loaded.programmes[0].period == period
    assert "start" in dumps(loaded, format=fmt) or "end" in dumps(loaded, format=fmt)


@pytest.mark.parametrize(
    ("shorthand", "period"),
    [
        ("2018-10-23", Period.on("2018-10-23")),
        ("2018-10-22/2018-10-26", Period.parse("2018-10-22/2018-10-26")),
        ("2014/..", Period(start=PartialDate(year=2014))),
        ("'../2020-06-29'", Period(end=PartialDate.parse("2020-06-29"))),
    ],
)
def test_a_period_may_be_written_as_its_shorthand(shorthand: str, period: Period) -> None:
    text = HEAD + f"events:\n  - id: e\n    name: E\n    kind: meeting\n    period: {shorthand}\n"
    loaded = loads(text)
    assert loaded.events[0].period == period
    written = dumps(loaded)
    assert "period:\n" in written  # the writer keeps the mapping


def test_the_fast_reading_path_reads_the_shorthand_as_the_converter_does() -> None:
    texts = ["2018", "2014/..", "../2020-06-29", "?2021-11-12", "XXXX-11-12/XXXX-11-13"]
    data = {
        "events": [
            {"id": f"e{i}", "name": "E", "kind": "meeting", "period": text}
            for i, text in enumerate(texts)
        ],
    }
    fast = fast_structurer(Catalogue)
    assert fast is not None
    read = fast(data)  # accepted, not left to the converter
    assert read == from_dict(data, Catalogue, converter=make_converter())
    assert [e.period for e in read.events] == [Period.parse(text) for text in texts]
    with pytest.raises(GIVES_UP):  # a bad shorthand is left to the converter, to explain
        fast({"events": [{"id": "e", "name": "E", "kind": "meeting", "period": "201X"}]})


# Invariants and errors --------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "field", "rule"),
    [
        ({"year": None}, "month", "year-unknown-without-month"),
        ({"year": None, "month": 2, "day": 30}, "day", "out-of-range"),
        (
            {"year": None, "month": 11, "year_inferred": True},
            "year_inferred",
            "inferred-without-year",
        ),
        ({"year": 2019, "month": 2, "day": 29}, "day", "out-of-range"),
        ({"year": 2019, "uncertain": 1}, "uncertain", "type"),
    ],
)
def test_invariants(fields: dict[str, Any], field: str, rule: str) -> None:
    with pytest.raises(InvariantError) as caught:
        PartialDate(**fields)
    assert (caught.value.field, caught.value.rule) == (field, rule)


def test_29_february_is_allowed_when_the_year_is_unknown() -> None:
    assert str(PartialDate(year=None, month=2, day=29)) == "XXXX-02-29"


@pytest.mark.parametrize(
    "text",
    [
        "XXXX",  # says nothing
        "?XXXX-11-12",  # an inferred year that is not there
        "201X",  # decades: not supported
        "2019-21",  # seasons: not supported
        "[2018, 2019]",  # sets: not supported
        "2019?~",
        "2019-XX",
        "xxxx-11-12",
        "2018-10-23T10:00",
        "-2018",
        "2018~ ",
        "١٢٣٤",
    ],
)
def test_other_text_is_refused_with_the_accepted_forms(text: str) -> None:
    with pytest.raises(InvariantError) as caught:
        PartialDate.parse(text)
    if caught.value.rule == "date-syntax":
        assert DATE_FORMS in str(caught.value)
    else:
        assert caught.value.rule == "out-of-range"  # 2019-21: a month out of range


def test_a_bad_period_shorthand_is_refused_with_the_forms() -> None:
    with pytest.raises(InvariantError) as caught:
        Period.parse("2015/201X")
    assert caught.value.rule == "period-syntax"
    assert "2014/.." in str(caught.value)
    assert DATE_FORMS in str(caught.value)
    with pytest.raises(InvariantError, match="a period needs a start, an end, or both"):
        Period.parse("../..")


@pytest.mark.parametrize(
    ("value", "code", "expected"),
    [
        ("2015/201X", "period", "'2015/201X' is not a period: write a start and an end"),
        ("2019/2015", "end-before-start", "'2019/2015' is not a valid period"),
        ("'2018-13'", "period", "month must be from 1 to 12"),
        ("2018", "type", "(in YAML, put a year in quotes: '2018')"),
        ("[2018]", "type", "expected a period as a mapping with start and end, or as text"),
    ],
)
def test_a_bad_shorthand_in_a_file_is_placed(value: str, code: str, expected: str) -> None:
    text = HEAD + f"events:\n  - id: e\n    name: E\n    kind: meeting\n    period: {value}\n"
    with pytest.raises(LoadError) as caught:
        loads(text)
    (problem,) = caught.value.problems
    assert (problem.path, problem.code, problem.line, problem.column) == (
        "events[0].period",
        code,
        6,
        13,
    )
    assert expected in problem.message


# Comparisons, rules, reports --------------------------------------------------


@given(partial_dates(), partial_dates())
def test_only_certain_dates_are_ever_certainly_before(one: PartialDate, other: PartialDate) -> None:
    if one.certainly_before(other):
        assert one.certain
        assert other.certain
        assert one.latest is not None
        assert other.earliest is not None
        assert one.latest < other.earliest


@given(partial_dates(), st.dates())
def test_a_date_not_certain_may_contain_any_day_its_stated_parts_allow(
    value: PartialDate, day: date
) -> None:
    if value.uncertain or value.approximate:
        assert value.may_contain(day)
    elif value.year is None or value.year_inferred:
        agrees = value.month in (None, day.month) and value.day in (None, day.day)
        assert value.may_contain(day) == agrees


@pytest.mark.parametrize("start", ["?2014", "XXXX-11-12", "2014~", "2014?", "2014%"])
def test_rules_never_find_fault_with_a_date_that_is_not_certain(start: str) -> None:
    catalogue = Catalogue(
        programmes=(Programme(id="p", name="P", period=Period.parse("2015/2019")),),
        events=(
            Event(
                id="e",
                name="E",
                kind=EventKind.MEETING,
                period=Period.parse(f"{start}/{start}"),
                duration_days=3000,
                programmes=(),
            ),
        ),
    )
    assert catalogue.validate().ok


def test_the_duration_check_still_applies_when_both_ends_are_certain() -> None:
    with pytest.raises(InvariantError, match="cannot fit"):
        event(Period.parse("2020-06-25/2020-06-29"), duration_days=9)
    assert event(Period.parse("?2020-06-25/?2020-06-29"), duration_days=9).duration_days == 9


def test_reports_show_what_is_not_certain_as_such() -> None:
    catalogue = Catalogue(
        programmes=(
            Programme(id="a", name="A", period=Period.parse("?2021/..")),
            Programme(id="b", name="B", period=Period.parse("XXXX-11")),
            Programme(id="c", name="C", period=Period.parse("2015/2019")),
        ),
        events=(event(Period.parse("?2021-11-12")),),
    )
    text = programmes_and_funders(catalogue).to_text()
    assert "2021 (year inferred), end open" in text
    assert "November (year unknown)" in text
    assert "2015/2019" in text
    (row,) = events_by_country_and_year(catalogue).rows
    assert row.year is None  # an inferred year is never counted as a year


def test_the_html_displays_say_what_is_not_certain() -> None:
    catalogue = Catalogue(
        programmes=(Programme(id="a", name="A", period=Period.parse("2019~/..")),),
        events=(event(Period(end=PartialDate.parse("2020-06-29")), duration_days=5),),
    )
    html = catalogue._repr_html_()
    assert "2019 (approximate), end open" in html
    assert "start unknown, ends 2020-06-29 (5 days)" in html
    assert "2019 (approximate), end open" in catalogue.programmes[0]._repr_html_()


# The JSON Schema --------------------------------------------------------------


@given(st.text(alphabet="0123456789X-?~%/.", max_size=24) | st.sampled_from(FORMS))
def test_the_schema_pattern_accepts_what_the_parser_reads(text: str) -> None:
    date_pattern = re.compile(json_schema()["$defs"]["PartialDate"]["pattern"])
    period_pattern = re.compile(json_schema()["$defs"]["PeriodText"]["pattern"])
    # The length of a month and an end before a start are rules of two values,
    # which the schema leaves to the loader (docs/schema.md lists them).
    _, error = _parsed(PartialDate.parse, text)
    accepted = error is None or error.field == "day"
    assert bool(date_pattern.search(text)) == accepted, error
    _, error = _parsed(Period.parse, text)
    accepted = error is None or error.rule == "end-before-start" or "day must be" in str(error)
    assert bool(period_pattern.search(text)) == accepted, error
