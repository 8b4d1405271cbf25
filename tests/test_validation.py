"""Catalogue validation: each rule, the report, and the page that documents them."""

from __future__ import annotations

import decimal
import json
import pickle
import re
from decimal import Decimal

import pytest

from gloact_model import (
    Catalogue,
    CountQualifier,
    Event,
    EventKind,
    EventProgramme,
    EventSeries,
    Funder,
    GloactError,
    ImplementingPartner,
    Money,
    Organisation,
    Participation,
    PartnerRole,
    Period,
    Person,
    Programme,
    Session,
    SessionKind,
    Severity,
    Source,
    SourceKind,
    ValidationError,
    ValidationReport,
    loads,
)
from gloact_model.rules import RULES, Issue, Rule, references, rules_table, validate
from gloact_model.rules import _rules as rules_module

from .conftest import MADRID, ROOT

PAGE = ROOT / "docs" / "validation.md"


def org(org_id: str, parent_id: str | None = None) -> Organisation:
    return Organisation(id=org_id, name=org_id.title(), parent_id=parent_id)


def event(event_id: str, period: str | None = None, **fields: object) -> Event:
    return Event(
        id=event_id,
        name=event_id.title(),
        kind=EventKind.WORKSHOP,
        period=None if period is None else Period.parse(period),
        **fields,  # type: ignore[arg-type]
    )


def session(session_id: str, period: str | None = None, **fields: object) -> Session:
    return Session(
        id=session_id,
        kind=SessionKind.TRAINING,
        period=None if period is None else Period.parse(period),
        **fields,  # type: ignore[arg-type]
    )


def programme(programme_id: str, period: str | None = None, **fields: object) -> Programme:
    return Programme(
        id=programme_id,
        name=programme_id.title(),
        period=None if period is None else Period.parse(period),
        **fields,  # type: ignore[arg-type]
    )


def eur(amount: str, currency: str = "EUR") -> Money:
    return Money(amount=Decimal(amount), currency=currency)


# The documented examples: one per rule, each breaking it exactly once -------------------

_SECTION = re.compile(r"^### `(?P<code>[a-z-]+)`\n(?P<body>.*?)(?=^##)", re.DOTALL | re.MULTILINE)
_FENCE = r"^```{}\n(.*?)^```"


def documented_examples() -> dict[str, tuple[str, str]]:
    text = PAGE.read_text(encoding="utf-8")
    examples = {}
    for match in _SECTION.finditer(text):
        body = match["body"]
        document = re.search(_FENCE.format("yaml"), body, re.DOTALL | re.MULTILINE)
        expected = re.search(_FENCE.format("text"), body, re.DOTALL | re.MULTILINE)
        assert document, f"the section on {match['code']} needs a yaml block"
        assert expected, f"the section on {match['code']} needs a text block"
        examples[match["code"]] = (document[1], expected[1])
    return examples


def test_the_page_documents_every_rule_in_the_registry_order() -> None:
    assert list(documented_examples()) == [r.code for r in RULES]


def test_the_rules_table_on_the_page_is_the_registry() -> None:
    text = PAGE.read_text(encoding="utf-8")
    table = text.split("<!-- rules-table: checked against gloact_model.rules.rules_table() -->\n")[
        1
    ].split("<!-- end of rules-table -->")[0]
    assert table == rules_table()


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_each_documented_example_breaks_its_rule_exactly_once(rule: Rule) -> None:
    document, expected = documented_examples()[rule.code]
    report = loads(document).validate()
    assert report.codes() == (rule.code,)
    assert report.issues[0].severity is rule.severity
    assert "\n".join(issue.render() for issue in report.issues) + "\n" == expected


def test_the_registry_holds_every_rule_once_with_a_documented_check() -> None:
    defined = [v for v in vars(rules_module).values() if isinstance(v, Rule)]
    assert sorted(r.code for r in defined) == sorted(r.code for r in RULES)
    assert len({r.code for r in RULES}) == len(RULES)
    for rule in RULES:
        assert rule.summary.endswith("."), rule.code
        assert rule.explanation, rule.code


