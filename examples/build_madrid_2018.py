"""Build the Madrid 2018 catalogue in Python, as a notebook user would.

Every record comes from the GLO.ACT press release of 8 November 2018 about the
fifth OSCE Border Security and Management workshop (``glo-act-osce-madrid-2018``),
and holds only what the release says. Where it is silent (the start date of
the course, the date of the documentary premiere, the affiliation of the GLO.ACT
officer) the record is silent too.

Run it to check that it builds the same catalogue as
``examples/glo-act-madrid-2018.yaml``::

    python examples/build_madrid_2018.py            # exit status 0 when equal
    python examples/build_madrid_2018.py --write    # rewrite the YAML file
"""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

from gloact_model import (
    AttendanceMode,
    Catalogue,
    Country,
    Event,
    EventKind,
    EventOrganisation,
    EventProgramme,
    EventRole,
    EventSeries,
    EventStatus,
    Funder,
    ImplementingPartner,
    Location,
    Money,
    Organisation,
    OrganisationKind,
    PartialDate,
    Participation,
    PartnerRole,
    Period,
    Person,
    Pillar,
    Programme,
    ProgrammePart,
    Session,
    SessionKind,
    Source,
    SourceKind,
    Theme,
    dump,
    load,
)

HERE = Path(__file__).parent
YAML_FILE = HERE / "glo-act-madrid-2018.yaml"

RELEASE = "glo-act-press-release-2018-11-08"
OSCE_RELEASE = "osce-press-release-bsm-workshop-5"
CITED = (RELEASE,)

GOVERNMENT = OrganisationKind.GOVERNMENT
MULTILATERAL = OrganisationKind.MULTILATERAL


def sources() -> tuple[Source, ...]:
    """The press release itself, and the OSCE release that it links to."""
    return (
        Source(
            id=RELEASE,
            kind=SourceKind.PRESS_RELEASE,
            title="GLO.ACT participates in Fifth Border Security and Management Workshop "
            "with OSCE and Mediterranean Partners",
            published=PartialDate.parse("2018-11-08"),
        ),
        Source(
            id=OSCE_RELEASE,
            kind=SourceKind.PRESS_RELEASE,
            title="Official OSCE Press Release",
            publisher_id="osce",
            description="Linked from the GLO.ACT press release as an external link; "
            "its own title and date are not given there.",
        ),
    )


def organisations() -> tuple[Organisation, ...]:
    """Every organisation that the release names, units with their parents."""

    def org(id: str, name: str, **fields: object) -> Organisation:
        return Organisation(id=id, name=name, source_ids=CITED, **fields)  # type: ignore[arg-type]

    return (
        org("eu", "European Union", acronym="EU", kind=MULTILATERAL),
        org(
            "unodc",
            "United Nations Office on Drugs and Crime",
            acronym="UNODC",
            kind=MULTILATERAL,
            seat_country=Country("AT"),
        ),
        org("iom", "International Organization for Migration", acronym="IOM", kind=MULTILATERAL),
        org("unicef", "United Nations Children's Fund", acronym="UNICEF", kind=MULTILATERAL),
        org(
            "osce",
            "Organization for Security and Co-operation in Europe",
            acronym="OSCE",
            kind=MULTILATERAL,
        ),
        org("osce-tnt", "Transnational Threats Department", parent_id="osce", kind=MULTILATERAL),
        org(
            "osce-bsmu",
            "Border Security and Management Unit",
            parent_id="osce-tnt",
            kind=MULTILATERAL,
        ),
        org(
            "osce-odihr",
            "Office for Democratic Institutions and Human Rights",
            parent_id="osce",
            kind=MULTILATERAL,
        ),
        org(
            "osce-mediterranean-poc-network",
            "OSCE Mediterranean Points of Contact Network",
            parent_id="osce",
        ),
        org(
            "spanish-national-police",
            "Spanish National Police",
            other_names=("La Policia Nacional",),
            kind=GOVERNMENT,
            seat_country=Country("ES"),
        ),
        org(
            "spanish-national-police-international-cooperation",
            "International Cooperation division",
            parent_id="spanish-national-police",
            kind=GOVERNMENT,
        ),
        org("guardia-civil", "Guardia Civil"),
        org("frontex", "FRONTEX"),
        org(
            "guardia-di-finanza",
            "Guardia di Finanza",
            kind=GOVERNMENT,
            seat_country=Country("IT"),
        ),
        org(
            "spanish-red-cross",
            "Spanish Red Cross",
            kind=OrganisationKind.NATIONAL_NGO,
            seat_country=Country("ES"),
        ),
    )


