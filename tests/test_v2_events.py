"""Events, series and participation as real items state them (issue 12, points 2, 3, 5 and 7).

The examples come from ../shared/press/: GLO.ACT's project steering committees (numbered
meetings in two programme phases, one online, one hybrid, "the 9th and final", "bi-annual"),
the second meeting of the Women's Network Advisory Board (which GLO.ACT convened, and whose
item dates the first meeting after the second), and phrases of the same field: "over 15
(5 female, 10 male)", "24 officials from police, prosecution and NGOs", "the first of a
four-part series", "on the sidelines of".
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import attrs
import pytest
from hypothesis import given

from gloact_model import (
    AttendanceMode,
    Catalogue,
    CountQualifier,
    Country,
    Event,
    EventCountry,
    EventKind,
    EventProgramme,
    EventRelation,
    EventRole,
    EventSeries,
    Format,
    GroupCount,
    InvariantError,
    LoadError,
    Location,
    Participation,
    Period,
    Programme,
    ProgrammePart,
    SeriesFrequency,
    ShareOfWomen,
    dumps,
    loads,
)
from gloact_model.cli import main, summary
from gloact_model.codec import make_converter
from gloact_model.codec._fast_reading import fast_structurer
from gloact_model.codec._fast_writing import fast_unstructurer
from gloact_model.reports import participants_by_sex
from gloact_model.testing import event_series, events, group_counts, participations

EXACT, LOWER_BOUND, APPROXIMATE = (
    CountQualifier.EXACT,
    CountQualifier.LOWER_BOUND,
    CountQualifier.APPROXIMATE,
)
FORMATS: tuple[Format, ...] = ("yaml", "json")


def problems(error: pytest.ExceptionInfo[InvariantError]) -> list[tuple[str, str]]:
    return [(p.path, p.code) for p in error.value.problems]


# The steering committees: two phases, numbered meetings, "the 9th and final" -------------


def meeting(series_id: str, number: int, day: str, **fields: object) -> Event:
    return Event(
        id=f"{series_id}-{number}",
        name=f"Project Steering Committee meeting {number}",
        kind=EventKind.MEETING,
        series_id=series_id,
        number=number,
        period=Period.parse(day),
        **fields,  # type: ignore[arg-type]
    )


BRUSSELS = Location(country=Country("BE"), city="Brussels")


@pytest.fixture
def committees() -> Catalogue:
    """Both phases' committees, as psc-05, psc-06, psc-asia-01, -02, -04 and -09 state them."""
    return Catalogue(
        programmes=(
            Programme(id="glo-act", name="GLO.ACT", period=Period.parse("2015/2019")),
            Programme(id="glo-act-asia", name="GLO.ACT Asia and the Middle East"),
        ),
        event_series=(
            EventSeries(
                id="glo-act-psc", name="GLO.ACT Project Steering Committee", programme_id="glo-act"
            ),
            EventSeries(
                id="glo-act-asia-psc",
                name="GLO.ACT Asia and the Middle East Project Steering Committee",
                acronym="PSC",
                programme_id="glo-act-asia",
                frequency=SeriesFrequency.TWICE_A_YEAR,  # "the bi-annual ... meetings"
            ),
        ),
        events=(
            meeting("glo-act-psc", 5, "2018", location=BRUSSELS),
            meeting("glo-act-psc", 6, "2018", location=BRUSSELS),
            meeting("glo-act-asia-psc", 1, "2019", location=BRUSSELS),
            meeting("glo-act-asia-psc", 2, "2020", attendance_mode=AttendanceMode.ONLINE),
            meeting("glo-act-asia-psc", 4, "2021-06-10"),
            meeting(
                "glo-act-asia-psc",
                9,
                "2024-03-13",
                final=True,  # "the 9th and Final ... Meeting"
                location=BRUSSELS,
                attendance_mode=AttendanceMode.HYBRID,  # "in Brussels and online"
            ),
        ),
    )


