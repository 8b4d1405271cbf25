"""How records show themselves in Jupyter: the `_repr_html_` of catalogues, records and reports."""

from __future__ import annotations

import html
from html.parser import HTMLParser

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gloact_model import (
    Affiliation,
    Catalogue,
    CountQualifier,
    Country,
    Event,
    EventKind,
    Location,
    Organisation,
    PartialDate,
    Participation,
    Period,
    Person,
    Programme,
    Session,
    SessionKind,
    load,
    loads,
    positions,
)
from gloact_model.model.catalogue import CATALOGUE_ROWS
from gloact_model.model.event import SESSION_ROWS
from gloact_model.rules import Issue, Severity, ValidationReport
from gloact_model.testing import (
    catalogues,
    events,
    ids,
    lines,
    organisations,
    people,
    programmes,
    texts,
)

from .conftest import MADRID

# The only tags the displays write: anything else came from a record's text.
TAGS = {"div", "p", "strong", "span", "dl", "dt", "dd"}
TAGS |= {"table", "caption", "thead", "tbody", "tr", "th", "td"}

HOSTILE = (
    "<script>alert(1)</script>",
    "<SCRIPT src=x>",
    '"><img src=x onerror=alert(1)>',
    "</td></tr></table><script>",
    "&lt;script&gt; & <b>bold</b>",
)


