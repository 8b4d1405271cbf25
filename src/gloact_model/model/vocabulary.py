"""The closed vocabularies of the domain.

Each is a `StrEnum` whose values are lowercase strings. The values are what
files hold, so they are stable across versions: a member's Python name may
change, its value may not. Where an international codelist exists, the
vocabulary follows it (`OrganisationKind` is IATI's OrganisationType).
How a value reads in words (``co_organiser`` is "co-organiser") is
`gloact_model.model.wording.in_words`.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "AttendanceMode",
    "BudgetKind",
    "CountQualifier",
    "EventKind",
    "EventRole",
    "EventStatus",
    "IdentifierScheme",
    "OrganisationKind",
    "PartnerRole",
    "Pillar",
    "ProgrammePart",
    "ProgrammeRole",
    "ProgrammeStatus",
    "SessionKind",
    "SourceKind",
    "Theme",
]
"""The vocabularies, and nothing else: the codec and the schema take every name here for one."""


class OrganisationKind(StrEnum):
    """What kind of body an organisation is: the IATI OrganisationType codelist.

    The value is a readable name; `iati_code` gives IATI's numeric code, for
    exchange with IATI data.
    """

    GOVERNMENT = "government"
    LOCAL_GOVERNMENT = "local_government"
    OTHER_PUBLIC_SECTOR = "other_public_sector"
    INTERNATIONAL_NGO = "international_ngo"
    NATIONAL_NGO = "national_ngo"
    REGIONAL_NGO = "regional_ngo"
    PARTNER_COUNTRY_NGO = "partner_country_ngo"
    PUBLIC_PRIVATE_PARTNERSHIP = "public_private_partnership"
    MULTILATERAL = "multilateral"
    FOUNDATION = "foundation"
    PRIVATE_SECTOR = "private_sector"
    PRIVATE_SECTOR_PROVIDER_COUNTRY = "private_sector_provider_country"
    PRIVATE_SECTOR_RECIPIENT_COUNTRY = "private_sector_recipient_country"
    PRIVATE_SECTOR_THIRD_COUNTRY = "private_sector_third_country"
    ACADEMIC = "academic"
    OTHER = "other"

    @property
    def iati_code(self) -> str:
        """The IATI OrganisationType code, such as ``"40"`` for multilateral."""
        return _IATI_CODES[self]

    @classmethod
    def from_iati_code(cls, code: str) -> OrganisationKind:
        """The kind for an IATI OrganisationType code; `ValueError` for an unknown code."""
        for kind, iati in _IATI_CODES.items():
            if iati == code:
                return kind
        raise ValueError(f"{code!r} is not an IATI OrganisationType code")


_IATI_CODES: dict[OrganisationKind, str] = {
    OrganisationKind.GOVERNMENT: "10",
    OrganisationKind.LOCAL_GOVERNMENT: "11",
    OrganisationKind.OTHER_PUBLIC_SECTOR: "15",
    OrganisationKind.INTERNATIONAL_NGO: "21",
    OrganisationKind.NATIONAL_NGO: "22",
    OrganisationKind.REGIONAL_NGO: "23",
    OrganisationKind.PARTNER_COUNTRY_NGO: "24",
    OrganisationKind.PUBLIC_PRIVATE_PARTNERSHIP: "30",
    OrganisationKind.MULTILATERAL: "40",
    OrganisationKind.FOUNDATION: "60",
    OrganisationKind.PRIVATE_SECTOR: "70",
    OrganisationKind.PRIVATE_SECTOR_PROVIDER_COUNTRY: "71",
    OrganisationKind.PRIVATE_SECTOR_RECIPIENT_COUNTRY: "72",
    OrganisationKind.PRIVATE_SECTOR_THIRD_COUNTRY: "73",
    OrganisationKind.ACADEMIC: "80",
    OrganisationKind.OTHER: "90",
}


class PartnerRole(StrEnum):
    """An implementing partner's part in a programme.

    `NOT_STATED` is the default: most sources name the implementing agencies
    without saying which one leads, and a record must not invent a lead.
    """

    NOT_STATED = "not_stated"
    """The source names the partner but not its part."""
    LEAD = "lead"
    """Leads the implementation (UNODC in GLO.ACT)."""
    PARTNER = "partner"
    """Implements in partnership with the lead (IOM and UNICEF in GLO.ACT)."""


class Theme(StrEnum):
    """A subject that a programme works on."""

    TRAFFICKING_IN_PERSONS = "trafficking_in_persons"
    SMUGGLING_OF_MIGRANTS = "smuggling_of_migrants"
    BORDER_MANAGEMENT = "border_management"
    MIGRATION = "migration"
    ORGANISED_CRIME = "organised_crime"
    TERRORISM = "terrorism"
    CHILD_PROTECTION = "child_protection"
    GENDER = "gender"


class Pillar(StrEnum):
    """An approach pillar of counter-trafficking and counter-smuggling work (the "4 Ps")."""

    PREVENTION = "prevention"
    PROTECTION = "protection"
    PROSECUTION = "prosecution"
    PARTNERSHIPS = "partnerships"


class EventKind(StrEnum):
    """What kind of gathering an event is."""

    WORKSHOP = "workshop"
    TRAINING_COURSE = "training_course"
    CONFERENCE = "conference"
    MEETING = "meeting"
    STUDY_VISIT = "study_visit"
    SCREENING = "screening"
    WEBINAR = "webinar"
    OTHER = "other"


class EventStatus(StrEnum):
    """Whether an event took place: sources also announce plans."""

    HELD = "held"
    PLANNED = "planned"
    CANCELLED = "cancelled"


class SessionKind(StrEnum):
    """What happens in one part of an event."""

    OPENING = "opening"
    PRESENTATION = "presentation"
    TRAINING = "training"
    PRACTICAL_EXERCISE = "practical_exercise"
    PANEL = "panel"
    DISCUSSION = "discussion"
    SCREENING = "screening"
    MEETING = "meeting"
    CLOSING = "closing"
    OTHER = "other"


class EventRole(StrEnum):
    """The part an organisation played at an event."""

    ORGANISER = "organiser"
    CO_ORGANISER = "co_organiser"
    HOST = "host"
    FUNDER = "funder"
    CONTRIBUTOR = "contributor"
    """Sent experts or speakers, or otherwise gave to the content."""
    PARTICIPANT = "participant"


class ProgrammePart(StrEnum):
    """How an event relates to a programme."""

    RUN_UNDER = "run_under"
    """The event is one of the programme's own activities."""
    CONTRIBUTED_TO = "contributed_to"
    """The programme gave to someone else's event (GLO.ACT at an OSCE course)."""


