"""Programmes, who pays for them and who carries them out."""

from __future__ import annotations

import attrs

from gloact_model.model._checks import Checked, Checker
from gloact_model.model.country import Country
from gloact_model.model.dates import Period
from gloact_model.model.money import Money
from gloact_model.model.relations import refers_to
from gloact_model.model.vocabulary import PartnerRole, Pillar, Theme
from gloact_model.model.wording import block, definitions, in_words

__all__ = ["Funder", "ImplementingPartner", "Programme"]


@attrs.frozen(kw_only=True)
class Funder(Checked):
    """An organisation's funding of a programme, with its contribution where known."""

    organisation_id: str = attrs.field(metadata=refers_to("organisations"))
    contribution: Money | None = None

    def _check(self, checker: Checker) -> None:
        checker.id("organisation_id", self.organisation_id)


@attrs.frozen(kw_only=True)
class ImplementingPartner(Checked):
    """An organisation's part in carrying a programme out: as its lead, or as a partner."""

    organisation_id: str = attrs.field(metadata=refers_to("organisations"))
    role: PartnerRole = PartnerRole.PARTNER

    def _check(self, checker: Checker) -> None:
        checker.id("organisation_id", self.organisation_id)


@attrs.frozen(kw_only=True)
class Programme(Checked):
    """A funded programme, a phase of one, or a sub-programme.

    GLO.ACT is one: funded by the EU, led by UNODC with IOM and UNICEF, in 13
    countries, from 2015 to 2019, for EUR 11 million. Phases and sub-programmes
    point at the programme they belong to with `parent_id`.
    """

    id: str
    name: str
    acronym: str | None = None
    description: str | None = None
    period: Period | None = None
    budget: Money | None = None
    funders: tuple[Funder, ...] = ()
    partners: tuple[ImplementingPartner, ...] = ()
    countries: tuple[Country, ...] = ()
    """The countries the programme works in."""
    themes: tuple[Theme, ...] = ()
    pillars: tuple[Pillar, ...] = ()
    parent_id: str | None = attrs.field(default=None, metadata=refers_to("programmes"))
    source_ids: tuple[str, ...] = attrs.field(default=(), metadata=refers_to("sources"))

    def _repr_html_(self) -> str:
        """How Jupyter shows the programme: period, budget, countries, funders and partners."""
        funders = tuple(
            f.organisation_id
            if f.contribution is None
            else f"{f.organisation_id} ({f.contribution.label})"
            for f in self.funders
        )
        partners = tuple(f"{p.organisation_id} ({in_words(p.role)})" for p in self.partners)
        return block(
            "Programme",
            self.name,
            definitions(
                [
                    ("id", self.id),
                    ("acronym", self.acronym),
                    ("period", None if self.period is None else self.period.describe()),
                    ("budget", None if self.budget is None else self.budget.label),
                    ("countries", tuple(country.label for country in self.countries)),
                    ("themes", self.themes),
                    ("pillars", self.pillars),
                    ("funders", funders),
                    ("partners", partners),
                    ("part of", self.parent_id),
                ]
            ),
        ).markup

    def _check(self, checker: Checker) -> None:
        checker.id("id", self.id)
        checker.line("name", self.name)
        checker.line("acronym", self.acronym)
        checker.text("description", self.description)
        checker.unique("funders", (f.organisation_id for f in self.funders))
        checker.unique("partners", (p.organisation_id for p in self.partners))
        checker.unique("countries", self.countries)
        checker.unique("themes", self.themes)
        checker.unique("pillars", self.pillars)
        checker.id("parent_id", self.parent_id)
        checker.not_self("parent_id", self.parent_id, self.id)
        checker.ids("source_ids", self.source_ids)