def test_the_madrid_example_is_consistent() -> None:
    report = loads(MADRID.read_text(encoding="utf-8")).validate()
    assert report.issues == ()
    assert report.ok


# Ids and references ----------------------------------------------------------------------


def test_records_of_different_kinds_may_share_an_id() -> None:
    catalogue = Catalogue(organisations=(org("glo-act"),), programmes=(programme("glo-act"),))
    assert catalogue.validate().issues == ()


def test_every_repeat_of_an_id_is_reported_at_the_repeat() -> None:
    catalogue = Catalogue(organisations=(org("a"), org("b"), org("a"), org("a")))
    report = catalogue.validate()
    assert [(i.code, i.path) for i in report] == [
        ("duplicate-id", "organisations[2].id"),
        ("duplicate-id", "organisations[3].id"),
    ]


def test_every_kind_of_reference_is_checked() -> None:
    catalogue = Catalogue(
        organisations=(Organisation(id="unit", name="Unit", parent_id="o1", source_ids=("s1",)),),
        people=(Person(id="p", name="P", affiliation_id="o2", programme_id="g1"),),
        programmes=(
            programme(
                "prog",
                funders=(Funder(organisation_id="o3"),),
                partners=(ImplementingPartner(organisation_id="o4", role=PartnerRole.LEAD),),
                parent_id="g2",
            ),
        ),
        event_series=(EventSeries(id="series", name="Series", programme_id="g3"),),
        events=(
            event(
                "e",
                series_id="x1",
                programmes=(EventProgramme(programme_id="g4"),),
                participation=Participation(organisation_ids=("o5",), person_ids=("p1",)),
                sessions=(
                    session(
                        "s",
                        speaker_ids=("p2",),
                        organisation_ids=("o6",),
                        participation=Participation(person_ids=("p3",)),
                        source_ids=("s2",),
                    ),
                ),
                parent_id="e1",
                source_ids=("s3",),
            ),
        ),
        sources=(
            Source(id="src", kind=SourceKind.PRESS_RELEASE, title="Release", publisher_id="o7"),
        ),
    )
    dangling = [i.path for i in catalogue.validate() if i.code == "dangling-reference"]
    assert dangling == [path for path, _, _ in references(catalogue)]
    assert len(dangling) == 19  # every reference field of every class


def test_a_reference_to_a_record_of_another_kind_is_named_as_such() -> None:
    catalogue = Catalogue(
        organisations=(org("unodc"),),
        events=(event("e", sessions=(session("s", speaker_ids=("unodc",)),)),),
    )
    (issue,) = catalogue.validate().issues
    assert issue.code == "wrong-kind-reference"
    assert issue.path == "events[0].sessions[0].speaker_ids[0]"
    assert "'unodc' is an organisation, not a person" in issue.message


# Parents --------------------------------------------------------------------------------


def test_a_circle_of_three_parents_is_reported_once() -> None:
    catalogue = Catalogue(
        programmes=(
            programme("top"),
            programme("c", parent_id="a"),
            programme("a", parent_id="b"),
            programme("b", parent_id="c"),
            programme("leaf", parent_id="a"),
        )
    )
    (issue,) = catalogue.validate().issues
    assert issue.code == "parent-cycle"
    assert issue.path == "programmes[1].parent_id"
    assert issue.message.endswith("c → a → b → c")


def test_each_separate_circle_is_reported() -> None:
    catalogue = Catalogue(
        events=(
            event("a", parent_id="b"),
            event("b", parent_id="a"),
            event("c", parent_id="d"),
            event("d", parent_id="c"),
        )
    )
    assert [i.path for i in catalogue.validate()] == ["events[0].parent_id", "events[2].parent_id"]


def test_a_parent_that_is_missing_ends_the_chain_without_a_circle() -> None:
    catalogue = Catalogue(organisations=(org("a", "b"), org("b", "nowhere")))
    assert catalogue.validate().codes() == ("dangling-reference",)


