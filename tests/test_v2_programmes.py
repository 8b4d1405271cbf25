"""Format version 2: programmes, organisations, people, roles, identifiers and countries.

The examples come from the items in ``../shared/press/``: GLO.ACT's overview
(2015-2019, EUR 11 million, EU and UNODC with IOM and UNICEF), RENATE's
description of it ("Glo.Act", launched in January 2016), and the steering
committees of its next phase, "GLO.ACT Asia and the Middle East" (UNODC and IOM,
"the two implementing agencies").
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gloact_model import (
    Affiliation,
    Budget,
    BudgetKind,
    Catalogue,
    Country,
    Event,
    EventKind,
    Funder,
    Identifier,
    IdentifierScheme,
    ImplementingPartner,
    InvariantError,
    LoadError,
    Money,
    Organisation,
    PartialDate,
    Participation,
    PartnerRole,
    Period,
    Person,
    Programme,
    ProgrammeOrganisation,
    ProgrammeRole,
    ProgrammeStatus,
    Session,
    SessionKind,
    dumps,
    from_dict,
    loads,
    to_dict,
)
from gloact_model import testing as gst
from gloact_model.cli import summary
from gloact_model.codec._fast_reading import fast_structurer
from gloact_model.reports import programmes_and_funders

EUR = "EUR"


def eur(amount: int) -> Money:
    return Money(amount=Decimal(amount), currency=EUR)


def glo_act() -> Programme:
    """GLO.ACT 2015-2019 as the overview and RENATE together state it."""
    return Programme(
        id="glo-act",
        name="Global Action to Prevent and Address Trafficking in Persons and the Smuggling "
        "of Migrants",
        acronym="GLO.ACT",
        other_names=(
            "Glo.Act",
            "Global Action against Trafficking of Persons and Smuggling of Migrants",
            "Global Action against Trafficking of Persons and the Smuggling of Migrants",
        ),
        status=ProgrammeStatus.COMPLETED,  # "was a four-year (2015-2019) ... initiative"
        period=Period.parse("2015/2019"),
        budget=eur(11_000_000),
        funders=(Funder(organisation_id="eu"),),
        partners=(
            ImplementingPartner(organisation_id="unodc"),
            ImplementingPartner(organisation_id="iom"),
            ImplementingPartner(organisation_id="unicef"),
        ),
        countries=tuple(
            Country.lookup(name)
            for name in ("Belarus", "Brazil", "Colombia", "Egypt", "Kyrgyz Republic", "Lao PDR")
        ),
        target_groups=("victims of trafficking", "vulnerable migrants"),
        objectives=("prevent and address trafficking in persons and the smuggling of migrants",),
    )


def asia() -> Programme:
    """The next phase, as the steering committee items call it."""
    return Programme(
        id="glo-act-asia",
        name="GLO.ACT Asia and the Middle East",
        follows_id="glo-act",
        period=Period(start=PartialDate.parse("2018")),
        partners=(
            ImplementingPartner(organisation_id="unodc"),
            ImplementingPartner(organisation_id="iom"),
        ),
        identifiers=(
            Identifier(scheme=IdentifierScheme.DONOR_PROJECT, value="PL15-0032", issuer_id="eu"),
            Identifier(scheme=IdentifierScheme.IATI_ORGANISATION, value="XM-DAC-41128"),
        ),
        budgets=(
            Budget(value=eur(10_000_000), kind=BudgetKind.ORIGINAL),
            Budget(
                value=eur(12_000_000), kind=BudgetKind.REVISED, stated=PartialDate.parse("2021")
            ),
        ),
        organisations=(
            ProgrammeOrganisation(
                organisation_id="unodc", role=ProgrammeRole.ACCOUNTABLE, term="project promoter"
            ),
        ),
        reached=Participation(total=24, description="officials from police and prosecution"),
    )


def organisations() -> tuple[Organisation, ...]:
    return (
        Organisation(id="eu", name="European Union", acronym="EU"),
        Organisation(
            id="unodc",
            name="United Nations Office on Drugs and Crime",
            acronym="UNODC",
            iati_identifier="XM-DAC-41128",
        ),
        Organisation(id="iom", name="International Organization for Migration", acronym="IOM"),
        Organisation(id="unicef", name="United Nations Children's Fund", acronym="UNICEF"),
        Organisation(
            id="womens-network",
            name="Women's Network of Gender Champions against Human Trafficking and Migrant "
            "Smuggling",
            founded=PartialDate.parse("2017"),  # "created in 2017"
        ),
    )


def consultant() -> Person:
    """A made-up person, in the issue's words: "training consultant and member of the Board"."""
    return Person(
        id="example-consultant",
        name="Example Consultant",
        position="training consultant",
        programme_id="glo-act",
        other_affiliations=(
            Affiliation(organisation_id="womens-network", position="member of the Advisory Board"),
        ),
    )


