"""The ``gloact`` command: check, summarise, convert and report on catalogue files.

``gloact check FILE...`` loads and validates each file and prints every problem
as ``FILE:LINE:COL: path: message [severity code]``; it exits with 0 when there
are no errors, 1 when there are, and 2 when a file cannot be read at all.
``gloact show FILE`` prints a readable summary of a catalogue, ``gloact convert
IN OUT`` rewrites it in the other format, ``gloact report FILE`` prints its
tables and ``gloact schema`` the JSON Schema of the exchange format.

The commands that read take an option per field of `Limits` (``--max-bytes``
and the like), read each file once (a FIFO gives its bytes only once), and show
every file name through `printable_name`, so that no name can forge a line.
"""

from __future__ import annotations

import argparse
import inspect
import io
import json
import os
import sys
import textwrap
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

from gloact_model import __version__
from gloact_model.codec import MORE, SCHEMA_VERSION
from gloact_model.errors import LoadError, Problem, RecordNotFoundError, printable_name
from gloact_model.formats import Format, Limits, dump, format_for, loads, positions
from gloact_model.formats.files import write_file
from gloact_model.formats.names import unknown_suffix
from gloact_model.formats.reading import decode, read_bytes
from gloact_model.formats.upgrading import upgrade_text
from gloact_model.model import (
    Catalogue,
    CountQualifier,
    Event,
    EventRelation,
    EventSeries,
    EventStatus,
    Organisation,
    Participation,
    PartnerRole,
    Programme,
    Session,
)
from gloact_model.model.catalogue import COLLECTIONS
from gloact_model.model.event import SexName
from gloact_model.model.wording import clock, count, in_words, number, place, qualified
from gloact_model.reports import TABLES
from gloact_model.rules import Issue, Severity, ValidationReport

__all__ = ["main", "summary"]

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_UNREADABLE = 2
"""Also argparse's status for a wrong command line."""
EXIT_BROKEN_PIPE = 141
"""The reader of the output stopped reading (``gloact schema | head``): 128 + SIGPIPE, as a
shell reports for other tools."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command with `argv` (the process's arguments by default).

    The output goes to `sys.stdout`, and messages about files that cannot be
    read or written to `sys.stderr`, so that redirected output holds only output.
    """
    parser = _parser()
    args = parser.parse_args(argv)
    command: Callable[[argparse.Namespace, TextIO], int] = args.run
    try:
        status = command(args, sys.stdout)
        sys.stdout.flush()  # a failed write shows here, not as a traceback at exit
    except BrokenPipeError:
        _discard_output()
        return EXIT_BROKEN_PIPE
    except OSError as exc:
        # The commands handle their own files, so this is the output itself: a full disk.
        _discard_output()
        print(f"gloact: cannot write the output: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    return status


def _discard_output() -> None:
    """Point standard output at the null device, so that the final flush at exit cannot fail."""
    try:
        descriptor = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # not a file: nothing is flushed at exit
        return
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, descriptor)
    finally:
        os.close(null)


_EXAMPLES = """\
examples:
  gloact check examples/*.yaml                 validate every catalogue before publishing
  gloact show examples/glo-act-madrid-2018.yaml
  gloact convert madrid.yaml madrid.json       YAML to JSON (and back: madrid.json madrid.yaml)
  gloact report --format csv --table events-by-kind madrid.yaml > kinds.csv
  gloact schema -o catalogue.schema.json       the JSON Schema, for systems in other languages
  gloact upgrade records/*.yaml                rewrite files of an older format version

Catalogue files are YAML (.yaml, .yml) or JSON (.json), told apart by their suffix.
Exit status: 0 on success, 1 when a file has problems, 2 when a file cannot be read at all or
the command line is wrong."""


