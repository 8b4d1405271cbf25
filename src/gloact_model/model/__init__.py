"""The domain model: immutable records that check their own fields.

This layer imports attrs, pycountry, the standard library and
`gloact_model.errors` only. It knows
nothing of YAML, JSON or cattrs, so it can be used and tested on its own.
"""

from gloact_model.model.actors import Affiliation, Organisation, Person
from gloact_model.model.catalogue import Catalogue, Record
from gloact_model.model.codes import ID_PATTERN
from gloact_model.model.country import Country
from gloact_model.model.dates import DatePrecision, PartialDate, Period
from gloact_model.model.event import (
    Event,
    EventOrganisation,
    EventProgramme,
    EventSeries,
    Location,
    Participation,
    Session,
)
from gloact_model.model.money import Money
from gloact_model.model.programme import (
    Budget,
    Funder,
    Identifier,
    ImplementingPartner,
    Programme,
    ProgrammeOrganisation,
)
from gloact_model.model.source import Source
from gloact_model.model.vocabulary import (
    AttendanceMode,
    BudgetKind,
    CountQualifier,
    EventKind,
    EventRole,
    EventStatus,
    IdentifierScheme,
    OrganisationKind,
    PartnerRole,
    Pillar,
    ProgrammePart,
    ProgrammeRole,
    ProgrammeStatus,
    SessionKind,
    SourceKind,
    Theme,
)

__all__ = [
    "ID_PATTERN",
    "Affiliation",
    "AttendanceMode",
    "Budget",
    "BudgetKind",
    "Catalogue",
    "CountQualifier",
    "Country",
    "DatePrecision",
    "Event",
    "EventKind",
    "EventOrganisation",
    "EventProgramme",
    "EventRole",
    "EventSeries",
    "EventStatus",
    "Funder",
    "Identifier",
    "IdentifierScheme",
    "ImplementingPartner",
    "Location",
    "Money",
    "Organisation",
    "OrganisationKind",
    "PartialDate",
    "Participation",
    "PartnerRole",
    "Period",
    "Person",
    "Pillar",
    "Programme",
    "ProgrammeOrganisation",
    "ProgrammePart",
    "ProgrammeRole",
    "ProgrammeStatus",
    "Record",
    "Session",
    "SessionKind",
    "Source",
    "SourceKind",
    "Theme",
]
