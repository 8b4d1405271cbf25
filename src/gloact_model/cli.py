"""The ``gloact`` command: check and summarise catalogue files.

``gloact check FILE...`` loads and validates each file and prints every problem
as ``FILE:LINE:COL: path: message [severity code]``; it exits with 0 when there
are no errors, 1 when there are, and 2 when a file cannot be read at all.
``gloact show FILE`` prints a readable summary of a catalogue.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

from gloact_model import __version__
from gloact_model.errors import LoadError, Problem, RecordNotFoundError
from gloact_model.formats import Format, _unknown_suffix, format_for, load, positions
from gloact_model.model import (
    Catalogue,
    CountQualifier,
    Event,
    EventStatus,
    Organisation,
    Participation,
    PartnerRole,
    Programme,
    Session,
)
from gloact_model.model._checks import clock
from gloact_model.rules import Issue, Severity, ValidationReport

__all__ = ["main", "summary"]

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_UNREADABLE = 2
"""Also argparse's status for a wrong command line."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command with `argv` (the process's arguments by default)."""
    parser = _parser()
    args = parser.parse_args(argv)
    command: Callable[[argparse.Namespace, TextIO], int] = args.run
    return command(args, sys.stdout)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gloact",
        description="Check and summarise gloact_model catalogue files (YAML or JSON).",
        epilog="Example: gloact check examples/*.yaml",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    check = commands.add_parser(
        "check",
        help="load and validate files, and report every problem",
        description="Load each file as a catalogue, validate it, and print every problem as "
        "'FILE:LINE:COL: path: message [severity code]'. Exit status: 0 when no file has "
        "errors, 1 when one has, 2 when a file cannot be read at all. Warnings do not "
        "change the status unless --strict is given.",
        epilog="Example: gloact check --strict examples/glo-act-madrid-2018.yaml",
    )
    check.add_argument("files", nargs="+", metavar="FILE", help=".yaml, .yml or .json file")
    check.add_argument(
        "-q", "--quiet", action="store_true", help="print only problems, not a line per file"
    )
    check.add_argument(
        "--strict", action="store_true", help="exit with 1 for warnings as well as for errors"
    )
    check.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="'text' (the default): a line per problem; 'json': one JSON object for other tools",
    )
    check.set_defaults(run=_check)

    show = commands.add_parser(
        "show",
        help="print a readable summary of a catalogue",
        description="Print the programmes (with funders and partners) and the events "
        "(with dates, place, participants and sessions) of a catalogue file.",
        epilog="Example: gloact show examples/glo-act-madrid-2018.yaml",
    )
    show.add_argument("file", metavar="FILE", help=".yaml, .yml or .json file")
    show.set_defaults(run=_show)
    return parser


class _Checked:
    """What checking one file found: its catalogue and report, or why it failed."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.catalogue: Catalogue | None = None
        self.report = ValidationReport()
        self.unreadable: str | None = None
        fmt = format_for(path)
        if fmt is None:
            self.unreadable = _unknown_suffix(path)
            return
        try:
            self.catalogue = load(path)
        except LoadError as exc:
            self.report = ValidationReport(issues=tuple(map(_as_issue, exc.problems)))
        except OSError as exc:
            self.unreadable = f"cannot read the file: {exc.strerror or exc}"
        else:
            report = self.catalogue.validate()
            self.report = _located(report, path, fmt) if report.issues else report

    @property
    def issues(self) -> tuple[Issue, ...]:
        return self.report.issues

    @property
    def errors(self) -> int:
        return len(self.report.errors)

    @property
    def warnings(self) -> int:
        return len(self.report.warnings)

    def status(self, *, strict: bool) -> int:
        if self.unreadable is not None:
            return EXIT_UNREADABLE
        if self.errors or (strict and self.warnings):
            return EXIT_PROBLEMS
        return EXIT_OK

    def summary_line(self) -> str:
        if self.unreadable is not None:
            return f"{self.path}: {self.unreadable}"
        if self.catalogue is None:
            return f"{self.path}: {_count(self.errors, 'problem')}; not loaded"
        records = _count(len(self.catalogue), "record")
        if not self.issues:
            return f"{self.path}: ok ({records})"
        return f"{self.path}: {self.report.tally()} ({records})"

    def to_dict(self) -> dict[str, Any]:
        if self.unreadable is not None:
            state = "unreadable"
        elif self.errors:
            state = "errors"
        elif self.warnings:
            state = "warnings"
        else:
            state = "ok"
        return {
            "file": self.path,
            "status": state,
            "records": None if self.catalogue is None else len(self.catalogue),
            "errors": self.errors,
            "warnings": self.warnings,
            "reason": self.unreadable,
            "issues": [issue.to_dict() for issue in self.issues],
        }