class _HelpFormatter(argparse.HelpFormatter):
    """Wraps descriptions to the terminal, but keeps the examples' lines as they are.

    Lines break at spaces only, never inside a name with hyphens
    (``events-by-kind``, ``--force``), so that every name reads as it is typed.
    """

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if "\n" in text:
            return "".join(indent + line for line in text.splitlines(keepends=True))
        return "\n".join(
            textwrap.wrap(
                " ".join(text.split()),
                width,
                initial_indent=indent,
                subsequent_indent=indent,
                break_on_hyphens=False,
            )
        )

    def _split_lines(self, text: str, width: int) -> list[str]:
        return textwrap.wrap(" ".join(text.split()), width, break_on_hyphens=False)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gloact",
        description="Check, summarise, convert and report on gloact_model catalogue files.",
        epilog=_EXAMPLES,
        formatter_class=_HelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(required=True, metavar="COMMAND", title="commands")

    def command(
        name: str,
        run: Callable[[argparse.Namespace, TextIO], int],
        *,
        help: str,
        description: str,
        example: str,
    ) -> argparse.ArgumentParser:
        sub = commands.add_parser(
            name,
            help=help,
            description=description,
            epilog=f"example:\n  {example}",
            formatter_class=_HelpFormatter,
        )
        sub.set_defaults(run=run)
        return sub

    check = command(
        "check",
        _check,
        help="load and validate files, and report every problem",
        description="Load each file as a catalogue, validate it, and print every problem as "
        "'FILE:LINE:COL: path: message [severity code]'. Exit status: 0 when no file has "
        "errors, 1 when one has, 2 when a file cannot be read at all. Warnings do not "
        "change the status unless --strict is given.",
        example="gloact check --strict examples/glo-act-madrid-2018.yaml",
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

    show = command(
        "show",
        _show,
        help="print a readable summary of a catalogue",
        description="Print the programmes (with funders and partners) and the events "
        "(with dates, place, participants and sessions) of a catalogue file. It does not "
        "validate; use 'gloact check' for that.",
        example="gloact show examples/glo-act-madrid-2018.yaml",
    )
    show.add_argument("file", metavar="FILE", help=".yaml, .yml or .json file")

    convert = command(
        "convert",
        _convert,
        help="convert a catalogue between YAML and JSON",
        description="Load IN and write the same catalogue to OUT, in the format that OUT's "
        "suffix names (.yaml, .yml or .json). Nothing is lost: converting back gives the "
        "same records. OUT is written atomically, and an existing OUT is replaced only with "
        "--force. IN is not validated: convert drafts too, and check them with "
        "'gloact check'. Exit status: 0 when OUT is written, 1 when IN does not load, "
        "2 when a file cannot be read or written.",
        example="gloact convert examples/glo-act-madrid-2018.yaml madrid.json",
    )
    convert.add_argument("input", metavar="IN", help=".yaml, .yml or .json file to read")
    convert.add_argument("output", metavar="OUT", help=".yaml, .yml or .json file to write")
    convert.add_argument("--force", action="store_true", help="replace OUT if it exists")

    report = command(
        "report",
        _report,
        help="print tables of events, participants and programmes",
        description="Print the tables of a catalogue: events per country and year, events "
        "per kind, participants by sex with the share of women, and programmes with their "
        "funders and budgets. --format csv writes them for spreadsheets: choose one table "
        "with --table for a plain CSV file; without it, every table is written, each with its "
        "header row and an empty line between them. The tables are printed even when the "
        "catalogue has errors; a note on standard error then says so. What each table "
        "counts is on the reports page of the documentation.",
        example="gloact report --format csv --table participants-by-sex "
        "examples/glo-act-madrid-2018.yaml",
    )
    report.add_argument("file", metavar="FILE", help=".yaml, .yml or .json file")
    report.add_argument(
        "--format",
        choices=("text", "csv"),
        default="text",
        help="'text' (the default): aligned tables; 'csv': comma-separated values",
    )
    report.add_argument(
        "--table",
        action="append",
        choices=tuple(TABLES),
        metavar="NAME",
        help="print only this table (may be repeated): " + ", ".join(TABLES),
    )

    upgrade = command(
        "upgrade",
        _upgrade,
        help="rewrite files of an older version of the format in today's version",
        description="Rewrite each file written in an older version of the format (its "
        f"schema_version) in today's version, {SCHEMA_VERSION}. Only what the new version "
        "changed is rewritten, in place: comments, order and layout are kept, and the "
        "result must read as the same records, or the file is left as it was. Files are "
        "written atomically. With --check, nothing is written: each file that needs "
        "upgrading is named. Exit status: 0 when every file is (now) in today's version, "
        "1 when one does not load, cannot be upgraded in place, or (with --check) needs "
        "upgrading, 2 when a file cannot be read or written.",
        example="gloact upgrade --check records/*.yaml",
    )
    upgrade.add_argument("files", nargs="+", metavar="FILE", help=".yaml, .yml or .json file")
    upgrade.add_argument(
        "--check", action="store_true", help="write nothing; exit with 1 if a file needs upgrading"
    )
    upgrade.add_argument(
        "-q", "--quiet", action="store_true", help="say nothing of files already up to date"
    )

    for reads in (check, show, convert, report, upgrade):
        _add_limit_options(reads)

    schema = command(
        "schema",
        _schema,
        help="print the JSON Schema of the exchange format",
        description="Print the JSON Schema (draft 2020-12) of catalogue documents, or of "
        "one kind of record with --class, for systems not written in Python. It is "
        "generated from the model, so it describes exactly what this version reads and "
        "writes.",
        example="gloact schema -o catalogue.schema.json",
    )
    schema.add_argument(
        "--class",
        dest="cls",
        default="Catalogue",
        metavar="NAME",
        help="the record class to describe (default: Catalogue), e.g. Event",
    )
    schema.add_argument("-o", "--output", metavar="FILE", help="write to FILE, not the screen")
    schema.add_argument("--force", action="store_true", help="replace FILE if it exists")
    return parser


def _limit_fields() -> list[inspect.Parameter]:
    """The fields of `Limits`, from its signature: a new limit gets its option unasked."""
    return list(inspect.signature(Limits).parameters.values())


def _add_limit_options(sub: argparse.ArgumentParser) -> None:
    """An option ``--max-bytes N`` and the like for each field of `Limits`."""
    group = sub.add_argument_group(
        "limits",
        "Refuse a document beyond these limits; the defaults suit real catalogues. "
        "Raise one to read a bigger file, lower it to guard a service harder.",
    )
    for field in _limit_fields():
        group.add_argument(
            "--" + field.name.replace("_", "-"),
            dest=field.name,
            type=_limit_value(field.name),
            metavar="N",
            help=f"Limits.{field.name} (default {field.default:,})",
        )


def _limit_value(name: str) -> Callable[[str], int]:
    """The argparse type of the option for ``Limits.<name>``: a bad value is a usage error."""

    def value(text: str) -> int:
        try:
            number = int(text.replace(",", ""))
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"expected a whole number from 1 to {sys.maxsize:,}, not {text!r}"
            ) from None
        try:
            Limits(**{name: number})
        except (TypeError, ValueError) as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None
        return number

    return value


