"""What validation finds: issues, each with a code, a severity, a path and a message."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from enum import StrEnum
from typing import Any

import attrs

from gloact_model.errors import ValidationError, located_line, printable_name
from gloact_model.model.wording import block, count, table, tint

__all__ = ["Issue", "Severity", "ValidationReport"]


class Severity(StrEnum):
    """How much an issue matters before a catalogue is published.

    An error is certainly wrong (a reference to nothing, a session after its
    event). A warning is probably wrong, or worth a second look (an event
    outside its programme's years may be a follow-up, or a typo).
    """

    ERROR = "error"
    WARNING = "warning"


@attrs.frozen(kw_only=True)
class Issue:
    """One thing in a catalogue that does not fit with the rest.

    `path` points into the catalogue as its document does
    (``events[3].sessions[1].period``), so a person can find the record and a
    program can act on it; `code` is the stable name of the rule that found it.
    `line` and `column` are known when the catalogue was read from a file and
    the report was `located`.
    """

    code: str
    severity: Severity
    path: str
    message: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        return self.render()

    def render(self, source: str | None = None) -> str:
        """``FILE:LINE:COL: path: message [severity code]``, leaving out what is unknown."""
        return located_line(
            self.message,
            path=self.path,
            source=source,
            line=self.line,
            column=self.column,
            tag=f"{self.severity.value} {self.code}",
        )

    def to_dict(self) -> dict[str, Any]:
        """The issue as plain data, for JSON and other tools."""
        return {
            "code": self.code,
            "severity": self.severity.value,
            "path": self.path,
            "message": self.message,
            "line": self.line,
            "column": self.column,
        }


_HTML_ISSUES = 100
"""How many issues a report's display lists; ``print(report)`` lists them all."""

Locate = Callable[[str], "tuple[int, int] | None"]
"""Finds the 1-based line and column of a path in a document, if it can."""


@attrs.frozen(kw_only=True)
class ValidationReport:
    """Everything that `Catalogue.validate` found, in the order of the catalogue.

    Validation never stops at the first issue: a report lists them all, so a
    person fixes a catalogue in one pass. It reads as the tuple of its issues
    (``len(report)``, ``report[0]``, ``for issue in report``; an empty report is
    false). `ok` is true when there are no errors: warnings alone do not stop a
    catalogue from being published.
    """

    issues: tuple[Issue, ...] = ()

    @property
    def errors(self) -> tuple[Issue, ...]:
        """The issues that are certainly wrong."""
        return tuple(i for i in self.issues if i.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Issue, ...]:
        """The issues that deserve a second look."""
        return tuple(i for i in self.issues if i.severity is Severity.WARNING)

    @property
    def ok(self) -> bool:
        """True when the catalogue has no errors (it may have warnings)."""
        return not any(i.severity is Severity.ERROR for i in self.issues)

    def __iter__(self) -> Iterator[Issue]:
        return iter(self.issues)

    def __len__(self) -> int:
        """The number of issues; an empty report is false, like an empty tuple."""
        return len(self.issues)

    def __getitem__(self, index: int) -> Issue:
        return self.issues[index]

    def __str__(self) -> str:
        return self.to_text()

    def _repr_html_(self) -> str:
        """How Jupyter shows the report: the tally, then a table of the issues.

        A long report lists its first issues; ``print(report)`` lists them all.
        """
        if not self.issues:
            return block("Validation report", "no issues: the records fit together").markup
        located = any(issue.line is not None for issue in self.issues)
        rows: list[tuple[object, ...]] = []
        for issue in self.issues[:_HTML_ISSUES]:  # format only the issues shown
            colour = "#b00" if issue.severity is Severity.ERROR else "#a60"
            severity = tint(issue.severity, colour)
            row: tuple[object, ...] = (severity, issue.code, issue.path, issue.message)
            if located:
                place = (issue.line, issue.column)
                row += (":".join(str(n) for n in place if n is not None),)
            rows.append(row)
        headers = ("severity", "code", "path", "message") + (("line:column",) if located else ())
        issues = table(headers, rows, total=len(self.issues), what="issues")
        return block("Validation report", self.tally(), issues).markup

    def codes(self) -> tuple[str, ...]:
        """The codes of the issues, in order, repeated as often as they occur."""
        return tuple(issue.code for issue in self.issues)

    def raise_for_errors(self) -> ValidationReport:
        """Raise `ValidationError` if there are errors; otherwise return the report.

        Returning the report lets a script write
        ``catalogue.validate().raise_for_errors()`` and still look at the warnings.
        """
        if not self.ok:
            raise ValidationError(self)
        return self

    def located(self, locate: Locate) -> ValidationReport:
        """The same report, with the line and column of each issue that `locate` finds.

        `gloact_model.positions(text, format).find` is such a function for a
        catalogue read from a file.
        """
        return ValidationReport(issues=tuple(_located(issue, locate) for issue in self.issues))

    def to_text(self, source: str | None = None) -> str:
        """One line per issue (``FILE:LINE:COL: path: message [severity code]``) and a tally."""
        lines = [issue.render(source) for issue in self.issues]
        lines.append(self.tally())
        return "\n".join(lines) + "\n"

    def tally(self) -> str:
        """How many errors and warnings, in words: ``2 errors, 1 warning``."""
        if not self.issues:
            return "no issues"
        errors, warnings = len(self.errors), len(self.warnings)
        return (
            f"{count(errors, 'error', grouped=False)}, {count(warnings, 'warning', grouped=False)}"
        )

    def to_json(self, source: str | None = None) -> str:
        """The report as a JSON object, for other tools; `source` is shown as `to_text` shows it."""
        document: dict[str, Any] = {} if source is None else {"source": printable_name(source)}
        document |= {
            "ok": self.ok,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "issues": [issue.to_dict() for issue in self.issues],
        }
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _located(issue: Issue, locate: Locate) -> Issue:
    found = locate(issue.path)
    return issue if found is None else attrs.evolve(issue, line=found[0], column=found[1])


_RECORD = re.compile(r"(?P<collection>[a-z_]+)\[(?P<index>\d+)\]")


def in_catalogue_order(issues: list[Issue], collections: tuple[str, ...]) -> tuple[Issue, ...]:
    """The issues ordered by the record they are about, as a person reads the file.

    Issues about one record keep the order in which the rules found them.
    """

    def place(issue: Issue) -> tuple[int, int]:
        match = _RECORD.match(issue.path)
        if match is None or match["collection"] not in collections:
            return (len(collections), 0)
        return (collections.index(match["collection"]), int(match["index"]))

    return tuple(sorted(issues, key=place))
