"""How records check themselves at construction.

Every model class derives from `Checked`. After attrs has set the fields,
`Checked.__attrs_post_init__` checks each value against its annotated type,
then runs the class's own `_check` rules, and raises one `InvariantError`
that lists every broken rule. Collecting instead of stopping at the first
failure lets a loader report all of a record's problems in one pass.
"""

from __future__ import annotations

import enum
import re
import types
import typing
import unicodedata
from collections.abc import Callable, Hashable, Iterable
from datetime import time
from decimal import Decimal
from typing import Any, ClassVar

import attrs

from gloact_model.errors import InvariantError, Problem
from gloact_model.model.codes import (
    BIDI_CONTROLS,
    HIDDEN_CHARACTERS_PATTERN,
    ID_MAX_LENGTH,
    ID_PATTERN,
    INVISIBLE_CATEGORIES,
    JOINERS,
    LINE_CONTROLS_PATTERN,
    TEXT_CONTROLS_PATTERN,
    VARIATION_SELECTORS,
    hidden_character,
    is_blank,
)
from gloact_model.model.wording import article, number

__all__ = [
    "ID_PATTERN",
    "Checked",
    "Checker",
]

_ID_RE = re.compile(ID_PATTERN)
_ID_FULLMATCH = _ID_RE.fullmatch
_BAD_LINE_CHARS = LINE_CONTROLS_PATTERN
_BAD_TEXT_CHARS = TEXT_CONTROLS_PATTERN
# What single-line text must look at more closely: a bad character, or one that
# may hide or reorder what the line shows (see `hidden_character`).
_SUSPECT_LINE_CHARS = re.compile(
    _BAD_LINE_CHARS.pattern[:-1] + HIDDEN_CHARACTERS_PATTERN.pattern[1:]
)

TypeCheck = Callable[[object], bool]


class Checker:
    """Collects the broken rules of one record, field by field."""

    __slots__ = ("problems",)

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def fail(self, field: str, rule: str, message: str) -> None:
        """Record that `field` breaks `rule`."""
        self.problems.append(Problem(path=field, message=message, code=rule))

    def id(self, field: str, value: str | None) -> None:
        """An id (or an id reference): lowercase words joined by ``-``, ``_`` or ``.``."""
        if value is None:
            return
        if len(value) > ID_MAX_LENGTH or not _ID_FULLMATCH(value):
            self.fail(
                field,
                "id-syntax",
                f"{value!r} is not a valid id: use lowercase letters and digits in words "
                f"joined by '-', '_' or '.' (such as 'glo-act'), "
                f"at most {ID_MAX_LENGTH} characters",
            )

    def ids(self, field: str, values: tuple[str, ...]) -> None:
        """A set of id references: each valid, none repeated."""
        for index, value in enumerate(values):
            if len(value) > ID_MAX_LENGTH or not _ID_FULLMATCH(value):
                self.id(f"{field}[{index}]", value)
        if len(values) > 1:
            self.unique(field, values)

    def line(self, field: str, value: str | None) -> None:
        """Single-line text, such as a name or a title: not blank, no control characters.

        Nor a character that hides or reorders what the line shows (a zero-width
        space, a right-to-left override, a Hangul filler): see `hidden_character`.
        """
        if value is not None and not _plainly_good(value, _SUSPECT_LINE_SEARCH):
            before = len(self.problems)
            self._text(field, value, _BAD_LINE_CHARS, "a single line of text")
            if len(self.problems) == before and (index := hidden_character(value)) is not None:
                self.fail(field, "invisible-character", _hidden_message(value, index))

    def text(self, field: str, value: str | None) -> None:
        """Free text that may span lines: not blank, no control characters."""
        if value is not None and not _plainly_good(value, _BAD_TEXT_SEARCH):
            self._text(field, value, _BAD_TEXT_CHARS, "text")

    def lines(self, field: str, values: tuple[str, ...]) -> None:
        """A set of single-line texts: each valid, none repeated.

        Texts are compared in one normal form (NFC), so that ``'é'`` typed as one
        character and as ``e`` with an accent are the same value, as they look.
        """
        for index, value in enumerate(values):
            if not _plainly_good(value, _SUSPECT_LINE_SEARCH):
                self.line(f"{field}[{index}]", value)
        if len(values) > 1:
            self.unique(field, tuple(map(_nfc, values)))

    def _text(self, field: str, value: str, bad: re.Pattern[str], what: str) -> None:
        if is_blank(value):
            self.fail(field, "blank", f"must not be blank (got {value!r})")
        elif value != value.strip():
            self.fail(field, "untrimmed", f"must not start or end with white space: {value!r}")
        elif found := bad.search(value):
            self.fail(
                field,
                "control-character",
                f"must be {what} without control characters; found {found.group()!r}",
            )

    def unique(self, field: str, values: Iterable[Hashable]) -> None:
        """A set held as a tuple: no value may appear twice."""
        values = values if type(values) is tuple else tuple(values)
        if len(values) < 2 or len(set(values)) == len(values):
            return
        seen: set[Hashable] = set()
        repeated: list[Hashable] = []
        for value in values:
            if value in seen and value not in repeated:
                repeated.append(value)
            seen.add(value)
        if repeated:
            shown = ", ".join(_show(v) for v in repeated)
            self.fail(field, "duplicate", f"must not repeat a value; repeated: {shown}")

    def not_negative(self, field: str, value: int | None, *, most: int = 10**9) -> None:
        """A count: zero or more, and not absurdly many."""
        if value is not None and value < 0:
            self.fail(
                field, "negative", f"must not be negative (got {number(value, grouped=False)})"
            )
        elif value is not None and value > most:
            self.fail(
                field,
                "out-of-range",
                f"must be at most {most:,} (got {number(value, grouped=False)})",
            )

    def positive(self, field: str, value: int | None, *, most: int) -> None:
        """An ordinal or a length: one or more, and not absurdly many."""
        if value is not None and value < 1:
            self.fail(
                field, "not-positive", f"must be 1 or more (got {number(value, grouped=False)})"
            )
        elif value is not None and value > most:
            self.fail(
                field,
                "out-of-range",
                f"must be at most {most:,} (got {number(value, grouped=False)})",
            )

    def not_self(self, field: str, value: str | None, own_id: str) -> None:
        """A parent reference that must not point at the record itself."""
        if value is not None and value == own_id:
            self.fail(field, "self-reference", f"must not be the record's own id {own_id!r}")