class AttendanceMode(StrEnum):
    """How people attended an event."""

    IN_PERSON = "in_person"
    ONLINE = "online"
    HYBRID = "hybrid"


class CountQualifier(StrEnum):
    """How far a head count can be trusted."""

    EXACT = "exact"
    LOWER_BOUND = "lower_bound"
    """The true number is this or more ("more than 30" is recorded as 30)."""
    APPROXIMATE = "approximate"
    """About this many ("some 40 officers")."""


class SourceKind(StrEnum):
    """What kind of document a source is."""

    PRESS_RELEASE = "press_release"
    NEWS_ARTICLE = "news_article"
    REPORT = "report"
    WEB_PAGE = "web_page"
    SOCIAL_MEDIA_POST = "social_media_post"
    OTHER = "other"


# Programmes (format version 2) ------------------------------------------------


class ProgrammeStatus(StrEnum):
    """Where a programme stands in its life, as a source states it: IATI's ActivityStatus.

    `iati_code` gives IATI's code: planned is 1 (pipeline/identification),
    ongoing 2 (implementation), completed 4 (closed), cancelled 5. IATI's 3
    (finalisation: the work is done, the accounts are not yet closed) reads as
    completed too; IATI's 6 (suspended) has no member, as sources of the field
    do not say it.
    """

    PLANNED = "planned"
    ONGOING = "ongoing"
    COMPLETED = "completed"
    CANCELLED = "cancelled"

    @property
    def iati_code(self) -> str:
        """The IATI ActivityStatus code, such as ``"2"`` for ongoing."""
        return _STATUS_CODES[self]

    @classmethod
    def from_iati_code(cls, code: str) -> ProgrammeStatus:
        """The status for an IATI ActivityStatus code (3 and 4 are both completed).

        `ValueError` for an unknown code, and for 6 (suspended), which no status holds.
        """
        if code == "3":
            return cls.COMPLETED
        for status, iati in _STATUS_CODES.items():
            if iati == code:
                return status
        raise ValueError(f"{code!r} is not an IATI ActivityStatus code that a status holds")


