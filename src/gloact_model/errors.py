"""The exceptions of gloact_model, and the `Problem` records they carry.

Every exception derives from `GloactError`, so a caller can catch the library's
errors in one clause. Where a builtin fits, an exception derives from it too
(`InvariantError` is a `ValueError`), so generic code keeps working.

Problems are data, not prose: each has a path, a message, a stable code and,
where the input was a file, a line and column. The command line prints them;
programs can inspect them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

__all__ = [
    "DuplicateIdError",
    "GloactError",
    "InvariantError",
    "IssueReport",
    "LoadError",
    "Problem",
    "RecordNotFoundError",
    "ValidationError",
    "located_line",
    "printable_name",
]


def printable_name(name: str) -> str:
    r"""A file name as it can be shown on one line: what would not print, escaped.

    A file name may hold any character but NUL, so a name with a newline
    could forge a line of ``gloact check`` output, and one with U+202E would
    reverse the text after it. Such characters (control and format characters,
    line and paragraph separators, spaces other than the plain one) are written
    as ``\n``, ``\t``, ``\x1b``, ``\u202e``; a byte that is not UTF-8,
    which Python holds as a lone surrogate (U+DC80 to U+DCFF), as ``\xNN``.
    A name that prints as it is comes back unchanged.
    """
    if name.isprintable():
        return name
    return "".join(_printable_char(char) for char in name)


_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _printable_char(char: str) -> str:
    if char.isprintable():
        return char
    code = ord(char)
    if char in _ESCAPES:
        return _ESCAPES[char]
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (os.fsdecode's surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def located_line(
    message: str,
    *,
    path: str = "",
    source: str | None = None,
    line: int | None = None,
    column: int | None = None,
    tag: str = "",
) -> str:
    """One problem as a line that editors and CI logs link to its place.

    ``FILE:LINE:COL: path: message [tag]``, leaving out what is not known; load
    problems and validation issues are printed the same way. The file name is
    shown by `printable_name`, so that no name can forge a line of its own.
    """
    parts = [printable_name(source) if source else None, line]
    parts.append(column if line is not None else None)
    place = ":".join(str(part) for part in parts if part is not None)
    text = f"{place}: " if place else ""
    if path:
        text += f"{path}: "
    text += message
    return f"{text} [{tag}]" if tag else text


@dataclass(frozen=True, slots=True, kw_only=True)
class Problem:
    """One thing wrong with a record or a document.

    `path` locates the value: a field name for a record
    (``period``) or a path into a document (``events[0].sessions[1].period.start``);
    empty for the document as a whole. `code` is a stable, lowercase tag that
    programs may rely on; `message` says what was expected, for a person.
    """

    path: str
    message: str
    code: str
    line: int | None = None
    """1-based line in the source text, where known."""
    column: int | None = None
    """1-based column in the source text, where known."""

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        at = f" (line {self.line}, column {self.column})" if self.line is not None else ""
        return f"{where}{self.message}{at}"

    def render(self, source: str | None = None) -> str:
        """``FILE:LINE:COL: path: message [code]``, as the command line prints it."""
        return located_line(
            self.message,
            path=self.path,
            source=source,
            line=self.line,
            column=self.column,
            tag=f"error {self.code}",
        )

    def under(self, prefix: str) -> Problem:
        """The same problem, with its path placed below `prefix`."""
        if not prefix:
            return self
        if not self.path:
            path = prefix
        elif self.path.startswith("["):
            path = prefix + self.path
        else:
            path = f"{prefix}.{self.path}"
        return Problem(
            path=path, message=self.message, code=self.code, line=self.line, column=self.column
        )


class GloactError(Exception):
    """Base of every error that gloact_model raises on purpose."""


class InvariantError(GloactError, ValueError):
    """A record was given a value that breaks one of its own rules.

    Raised by a constructor (and so by `attrs.evolve`): no invalid record can
    exist. All the record's broken rules are reported at once, in `problems`;
    `field` and `rule` name the first, for the common case of one.
    """

    record: str
    problems: tuple[Problem, ...]

    def __init__(self, record: str, problems: Iterable[Problem]) -> None:
        self.record = record
        self.problems = tuple(problems)
        if not self.problems:
            raise ValueError("an InvariantError needs at least one problem")
        super().__init__(self._render())

    @property
    def field(self) -> str:
        """The name of the (first) field that broke a rule."""
        return self.problems[0].path

    @property
    def rule(self) -> str:
        """The stable code of the (first) rule that was broken."""
        return self.problems[0].code

    def _render(self) -> str:
        if len(self.problems) == 1:
            return self._line(self.problems[0])
        lines = "\n".join(f"  {self._line(p)}" for p in self.problems)
        return f"{self.record} breaks {len(self.problems)} rules:\n{lines}"

    def _line(self, problem: Problem) -> str:
        return f"{self.record}.{problem}" if problem.path else f"{self.record}: {problem}"

    def __reduce__(self) -> tuple[type[InvariantError], tuple[str, tuple[Problem, ...]]]:
        return (type(self), (self.record, self.problems))


class LoadError(GloactError):
    """A document could not be read into records.

    Carries every problem found in the document, not only the first, so a person
    can fix a file in one pass. `source` names the file (or ``<string>``).
    """

    source: str
    problems: tuple[Problem, ...]

    def __init__(self, problems: Iterable[Problem], *, source: str = "<string>") -> None:
        self.source = source
        self.problems = tuple(problems)
        if not self.problems:
            raise ValueError("a LoadError needs at least one problem")
        super().__init__(self._render())

    def _render(self) -> str:
        count = len(self.problems)
        head = f"{printable_name(self.source)}: {count} problem{'s' if count != 1 else ''}"
        return head + "".join(f"\n  {p}" for p in self.problems)

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_load_error, (self.problems, self.source))


def _rebuild_load_error(problems: tuple[Problem, ...], source: str) -> LoadError:
    return LoadError(problems, source=source)


class RecordNotFoundError(GloactError, LookupError):
    """A catalogue was asked for an id that it does not hold."""


class DuplicateIdError(GloactError, ValueError):
    """A record was added to a catalogue that already holds its id."""


class _RenderedIssue(Protocol):
    def render(self) -> str: ...


class IssueReport(Protocol):
    """What `ValidationError` needs of the report it carries: its errors, each able to render.

    `gloact_model.rules.ValidationReport` is one. Saying only this much here keeps
    the exceptions below every other layer: this module imports nothing of the package.
    """

    @property
    def errors(self) -> Sequence[_RenderedIssue]:
        """The issues that are certainly wrong."""
        ...


ReportT = TypeVar("ReportT", bound=IssueReport)


class ValidationError(GloactError, ValueError, Generic[ReportT]):
    """A catalogue breaks rules that need more than one record to check.

    Raised by `ValidationReport.raise_for_errors`; `report` holds every issue
    found, warnings included, so nothing is lost by raising.
    """

    report: ReportT

    def __init__(self, report: ReportT) -> None:
        self.report = report
        errors = len(report.errors)
        head = f"the catalogue has {errors} error{'s' if errors != 1 else ''}"
        super().__init__(head + "".join(f"\n  {issue.render()}" for issue in report.errors))

    def __reduce__(self) -> tuple[type[ValidationError[ReportT]], tuple[ReportT]]:
        return (type(self), (self.report,))