def _as_issue(problem: Problem) -> Issue:
    return Issue(
        code=problem.code,
        severity=Severity.ERROR,
        path=problem.path,
        message=problem.message,
        line=problem.line,
        column=problem.column,
    )


def _located(report: ValidationReport, path: str, fmt: Format) -> ValidationReport:
    """The report with lines and columns, from a second read of the file."""
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):  # pragma: no cover - changed since it was loaded
        return report
    return report.located(positions(text, fmt).find)


def _check(args: argparse.Namespace, out: TextIO) -> int:
    results = [_Checked(path) for path in args.files]
    status = max((r.status(strict=args.strict) for r in results), default=EXIT_OK)
    if args.format == "json":
        document = {
            "status": status,
            "errors": sum(r.errors for r in results),
            "warnings": sum(r.warnings for r in results),
            "files": [r.to_dict() for r in results],
        }
        out.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
        return status
    for result in results:
        for issue in result.issues:
            print(issue.render(result.path), file=out)
        if result.unreadable is not None or not args.quiet:
            print(result.summary_line(), file=out)
    return status


def _show(args: argparse.Namespace, out: TextIO) -> int:
    result = _Checked(args.file)
    if result.catalogue is None:
        for issue in result.issues:
            print(issue.render(result.path), file=out)
        print(result.summary_line(), file=out)
        return result.status(strict=False)
    out.write(summary(result.catalogue))
    return EXIT_OK


# The summary -----------------------------------------------------------------


def summary(catalogue: Catalogue) -> str:
    """A readable account of a catalogue: its programmes and its events."""
    names = _Names(catalogue)
    lines: list[str] = [
        "Catalogue: "
        + ", ".join(
            [
                _count(len(catalogue.organisations), "organisation"),
                _count(len(catalogue.people), "person", "people"),
                _count(len(catalogue.programmes), "programme"),
                _count(len(catalogue.event_series), "event series", "event series"),
                _count(len(catalogue.events), "event"),
                _count(len(catalogue.sources), "source"),
            ]
        )
    ]
    if catalogue.programmes:
        lines += ["", "Programmes"]
        for programme in catalogue.programmes:
            lines += _programme_lines(programme, names)
    if catalogue.events:
        lines += ["", "Events"]
        for event in catalogue.events:
            lines += _event_lines(event, catalogue, names)
    return "\n".join(lines) + "\n"