def catalogue() -> Catalogue:
    return Catalogue(
        organisations=organisations(), people=(consultant(),), programmes=(glo_act(), asia())
    )


# Examples from the press items -----------------------------------------------------------


def test_the_programme_of_the_press_items_round_trips_and_validates() -> None:
    whole = catalogue()
    assert whole.validate().ok, whole.validate()
    assert not whole.validate().issues
    for fmt in ("yaml", "json"):
        assert loads(dumps(whole, format=fmt), Catalogue, format=fmt) == whole


def test_four_names_for_glo_act_are_one_programme() -> None:
    programme = glo_act()
    assert len({programme.name, *programme.other_names}) == 4
    data = to_dict(programme)
    assert data["other_names"][0] == "Glo.Act"
    with pytest.raises(InvariantError, match="must not repeat a value"):
        Programme(id="p", name="P", other_names=("Glo.Act", "Glo.Act"))


def test_partners_whose_role_is_not_stated_are_not_asked_for_a_lead() -> None:
    # "the two implementing agencies": the item does not say which one leads.
    assert ImplementingPartner(organisation_id="iom").role is PartnerRole.NOT_STATED
    assert "lead-partner" not in catalogue().validate().codes()
    assert "role" not in to_dict(ImplementingPartner(organisation_id="iom"))
    stated = Catalogue(
        organisations=organisations(),
        programmes=(
            Programme(
                id="p",
                name="P",
                partners=(
                    ImplementingPartner(organisation_id="unodc"),
                    ImplementingPartner(organisation_id="iom", role=PartnerRole.PARTNER),
                ),
            ),
        ),
    )
    assert stated.validate().codes() == ("lead-partner",)


def test_a_project_promoter_is_accountable_and_keeps_its_word() -> None:
    role = asia().organisations[0]
    assert (role.role, role.role.iati_code, role.term) == (
        ProgrammeRole.ACCOUNTABLE,
        "2",
        "project promoter",
    )
    # Funders are funding and partners implementing, for an IATI export.
    roles = {(o.organisation_id, o.role) for o in glo_act().participating_organisations}
    assert roles == {
        ("eu", ProgrammeRole.FUNDING),
        ("unodc", ProgrammeRole.IMPLEMENTING),
        ("iom", ProgrammeRole.IMPLEMENTING),
        ("unicef", ProgrammeRole.IMPLEMENTING),
    }
    both = asia().participating_organisations
    assert [(o.organisation_id, o.role) for o in both] == [
        ("unodc", ProgrammeRole.ACCOUNTABLE),
        ("unodc", ProgrammeRole.IMPLEMENTING),
        ("iom", ProgrammeRole.IMPLEMENTING),
    ]