def test_the_committees_of_both_phases_validate(committees: Catalogue) -> None:
    assert committees.validate().issues == ()
    for fmt in FORMATS:
        assert loads(dumps(committees, fmt), Catalogue, fmt) == committees


def test_a_meeting_after_the_final_one_is_refused(committees: Catalogue) -> None:
    tenth = meeting("glo-act-asia-psc", 10, "2024-09")
    report = committees.with_added(tenth).validate()
    assert [(i.code, i.path) for i in report.issues] == [("final-not-last", "events[5].final")]
    assert "number 9 is marked final, but events[6] is number 10" in report.issues[0].message


def test_a_series_has_one_final_event(committees: Catalogue) -> None:
    other = attrs.evolve(committees.event("glo-act-asia-psc-4"), final=True)
    report = committees.with_replaced(other).validate()
    # The fourth comes first in the catalogue, so the ninth is the second final one.
    assert [(i.code, i.path) for i in report.issues] == [
        ("final-not-last", "events[4].final"),
        ("final-not-last", "events[5].final"),
    ]
    assert "number 4 is marked final, but events[5] is number 9" in report.issues[0].message
    assert "already has a final event, events[4]" in report.issues[1].message


def test_final_and_the_relation_to_a_parent_need_what_they_qualify() -> None:
    with pytest.raises(InvariantError) as error:
        Event(
            id="e",
            name="The final meeting",
            kind=EventKind.MEETING,
            final=True,
            parent_relation=EventRelation.SIDE_EVENT,
        )
    assert problems(error) == [
        ("final", "final-without-series"),
        ("parent_relation", "relation-without-parent"),
    ]