def _limits(args: argparse.Namespace) -> Limits:
    """The `Limits` that the command line sets; the defaults for what it does not."""
    given = {f.name: getattr(args, f.name) for f in _limit_fields()}
    return Limits(**{name: value for name, value in given.items() if value is not None})


class _Checked:
    """What checking one file found: its catalogue and report, or why it failed."""

    def __init__(self, path: str, limits: Limits, *, validate: bool = True) -> None:
        self.path = path
        self.shown = printable_name(path)
        self.catalogue: Catalogue | None = None
        self.report = ValidationReport()
        self.unreadable: str | None = None
        self.more = False
        """Whether the problems listed stop at ``Limits.max_problems``, with more unlisted."""
        fmt = format_for(path)
        if fmt is None:
            self.unreadable = unknown_suffix(path) + _lines_hint(path)
            return
        try:
            # Read once: a FIFO or a pipe gives its bytes only once, and the issues found
            # by validation are placed in the same text.
            data = read_bytes(path, limits=limits)
            self.catalogue = loads(data, Catalogue, fmt, source=path, limits=limits)
        except LoadError as exc:
            self.report = ValidationReport(issues=tuple(map(_as_issue, exc.problems)))
            # The last problem of a list cut at Limits.max_problems says there are more: it
            # is shown, and not counted as one of them.
            self.more = exc.problems[-1].code == MORE
        except OSError as exc:
            self.unreadable = f"cannot read the file: {exc.strerror or exc}"
        else:
            if validate:
                report = self.catalogue.validate()
                self.report = _located(report, data, fmt) if report.issues else report

    @property
    def issues(self) -> tuple[Issue, ...]:
        return self.report.issues

    @property
    def errors(self) -> int:
        return len(self.report.errors) - self.more

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
            return f"{self.shown}: {self.unreadable}"
        if self.catalogue is None:
            problems = count(self.errors, "problem", grouped=False)
            return f"{self.shown}: {problems}{' and more' if self.more else ''}; not loaded"
        records = count(len(self.catalogue), "record", grouped=False)
        if not self.issues:
            return f"{self.shown}: ok ({records})"
        return f"{self.shown}: {self.report.tally()} ({records})"

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
            "file": self.shown,
            "status": state,
            "records": None if self.catalogue is None else len(self.catalogue),
            "errors": self.errors,
            "more": self.more,
            "warnings": self.warnings,
            "reason": self.unreadable,
            "issues": [issue.to_dict() for issue in self.issues],
        }


