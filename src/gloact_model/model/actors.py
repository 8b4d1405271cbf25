"""Who acts: organisations and the named people who speak for them."""

from __future__ import annotations

from urllib.parse import urlsplit

import attrs

from gloact_model.model._checks import Checked, Checker
from gloact_model.model.country import Country
from gloact_model.model.relations import refers_to
from gloact_model.model.vocabulary import OrganisationKind

__all__ = ["Organisation", "Person", "check_url"]


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

    def _check(self, checker: Checker) -> None:
        checker.id("id", self.id)
        checker.line("name", self.name)
        checker.line("honorific", self.honorific)
        checker.line("position", self.position)
        checker.id("affiliation_id", self.affiliation_id)
        checker.id("programme_id", self.programme_id)
        checker.ids("source_ids", self.source_ids)
