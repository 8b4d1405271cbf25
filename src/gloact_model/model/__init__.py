"""The domain model: immutable records that check their own fields.

This layer imports attrs, pycountry, the standard library and
`gloact_model.errors` only. It knows
nothing of YAML, JSON or cattrs, so it can be used and tested on its own.
"""

from gloact_model.model.actors import Organisation, Person
from gloact_model.model.catalogue import Catalogue, Record
from gloact_model.model.codes import ID_PATTERN
from gloact_model.model.country import Country
from gloact_model.model.dates import DatePrecision, PartialDate, Period
from gloact_model.model.event import (
    Event,
    EventCountry,
    EventOrganisation,
    EventProgramme,
    EventSeries,
    GroupCount,
    Location,
    Participation,
    Session,
    ShareOfWomen,
)
from gloact_model.model.money import Money
from gloact_model.model.programme import Funder, ImplementingPartner, Programme
from gloact_model.model.source import Source
from gloact_model.model.vocabulary import (
    AttendanceMode,
    CountQualifier,
    EventKind,
    EventRelation,
    EventRole,
    EventStatus,
    OrganisationKind,
    PartnerRole,
    Pillar,
    ProgrammePart,
    SeriesFrequency,
    SessionKind,
    SourceKind,
    Theme,
)

__all__ = [
    "ID_PATTERN",
    "AttendanceMode",
    "Catalogue",
    "CountQualifier",
    "Country",
    "DatePrecision",
    "Event",
    "EventCountry",
    "EventKind",
    "EventOrganisation",
    "EventProgramme",
    "EventRelation",
    "EventRole",
    "EventSeries",
    "EventStatus",
    "Funder",
    "GroupCount",
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
    "ProgrammePart",
    "Record",
    "SeriesFrequency",
    "Session",
    "SessionKind",
    "ShareOfWomen",
    "Source",
    "SourceKind",
    "Theme",
]