_LINES_SUFFIXES = (".jsonl", ".ndjson")


def _lines_hint(path: str) -> str:
    """What to add for a JSON Lines file, which holds many documents where gloact reads one."""
    if Path(path).suffix.lower() not in _LINES_SUFFIXES:
        return ""
    return " (a JSON Lines file holds a document per line: read it with gloact_model.iter_load)"


def _as_issue(problem: Problem) -> Issue:
    return Issue(
        code=problem.code,
        severity=Severity.ERROR,
        path=problem.path,
        message=problem.message,
        line=problem.line,
        column=problem.column,
    )


def _located(report: ValidationReport, data: bytes, fmt: Format) -> ValidationReport:
    """The report with lines and columns, found in the bytes that the catalogue was read from."""
    # They were read as UTF-8, with or without a byte-order mark, so they decode.
    return report.located(positions(data.decode("utf-8-sig"), fmt).find)


def _check(args: argparse.Namespace, out: TextIO) -> int:
    limits = _limits(args)
    results = [_Checked(path, limits) for path in args.files]
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
    result = _Checked(args.file, _limits(args), validate=False)
    if result.catalogue is None:
        _print_load_failure(result, sys.stderr)
        return result.status(strict=False)
    out.write(summary(result.catalogue))
    return EXIT_OK


def _convert(args: argparse.Namespace, out: TextIO) -> int:
    # What is wrong with OUT is said before IN is read, which may take a while.
    target = format_for(args.output)
    if target is None:
        print(f"{printable_name(args.output)}: {unknown_suffix(args.output)}", file=sys.stderr)
        return EXIT_UNREADABLE
    if _is_folder(args.output):
        return EXIT_UNREADABLE
    source = _Checked(args.input, _limits(args), validate=False)
    if source.catalogue is None:
        _print_load_failure(source, sys.stderr)
        return source.status(strict=False)
    catalogue = source.catalogue
    if not _written(args.output, lambda: dump(catalogue, args.output, overwrite=args.force)):
        return EXIT_UNREADABLE
    records = count(len(catalogue), "record", grouped=False)
    output, input = printable_name(args.output), printable_name(args.input)
    print(f"{output}: wrote {records} as {target.upper()} from {input}", file=out)
    return EXIT_OK


def _report(args: argparse.Namespace, out: TextIO) -> int:
    result = _Checked(args.file, _limits(args))
    if result.catalogue is None:
        _print_load_failure(result, sys.stderr)
        return result.status(strict=False)
    if result.errors:
        print(
            f"{printable_name(args.file)}: note: the catalogue has "
            f"{count(result.errors, 'error', grouped=False)}; "
            "the tables may be wrong (see gloact check)",
            file=sys.stderr,
        )
    tables = [TABLES[name](result.catalogue) for name in args.table or TABLES]
    if args.format == "csv":
        if isinstance(out, io.TextIOWrapper):
            out.reconfigure(newline="")  # csv ends lines with CRLF itself; translate nothing
        out.write("\r\n".join(table.to_csv() for table in tables))
    else:
        out.write("\n".join(table.to_text() for table in tables))
    return EXIT_OK