# Dates ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("event_period", "session_period"),
    [
        ("2018-10-22/2018-10-26", "2018-10"),
        ("2018-10", "2018-10-23"),
        ("2018", "2018-12-31"),
        ("2018-10-22/..", "2030"),
        ("../2018-10-26", "1999"),
        ("2018-10-22/2018-10-26", "2018-10-26"),
    ],
)
def test_dates_that_may_fit_are_not_reported(event_period: str, session_period: str) -> None:
    catalogue = Catalogue(
        events=(event("e", event_period, sessions=(session("s", session_period),)),)
    )
    assert catalogue.validate().issues == ()


@pytest.mark.parametrize(
    ("event_period", "session_period"),
    [
        ("2018-10-22/2018-10-26", "2018-10-27"),
        ("2018-10-22/2018-10-26", "2018-09"),
        ("2018-10", "2018-10-30/2018-11-02"),
        ("2018-10-22/..", "2017"),
    ],
)
def test_dates_certainly_outside_are_reported(event_period: str, session_period: str) -> None:
    catalogue = Catalogue(
        events=(event("e", event_period, sessions=(session("s", session_period),)),)
    )
    (issue,) = catalogue.validate().issues
    assert (issue.code, issue.path) == ("session-outside-event", "events[0].sessions[0].period")


def test_an_event_is_checked_against_each_of_its_programmes() -> None:
    catalogue = Catalogue(
        programmes=(programme("phase-1", "2015/2017"), programme("phase-2", "2018/2019")),
        events=(
            event(
                "e",
                "2018-10",
                programmes=(
                    EventProgramme(programme_id="phase-1"),
                    EventProgramme(programme_id="phase-2"),
                ),
            ),
        ),
    )
    (issue,) = catalogue.validate().issues
    assert issue.code == "event-outside-programme"
    assert issue.severity is Severity.WARNING
    assert "'phase-1'" in issue.message


def test_an_undated_event_or_programme_is_never_outside() -> None:
    catalogue = Catalogue(
        programmes=(programme("dated", "2015"), programme("undated")),
        events=(
            event("e1", programmes=(EventProgramme(programme_id="dated"),)),
            event("e2", "2020", programmes=(EventProgramme(programme_id="undated"),)),
            event("e3", parent_id="e1"),
            event("e4", "2030", parent_id="e1", sessions=(session("s"),)),
        ),
    )
    assert catalogue.validate().issues == ()


def test_a_sub_event_within_a_month_long_parent_is_fine() -> None:
    catalogue = Catalogue(
        events=(event("parent", "2018-10"), event("side", "2018-10-23", parent_id="parent"))
    )
    assert catalogue.validate().issues == ()


# Series ---------------------------------------------------------------------------------


def numbered(event_id: str, number: int, period: str | None = None) -> Event:
    return event(event_id, period, series_id="series", number=number)


SERIES = (EventSeries(id="series", name="Series"),)


def test_numbers_whose_dates_may_overlap_are_in_order() -> None:
    catalogue = Catalogue(
        event_series=SERIES,
        events=(
            numbered("w5", 5, "2018-10"),
            numbered("w4", 4, "2018"),
            numbered("w6", 6, "2018-10-01"),
            numbered("w7", 7),
        ),
    )
    assert catalogue.validate().issues == ()


def test_each_event_out_of_order_is_reported_once_against_the_latest_lower_number() -> None:
    catalogue = Catalogue(
        event_series=SERIES,
        events=(
            numbered("w1", 1, "2015"),
            numbered("w2", 2, "2019"),
            numbered("w3", 3, "2017"),
            numbered("w4", 4, "2016"),
            numbered("w5", 5, "2020"),
        ),
    )
    issues = catalogue.validate().issues
    assert [(i.code, i.path) for i in issues] == [
        ("series-out-of-order", "events[2].number"),
        ("series-out-of-order", "events[3].number"),
    ]
    assert all("number 2, events[1]" in i.message for i in issues)


