"""Programmes, who pays for them and who carries them out."""

from __future__ import annotations

import re

import attrs

from gloact_model.model._checks import Checked, Checker
from gloact_model.model.country import Country
from gloact_model.model.dates import PartialDate, Period
from gloact_model.model.event import Participation, _participants
from gloact_model.model.money import Money
from gloact_model.model.relations import refers_to
from gloact_model.model.vocabulary import (
    BudgetKind,
    IdentifierScheme,
    PartnerRole,
    Pillar,
    ProgrammeRole,
    ProgrammeStatus,
    Theme,
)
from gloact_model.model.wording import block, definitions, in_words

__all__ = [
    "Budget",
    "Funder",
    "Identifier",
    "ImplementingPartner",
    "Programme",
    "ProgrammeOrganisation",
]

WIKIDATA_ITEM = re.compile(r"Q[1-9][0-9]*")
"""A Wikidata item's identifier: ``Q`` and a number without leading zeros."""


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
    role: PartnerRole = PartnerRole.NOT_STATED
    """Not stated unless the source says which partner leads: a lead is never guessed."""

    def _check(self, checker: Checker) -> None:
        checker.id("organisation_id", self.organisation_id)


@attrs.frozen(kw_only=True)
class ProgrammeOrganisation(Checked):
    """An organisation in a role of IATI's Organisation Role codelist, in the source's words.

    For roles that `funders` and `partners` do not say: a "project promoter"
    is ``ProgrammeOrganisation(organisation_id=..., role=ProgrammeRole.ACCOUNTABLE,
    term="project promoter")``. `term` keeps the source's word, so that
    nothing is lost when the role is mapped onto IATI's four.
    """

    organisation_id: str = attrs.field(metadata=refers_to("organisations"))
    role: ProgrammeRole
    term: str | None = None
    """The source's word for the role ("project promoter", "donor"), where it has one."""

    def _check(self, checker: Checker) -> None:
        checker.id("organisation_id", self.organisation_id)
        checker.line("term", self.term)


@attrs.frozen(kw_only=True)
class Identifier(Checked):
    """A programme's identifier in a scheme: an IATI activity, a donor's project number.

    Sources cite programmes by number ("project PL15-0032"); IATI data cites
    them by activity identifier. `issuer_id` is the organisation that gave the
    identifier (the donor, the IATI publisher), where the source says.
    """

    scheme: IdentifierScheme
    value: str
    issuer_id: str | None = attrs.field(default=None, metadata=refers_to("organisations"))

    @property
    def label(self) -> str:
        """The identifier as displays show it: ``"PL15-0032 (donor project)"``."""
        return f"{self.value} ({in_words(self.scheme)})"

    def _check(self, checker: Checker) -> None:
        before = len(checker.problems)
        checker.line("value", self.value)
        if len(checker.problems) > before:
            return
        if self.scheme is IdentifierScheme.WIKIDATA and not WIKIDATA_ITEM.fullmatch(self.value):
            checker.fail(
                "value",
                "identifier-syntax",
                f"{self.value!r} is not a Wikidata item: write it as 'Q' and a number, "
                "such as 'Q42'",
            )
        elif self.scheme in (
            IdentifierScheme.IATI_ACTIVITY,
            IdentifierScheme.IATI_ORGANISATION,
        ) and any(c.isspace() for c in self.value):
            checker.fail(
                "value",
                "identifier-syntax",
                f"{self.value!r} is not an IATI identifier: it is written without spaces, "
                "such as 'XM-DAC-41114'",
            )
        checker.id("issuer_id", self.issuer_id)