def _upgrade(args: argparse.Namespace, out: TextIO) -> int:
    limits = _limits(args)
    statuses = [
        _upgrade_file(path, limits, check=args.check, quiet=args.quiet, out=out)
        for path in args.files
    ]
    return max(statuses, default=EXIT_OK)


def _upgrade_file(path: str, limits: Limits, *, check: bool, quiet: bool, out: TextIO) -> int:
    """Upgrade one file (or, with `check`, say whether it needs it); its exit status."""
    shown = printable_name(path)
    fmt = format_for(path)
    if fmt is None:
        print(f"{shown}: {unknown_suffix(path)}{_lines_hint(path)}", file=out)
        return EXIT_UNREADABLE
    try:
        data = read_bytes(path, limits=limits)
        text = decode(data, source=path)
        upgraded = upgrade_text(text, fmt, source=path, limits=limits)
    except OSError as exc:
        print(f"{shown}: cannot read the file: {exc.strerror or exc}", file=out)
        return EXIT_UNREADABLE
    except LoadError as exc:
        for problem in exc.problems:
            print(_as_issue(problem).render(path), file=out)
        problems = count(len(exc.problems), "problem", grouped=False)
        print(f"{shown}: {problems}; not upgraded", file=out)
        return EXIT_PROBLEMS
    if upgraded == text:
        if not quiet:
            print(f"{shown}: ok (version {SCHEMA_VERSION})", file=out)
        return EXIT_OK
    if check:
        print(f"{shown}: needs upgrading to version {SCHEMA_VERSION}", file=out)
        return EXIT_PROBLEMS
    encoded = upgraded.encode("utf-8")
    if not _written(path, lambda: write_file(encoded, path, overwrite=True)):
        return EXIT_UNREADABLE
    print(f"{shown}: upgraded to version {SCHEMA_VERSION}", file=out)
    return EXIT_OK