def people() -> tuple[Person, ...]:
    """The two people the release names, with their positions."""
    return (
        Person(
            id="aleksander-piecyk",
            name="Aleksander Piecyk",
            honorific="Mr.",
            position="GLO.ACT Project Support Officer",
            programme_id="glo-act",
            source_ids=CITED,
        ),
        Person(
            id="carlos-velazquez",
            name="Carlos Velazquez",
            honorific="Major Commander",
            position="Head of the International Cooperation division of the Spanish National "
            "Police",
            affiliation_id="spanish-national-police-international-cooperation",
            source_ids=CITED,
        ),
    )


GLO_ACT_COUNTRIES = (
    "Belarus",
    "Brazil",
    "Colombia",
    "Egypt",
    "Kyrgyz Republic",
    "Lao PDR",
    "Mali",
    "Morocco",
    "Nepal",
    "Niger",
    "Pakistan",
    "South Africa",
    "Ukraine",
)


def programmes() -> tuple[Programme, ...]:
    """GLO.ACT, and the OSCE initiative that the training course belonged to."""
    return (
        Programme(
            id="glo-act",
            name="Global Action to Prevent and Address Trafficking in Persons and the "
            "Smuggling of Migrants",
            acronym="GLO.ACT",
            description="A four-year joint initiative by the European Union and UNODC, "
            "implemented in partnership with IOM and UNICEF, that provides assistance to "
            "governmental authorities and civil society organizations across 13 strategically "
            "selected countries. It supports the development of more effective responses to "
            "trafficking and smuggling, including providing assistance to victims of "
            "trafficking and vulnerable migrants through the strengthening of identification, "
            "referral, and direct support mechanisms.",
            period=Period.parse("2015/2019"),
            budget=Money(amount=Decimal(11_000_000), currency="EUR"),
            funders=(Funder(organisation_id="eu"),),
            partners=(
                ImplementingPartner(organisation_id="unodc", role=PartnerRole.LEAD),
                ImplementingPartner(organisation_id="iom", role=PartnerRole.PARTNER),
                ImplementingPartner(organisation_id="unicef", role=PartnerRole.PARTNER),
            ),
            countries=tuple(Country.lookup(name) for name in GLO_ACT_COUNTRIES),
            themes=(Theme.TRAFFICKING_IN_PERSONS, Theme.SMUGGLING_OF_MIGRANTS),
            pillars=(
                Pillar.PREVENTION,
                Pillar.PROTECTION,
                Pillar.PROSECUTION,
                Pillar.PARTNERSHIPS,
            ),
            source_ids=CITED,
        ),
        Programme(
            id="osce-bsm-mediterranean-initiative",
            name="OSCE initiative for co-operation between the border security and management "
            "agencies of the OSCE participating States and the Mediterranean Partners for "
            "Co-operation",
            description="A multi-year OSCE initiative aimed at strengthening co-operation "
            "mechanisms between the border security and management agencies of the OSCE "
            "participating States and the Mediterranean Partners for Co-operation.",
            partners=(ImplementingPartner(organisation_id="osce", role=PartnerRole.LEAD),),
            themes=(Theme.BORDER_MANAGEMENT,),
            source_ids=CITED,
        ),
    )


def event_series() -> tuple[EventSeries, ...]:
    """The OSCE's series of Border Security and Management workshops."""
    return (
        EventSeries(
            id="osce-bsm-workshops",
            name="Border Security and Management workshop",
            description="Workshops of the multi-year OSCE initiative with the Mediterranean "
            "Partners for Co-operation; the Madrid training course was the fifth.",
            programme_id="osce-bsm-mediterranean-initiative",
            source_ids=CITED,
        ),
    )


