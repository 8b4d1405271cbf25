"""Catalogue-wide validation: the rules that need more than one record to check.

A record checks its own fields when it is built; whether records fit together
(ids unique, references resolving, sessions within their events' dates) can
only be checked on a whole catalogue. `validate` runs every rule in `RULES`
and returns a `ValidationReport` of all that they find; it never stops at the
first issue. `Catalogue.validate()` is the usual way to call it.

This layer imports the model only: it knows nothing of files or formats.
"""

from __future__ import annotations

from gloact_model.model import Catalogue
from gloact_model.rules._registry import COLLECTIONS, Finding, Index, Rule, rule
from gloact_model.rules._report import Issue, Locate, Severity, ValidationReport, in_catalogue_order
from gloact_model.rules._rules import RULES, references

__all__ = [
    "RULES",
    "Finding",
    "Index",
    "Issue",
    "Locate",
    "Rule",
    "Severity",
    "ValidationReport",
    "references",
    "rule",
    "rules_table",
    "validate",
]


def validate(catalogue: Catalogue, *, rules: tuple[Rule, ...] = RULES) -> ValidationReport:
    """Check how the records of `catalogue` fit together, with every rule in `rules`.

    Issues are listed in the order of the records they are about, so that a
    person can go through the catalogue once.
    """
    if not isinstance(catalogue, Catalogue):
        raise TypeError(f"validate takes a Catalogue, not {type(catalogue).__name__}")
    index = Index(catalogue)
    issues = [issue for each in rules for issue in each.run(index)]
    return ValidationReport(issues=in_catalogue_order(issues, COLLECTIONS))


def rules_table() -> str:
    """A Markdown table of every rule's code, severity and summary, for the docs."""
    lines = ["| code | severity | what it asks |", "|---|---|---|"]
    lines += [f"| `{r.code}` | {r.severity.value} | {r.summary} |" for r in RULES]
    return "\n".join(lines) + "\n"