@pytest.mark.parametrize(
    ("vocabulary", "codes"),
    [
        (ProgrammeRole, ("1", "2", "3", "4")),
        (BudgetKind, ("1", "2")),
        (ProgrammeStatus, ("1", "2", "4", "5")),
    ],
)
def test_iati_codes_round_trip(vocabulary: Any, codes: tuple[str, ...]) -> None:
    assert tuple(member.iati_code for member in vocabulary) == codes
    for member in vocabulary:
        assert vocabulary.from_iati_code(member.iati_code) is member
    with pytest.raises(ValueError, match="IATI"):
        vocabulary.from_iati_code("99")


def test_iati_finalisation_reads_as_completed_and_suspended_is_refused() -> None:
    assert ProgrammeStatus.from_iati_code("3") is ProgrammeStatus.COMPLETED
    with pytest.raises(ValueError, match="'6'"):
        ProgrammeStatus.from_iati_code("6")


def test_a_donor_project_number_and_an_iati_identifier() -> None:
    donor, iati = asia().identifiers
    assert donor.label == "PL15-0032 (donor project)"
    assert iati.label == "XM-DAC-41128 (iati organisation)"
    with pytest.raises(InvariantError, match="without spaces"):
        Identifier(scheme=IdentifierScheme.IATI_ACTIVITY, value="XM-DAC 41128-1")
    with pytest.raises(InvariantError, match="Wikidata"):
        Identifier(scheme=IdentifierScheme.WIKIDATA, value="q42")
    assert Identifier(scheme=IdentifierScheme.OTHER, value="contract 2015/363-441").value


def test_identifiers_are_unique_per_scheme_and_value() -> None:
    one = Identifier(scheme=IdentifierScheme.DONOR_PROJECT, value="PL15-0032")
    other = Identifier(scheme=IdentifierScheme.OTHER, value="PL15-0032")
    assert Programme(id="p", name="P", identifiers=(one, other)).identifiers == (one, other)
    with pytest.raises(InvariantError, match="identifiers: must not repeat"):
        Programme(
            id="p",
            name="P",
            identifiers=(one, Identifier(scheme=one.scheme, value="PL15-0032", issuer_id="eu")),
        )


def test_an_initial_and_a_final_cost_are_an_original_and_a_revised_budget() -> None:
    table = programmes_and_funders(catalogue())
    (row,) = [r for r in table.records() if r["programme_id"] == "glo-act-asia"]
    assert (row["original_budget_amount"], row["revised_budget_amount"]) == (10**7, 12 * 10**6)
    assert (row["status"], row["follows_id"]) == (None, "glo-act")
    original = Budget(value=eur(1), kind=BudgetKind.ORIGINAL)
    with pytest.raises(InvariantError, match="budgets: must not repeat"):
        Programme(id="p", name="P", budgets=(original, Budget(value=eur(2), kind=original.kind)))
    # One budget of a kind per period: budgets for two periods are two.
    years = [Period.parse(y) for y in ("2019", "2020")]
    by_year = tuple(Budget(value=eur(1), kind=BudgetKind.ORIGINAL, period=y) for y in years)
    assert len(Programme(id="p", name="P", budgets=by_year).budgets) == 2


def test_a_programme_cannot_follow_itself() -> None:
    with pytest.raises(InvariantError, match="follows_id: must not be the record's own id"):
        Programme(id="p", name="P", follows_id="p")


def test_phases_in_a_circle_are_reported_once() -> None:
    phases = Catalogue(
        programmes=(
            Programme(id="a", name="A", follows_id="b"),
            Programme(id="b", name="B", follows_id="c"),
            Programme(id="c", name="C", follows_id="a"),
        )
    )
    (issue,) = phases.validate().issues
    assert issue.code == "phase-cycle"
    assert issue.path == "programmes[0].follows_id"
    assert "a → b → c → a" in issue.message