def madrid_training_course() -> Event:
    """The fifth workshop: a five-day course in Madrid that included 23 October 2018."""
    return Event(
        id="osce-bsm-workshop-5-madrid-2018",
        name="Fifth Border Security and Management Workshop",
        kind=EventKind.TRAINING_COURSE,
        series_id="osce-bsm-workshops",
        number=5,
        # The release gives one day of the course (23 October 2018) and its length,
        # not its first day: five days around the 23rd all fall within October 2018.
        period=Period.parse("2018-10/2018-10"),
        duration_days=5,
        location=Location(country=Country("ES"), city="Madrid"),
        attendance_mode=AttendanceMode.IN_PERSON,
        organisations=(
            EventOrganisation(organisation_id="osce-bsmu", role=EventRole.ORGANISER),
            EventOrganisation(
                organisation_id="spanish-national-police", role=EventRole.CO_ORGANISER
            ),
            *(
                EventOrganisation(organisation_id=org, role=EventRole.CONTRIBUTOR)
                for org in (
                    "frontex",
                    "guardia-di-finanza",
                    "iom",
                    "osce-odihr",
                    "spanish-red-cross",
                )
            ),
        ),
        programmes=(
            EventProgramme(
                programme_id="osce-bsm-mediterranean-initiative", part=ProgrammePart.RUN_UNDER
            ),
            EventProgramme(programme_id="glo-act", part=ProgrammePart.CONTRIBUTED_TO),
        ),
        participation=Participation(
            total=22,
            countries=tuple(
                Country.lookup(name)
                for name in ("Algeria", "Egypt", "Israel", "Jordan", "Morocco", "Tunisia")
            ),
            organisation_ids=("osce-mediterranean-poc-network",),
            description="High-level participants, members of the OSCE Mediterranean Points "
            "of Contact Network, who represented the border and customs services of Algeria, "
            "Egypt, Israel, Jordan, Morocco and Tunisia.",
        ),
        sessions=madrid_sessions(),
        description="An interactive five-day training course, organized by the Border "
        "Security and Management Unit of the OSCE Transnational Threats Department in close "
        "co-operation with the Spanish National Police. Experts from FRONTEX, Italy's "
        "Guardia di Finanza, the International Organization for Migration, the OSCE Office "
        "for Democratic Institutions and Human Rights, the Spanish Red Cross, and staff from "
        "the OSCE's Border Security and Management Unit also participated. It was the fifth "
        "activity of a multi-year OSCE initiative.",
        source_ids=(RELEASE, OSCE_RELEASE),
    )


