"""Who acts: organisations and the named people who speak for them."""

from __future__ import annotations

from urllib.parse import urlsplit

import attrs

from gloact_model.model._checks import Checked, Checker
from gloact_model.model.country import Country
from gloact_model.model.dates import PartialDate
from gloact_model.model.relations import refers_to
from gloact_model.model.vocabulary import OrganisationKind
from gloact_model.model.wording import block, definitions

__all__ = ["Affiliation", "Organisation", "Person", "check_url"]


def check_url(checker: Checker, field: str, url: str | None) -> None:
    """An absolute http(s) address, as sources and organisations publish them."""
    if url is None:
        return
    before = len(checker.problems)
    checker.line(field, url)
    if len(checker.problems) > before:
        return
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in url):
        checker.fail(
            field,
            "url-syntax",
            f"{url!r} is not an absolute http or https address (such as 'https://www.unodc.org/')",
        )


@attrs.frozen(kw_only=True)
class Organisation(Checked):
    """Any body that acts in the field, or a unit inside one.

    UN agencies, EU institutions, the OSCE, national police forces, NGOs and
    networks are all organisations. A unit points at the body it belongs to
    with `parent_id` (the OSCE Border Security and Management Unit sits in the
    Transnational Threats Department).
    `kind` follows IATI's OrganisationType codelist; leave it out when the
    sources do not say.
    """

    id: str
    name: str
    acronym: str | None = None
    other_names: tuple[str, ...] = ()
    """Other names the body goes by, such as a name in its own language."""
    kind: OrganisationKind | None = None
    parent_id: str | None = attrs.field(default=None, metadata=refers_to("organisations"))
    seat_country: Country | None = None
    """Where the body has its seat or headquarters."""
    iati_identifier: str | None = None
    """The IATI organisation identifier, such as ``XM-DAC-41114``."""
    url: str | None = None
    description: str | None = None
    source_ids: tuple[str, ...] = attrs.field(default=(), metadata=refers_to("sources"))
    founded: PartialDate | None = None
    """When the body was founded, created or launched ("created in 2017", "launched in 2020")."""

    def _repr_html_(self) -> str:
        """How Jupyter shows the organisation: its names, kind, seat, founding and identifiers."""
        parts = definitions(
            [
                ("id", self.id),
                ("acronym", self.acronym),
                ("other names", self.other_names),
                ("kind", self.kind),
                ("part of", self.parent_id),
                ("seat", None if self.seat_country is None else self.seat_country.label),
                ("founded", None if self.founded is None else self.founded.describe()),
                ("IATI identifier", self.iati_identifier),
                ("web site", self.url),
                ("description", self.description),
                ("sources", self.source_ids),
            ]
        )
        return block("Organisation", self.name, parts).markup

    def _check(self, checker: Checker) -> None:
        checker.id("id", self.id)
        checker.line("name", self.name)
        checker.line("acronym", self.acronym)
        checker.lines("other_names", self.other_names)
        checker.id("parent_id", self.parent_id)
        checker.not_self("parent_id", self.parent_id, self.id)
        before = len(checker.problems)
        checker.line("iati_identifier", self.iati_identifier)
        if (
            self.iati_identifier is not None
            and len(checker.problems) == before
            and any(c.isspace() for c in self.iati_identifier)
        ):
            checker.fail(
                "iati_identifier",
                "iati-identifier-syntax",
                f"{self.iati_identifier!r} is not an IATI organisation identifier: "
                "it is written without spaces, such as 'XM-DAC-41114'",
            )
        check_url(checker, "url", self.url)
        checker.text("description", self.description)
        checker.ids("source_ids", self.source_ids)


@attrs.frozen(kw_only=True)
class Affiliation(Checked):
    """One more position that a person holds, for an organisation, a programme, or both.

    A person's main position stays on the `Person` record; a "training
    consultant and member of the Advisory Board" has the second here. At least
    one of the fields is given: an affiliation that says nothing is not one.
    """

    organisation_id: str | None = attrs.field(default=None, metadata=refers_to("organisations"))
    programme_id: str | None = attrs.field(default=None, metadata=refers_to("programmes"))
    position: str | None = None

    @property
    def label(self) -> str:
        """The affiliation as displays show it: ``"member of the Advisory Board, unodc"``."""
        return ", ".join(
            part
            for part in (self.position, self.organisation_id, self.programme_id)
            if part is not None
        )

    def _check(self, checker: Checker) -> None:
        if self.organisation_id is None and self.programme_id is None and self.position is None:
            checker.fail(
                "",
                "empty-affiliation",
                "an affiliation needs an organisation_id, a programme_id or a position",
            )
        checker.id("organisation_id", self.organisation_id)
        checker.id("programme_id", self.programme_id)
        checker.line("position", self.position)


@attrs.frozen(kw_only=True)
class Person(Checked):
    """A named speaker or official, as the sources name them.

    Holds only what a public source says about someone's public role: no
    contact details or other personal data. `affiliation_id` is the
    organisation they speak for; `programme_id` the programme whose staff they
    are (a "GLO.ACT Project Officer").
    """

    id: str
    name: str
    honorific: str | None = None
    """A title or rank that goes before the name: "Mr.", "Dr", "Major Commander"."""
    position: str | None = None
    affiliation_id: str | None = attrs.field(default=None, metadata=refers_to("organisations"))
    programme_id: str | None = attrs.field(default=None, metadata=refers_to("programmes"))
    source_ids: tuple[str, ...] = attrs.field(default=(), metadata=refers_to("sources"))
    other_affiliations: tuple[Affiliation, ...] = ()
    """Positions besides the main one ("and member of the Advisory Board")."""

    @property
    def affiliations(self) -> tuple[Affiliation, ...]:
        """Every position of the person: the main one (where there is one), then the others."""
        main = (
            ()
            if self.position is None and self.affiliation_id is None and self.programme_id is None
            else (
                Affiliation(
                    organisation_id=self.affiliation_id,
                    programme_id=self.programme_id,
                    position=self.position,
                ),
            )
        )
        return main + self.other_affiliations

    def _repr_html_(self) -> str:
        """How Jupyter shows the person: the name as sources give it, and every position."""
        name = self.name if self.honorific is None else f"{self.honorific} {self.name}"
        parts = definitions(
            [
                ("id", self.id),
                ("positions", tuple(a.label for a in self.affiliations)),
                ("sources", self.source_ids),
            ]
        )
        return block("Person", name, parts).markup

    def _check(self, checker: Checker) -> None:
        checker.id("id", self.id)
        checker.line("name", self.name)
        checker.line("honorific", self.honorific)
        checker.line("position", self.position)
        checker.id("affiliation_id", self.affiliation_id)
        checker.id("programme_id", self.programme_id)
        checker.ids("source_ids", self.source_ids)
        main = (self.affiliation_id, self.programme_id, self.position)
        held = [(a.organisation_id, a.programme_id, a.position) for a in self.other_affiliations]
        checker.unique("other_affiliations", held)
        if main in held:
            checker.fail(
                f"other_affiliations[{held.index(main)}]",
                "duplicate",
                "repeats the main affiliation (affiliation_id, programme_id and position)",
            )