@pytest.mark.parametrize(
    ("before", "after", "found"),
    [
        ("2015/2019", "2014", True),
        ("2015/2019", "2018", False),
        ("2015/2019", "2015-01", False),  # may start the same month: never certainly wrong
        ("2015-06/2019", "2015", False),
        ("../2019", "2014", False),  # the earlier phase's start is unknown
    ],
)
def test_a_phase_does_not_start_before_the_phase_it_follows(
    before: str, after: str, found: bool
) -> None:
    phases = Catalogue(
        programmes=(
            Programme(id="a", name="A", period=Period.parse(before)),
            Programme(id="b", name="B", period=Period.parse(after), follows_id="a"),
        )
    )
    codes = phases.validate().codes()
    assert codes == (("phase-before-predecessor",) if found else ())


def test_references_of_the_new_fields_are_checked() -> None:
    broken = Catalogue(
        programmes=(
            attrs.evolve(asia(), reached=Participation(total=3, organisation_ids=("ghost",))),
        ),
        people=(
            Person(
                id="anne",
                name="Anne",
                other_affiliations=(Affiliation(organisation_id="nobody"),),
            ),
        ),
    )
    paths = {i.path for i in broken.validate().issues if i.code == "dangling-reference"}
    assert paths == {
        "people[0].other_affiliations[0].organisation_id",
        "programmes[0].follows_id",
        "programmes[0].identifiers[0].issuer_id",
        "programmes[0].reached.organisation_ids[0]",
        "programmes[0].organisations[0].organisation_id",
        "programmes[0].partners[0].organisation_id",
        "programmes[0].partners[1].organisation_id",
    }


# People and organisations ----------------------------------------------------------------


def test_a_person_with_two_positions() -> None:
    # "training consultant and member of the Advisory Board"
    person = Person(
        id="huma",
        name="Huma Chughtai",
        position="Chairperson of the Advisory Board",
        affiliation_id="womens-network",
        other_affiliations=(Affiliation(position="training consultant", programme_id="glo-act"),),
    )
    assert [a.label for a in person.affiliations] == [
        "Chairperson of the Advisory Board, womens-network",
        "training consultant, glo-act",
    ]
    assert loads(dumps(person), Person) == person
    with pytest.raises(InvariantError, match="needs an organisation_id"):
        Affiliation()
    with pytest.raises(InvariantError, match="repeats the main affiliation"):
        Person(
            id="p",
            name="P",
            position="consultant",
            other_affiliations=(Affiliation(position="consultant"),),
        )


def test_a_speaker_with_only_another_affiliation_speaks_for_someone() -> None:
    person = Person(id="p", name="P", other_affiliations=(Affiliation(organisation_id="unodc"),))
    event = Event(
        id="e",
        name="E",
        kind=EventKind.MEETING,
        sessions=(Session(id="s", kind=SessionKind.PANEL, speaker_ids=("p",)),),
    )
    found = Catalogue(organisations=organisations(), people=(person,), events=(event,))
    assert "speaker-affiliation" not in found.validate().codes()


def test_an_organisation_created_in_2017() -> None:
    network = organisations()[-1]
    assert network.founded == PartialDate(year=2017)
    assert to_dict(network)["founded"] == "2017"
    assert "founded 2017" in summary(
        Catalogue(
            organisations=(network,),
            programmes=(
                Programme(id="p", name="P", funders=(Funder(organisation_id=network.id),)),
            ),
        )
    )


def test_show_gives_status_phase_identifiers_budgets_and_names() -> None:
    text = summary(catalogue())
    assert "also called: Glo.Act; Global Action against" in text
    assert "completed; period 2015/2019" in text
    assert "follows: GLO.ACT" in text
    assert "identifiers: PL15-0032 (donor project); XM-DAC-41128 (iati organisation)" in text
    assert "budgets: EUR 10,000,000 (original); EUR 12,000,000 (revised, stated 2021)" in text
    assert "project promoter (accountable): United Nations Office on Drugs and Crime" in text
    assert "reached: 24" in text


def test_the_html_display_shows_the_new_facts() -> None:
    html = asia()._repr_html_()
    for shown in ("glo-act", "PL15-0032 (donor project)", "project promoter", "24 people"):
        assert shown in html, shown
    assert "completed" in glo_act()._repr_html_()