def madrid_sessions() -> tuple[Session, ...]:
    """The parts of the course that the release describes, in its order."""
    return (
        Session(
            id="opening",
            kind=SessionKind.OPENING,
            speaker_ids=("carlos-velazquez",),
            topics=(
                "Importance of the workshops",
                "Cooperation between all Mediterranean partners in matters of border "
                "management and security",
            ),
            source_ids=CITED,
        ),
        Session(
            id="spanish-national-police-best-practices",
            kind=SessionKind.PRESENTATION,
            organisation_ids=("spanish-national-police",),
            topics=(
                "Challenges regarding migration flows at the borders",
                "Cross-border threats linked to terrorism and organized crime",
            ),
            description="Experts from the Spanish National Police shared their best practices.",
            source_ids=CITED,
        ),
        Session(
            id="smuggling-and-trafficking",
            kind=SessionKind.TRAINING,
            topics=(
                "Differences between the smuggling and trafficking of human beings",
                "Legal frameworks in the Mediterranean region",
                "Interviewing techniques for working with human trafficking victims",
            ),
            source_ids=CITED,
        ),
        Session(
            id="practical-exercises",
            kind=SessionKind.PRACTICAL_EXERCISE,
            topics=(
                "Maritime border protection",
                "Identification of potential foreign terrorist fighters at border crossings",
                "International protection of migrant children",
                "Mainstreaming gender in the security sector",
            ),
            source_ids=CITED,
        ),
        Session(
            id="egyptian-delegation",
            kind=SessionKind.PRESENTATION,
            title="Statement of the Egyptian delegation",
            topics=(
                "Migration as a positive phenomenon",
                "International cooperation and increased dialogue with the EU",
                "Egypt as a transit and more recently destination country",
            ),
            description="The representative of the Egyptian delegation said that Egypt views "
            'migration as a positive phenomenon: "We have over half million Syrians and we do '
            'not use the word refugee, they are Egyptians who live side by side with us".',
            source_ids=CITED,
        ),
        Session(
            id="glo-act-training",
            kind=SessionKind.TRAINING,
            period=Period.on("2018-10-23"),
            speaker_ids=("aleksander-piecyk",),
            topics=(
                "Key differences between Trafficking in Persons and Smuggling of Migrants",
                "Behavioural indicators to help identify victims of exploitation",
                "A victim-centred and gendered approach",
                "Linkages between TIP and SOM and other crimes, including weapons smuggling "
                "and drug trafficking",
                "The UNODC Case Law Database",
                "Work through actual cases",
                "GLO.ACT best practices in key areas identified by each delegation",
            ),
            description="The OSCE invited the GLO.ACT Project Support Officer to speak; he "
            "trained participants and worked through actual prosecuted and convicted cases of "
            "TIP and SOM from the UNODC Case Law Database with them.",
            source_ids=CITED,
        ),
    )


def premiere_and_meeting() -> tuple[Event, ...]:
    """The premiere of El Proxeneta, the meeting held there, and the planned screening."""
    meeting_people = Participation(
        organisation_ids=("spanish-national-police", "guardia-civil"),
        person_ids=("aleksander-piecyk",),
        description="The GLO.ACT Project Officer, members of the Spanish National Police and "
        "the Guardia Civil, and judges from every court in Spain.",
    )
    return (
        Event(
            id="el-proxeneta-premiere",
            name="Premiere of the documentary El Proxeneta",
            kind=EventKind.SCREENING,
            participation=meeting_people,
            description="Premiere of a documentary highlighting Trafficking in Persons for "
            "sexual exploitation in Spain. The documentary features the UNODC Blue Heart "
            "Campaign against Trafficking in Persons.",
            source_ids=CITED,
        ),
        Event(
            id="glo-act-meeting-at-el-proxeneta-premiere",
            name="Meeting with the Spanish National Police, the Guardia Civil and judges",
            kind=EventKind.MEETING,
            parent_id="el-proxeneta-premiere",
            participation=meeting_people,
            programmes=(EventProgramme(programme_id="glo-act"),),
            source_ids=CITED,
        ),
        Event(
            id="el-proxeneta-screening-vienna",
            name="Screening of El Proxeneta at UNODC headquarters",
            kind=EventKind.SCREENING,
            status=EventStatus.PLANNED,
            location=Location(country=Country("AT"), city="Vienna", venue="UNODC headquarters"),
            description="Plans are underway to screen the documentary to a wider audience.",
            source_ids=CITED,
        ),
    )


def build() -> Catalogue:
    """The whole catalogue, built step by step."""
    catalogue = Catalogue()
    catalogue = catalogue.with_added(*organisations())
    catalogue = catalogue.with_added(*people())
    catalogue = catalogue.with_added(*programmes())
    catalogue = catalogue.with_added(*event_series())
    catalogue = catalogue.with_added(madrid_training_course(), *premiere_and_meeting())
    return catalogue.with_added(*sources())


def main(argv: list[str]) -> int:
    """Compare the built catalogue with the YAML file (or rewrite the file)."""
    catalogue = build()
    if "--write" in argv:
        dump(catalogue, YAML_FILE, overwrite=True)
        print(f"wrote {YAML_FILE}")
        return 0
    if load(YAML_FILE) != catalogue:
        print(f"{YAML_FILE} differs from the catalogue built here", file=sys.stderr)
        return 1
    print(f"{YAML_FILE.name}: the file and the catalogue built in Python are equal")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