def test_series_are_checked_separately() -> None:
    catalogue = Catalogue(
        event_series=(*SERIES, EventSeries(id="other", name="Other")),
        events=(
            numbered("w1", 1, "2019"),
            event("o1", "2015", series_id="other", number=1),
            event("o2", "2016", series_id="other", number=2),
        ),
    )
    assert catalogue.validate().issues == ()


# Money and partners ---------------------------------------------------------------------


def test_contributions_up_to_the_budget_are_fine() -> None:
    catalogue = Catalogue(
        organisations=(org("a"), org("b")),
        programmes=(
            programme(
                "p",
                budget=eur("11000000"),
                funders=(
                    Funder(organisation_id="a", contribution=eur("10000000.50")),
                    Funder(organisation_id="b", contribution=eur("999999.50")),
                ),
            ),
        ),
    )
    assert catalogue.validate().issues == ()


def test_only_contributions_in_the_budget_currency_are_added_up() -> None:
    catalogue = Catalogue(
        organisations=(org("a"), org("b")),
        programmes=(
            programme(
                "p",
                budget=eur("100"),
                funders=(
                    Funder(organisation_id="a", contribution=eur("90")),
                    Funder(organisation_id="b", contribution=eur("90", "USD")),
                ),
            ),
        ),
    )
    assert catalogue.validate().codes() == ("contribution-currency",)


def test_the_sum_of_contributions_does_not_depend_on_the_decimal_context() -> None:
    catalogue = Catalogue(
        organisations=(org("a"), org("b")),
        programmes=(
            programme(
                "p",
                budget=eur("999999999999999999"),
                funders=(
                    Funder(organisation_id="a", contribution=eur("999999999999999998.999999")),
                    Funder(organisation_id="b", contribution=eur("0.000002")),
                ),
            ),
        ),
    )
    with decimal.localcontext() as rough:
        rough.prec = 6
        (issue,) = catalogue.validate().issues
    assert "EUR 999,999,999,999,999,999.000001" in issue.message


@pytest.mark.parametrize(
    ("roles", "issues"),
    [
        ((PartnerRole.LEAD, PartnerRole.PARTNER), 0),
        ((PartnerRole.PARTNER, PartnerRole.PARTNER), 1),
        ((PartnerRole.NOT_STATED, PartnerRole.NOT_STATED), 0),
        ((PartnerRole.NOT_STATED, PartnerRole.PARTNER), 1),
        ((PartnerRole.LEAD, PartnerRole.NOT_STATED), 0),
        ((PartnerRole.LEAD, PartnerRole.LEAD), 1),
        ((), 0),
    ],
)
def test_one_lead_partner(roles: tuple[PartnerRole, ...], issues: int) -> None:
    partners = tuple(
        ImplementingPartner(organisation_id=f"o{k}", role=role) for k, role in enumerate(roles)
    )
    catalogue = Catalogue(
        organisations=(org("o0"), org("o1")), programmes=(programme("p", partners=partners),)
    )
    assert catalogue.validate().codes() == ("lead-partner",) * issues


# People and participation ---------------------------------------------------------------


def test_programme_staff_need_no_affiliation() -> None:
    catalogue = Catalogue(
        people=(Person(id="officer", name="Officer", programme_id="p"),),
        programmes=(programme("p"),),
        events=(event("e", sessions=(session("s1", speaker_ids=("officer",)),)),),
    )
    assert catalogue.validate().issues == ()


def test_a_speaker_without_affiliation_is_reported_once() -> None:
    catalogue = Catalogue(
        people=(Person(id="speaker", name="Speaker"),),
        events=(
            event(
                "e",
                sessions=(
                    session("s1", speaker_ids=("speaker",)),
                    session("s2", speaker_ids=("speaker",)),
                ),
            ),
        ),
    )
    (issue,) = catalogue.validate().issues
    assert (issue.code, issue.path) == ("speaker-affiliation", "people[0].affiliation_id")


