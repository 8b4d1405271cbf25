"""What the pydantic and msgspec models check, written once for both.

The patterns, code lists and cross-field rules here are those of
`gloact_model`'s records, so that every implementation validates the same
document the same way. The code lists are gloact's own table (current and
historic codes), so that both accept what gloact accepts.
"""

from __future__ import annotations

from gloact_model import ID_PATTERN
from gloact_model.model import codes

__all__ = [
    "CLOCK_PATTERN",
    "COUNTRY_CODES",
    "CURRENCY_CODES",
    "DATE_PATTERN",
    "DECIMAL_PATTERN",
    "ID_MAX",
    "ID_PATTERN",
    "MAX_COUNT",
    "counts_problem",
    "period_problem",
    "times_problem",
    "whole",
]

ID_MAX = 100
"""The longest id, in characters."""

MAX_COUNT = 10**9
"""The largest head count that a record accepts."""

DATE_PATTERN = r"[0-9]{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12][0-9]|3[01]))?)?"
"""A partial date, ``2018``, ``2018-10`` or ``2018-10-23``, with months and days in range.

gloact reads the same syntax and then checks the calendar (no 30 February);
the peers stop at the pattern.
"""

CLOCK_PATTERN = r"(?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9])?"
"""A local time as the format writes it: ``09:30``, or ``09:30:15``.

Kept as text by both peers: msgspec reads only RFC 3339 times with seconds, and
pydantic would write ``09:30:00``, so neither could give back the same document.
"""

DECIMAL_PATTERN = r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?"
"""An amount of money as a decimal string, as gloact reads it: no exponent, no float."""

COUNTRY_CODES: tuple[str, ...] = tuple(sorted(codes.COUNTRY_CODES))
"""ISO 3166-1 alpha-2 codes, and the historic ones of ISO 3166-3."""

CURRENCY_CODES: tuple[str, ...] = tuple(sorted(codes.CURRENCY_CODES))
"""ISO 4217 codes, current and historic."""


def whole(pattern: str, *, engine: str) -> str:
    r"""`pattern` anchored to match a whole value, for a search by `engine`.

    Rust's regex (pydantic-core) ends text at ``$``; Python's ``re`` (msgspec)
    also lets ``$`` match before a final newline, so it needs ``\Z``.
    """
    end = "$" if engine == "rust" else r"\Z"
    return f"^(?:{pattern}){end}"


def period_problem(start: str | None, end: str | None) -> str | None:
    """What is wrong with a period of two partial dates, or None.

    Like gloact, an end is refused only when it is certainly before the start:
    compared to the precision of the vaguer date, ``2018-10`` is not before
    ``2018-10-23``. ISO dates of fixed width compare as text.
    """
    if start is None and end is None:
        return "a period needs a start, an end, or both"
    if start is not None and end is not None:
        known = min(len(start), len(end))
        if end[:known] < start[:known]:
            return f"{end} is before the start {start}"
    return None


def counts_problem(
    total: int | None, women: int | None, men: int | None, *, exact: bool
) -> str | None:
    """What is wrong with a participation's counts, or None: women and men within an exact total."""
    if not exact or total is None:
        return None
    counted = (women or 0) + (men or 0)
    if counted > total:
        return f"women and men ({counted}) exceed the exact total {total}"
    return None


def times_problem(start: str | None, end: str | None) -> str | None:
    """What is wrong with a session's clock times, or None: the end not before the start."""
    if start is not None and end is not None and _seconds(end) < _seconds(start):
        return f"{end} is before the start time {start}"
    return None


def _seconds(clock: str) -> str:
    return clock if len(clock) == 8 else f"{clock}:00"