def test_show_and_the_display_say_final_hybrid_and_bi_annual(
    committees: Catalogue, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = summary(committees)
    assert "number 9 and final of the series" in text
    assert "period" not in text.split("Events")[0].split("Event series")[1]  # none stated
    assert "twice a year" in text
    path = tmp_path / "committees.yaml"
    path.write_text(dumps(committees), encoding="utf-8")
    assert main(["show", str(path)]) == 0
    assert "number 9 and final" in capsys.readouterr().out
    shown = committees.event("glo-act-asia-psc-9")._repr_html_()
    assert "glo-act-asia-psc, no. 9 (final)" in shown
    assert "twice a year" in committees.series("glo-act-asia-psc")._repr_html_()


# The Women's Network Advisory Board: convened by GLO.ACT; a source at odds with itself -----


def board_meetings(first_day: str) -> Catalogue:
    board = EventSeries(id="wn-advisory-board", name="Women's Network Advisory Board meetings")
    convened = (EventProgramme(programme_id="glo-act", part=ProgrammePart.CONVENED),)
    first = Event(
        id="wn-ab-1",
        name="1st Advisory Board meeting",
        kind=EventKind.MEETING,
        series_id=board.id,
        number=1,
        period=Period.parse(first_day),
    )
    second = Event(
        id="wn-ab-2",
        name="2nd meeting of the Women's Network Advisory Board",
        kind=EventKind.MEETING,
        series_id=board.id,
        number=2,
        period=Period.parse("2021-06-09"),
        programmes=convened,  # "GLO.ACT convened the 2nd Advisory Board meeting"
        follows_up_ids=(first.id,),  # "Following its 1st Advisory Board meeting"
    )
    return Catalogue(
        programmes=(Programme(id="glo-act", name="GLO.ACT"),),
        event_series=(board,),
        events=(first, second),
    )


def test_the_item_that_dates_the_first_meeting_after_the_second_is_caught() -> None:
    # "Following its 1st Advisory Board meeting on 27 October 2021, GLO.ACT convened the
    # 2nd Advisory Board meeting on 9 June 2021": recorded as stated, the rules object.
    report = board_meetings("2021-10-27").validate()
    assert [(i.code, i.path) for i in report.issues] == [
        ("series-out-of-order", "events[1].number"),
        ("follow-up-before-event", "events[1].follows_up_ids[0]"),
    ]
    assert "follows up 'wn-ab-1', which starts later (2021-10-27)" in report.issues[1].message


def test_a_follow_up_is_judged_only_where_the_dates_are_certain() -> None:
    assert board_meetings("2020-10-27").validate().issues == ()
    # Known only to the year, the first may be before the second: nothing is reported.
    assert board_meetings("2021").validate().issues == ()


def test_a_convened_event_reads_and_writes() -> None:
    catalogue = board_meetings("2020-10-27")
    assert "convened" in summary(catalogue)
    assert "part: convened" in dumps(catalogue)
    assert loads(dumps(catalogue)) == catalogue


def test_a_follow_up_of_itself_or_of_no_event_is_refused() -> None:
    with pytest.raises(InvariantError) as error:
        Event(id="e", name="E", kind=EventKind.MEETING, follows_up_ids=("e", "e"))
    assert problems(error) == [
        ("follows_up_ids", "duplicate"),
        ("follows_up_ids", "self-reference"),
    ]
    dangling = Catalogue(
        events=(Event(id="e", name="E", kind=EventKind.MEETING, follows_up_ids=("conf-2017",)),)
    ).validate()
    assert [(i.code, i.path) for i in dangling.issues] == [
        ("dangling-reference", "events[0].follows_up_ids[0]")
    ]


# Series: "the first of a four-part series", since when, within another series -------------


def four_part(number: int) -> Catalogue:
    series = EventSeries(
        id="webinars",
        name="Webinar series",
        planned_events=4,  # "the first of a four-part series"
        period=Period.parse("2020/.."),  # "since 2020"
        topics=("online child sexual exploitation",),
    )
    webinar = Event(
        id="webinar", name="Webinar", kind=EventKind.WEBINAR, series_id="webinars", number=number
    )
    return Catalogue(event_series=(series,), events=(webinar,))


def test_a_series_numbers_fit_its_planned_count() -> None:
    assert four_part(1).validate().issues == ()
    assert four_part(4).validate().issues == ()
    report = four_part(5).validate()
    assert [(i.code, i.path) for i in report.issues] == [
        ("series-beyond-planned", "events[0].number")
    ]


def test_a_planned_count_is_a_positive_number() -> None:
    for planned, code in ((0, "not-positive"), (-4, "not-positive"), (10**7, "out-of-range")):
        with pytest.raises(InvariantError) as error:
            EventSeries(id="s", name="S", planned_events=planned)
        assert problems(error) == [("planned_events", code)]


def test_series_parents_resolve_and_never_run_in_a_circle() -> None:
    workshops = EventSeries(id="workshops", name="Workshops", parent_id="programme-series")
    whole = EventSeries(id="programme-series", name="All events", parent_id="workshops")
    report = Catalogue(event_series=(workshops, whole)).validate()
    assert [(i.code, i.path) for i in report.issues] == [
        ("parent-cycle", "event_series[0].parent_id")
    ]
    with pytest.raises(InvariantError) as error:
        EventSeries(id="s", name="S", parent_id="s")
    assert problems(error) == [("parent_id", "self-reference")]
    missing = Catalogue(event_series=(workshops,)).validate()
    assert missing.codes() == ("dangling-reference",)


def test_a_series_reaches_people_and_says_so() -> None:
    series = EventSeries(
        id="s",
        name="Training series",
        frequency=SeriesFrequency.ANNUAL,
        planned_events=4,
        reached=Participation(total=120, qualifier=LOWER_BOUND),
    )
    text = summary(Catalogue(event_series=(series,)))
    assert "annual; 4 events planned" in text
    assert "reached: at least 120" in text
    assert loads(dumps(series), EventSeries) == series


# Side events and parts: "on the sidelines of" --------------------------------------------


def conference_with(relation: EventRelation | None) -> Catalogue:
    conference = Event(
        id="conference",
        name="Conference",
        kind=EventKind.CONFERENCE,
        participation=Participation(total=40),
    )
    side = Event(
        id="side",
        name="Side event on the sidelines of the conference",
        kind=EventKind.MEETING,
        parent_id="conference",
        parent_relation=relation,
        participation=Participation(total=60, women=30, men=30),
    )
    return Catalogue(events=(conference, side))


def test_a_side_event_counts_as_its_own_event() -> None:
    catalogue = conference_with(EventRelation.SIDE_EVENT)
    assert catalogue.validate().issues == ()  # its 60 are not the conference's 40
    rows = {row.event_id: row for row in participants_by_sex(catalogue)}
    assert list(rows) == ["conference", "side", None]
    assert (rows["side"].total, rows["side"].share_women) == (60, 0.5)
    assert rows[None].total == 100
    assert "a side event of 'Conference'" in summary(catalogue)
    assert "side event of" in catalogue.event("side")._repr_html_()


@pytest.mark.parametrize("relation", [EventRelation.PART_OF, None])
def test_a_part_counts_within_its_parent(relation: EventRelation | None) -> None:
    catalogue = conference_with(relation)
    assert catalogue.validate().codes() == ("participation-exceeds-whole",)
    rows = {row.event_id: row for row in participants_by_sex(catalogue)}
    assert list(rows) == ["conference", None]


# Countries in a role: "experts from the United States and the United Kingdom" -------------


def test_countries_in_a_role_at_an_event() -> None:
    experts = tuple(
        EventCountry(country=Country(code), role=EventRole.CONTRIBUTOR, description="experts")
        for code in ("US", "GB")
    )
    course = Event(id="course", name="Course", kind=EventKind.TRAINING_COURSE, countries=experts)
    assert loads(dumps(course, "json"), Event, "json") == course
    assert "contributor: United States (experts)" in summary(Catalogue(events=(course,)))
    with pytest.raises(InvariantError) as error:
        attrs.evolve(course, countries=(experts[0], experts[0]))
    assert problems(error) == [("countries", "duplicate")]


# Counts: "over 15 (5 female, 10 male)", "24 officials from police, prosecution and NGOs" ----


OVER_15 = Participation(
    total=15,
    qualifier=LOWER_BOUND,
    women=5,
    women_qualifier=EXACT,
    men=10,
    men_qualifier=EXACT,
)


def test_each_count_has_its_own_qualifier() -> None:
    assert OVER_15.qualifier_of("total") is LOWER_BOUND
    assert OVER_15.qualifier_of("women") is EXACT
    share = OVER_15.share_of_women
    assert share == ShareOfWomen(women=5, men=10, basis=EXACT)
    assert share is not None
    assert share.share == Fraction(1, 3)
    assert share.exact
    assert str(share) == "33%"
    for fmt in FORMATS:
        assert loads(dumps(OVER_15, fmt), Participation, fmt) == OVER_15
    assert "at least 15 (exactly 5 women, exactly 10 men, share of women 33%)" in summary(
        Catalogue(events=(Event(id="e", name="E", kind=EventKind.WORKSHOP, participation=OVER_15),))
    )


@pytest.mark.parametrize(
    ("women_qualifier", "men_qualifier", "basis", "shown"),
    [
        (None, None, EXACT, "40%"),
        (APPROXIMATE, None, APPROXIMATE, "about 40%"),
        (LOWER_BOUND, None, LOWER_BOUND, "40% (of lower bounds)"),
        (LOWER_BOUND, APPROXIMATE, APPROXIMATE, "about 40%"),
    ],
)
def test_a_share_of_women_is_never_shown_as_more_certain_than_its_counts(
    women_qualifier: CountQualifier | None,
    men_qualifier: CountQualifier | None,
    basis: CountQualifier,
    shown: str,
) -> None:
    counted = Participation(
        women=4, men=6, women_qualifier=women_qualifier, men_qualifier=men_qualifier
    )
    share = counted.share_of_women
    assert share is not None
    assert (share.basis, str(share)) == (basis, shown)
    event = Event(id="e", name="E", kind=EventKind.WORKSHOP, participation=counted)
    (row, _) = participants_by_sex(Catalogue(events=(event,))).rows
    assert (row.share_women, row.share_women_qualifier) == (0.4, basis)
    assert shown in participants_by_sex(Catalogue(events=(event,))).to_text()


def test_no_share_without_both_counts() -> None:
    assert Participation(women=3).share_of_women is None
    assert Participation(women=0, men=0).share_of_women is None


def test_the_counts_exceed_total_check_weighs_each_count_by_its_own_qualifier() -> None:
    # An exact total of 12: approximate women are not weighed, at-least women are.
    Participation(total=12, women=5, men=10, women_qualifier=APPROXIMATE)
    with pytest.raises(InvariantError) as error:
        Participation(total=12, women=5, men=10, women_qualifier=LOWER_BOUND)
    assert problems(error) == [("total", "counts-exceed-total")]
    # A total that is itself a lower bound is not weighed against.
    Participation(total=12, women=5, men=10, qualifier=LOWER_BOUND, men_qualifier=EXACT)


def test_a_qualifier_needs_its_count() -> None:
    with pytest.raises(InvariantError) as error:
        Participation(total=3, women_qualifier=EXACT, men_qualifier=APPROXIMATE)
    assert problems(error) == [
        ("women_qualifier", "qualifier-without-count"),
        ("men_qualifier", "qualifier-without-count"),
    ]
    with pytest.raises(InvariantError) as error:
        GroupCount(name="police", qualifier=APPROXIMATE)
    assert problems(error) == [("qualifier", "qualifier-without-count")]


OFFICIALS = Participation(
    total=24,
    groups=tuple(GroupCount(name=name) for name in ("police", "prosecution", "NGOs")),
)


def test_groups_of_participants() -> None:
    assert OFFICIALS.share_of_women is None
    for fmt in FORMATS:
        assert loads(dumps(OFFICIALS, fmt), Participation, fmt) == OFFICIALS
    assert "in groups: police; prosecution; NGOs" in summary(
        Catalogue(
            events=(Event(id="e", name="E", kind=EventKind.WORKSHOP, participation=OFFICIALS),)
        )
    )
    # Groups alone say something: a participation of groups is not empty.
    Participation(groups=(GroupCount(name="judges"),))


def test_group_names_are_unique_and_counts_fit_an_exact_total() -> None:
    with pytest.raises(InvariantError) as error:
        Participation(
            total=24,
            groups=(
                GroupCount(name="Café owners"),
                GroupCount(name="Cafe\u0301 owners"),  # the same, decomposed
                GroupCount(name="police", count=30, qualifier=LOWER_BOUND),
            ),
        )
    assert problems(error) == [
        ("groups[2].count", "counts-exceed-total"),
        ("groups", "duplicate"),
    ]
    # Approximate counts, or a total that is not exact, are not weighed.
    Participation(total=24, groups=(GroupCount(name="police", count=30, qualifier=APPROXIMATE),))
    Participation(total=24, qualifier=LOWER_BOUND, groups=(GroupCount(name="police", count=30),))


def test_a_part_is_weighed_against_its_whole_by_each_count_s_qualifier() -> None:
    whole = Event(id="w", name="W", kind=EventKind.CONFERENCE, participation=OVER_15)
    part = Event(
        id="p",
        name="P",
        kind=EventKind.MEETING,
        parent_id="w",
        participation=Participation(women=7, qualifier=EXACT),
    )
    # The whole's 5 women are exact, though its total is only a lower bound.
    report = Catalogue(events=(whole, part)).validate()
    assert [(i.code, i.path) for i in report.issues] == [
        ("participation-exceeds-whole", "events[1].participation.women")
    ]


# Reading and writing -------------------------------------------------------------------


def test_the_new_keys_read_from_yaml() -> None:
    document = """\
schema_version: 1
event_series:
  - id: psc
    name: Project Steering Committee
    frequency: twice_a_year
    planned_events: 9
    period:
      start: '2019'
events:
  - id: psc-9
    name: 9th and final meeting
    other_names: [Final PSC]
    kind: meeting
    series_id: psc
    number: 9
    final: true
    participation:
      total: 15
      qualifier: lower_bound
      women: 5
      women_qualifier: exact
      men: 10
      men_qualifier: exact
      groups:
        - name: police
          count: 4
  - id: side
    name: Side event
    kind: meeting
    parent_id: psc-9
    parent_relation: side_event
    follows_up_ids: [psc-9]
    countries:
      - country: US
        role: contributor
        description: experts
"""
    catalogue = loads(document)
    ninth, side = catalogue.events
    assert ninth.final
    assert ninth.participation == attrs.evolve(
        OVER_15, groups=(GroupCount(name="police", count=4),)
    )
    assert side.parent_relation is EventRelation.SIDE_EVENT
    assert catalogue.series("psc").frequency is SeriesFrequency.TWICE_A_YEAR
    assert catalogue.validate().issues == ()
    assert loads(dumps(catalogue)) == catalogue


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("final: yes", "events[0].final: expected true or false, got the text 'yes'"),
        ("final: 1", "events[0].final: expected true or false, got the whole number 1"),
        ("parent_relation: sidelines", "expected one of"),
    ],
)
def test_wrong_values_of_the_new_keys_are_refused(line: str, expected: str) -> None:
    document = (
        "schema_version: 1\nevents:\n"
        f"  - id: e\n    name: E\n    kind: meeting\n    parent_id: p\n    {line}\n"
    )
    with pytest.raises(LoadError) as error:
        loads(document)
    assert expected in str(error.value)