@attrs.frozen(kw_only=True)
class Budget(Checked):
    """A budget as a source states it: original or revised, for a period, stated when.

    IATI's budgets, and a source's "initial cost" and "final cost": a programme
    whose cost changed has one of each. The programme's `budget` stays its
    total as most sources give it; these say how it came about.
    """

    value: Money
    kind: BudgetKind
    period: Period | None = None
    """The period the budget covers, where it is not the programme's whole life."""
    stated: PartialDate | None = None
    """When the budget was set or stated (IATI's value date)."""

    @property
    def label(self) -> str:
        """The budget as displays show it: ``"EUR 11,000,000 (original, 2015/2019)"``."""
        said = [in_words(self.kind)]
        if self.period is not None:
            said.append(str(self.period))
        if self.stated is not None:
            said.append(f"stated {self.stated}")
        return f"{self.value.label} ({', '.join(said)})"


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
    other_names: tuple[str, ...] = ()
    """Other names and acronyms the programme goes by ("Glo.Act", "GLO.ACT Asia")."""
    status: ProgrammeStatus | None = None
    """Planned, ongoing, completed or cancelled, as the source states it."""
    follows_id: str | None = attrs.field(default=None, metadata=refers_to("programmes"))
    """The programme that this one follows as its next phase."""
    identifiers: tuple[Identifier, ...] = ()
    budgets: tuple[Budget, ...] = ()
    """Original and revised budgets; `budget` stays the total that most sources give."""
    target_groups: tuple[str, ...] = ()
    """Whom the programme works for or with, in the source's words ("border officials")."""
    topics: tuple[str, ...] = ()
    objectives: tuple[str, ...] = ()
    """The programme's stated objectives, one each."""
    reached: Participation | None = None
    """The people the programme reached, counted as a participation is."""
    organisations: tuple[ProgrammeOrganisation, ...] = ()
    """Organisations in other roles than funder and partner, or in the source's words."""

    @property
    def participating_organisations(self) -> tuple[ProgrammeOrganisation, ...]:
        """Every organisation of the programme in its IATI role, for an IATI export.

        `organisations` as they are, then each funder as funding and each partner
        as implementing, unless `organisations` already gives it that role.
        """
        listed = {(o.organisation_id, o.role) for o in self.organisations}
        implied = [
            *((f.organisation_id, ProgrammeRole.FUNDING) for f in self.funders),
            *((p.organisation_id, ProgrammeRole.IMPLEMENTING) for p in self.partners),
        ]
        return self.organisations + tuple(
            ProgrammeOrganisation(organisation_id=organisation_id, role=role)
            for organisation_id, role in dict.fromkeys(implied)
            if (organisation_id, role) not in listed
        )

    def _repr_html_(self) -> str:
        """How Jupyter shows the programme: period, budget, countries, funders and partners."""
        funders = tuple(
            f.organisation_id
            if f.contribution is None
            else f"{f.organisation_id} ({f.contribution.label})"
            for f in self.funders
        )
        partners = tuple(
            p.organisation_id
            if p.role is PartnerRole.NOT_STATED
            else f"{p.organisation_id} ({in_words(p.role)})"
            for p in self.partners
        )
        roles = tuple(
            f"{o.organisation_id} ({in_words(o.role)}"
            + ("" if o.term is None else f": {o.term}")
            + ")"
            for o in self.organisations
        )
        return block(
            "Programme",
            self.name,
            definitions(
                [
                    ("id", self.id),
                    ("acronym", self.acronym),
                    ("other names", self.other_names),
                    ("status", self.status),
                    ("period", None if self.period is None else self.period.describe()),
                    ("follows", self.follows_id),
                    ("budget", None if self.budget is None else self.budget.label),
                    ("budgets", tuple(b.label for b in self.budgets)),
                    ("identifiers", tuple(i.label for i in self.identifiers)),
                    ("countries", tuple(country.label for country in self.countries)),
                    ("themes", self.themes),
                    ("pillars", self.pillars),
                    ("funders", funders),
                    ("partners", partners),
                    ("other roles", roles),
                    ("target groups", self.target_groups),
                    ("reached", _participants(self.reached)),
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
        checker.lines("other_names", self.other_names)
        checker.id("follows_id", self.follows_id)
        checker.not_self("follows_id", self.follows_id, self.id)
        checker.unique("identifiers", ((i.scheme, i.value) for i in self.identifiers))
        checker.unique("budgets", ((b.kind, b.period) for b in self.budgets))
        checker.lines("target_groups", self.target_groups)
        checker.lines("topics", self.topics)
        checker.lines("objectives", self.objectives)
        checker.unique("organisations", ((o.organisation_id, o.role) for o in self.organisations))