# Countries ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["Kosovo", "Republic of Kosovo", "kosovo", "XK", "XKX", "Kosovo*", "Kosova"]
)
def test_kosovo_is_xk(name: str) -> None:
    kosovo = Country.lookup(name)
    assert (kosovo.code, kosovo.alpha3, kosovo.name, kosovo.label) == (
        "XK",
        "XKX",
        "Kosovo",
        "Kosovo",
    )
    assert not kosovo.is_historic
    assert loads(dumps(Programme(id="p", name="P", countries=(kosovo,))), Programme).countries == (
        kosovo,
    )


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("Kenia", "'KE' (Kenya)"), ("Colombie", "'CO' (Colombia)"), ("Marocco", "'MA' (Morocco)")],
)
def test_a_misspelt_country_name_gets_the_nearest_names(typed: str, meant: str) -> None:
    with pytest.raises(InvariantError, match="did you mean") as caught:
        Country.lookup(typed)
    assert f"did you mean {meant}" in str(caught.value)
    with pytest.raises(InvariantError, match="did you mean"):
        Country(typed)


def test_a_name_near_nothing_gets_no_suggestion() -> None:
    with pytest.raises(InvariantError) as caught:
        Country.lookup("Atlantis of the Deep")
    assert "did you mean" not in str(caught.value)


def test_a_misspelt_country_in_a_file_is_located_with_a_suggestion() -> None:
    text = "programmes:\n  - id: p\n    name: P\n    countries: [Kenia]\n"
    with pytest.raises(LoadError, match=r"countries\[0\].*did you mean 'KE' \(Kenya\)"):
        loads(text, Catalogue)


# Codec: the converter and the fast paths agree, in YAML and JSON -------------------------

NEW_CLASSES: dict[type, st.SearchStrategy[Any]] = {
    Affiliation: gst.affiliations(),
    Identifier: gst.identifiers(),
    Budget: gst.budgets(),
    ProgrammeOrganisation: gst.programme_organisations(),
    Programme: gst.programmes(),
    Person: gst.people(),
    Organisation: gst.organisations(),
}


@pytest.mark.parametrize("cls", list(NEW_CLASSES), ids=lambda cls: cls.__name__)
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_the_new_classes_round_trip_in_yaml_and_json(cls: type, data: st.DataObject) -> None:
    record = data.draw(NEW_CLASSES[cls])
    for fmt in ("yaml", "json"):
        assert loads(dumps(record, format=fmt), cls, format=fmt) == record
    plain = to_dict(record)
    fast = fast_structurer(cls)
    assert fast is not None
    assert fast(plain) == from_dict(plain, cls) == record


@pytest.mark.parametrize(
    ("data", "path"),
    [
        ({"id": "p", "name": "P", "status": "finished"}, "status"),
        ({"id": "p", "name": "P", "identifiers": [{"scheme": "doi", "value": "x"}]}, "scheme"),
        (
            {"id": "p", "name": "P", "budgets": [{"value": {"amount": "1", "currency": "EUR"}}]},
            "kind",
        ),
        (
            {"id": "p", "name": "P", "organisations": [{"organisation_id": "x", "role": "donor"}]},
            "role",
        ),
        ({"id": "p", "name": "P", "follows_id": "Not An Id"}, "follows_id"),
        ({"id": "p", "name": "P", "other_names": [" padded"]}, "other_names"),
    ],
)
def test_wrong_values_are_refused_at_their_path(data: dict[str, Any], path: str) -> None:
    with pytest.raises(LoadError) as caught:
        from_dict(data, Programme)
    assert path in str(caught.value)
    assert fast_structurer(Programme) is not None


@settings(max_examples=10, deadline=None)
@given(gst.consistent_catalogues())
def test_consistent_catalogues_with_phases_still_validate(whole: Catalogue) -> None:
    assert not whole.validate().issues
