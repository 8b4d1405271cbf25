"""The ``gloact`` command: check and summarise catalogue files.

``gloact check FILE...`` loads each file and prints every problem as
``FILE: path: message``; it exits with 0 when every file loads and 1 otherwise.
``gloact show FILE`` prints a readable summary of a catalogue.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import TextIO

from gloact_model import __version__
from gloact_model.errors import LoadError, RecordNotFoundError
from gloact_model.formats import load
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

__all__ = ["main", "summary"]

EXIT_OK = 0
EXIT_PROBLEMS = 1
# Usage errors exit with 2, from argparse.


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
        help="load files and report every problem",
        description="Load each file as a catalogue and print every problem as "
        "'FILE: path: message'. Exit status: 0 when all files load, 1 otherwise.",
        epilog="Example: gloact check examples/glo-act-madrid-2018.yaml",
    )
    check.add_argument("files", nargs="+", metavar="FILE", help=".yaml, .yml or .json file")
    check.add_argument(
        "-q", "--quiet", action="store_true", help="print only problems, not files that load"
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


def _load(path: str, out: TextIO) -> Catalogue | None:
    """The catalogue in `path`, or None after printing why it could not be loaded."""
    try:
        return load(path)
    except LoadError as exc:
        for problem in exc.problems:
            print(f"{path}: {problem}", file=out)
    except OSError as exc:
        print(f"{path}: cannot read the file: {exc.strerror or exc}", file=out)
    return None


def _check(args: argparse.Namespace, out: TextIO) -> int:
    status = EXIT_OK
    for path in args.files:
        catalogue = _load(path, out)
        if catalogue is None:
            status = EXIT_PROBLEMS
        elif not args.quiet:
            print(f"{path}: ok ({_count(len(catalogue), 'record')})", file=out)
    return status


def _show(args: argparse.Namespace, out: TextIO) -> int:
    catalogue = _load(args.file, out)
    if catalogue is None:
        return EXIT_PROBLEMS
    out.write(summary(catalogue))
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