class _Tags(HTMLParser):
    """Checks that tags nest and close, and collects the text between them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.text: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in TAGS:
            self.problems.append(f"unexpected <{tag}>")
        self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.problems.append(f"self-closing <{tag}/>")

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.open[-1:]}")
        else:
            self.open.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def well_formed(markup: str) -> str:
    """Fail unless every tag is one of ours and closes in order; the text shown, in one string."""
    parser = _Tags()
    parser.feed(markup)
    parser.close()
    assert parser.problems == [], (parser.problems, markup)
    assert parser.open == [], (parser.open, markup)
    return "".join(parser.text)


@pytest.fixture(scope="module")
def madrid() -> Catalogue:
    return load(MADRID)


# The Madrid example ------------------------------------------------------------


def test_a_catalogue_shows_its_counts_programmes_and_events(madrid: Catalogue) -> None:
    markup = madrid._repr_html_()
    shown = well_formed(markup)
    assert "Catalogue 26 records" in shown
    for term, count in (("organisations", 15), ("people", 2), ("programmes", 2), ("events", 4)):
        assert f'<dt>{term}</dt><dd style="margin:0">{count}</dd>' in markup
    assert "<dt>event series</dt>" in markup
    assert "Programmes (2)" in shown
    assert "Events (4)" in shown
    assert "GLO.ACT" in shown
    assert "2015/2019" in shown
    assert "training course" in shown
    assert "Madrid, Spain" in shown
    assert "UNODC headquarters, Vienna, Austria" in shown
    assert "planned" in shown
    assert "more events" not in shown


def test_a_programme_shows_period_budget_countries_funders_and_partners(
    madrid: Catalogue,
) -> None:
    markup = madrid.programme("glo-act")._repr_html_()
    shown = well_formed(markup)
    assert shown.startswith("Programme Global Action to Prevent")
    assert "GLO.ACT" in shown
    assert "2015/2019" in shown
    assert "EUR 11,000,000" in shown
    assert "Lao People's Democratic Republic" in shown  # escaped in the markup
    assert "Lao People&#x27;s Democratic Republic" in markup
    assert "unodc (lead), iom (partner), unicef (partner)" in shown
    assert "fundersoeu" not in shown
    assert "eu" in shown
    assert "trafficking in persons, smuggling of migrants" in shown


def test_an_event_shows_when_where_who_and_its_sessions(madrid: Catalogue) -> None:
    shown = well_formed(madrid.event("osce-bsm-workshop-5-madrid-2018")._repr_html_())
    assert shown.startswith("Event Fifth Border Security and Management Workshop")
    assert "osce-bsm-workshops, no. 5" in shown
    assert "2018-10 (5 days)" in shown
    assert "Madrid, Spain" in shown
    assert "in person" in shown
    assert "osce-bsmu (organiser), spanish-national-police (co-organiser)" in shown
    assert "glo-act (contributed to)" in shown
    assert "22 people from Algeria, Egypt, Israel, Jordan, Morocco, Tunisia" in shown
    assert "Sessions (6)" in shown
    assert "Statement of the Egyptian delegation" in shown
    assert "2018-10-23" in shown
    assert "aleksander-piecyk" in shown
    assert "carlos-velazquez" in shown


def test_an_event_without_counts_shows_who_took_part_in_words(madrid: Catalogue) -> None:
    shown = well_formed(madrid.event("el-proxeneta-premiere")._repr_html_())
    assert "judges from every court in Spain" in shown
    assert "Sessions" not in shown


def test_counts_say_how_far_they_can_be_trusted() -> None:
    event = Event(
        id="e",
        name="Example workshop",
        kind=EventKind.WORKSHOP,
        participation=Participation(
            total=30, women=12, men=1, qualifier=CountQualifier.LOWER_BOUND
        ),
    )
    assert (
        "at least 30 people (women at least 12, men at least 1, "
        "share of women 92% (of lower bounds))" in well_formed(event._repr_html_())
    )
    about = attrs.evolve(
        event, participation=Participation(total=1, qualifier=CountQualifier.APPROXIMATE)
    )
    assert "about 1 person" in well_formed(about._repr_html_())
    women_only = attrs.evolve(event, participation=Participation(women=7))
    assert '<dd style="margin:0">women 7</dd>' in women_only._repr_html_()


def test_a_report_without_issues_says_so(madrid: Catalogue) -> None:
    shown = well_formed(madrid.validate()._repr_html_())
    assert shown == "Validation report no issues: the records fit together"


def test_a_report_shows_each_issue_with_its_place_in_the_file() -> None:
    text = MADRID.read_text(encoding="utf-8")
    broken = text.replace("- organisation_id: osce-bsmu", "- organisation_id: osce-bsm", 1)
    report = loads(broken).validate().located(positions(broken, "yaml").find)
    (issue,) = report.issues
    assert issue.line is not None
    assert issue.column is not None
    markup = report._repr_html_()
    shown = well_formed(markup)
    assert "Validation report 1 error, 0 warnings" in shown
    assert "line:column" in shown
    assert f"{issue.line}:{issue.column}" in shown
    assert '<span style="color:#b00">error</span>' in markup
    assert "dangling-reference" in shown
    assert "events[0].organisations[0].organisation_id" in shown
    assert "refers to the organisation &#x27;osce-bsm&#x27;" in markup


def test_a_report_without_places_has_no_place_column() -> None:
    report = ValidationReport(
        issues=(Issue(code="x", severity=Severity.WARNING, path="events[0]", message="odd"),)
    )
    markup = report._repr_html_()
    shown = well_formed(markup)
    assert "line:column" not in shown
    assert "1 warning" in shown
    assert '<span style="color:#a60">warning</span>' in markup


def test_plain_repr_is_unchanged(madrid: Catalogue) -> None:
    assert repr(madrid).startswith("Catalogue(organisations=(Organisation(id='eu'")
    assert repr(madrid.programmes[0]).startswith("Programme(id='glo-act', name=")
    assert repr(madrid.events[0]).startswith("Event(id='osce-bsm-workshop-5-madrid-2018'")


# Caps: a display stays small however big the catalogue ----------------------------


def _workshop(number: int) -> Event:
    return Event(
        id=f"example-workshop-{number}",
        name=f"Example workshop {number}",
        kind=EventKind.WORKSHOP,
        period=Period.parse("2019-03"),
        location=Location(country=Country("NP"), city="Kathmandu"),
    )


def _programme(number: int) -> Programme:
    return Programme(id=f"programme-{number}", name=f"Example programme {number}")


def test_a_big_catalogue_lists_only_its_first_programmes_and_events() -> None:
    rows = CATALOGUE_ROWS
    small = Catalogue(
        programmes=tuple(map(_programme, range(rows))), events=tuple(map(_workshop, range(rows)))
    )
    big = Catalogue(
        programmes=tuple(map(_programme, range(rows + 20))),
        events=tuple(map(_workshop, range(5_000))),
    )
    markup = big._repr_html_()
    shown = well_formed(markup)
    assert "Example workshop 9" in shown
    assert "Example workshop 10" not in shown
    assert "Example programme 9" in shown
    assert "Example programme 10" not in shown
    assert "… and 4,990 more events" in shown
    assert "… and 20 more programmes" in shown
    assert "Events (5,000)" in shown
    assert "5,030 records" in shown
    assert markup.count("<tr>") == 2 * (rows + 1)
    # The cap lines and the larger counts are all that the big catalogue adds.
    assert len(markup) <= len(small._repr_html_()) + 200


def test_an_event_lists_its_first_sessions_and_a_report_its_first_issues() -> None:
    sessions = tuple(
        Session(id=f"s{n}", kind=SessionKind.PRESENTATION) for n in range(SESSION_ROWS + 3)
    )
    event = attrs.evolve(_workshop(1), sessions=sessions)
    shown = well_formed(event._repr_html_())
    assert f"s{SESSION_ROWS - 1}" in shown
    assert f"s{SESSION_ROWS}" not in shown
    assert "… and 3 more sessions" in shown

    issue = Issue(code="x", severity=Severity.ERROR, path="events[0]", message="wrong")
    report = ValidationReport(issues=(issue,) * 250)
    shown = well_formed(report._repr_html_())
    assert "250 errors, 0 warnings" in shown
    assert "… and 150 more issues" in shown


# Any record --------------------------------------------------------------------------


def _no_script(markup: str) -> None:
    assert "<script" not in markup.lower()
    assert "<img" not in markup.lower()


@given(catalogues(), st.sampled_from(HOSTILE))
def test_any_catalogue_and_its_report_display_well_formed_and_escaped(
    catalogue: Catalogue, hostile: str
) -> None:
    report = catalogue.validate()
    shown = well_formed(report._repr_html_())
    assert report.tally() in shown
    assert all(issue.code in shown for issue in report)
    if catalogue.events:
        first = catalogue.events[0]
        catalogue = catalogue.with_replaced(attrs.evolve(first, name=f"{first.name} {hostile}"))
    markup = catalogue._repr_html_()
    shown = well_formed(markup)
    _no_script(markup)
    # The display lists the first CATALOGUE_ROWS of each; the rest are counted, not named.
    records: tuple[Programme | Event, ...] = (
        *catalogue.programmes[:CATALOGUE_ROWS],
        *catalogue.events[:CATALOGUE_ROWS],
    )
    for record in records:
        assert html.escape(record.name) in markup
        assert record.name in shown


@given(programmes(), st.sampled_from(HOSTILE))
def test_any_programme_displays_well_formed_and_escaped(programme: Programme, hostile: str) -> None:
    hostile_programme = attrs.evolve(programme, name=hostile, acronym=hostile)
    for record in (programme, hostile_programme):
        markup = record._repr_html_()
        shown = well_formed(markup)
        _no_script(markup)
        assert html.escape(record.name) in markup
        assert record.name in shown
        if record.acronym is not None:
            assert record.acronym in shown


@given(events(), st.sampled_from(HOSTILE), st.data())
def test_any_event_displays_well_formed_and_escaped(
    event: Event, hostile: str, data: st.DataObject
) -> None:
    markup = event._repr_html_()
    shown = well_formed(markup)
    assert html.escape(event.name) in markup
    assert event.name in shown
    for session in event.sessions:
        assert session.title is None or session.title in shown
    hostile_event = attrs.evolve(
        event,
        name=hostile,
        location=Location(city=hostile, venue=data.draw(lines())),
        participation=Participation(description=hostile),
        sessions=(Session(id="s", kind=SessionKind.PANEL, title=hostile),),
    )
    markup = hostile_event._repr_html_()
    shown = well_formed(markup)
    _no_script(markup)
    assert shown.count(hostile) == 4  # name, location, participants, session title


_issues = st.builds(
    Issue,
    code=ids(),
    severity=st.sampled_from(Severity),
    path=lines() | st.sampled_from(HOSTILE),
    message=texts() | st.sampled_from(HOSTILE),
    line=st.none() | st.integers(1, 10**6),
    column=st.none() | st.integers(1, 10**4),
)


@given(st.lists(_issues, max_size=5).map(tuple))
def test_any_report_displays_well_formed_and_escaped(issues: tuple[Issue, ...]) -> None:
    report = ValidationReport(issues=issues)
    markup = report._repr_html_()
    shown = well_formed(markup)
    _no_script(markup)
    assert report.tally() in shown
    for issue in issues:
        assert html.escape(issue.message) in markup
        assert html.escape(issue.path) in markup


def test_an_organisation_shows_its_names_seat_and_founding() -> None:
    # "launched in June 2020", as an item of the Women's Network has it.
    network = Organisation(
        id="womens-network",
        name="Women's Network",
        acronym="WN",
        other_names=("Network of Gender Champions",),
        parent_id="unodc",
        seat_country=Country(code="AT"),
        founded=PartialDate.parse("2020-06?"),
    )
    shown = well_formed(network._repr_html_())
    assert shown.startswith("Organisation Women's Network")
    for expected in ("WN", "Network of Gender Champions", "unodc", "Austria", "founded"):
        assert expected in shown
    assert network.founded is not None
    assert network.founded.describe() in shown


def test_a_person_shows_every_position() -> None:
    # "training consultant and member of the Advisory Board"
    person = Person(
        id="ibtisam-aziz",
        name="Ibtisam Aziz",
        honorific="Dr",
        position="Training consultant",
        other_affiliations=(
            Affiliation(organisation_id="advisory-board", position="Member of the Advisory Board"),
        ),
    )
    shown = well_formed(person._repr_html_())
    assert shown.startswith("Person Dr Ibtisam Aziz")
    assert "Training consultant" in shown
    assert "Member of the Advisory Board, advisory-board" in shown


@given(organisations(), people(), st.sampled_from(HOSTILE))
def test_any_organisation_and_person_display_well_formed_and_escaped(
    organisation: Organisation, person: Person, hostile: str
) -> None:
    for record in (
        organisation,
        person,
        attrs.evolve(organisation, name=hostile, description=hostile),
        attrs.evolve(person, name=hostile, position=hostile),
    ):
        markup = record._repr_html_()
        shown = well_formed(markup)
        _no_script(markup)
        assert record.name in shown
