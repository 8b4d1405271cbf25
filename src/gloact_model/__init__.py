"""A typed, immutable model of anti-trafficking and migrant-smuggling programmes.

Records are checked as they are built, and read and written as YAML and JSON.

The model classes and errors are imported eagerly. The codec and file formats
(which need cattrs and PyYAML) are imported on first use, so that
``import gloact_model.model`` stays free of them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from gloact_model.errors import (
    DuplicateIdError,
    GloactError,
    InvariantError,
    LoadError,
    Problem,
    RecordNotFoundError,
    ValidationError,
)
from gloact_model.model import (
    ID_PATTERN,
    Affiliation,
    AttendanceMode,
    Budget,
    BudgetKind,
    Catalogue,
    CountQualifier,
    Country,
    DatePrecision,
    Event,
    EventKind,
    EventOrganisation,
    EventProgramme,
    EventRole,
    EventSeries,
    EventStatus,
    Funder,
    Identifier,
    IdentifierScheme,
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
    ProgrammeOrganisation,
    ProgrammePart,
    ProgrammeRole,
    ProgrammeStatus,
    Record,
    Session,
    SessionKind,
    Source,
    SourceKind,
    Theme,
)

if TYPE_CHECKING:
    from gloact_model.codec import (
        OLDEST_VERSION,
        SCHEMA_VERSION,
        from_dict,
        make_converter,
        to_dict,
        upgrade,
    )
    from gloact_model.formats import (
        Format,
        Limits,
        Positions,
        dump,
        dump_lines,
        dumps,
        iter_load,
        load,
        loads,
        positions,
    )
    from gloact_model.rules import Issue, Severity, ValidationReport
    from gloact_model.schema import json_schema, schema_text

__version__ = "0.1.0"

_LAZY: dict[str, str] = {
    "SCHEMA_VERSION": "gloact_model.codec",
    "OLDEST_VERSION": "gloact_model.codec",
    "upgrade": "gloact_model.codec",
    "from_dict": "gloact_model.codec",
    "make_converter": "gloact_model.codec",
    "to_dict": "gloact_model.codec",
    "Format": "gloact_model.formats",
    "dump": "gloact_model.formats",
    "dumps": "gloact_model.formats",
    "load": "gloact_model.formats",
    "loads": "gloact_model.formats",
    "dump_lines": "gloact_model.formats",
    "iter_load": "gloact_model.formats",
    "Limits": "gloact_model.formats",
    "Positions": "gloact_model.formats",
    "positions": "gloact_model.formats",
    "Issue": "gloact_model.rules",
    "Severity": "gloact_model.rules",
    "ValidationReport": "gloact_model.rules",
    "json_schema": "gloact_model.schema",
    "schema_text": "gloact_model.schema",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'gloact_model' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = [
    "ID_PATTERN",
    "OLDEST_VERSION",
    "SCHEMA_VERSION",
    "Affiliation",
    "AttendanceMode",
    "Budget",
    "BudgetKind",
    "Catalogue",
    "CountQualifier",
    "Country",
    "DatePrecision",
    "DuplicateIdError",
    "Event",
    "EventKind",
    "EventOrganisation",
    "EventProgramme",
    "EventRole",
    "EventSeries",
    "EventStatus",
    "Format",
    "Funder",
    "GloactError",
    "Identifier",
    "IdentifierScheme",
    "ImplementingPartner",
    "InvariantError",
    "Issue",
    "Limits",
    "LoadError",
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
    "Positions",
    "Problem",
    "Programme",
    "ProgrammeOrganisation",
    "ProgrammePart",
    "ProgrammeRole",
    "ProgrammeStatus",
    "Record",
    "RecordNotFoundError",
    "Session",
    "SessionKind",
    "Severity",
    "Source",
    "SourceKind",
    "Theme",
    "ValidationError",
    "ValidationReport",
    "__version__",
    "dump",
    "dump_lines",
    "dumps",
    "from_dict",
    "iter_load",
    "json_schema",
    "load",
    "loads",
    "make_converter",
    "positions",
    "schema_text",
    "to_dict",
    "upgrade",
]