_category = unicodedata.category
_SUSPECT_LINE_SEARCH = _SUSPECT_LINE_CHARS.search
_BAD_TEXT_SEARCH = _BAD_TEXT_CHARS.search


def _nfc(text: str) -> str:
    """`text` in Unicode's composed normal form (ASCII text is already in it)."""
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def _hidden_message(value: str, index: int) -> str:
    """Which hidden character `value` holds at `index`, where, and what to do."""
    character = value[index]
    name = unicodedata.name(character, "an unnamed character")
    where = f"U+{ord(character):04X} ({name}) at character {index + 1}"
    if character in JOINERS:
        return (
            f"must not hold an invisible joiner where no script needs one; found {where}: a "
            "joiner belongs only after a letter, mark or emoji of a script that needs it, not "
            "at the start, after a space or after an ASCII character; remove it"
        )
    if character in VARIATION_SELECTORS:
        return (
            f"must not hold an invisible variation selector where it chooses nothing; found "
            f"{where}: a variation selector belongs only after a character that has variants "
            "(an emoji, an ideograph), not at the start, after a space or after an ASCII "
            "character; remove it"
        )
    return (
        f"must not hold invisible or direction-changing characters; found {where}: "
        "remove it, as displays choose the direction from the letters"
        if character in BIDI_CONTROLS
        else f"must not hold invisible characters; found {where}: remove it"
    )


def _plainly_good(value: str, bad: Callable[[str], object]) -> bool:
    """Whether text is surely neither blank, nor untrimmed, nor holding a bad character.

    True for most text at the cost of three quick looks: a first character that
    shows (so the text is not blank), nothing to strip, no bad character. False
    leaves the full check to say what is wrong, if anything.
    """
    return (
        bool(value)
        and _category(value[0]) not in INVISIBLE_CATEGORIES
        and value.strip() == value
        and not bad(value)
    )


def _show(value: object) -> str:
    if isinstance(value, tuple):
        return "(" + ", ".join(_show(v) for v in value) + ")"
    if isinstance(value, enum.Enum):
        return repr(value.value)
    if isinstance(value, str):
        return repr(value)
    return str(value)


class Checked:
    """Mixin for model classes: type checks and invariants at construction."""

    __slots__ = ()
    _field_checks: ClassVar[dict[type, tuple[tuple[str, TypeCheck, str], ...]]] = {}

    def __attrs_post_init__(self) -> None:
        cls = type(self)
        checks = Checked._field_checks.get(cls)
        if checks is None:
            checks = Checked._field_checks[cls] = _compile_field_checks(cls)
        checker = Checker()
        for name, check, expected in checks:
            value = getattr(self, name)
            if not check(value):
                hint = " (a list is not accepted: pass a tuple)" if type(value) is list else ""
                checker.fail(name, "type", f"expected {expected}, got {_describe(value)}{hint}")
        if not checker.problems:
            self._check(checker)
        if checker.problems:
            raise InvariantError(cls.__name__, checker.problems)

    def _check(self, checker: Checker) -> None:
        """Check the rules that the field types alone cannot say."""


def _describe(value: object) -> str:
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{type(value).__name__} {text}"


def _compile_field_checks(cls: type) -> tuple[tuple[str, TypeCheck, str], ...]:
    hints = typing.get_type_hints(cls)
    return tuple((field.name, *_type_check(hints[field.name])) for field in attrs.fields(cls))


def _type_check(tp: Any) -> tuple[TypeCheck, str]:
    """A predicate for values of the annotated type `tp`, and how to name the type."""
    origin = typing.get_origin(tp)
    if origin in (types.UnionType, typing.Union):
        members = typing.get_args(tp)
        if type(None) in members:
            rest = [m for m in members if m is not type(None)]
            (inner,) = rest
            check, name = _type_check(inner)
            return (lambda v: v is None or check(v)), f"{name} or None"
        raise TypeError(f"unsupported union {tp!r}")  # pragma: no cover - model authoring error
    if origin is tuple:
        element, dots = typing.get_args(tp)
        if dots is not Ellipsis:  # pragma: no cover - model authoring error
            raise TypeError(f"only tuple[X, ...] is supported, not {tp!r}")
        check, name = _type_check(element)
        return (lambda v: type(v) is tuple and all(map(check, v))), f"a tuple of items each {name}"
    if tp is int:
        return (lambda v: type(v) is int), "an integer"
    if tp is str:
        # Exactly str: a subclass (an enum member, say) would not serialise as text.
        return (lambda v: type(v) is str), "a string"
    if isinstance(tp, type):
        label = _LABELS.get(tp) or article(tp.__name__)
        return (lambda v: isinstance(v, tp)), label
    raise TypeError(f"unsupported annotation {tp!r}")  # pragma: no cover - model authoring error


_LABELS: dict[type, str] = {Decimal: "a Decimal", time: "a datetime.time"}