def _schema(args: argparse.Namespace, out: TextIO) -> int:
    from gloact_model.schema import record_class, schema_text  # noqa: PLC0415 - only it needs them

    try:
        cls = record_class(args.cls)
    except LookupError as exc:
        print(f"gloact schema: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    text = schema_text(cls)
    if args.output is None:
        out.write(text)
        return EXIT_OK
    if _is_folder(args.output):
        return EXIT_UNREADABLE
    if not _written(args.output, lambda: _write_text(text, args.output, overwrite=args.force)):
        return EXIT_UNREADABLE
    return EXIT_OK


def _is_folder(path: str) -> bool:
    """Whether the file to write is a folder, said on standard error if it is.

    Said before writing, since "the file exists; pass --force" would suggest a
    remedy that cannot work. The empty name is the current folder.
    """
    if not Path(path).is_dir():
        return False
    print(
        f"{printable_name(path) or repr(path)}: is a folder; name the file to write",
        file=sys.stderr,
    )
    return True


def _write_text(text: str, path: str, *, overwrite: bool) -> None:
    """Write `text` to `path` as `dump` writes documents: atomically, never over a file unasked."""
    write_file(text.encode("utf-8"), path, overwrite=overwrite)


def _written(path: str, write: Callable[[], None]) -> bool:
    """Whether `write` wrote the file `path`; if it did not, why is said on standard error."""
    try:
        write()
    except FileExistsError:
        print(
            f"{printable_name(path)}: the file exists; pass --force to replace it", file=sys.stderr
        )
        return False
    except OSError as exc:
        # The library's own message names the path; an operating system's does not.
        shown = printable_name(path)
        message = f"{shown}: cannot write the file: {exc.strerror}" if exc.strerror else str(exc)
        print(message, file=sys.stderr)
        return False
    return True


def _print_load_failure(result: _Checked, out: TextIO) -> None:
    for issue in result.issues:
        print(issue.render(result.path), file=out)
    print(result.summary_line(), file=out)


# The summary -----------------------------------------------------------------


def summary(catalogue: Catalogue) -> str:
    """A readable account of a catalogue: its programmes and its events."""
    names = _Names(catalogue)
    lines: list[str] = [
        "Catalogue: "
        + ", ".join(
            [count(len(getattr(catalogue, c.name)), c.singular, grouped=False) for c in COLLECTIONS]
        )
    ]
    if catalogue.programmes:
        lines += ["", "Programmes"]
        for programme in catalogue.programmes:
            lines += _programme_lines(programme, names)
    if catalogue.event_series:
        lines += ["", "Event series"]
        for series in catalogue.event_series:
            lines += _series_lines(series, names)
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
    name = organisation.name
    if organisation.acronym:
        name = f"{name} ({organisation.acronym})"
    if organisation.founded is not None:
        name += f", founded {organisation.founded.describe()}"
    return name


def _named(record: Programme | EventSeries) -> list[str]:
    """The first lines of a programme or a series: its acronym, name and id, other names."""
    title = f"{record.acronym}: {record.name}" if record.acronym else record.name
    lines = [f"  {title} [{record.id}]"]
    if record.other_names:
        lines.append("    also called: " + "; ".join(record.other_names))
    return lines


def _programme_lines(programme: Programme, names: _Names) -> list[str]:
    lines = _named(programme)
    facts = []
    if programme.status is not None:
        facts.append(in_words(programme.status))
    if programme.period is not None:
        facts.append(f"period {programme.period.describe()}")
    if programme.budget is not None:
        facts.append(f"budget {programme.budget.label}")
    if facts:
        lines.append("    " + "; ".join(facts))
    if programme.follows_id is not None:
        lines.append(f"    follows: {names.programme(programme.follows_id)}")
    if programme.budgets:
        lines.append("    budgets: " + "; ".join(b.label for b in programme.budgets))
    if programme.identifiers:
        lines.append("    identifiers: " + "; ".join(i.label for i in programme.identifiers))
    if programme.funders:
        funders = [
            names.organisation(f.organisation_id)
            + (f" ({f.contribution.label})" if f.contribution else "")
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
    for role in programme.organisations:
        said = in_words(role.role) if role.term is None else f"{role.term} ({in_words(role.role)})"
        lines.append(f"    {said}: {names.organisation(role.organisation_id)}")
    if programme.countries:
        lines.append("    countries: " + ", ".join(c.label for c in programme.countries))
    if programme.themes:
        lines.append("    themes: " + ", ".join(in_words(t) for t in programme.themes))
    if programme.pillars:
        lines.append("    pillars: " + ", ".join(in_words(p) for p in programme.pillars))
    if programme.target_groups:
        lines.append("    target groups: " + "; ".join(programme.target_groups))
    if programme.reached is not None:
        lines.append(f"    reached: {_participation(programme.reached, names)}")
    return lines


def _series_lines(series: EventSeries, names: _Names) -> list[str]:
    lines = _named(series)
    facts = []
    if series.period is not None:
        facts.append(f"period {series.period.describe()}")
    if series.frequency is not None:
        facts.append(in_words(series.frequency))
    if series.planned_events is not None:
        facts.append(f"{count(series.planned_events, 'event', grouped=False)} planned")
    if facts:
        lines.append("    " + "; ".join(facts))
    if series.programme_id is not None:
        lines.append(f"    programme: {names.programme(series.programme_id)}")
    if series.parent_id is not None:
        lines.append(f"    within the series {names.series(series.parent_id)!r}")
    lines += _topics_lines(series.topics, series.objectives)
    if series.reached is not None:
        lines.append(f"    reached: {_participation(series.reached, names)}")
    return lines


def _topics_lines(topics: tuple[str, ...], objectives: tuple[str, ...]) -> list[str]:
    lines = []
    if topics:
        lines.append("    topics: " + "; ".join(topics))
    if objectives:
        lines.append("    objectives: " + "; ".join(objectives))
    return lines


def _event_name(event_id: str, catalogue: Catalogue) -> str:
    try:
        return catalogue.event(event_id).name
    except RecordNotFoundError:
        return event_id


def _event_lines(event: Event, catalogue: Catalogue, names: _Names) -> list[str]:
    lines = [f"  {event.name} [{event.id}]"]
    if event.other_names:
        lines.append("    also: " + "; ".join(event.other_names))
    what = in_words(event.kind)
    if event.status is not EventStatus.HELD:
        what += f" ({event.status.value})"
    if event.series_id is not None:
        final = " and final" if event.final else ""
        which = (
            f"number {event.number}{final} of "
            if event.number is not None
            else ("the final event of " if event.final else "part of ")
        )
        what += f", {which}the series {names.series(event.series_id)!r}"
    if event.parent_id is not None:
        parent = _event_name(event.parent_id, catalogue)
        if event.parent_relation is EventRelation.SIDE_EVENT:
            what += f", a side event of {parent!r}"
        elif event.parent_relation is EventRelation.PART_OF:
            what += f", part of {parent!r}"
        else:
            what += f", within {parent!r}"
    lines.append(f"    {what}")
    if event.follows_up_ids:
        followed = [repr(_event_name(e, catalogue)) for e in event.follows_up_ids]
        lines.append("    follows up: " + "; ".join(followed))
    when = "dates not given" if event.period is None else f"dates {event.period.describe()}"
    if event.duration_days is not None:
        when += f" ({count(event.duration_days, 'day', grouped=False)})"
    lines.append(f"    {when}")
    if event.location is not None:
        mode = f" ({in_words(event.attendance_mode)})" if event.attendance_mode else ""
        lines.append(f"    place: {place(event.location)}{mode}")
    for role_org in event.organisations:
        lines.append(
            f"    {in_words(role_org.role)}: {names.organisation(role_org.organisation_id)}"
        )
    for role_country in event.countries:
        who = f" ({role_country.description})" if role_country.description else ""
        lines.append(f"    {in_words(role_country.role)}: {role_country.country.label}{who}")
    for part in event.programmes:
        lines.append(f"    programme: {names.programme(part.programme_id)} ({in_words(part.part)})")
    lines += _topics_lines(event.topics, event.objectives)
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
        total = number(participation.total, grouped=False)
        parts.append(qualified(total, participation.qualifier))
    counted: tuple[tuple[int | None, SexName], ...] = (
        (participation.women, "women"),
        (participation.men, "men"),
    )
    sexes = [_count_of_sex(participation, n, label) for n, label in counted if n is not None]
    share = participation.share_of_women
    if share is not None:
        sexes.append(f"share of women {share}")
    if sexes:
        parts.append(f"({', '.join(sexes)})")
    if participation.groups:
        groups = [
            group.name
            if group.count is None
            else f"{group.name} {qualified(number(group.count, grouped=False), group.qualifier)}"
            for group in participation.groups
        ]
        parts.append("in groups: " + "; ".join(groups))
    if participation.countries:
        parts.append("from " + ", ".join(c.label for c in participation.countries))
    people = [names.person(p) for p in participation.person_ids]
    people += [names.organisation(o) for o in participation.organisation_ids]
    if people:
        parts.append("including " + "; ".join(people))
    return " ".join(parts) if parts else "not counted"


def _count_of_sex(participation: Participation, n: int, label: SexName) -> str:
    """``10 women``; qualified where its qualifier is not that of the total shown before it."""
    sure = participation.qualifier_of(label)
    text = f"{number(n, grouped=False)} {label}"
    if participation.total is not None and sure is participation.qualifier:
        return text  # "at least 30 (10 women, 12 men)", as the total says
    if sure is CountQualifier.EXACT and participation.qualifier is not CountQualifier.EXACT:
        return f"exactly {text}"
    return qualified(text, sure)


def _session(session: Session, names: _Names) -> str:
    text = (
        f"{session.title} ({in_words(session.kind)})" if session.title else in_words(session.kind)
    )
    text += f" [{session.id}]"
    if session.period is not None:
        text += f", {session.period.describe()}"
    if session.start_time is not None:
        text += f" {clock(session.start_time)}"
    if session.end_time is not None:
        text += f" to {clock(session.end_time)}"
    who = [names.person(p) for p in session.speaker_ids]
    who += [names.organisation(o) for o in session.organisation_ids]
    if who:
        text += ": " + "; ".join(who)
    return text