def counts(
    total: int | None, qualifier: CountQualifier = CountQualifier.EXACT, **sexes: int
) -> Participation:
    return Participation(total=total, qualifier=qualifier, **sexes)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("whole", "part", "reported"),
    [
        (counts(30), counts(30), []),
        (counts(30), counts(31), ["total"]),
        (counts(30), counts(31, CountQualifier.LOWER_BOUND), ["total"]),
        (counts(30), counts(31, CountQualifier.APPROXIMATE), []),
        (counts(30, CountQualifier.LOWER_BOUND), counts(100), []),
        (counts(30, CountQualifier.APPROXIMATE), counts(100), []),
        (counts(30, women=10, men=20), counts(None, women=11, men=21), ["women", "men"]),
        (counts(None, women=10), counts(40), []),
        (counts(10), counts(None, women=12), ["women"]),
        (counts(10), counts(None, men=11, qualifier=CountQualifier.LOWER_BOUND), ["men"]),
        (counts(20), counts(None, women=10, men=10), []),
        (counts(20, women=15), counts(None, women=16, men=10), ["women"]),
    ],
)
def test_a_part_counts_no_more_than_its_whole(
    whole: Participation, part: Participation, reported: list[str]
) -> None:
    sessions = Catalogue(
        events=(event("e", participation=whole, sessions=(session("s", participation=part),)),)
    )
    assert [i.path for i in sessions.validate()] == [
        f"events[0].sessions[0].participation.{field}" for field in reported
    ]
    sub_events = Catalogue(
        events=(event("e", participation=whole), event("side", participation=part, parent_id="e"))
    )
    assert [i.path for i in sub_events.validate()] == [
        f"events[1].participation.{field}" for field in reported
    ]


# The report -----------------------------------------------------------------------------


def broken_catalogue() -> Catalogue:
    return Catalogue(
        organisations=(org("a"), org("b")),
        programmes=(
            programme(
                "p",
                partners=(ImplementingPartner(organisation_id="a", role=PartnerRole.PARTNER),),
                funders=(Funder(organisation_id="nobody"),),
            ),
        ),
        events=(event("e", programmes=(EventProgramme(programme_id="q"),)),),
    )


def test_the_report_lists_every_issue_in_catalogue_order() -> None:
    report = broken_catalogue().validate()
    assert [(i.path, i.code, i.severity) for i in report] == [
        ("programmes[0].funders[0].organisation_id", "dangling-reference", Severity.ERROR),
        ("programmes[0].partners", "lead-partner", Severity.WARNING),
        ("events[0].programmes[0].programme_id", "dangling-reference", Severity.ERROR),
    ]
    assert len(report.errors) == 2
    assert len(report.warnings) == 1
    assert not report.ok


def test_the_text_rendering_ends_with_a_tally() -> None:
    text = broken_catalogue().validate().to_text("c.yaml")
    lines = text.splitlines()
    assert lines[0] == (
        "c.yaml: programmes[0].funders[0].organisation_id: refers to the organisation "
        "'nobody', but the catalogue holds no record with that id [error dangling-reference]"
    )
    assert lines[-1] == "2 errors, 1 warning"
    assert str(ValidationReport()) == "no issues\n"


def test_the_json_rendering_holds_every_issue_for_other_tools() -> None:
    data = json.loads(broken_catalogue().validate().to_json("c.yaml"))
    assert data["source"] == "c.yaml"
    assert (data["ok"], data["errors"], data["warnings"]) == (False, 2, 1)
    assert data["issues"][1] == {
        "code": "lead-partner",
        "severity": "warning",
        "path": "programmes[0].partners",
        "message": "no partner has the role 'lead': mark the one that leads the programme",
        "line": None,
        "column": None,
    }


def test_raise_for_errors_carries_the_whole_report() -> None:
    report = broken_catalogue().validate()
    with pytest.raises(ValidationError) as raised:
        report.raise_for_errors()
    assert isinstance(raised.value, GloactError)
    assert isinstance(raised.value, ValueError)
    assert raised.value.report is report
    assert str(raised.value).startswith("the catalogue has 2 errors\n  programmes[0].funders[0]")
    assert pickle.loads(pickle.dumps(raised.value)).report == report