def test_a_count_of_one_is_not_true() -> None:
    with pytest.raises(LoadError):
        loads("schema_version: 1\ntotal: true\n", Participation)


@pytest.mark.parametrize("cls", [Event, EventSeries, Participation, GroupCount, EventCountry])
def test_the_generated_paths_handle_the_new_classes_and_fields(cls: type) -> None:
    assert fast_structurer(cls) is not None
    assert fast_unstructurer(cls) is not None


@given(events())
def test_events_round_trip_and_the_fast_paths_agree(event: Event) -> None:
    converter = make_converter()
    writer = fast_unstructurer(Event)
    reader = fast_structurer(Event)
    assert writer is not None
    assert reader is not None
    data = converter.unstructure(event)
    assert writer(event) == data
    assert reader(data) == converter.structure(data, Event) == event
    for fmt in FORMATS:
        assert loads(dumps(event, fmt), Event, fmt) == event


@given(event_series())
def test_series_round_trip(series: EventSeries) -> None:
    for fmt in FORMATS:
        assert loads(dumps(series, fmt), EventSeries, fmt) == series


@given(participations())
def test_participations_round_trip_and_their_share_is_that_of_their_counts(
    participation: Participation,
) -> None:
    for fmt in FORMATS:
        assert loads(dumps(participation, fmt), Participation, fmt) == participation
    share = participation.share_of_women
    if share is not None:
        assert share.share == Fraction(participation.women or 0, share.women + share.men)
        sure = {participation.qualifier_of("women"), participation.qualifier_of("men")}
        assert share.exact == (sure == {EXACT})


@given(group_counts())
def test_group_counts_round_trip(group: GroupCount) -> None:
    for fmt in FORMATS:
        assert loads(dumps(group, fmt), GroupCount, fmt) == group