class _Names:
    """Names for ids, falling back to the id where the catalogue lacks the record."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue

    def organisation(self, organisation_id: str) -> str:
        try:
            return _organisation_name(self.catalogue.organisation(organisation_id))
        except RecordNotFoundError:
            return organisation_id

    def person(self, person_id: str) -> str:
        try:
            person = self.catalogue.person(person_id)
        except RecordNotFoundError:
            return person_id
        return f"{person.honorific} {person.name}" if person.honorific else person.name

    def programme(self, programme_id: str) -> str:
        try:
            programme = self.catalogue.programme(programme_id)
        except RecordNotFoundError:
            return programme_id
        return programme.acronym or programme.name

    def series(self, series_id: str) -> str:
        try:
            return self.catalogue.series(series_id).name
        except RecordNotFoundError:
            return series_id


def _organisation_name(organisation: Organisation) -> str:
    if organisation.acronym:
        return f"{organisation.name} ({organisation.acronym})"
    return organisation.name


def _programme_lines(programme: Programme, names: _Names) -> list[str]:
    title = f"{programme.acronym}: {programme.name}" if programme.acronym else programme.name
    lines = [f"  {title} [{programme.id}]"]
    facts = []
    if programme.period is not None:
        facts.append(f"period {programme.period}")
    if programme.budget is not None:
        facts.append(f"budget {programme.budget}")
    if facts:
        lines.append("    " + "; ".join(facts))
    if programme.funders:
        funders = [
            names.organisation(f.organisation_id)
            + (f" ({f.contribution})" if f.contribution else "")
            for f in programme.funders
        ]
        lines.append("    funders: " + "; ".join(funders))
    if programme.partners:
        partners = [
            names.organisation(p.organisation_id)
            + (" (lead)" if p.role is PartnerRole.LEAD else "")
            for p in programme.partners
        ]
        lines.append("    partners: " + "; ".join(partners))
    if programme.countries:
        lines.append("    countries: " + ", ".join(c.name for c in programme.countries))
    if programme.themes:
        lines.append("    themes: " + ", ".join(_words(t) for t in programme.themes))
    if programme.pillars:
        lines.append("    pillars: " + ", ".join(_words(p) for p in programme.pillars))
    return lines


def _event_lines(event: Event, catalogue: Catalogue, names: _Names) -> list[str]:
    lines = [f"  {event.name} [{event.id}]"]
    what = _words(event.kind)
    if event.status is not EventStatus.HELD:
        what += f" ({event.status.value})"
    if event.series_id is not None:
        number = f"number {event.number} of " if event.number is not None else "part of "
        what += f", {number}the series {names.series(event.series_id)!r}"
    if event.parent_id is not None:
        try:
            parent = catalogue.event(event.parent_id).name
        except RecordNotFoundError:
            parent = event.parent_id
        what += f", within {parent!r}"
    lines.append(f"    {what}")
    when = "dates not given" if event.period is None else f"dates {event.period}"
    if event.duration_days is not None:
        when += f" ({_count(event.duration_days, 'day')})"
    lines.append(f"    {when}")
    if event.location is not None:
        place = ", ".join(
            part
            for part in (
                event.location.venue,
                event.location.city,
                None if event.location.country is None else event.location.country.name,
            )
            if part
        )
        mode = f" ({_words(event.attendance_mode)})" if event.attendance_mode else ""
        lines.append(f"    place: {place}{mode}")
    for role_org in event.organisations:
        lines.append(f"    {_words(role_org.role)}: {names.organisation(role_org.organisation_id)}")
    for part in event.programmes:
        lines.append(f"    programme: {names.programme(part.programme_id)} ({_words(part.part)})")
    if event.participation is not None:
        lines.append(f"    participants: {_participation(event.participation, names)}")
        if event.participation.description:
            lines.append(f"      ({event.participation.description})")
    if event.sessions:
        lines.append(f"    sessions ({len(event.sessions)}):")
        lines += [f"      - {_session(session, names)}" for session in event.sessions]
    return lines


def _participation(participation: Participation, names: _Names) -> str:
    parts: list[str] = []
    if participation.total is not None:
        qualifier = {
            CountQualifier.EXACT: "",
            CountQualifier.LOWER_BOUND: "at least ",
            CountQualifier.APPROXIMATE: "about ",
        }[participation.qualifier]
        parts.append(f"{qualifier}{participation.total}")
    sexes = [
        f"{count} {label}"
        for count, label in ((participation.women, "women"), (participation.men, "men"))
        if count is not None
    ]
    if sexes:
        parts.append(f"({', '.join(sexes)})")
    if participation.countries:
        parts.append("from " + ", ".join(c.name for c in participation.countries))
    people = [names.person(p) for p in participation.person_ids]
    people += [names.organisation(o) for o in participation.organisation_ids]
    if people:
        parts.append("including " + "; ".join(people))
    return " ".join(parts) if parts else "not counted"


def _session(session: Session, names: _Names) -> str:
    text = f"{session.title} ({_words(session.kind)})" if session.title else _words(session.kind)
    text += f" [{session.id}]"
    if session.period is not None:
        text += f", {session.period}"
    if session.start_time is not None:
        text += f" {clock(session.start_time)}"
    if session.end_time is not None:
        text += f" to {clock(session.end_time)}"
    who = [names.person(p) for p in session.speaker_ids]
    who += [names.organisation(o) for o in session.organisation_ids]
    if who:
        text += ": " + "; ".join(who)
    return text


def _words(value: str) -> str:
    text = str(value).replace("_", " ")
    return "co-organiser" if text == "co organiser" else text


def _count(number: int, singular: str, plural: str | None = None) -> str:
    return f"{number} {singular if number == 1 else plural or singular + 's'}"