def test_warnings_alone_do_not_raise() -> None:
    warned = ValidationReport(
        issues=(Issue(code="lead-partner", severity=Severity.WARNING, path="p", message="m"),)
    )
    assert warned.raise_for_errors() is warned
    assert warned.ok


def test_located_gives_each_issue_the_place_found_for_its_path() -> None:
    report = broken_catalogue().validate()
    places = {"programmes[0].partners": (12, 5)}
    located = report.located(places.get)
    assert [(i.line, i.column) for i in located] == [(None, None), (12, 5), (None, None)]
    assert located.issues[1].render("c.yaml") == (
        "c.yaml:12:5: programmes[0].partners: no partner has the role 'lead': "
        "mark the one that leads the programme [warning lead-partner]"
    )


def test_validate_refuses_what_is_not_a_catalogue() -> None:
    with pytest.raises(TypeError, match="not Event"):
        validate(event("e"))  # type: ignore[arg-type]


def test_a_subset_of_rules_can_be_run() -> None:
    only = tuple(r for r in RULES if r.code == "lead-partner")
    assert validate(broken_catalogue(), rules=only).codes() == ("lead-partner",)


def test_a_long_circle_is_named_briefly() -> None:
    size = 1000
    catalogue = Catalogue(
        organisations=tuple(org(f"o{i}", f"o{(i + 1) % size}") for i in range(size))
    )
    (issue,) = catalogue.validate().issues
    assert issue.message == (
        "the parents run in a circle: o0 → o1 → o2 → o3 → … (995 more) … → o999 → o0"
    )


def test_women_and_men_of_a_part_fit_in_the_whole_total() -> None:
    part = Participation(women=10, men=11)
    catalogue = Catalogue(
        events=(event("e", participation=counts(20), sessions=(session("s", participation=part),)),)
    )
    (issue,) = catalogue.validate().issues
    assert issue.path == "events[0].sessions[0].participation"
    assert issue.message == (
        "the session counts 10 women and 11 men, more than the 20 participants of the event"
    )


def test_periods_wholly_after_their_bounds_are_outside_them() -> None:
    glo_act = programme("glo-act", "2015/2019")
    late = event("late", "2030/..", programmes=(EventProgramme(programme_id="glo-act"),))
    assert Catalogue(programmes=(glo_act,), events=(late,)).validate().codes() == (
        "event-outside-programme",
    )
    course = event("course", "2019-01-01/2019-06-30", sessions=(session("s", "2019-12-31/2019"),))
    assert Catalogue(events=(course,)).validate().codes() == ("session-outside-event",)


def test_numbers_that_start_on_the_same_day_are_in_order() -> None:
    catalogue = Catalogue(
        event_series=SERIES,
        events=(numbered("w4", 4, "2018-10-22"), numbered("w5", 5, "2018-10-22")),
    )
    assert catalogue.validate().issues == ()
    swapped = Catalogue(
        event_series=SERIES,
        events=(numbered("w4", 4, "2018-10-23"), numbered("w5", 5, "2018-10-22")),
    )
    assert swapped.validate().codes() == ("series-out-of-order",)


def test_an_event_known_only_to_end_is_ordered_by_its_end() -> None:
    catalogue = Catalogue(
        event_series=SERIES,
        events=(numbered("w4", 4, "2019/.."), numbered("w5", 5, "../2018")),
    )
    (issue,) = catalogue.validate().issues
    assert issue.message == (
        "number 5 of the series 'series' ends (2018) before number 4, events[0], starts (2019)"
    )


def test_a_report_reads_as_the_tuple_of_its_issues() -> None:
    report = broken_catalogue().validate()
    assert len(report) == 3
    assert report[0] is report.issues[0]
    assert list(report) == list(report.issues)
    assert report
    assert not Catalogue().validate()