_STATUS_CODES: dict[ProgrammeStatus, str] = {
    ProgrammeStatus.PLANNED: "1",
    ProgrammeStatus.ONGOING: "2",
    ProgrammeStatus.COMPLETED: "4",
    ProgrammeStatus.CANCELLED: "5",
}


class IdentifierScheme(StrEnum):
    """Who defines an identifier of a programme: IATI, a donor, Wikidata, or someone else."""

    IATI_ACTIVITY = "iati_activity"
    """An IATI activity identifier: the publisher's organisation identifier, then its own code."""
    IATI_ORGANISATION = "iati_organisation"
    """An IATI organisation identifier, such as ``XM-DAC-41114``."""
    DONOR_PROJECT = "donor_project"
    """A donor's own project or contract number, such as ``PL15-0032``."""
    WIKIDATA = "wikidata"
    """A Wikidata item, such as ``Q42``."""
    OTHER = "other"


class BudgetKind(StrEnum):
    """Whether a budget is the first one stated or a revision: IATI's BudgetType.

    A source's "initial cost" is the original budget, its "final cost" the
    revised one. `iati_code` gives IATI's code (1 and 2).
    """

    ORIGINAL = "original"
    REVISED = "revised"

    @property
    def iati_code(self) -> str:
        """The IATI BudgetType code: ``"1"`` for original, ``"2"`` for revised."""
        return "1" if self is BudgetKind.ORIGINAL else "2"

    @classmethod
    def from_iati_code(cls, code: str) -> BudgetKind:
        """The kind for an IATI BudgetType code; `ValueError` for an unknown code."""
        for kind in cls:
            if kind.iati_code == code:
                return kind
        raise ValueError(f"{code!r} is not an IATI BudgetType code")


class ProgrammeRole(StrEnum):
    """An organisation's part in a programme: IATI's Organisation Role codelist.

    The source's own word goes in `ProgrammeOrganisation.term`: a "project
    promoter" is accountable, a "donor" funding, an "implementing agency"
    implementing. A programme's `funders` are funding and its `partners`
    implementing, so that an IATI export of either form says the same.
    """

    FUNDING = "funding"
    """Provides the money (IATI 1)."""
    ACCOUNTABLE = "accountable"
    """Answers for the programme and its results (IATI 2)."""
    EXTENDING = "extending"
    """Manages the funding on the funder's behalf (IATI 3)."""
    IMPLEMENTING = "implementing"
    """Carries the programme out (IATI 4)."""

    @property
    def iati_code(self) -> str:
        """The IATI OrganisationRole code, such as ``"4"`` for implementing."""
        return _ROLE_CODES[self]

    @classmethod
    def from_iati_code(cls, code: str) -> ProgrammeRole:
        """The role for an IATI OrganisationRole code; `ValueError` for an unknown code."""
        for role, iati in _ROLE_CODES.items():
            if iati == code:
                return role
        raise ValueError(f"{code!r} is not an IATI OrganisationRole code")


_ROLE_CODES: dict[ProgrammeRole, str] = {
    ProgrammeRole.FUNDING: "1",
    ProgrammeRole.ACCOUNTABLE: "2",
    ProgrammeRole.EXTENDING: "3",
    ProgrammeRole.IMPLEMENTING: "4",
}
