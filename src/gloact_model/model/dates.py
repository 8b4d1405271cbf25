"""Dates as sources give them: to the day, the month or only the year.

A `PartialDate` stands for the interval of days it may be: ``2018-10`` is any
day from 1 to 31 October 2018. Rules compare those intervals, so they fail only
when dates are certainly wrong, never because a source was vague.
"""

from __future__ import annotations

import calendar
import functools
from datetime import date
from enum import StrEnum

import attrs

from gloact_model.errors import InvariantError, Problem
from gloact_model.model._checks import Checked, Checker
from gloact_model.model.codes import PARTIAL_DATE_PATTERN
from gloact_model.model.wording import number

__all__ = ["DatePrecision", "PartialDate", "Period", "shared_date"]

# ASCII digits only: \d would also read other scripts' digits, silently rewritten.


class DatePrecision(StrEnum):
    """How much of a date is known."""

    YEAR = "year"
    MONTH = "month"
    DAY = "day"


@attrs.frozen(kw_only=True)
class PartialDate(Checked):
    """A calendar date known to the year, the month or the day.

    Written in ISO 8601 with reduced precision: ``2018``, ``2018-10`` or
    ``2018-10-23``. Equality is by what is known: ``2018-10`` is not
    ``2018-10-01``. There is no ordering, because ``2018`` is neither before nor
    after ``2018-10``; compare `earliest` and `latest`, or use `certainly_before`.
    """

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Read ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; `InvariantError` otherwise."""
        match = PARTIAL_DATE_PATTERN.fullmatch(text) if isinstance(text, str) else None
        if match is None:
            raise InvariantError(
                cls.__name__,
                [
                    Problem(
                        path="",
                        code="date-syntax",
                        message=f"{text!r} is not an ISO 8601 date: write YYYY, YYYY-MM "
                        "or YYYY-MM-DD, such as '2018', '2018-10' or '2018-10-23'",
                    )
                ],
            )
        month, day = match["month"], match["day"]
        return cls(
            year=int(match["year"]),
            month=None if month is None else int(month),
            day=None if day is None else int(day),
        )

    @classmethod
    def from_date(cls, value: date) -> PartialDate:
        """The partial date known to the day of `value`."""
        return cls(year=value.year, month=value.month, day=value.day)

    @property
    def precision(self) -> DatePrecision:
        """Whether this date is known to the year, the month or the day."""
        if self.day is not None:
            return DatePrecision.DAY
        if self.month is not None:
            return DatePrecision.MONTH
        return DatePrecision.YEAR

    @property
    def earliest(self) -> date:
        """The first day that this date may be."""
        return date(self.year, self.month or 1, self.day or 1)  # a day always has a month

    @property
    def latest(self) -> date:
        """The last day that this date may be."""
        if self.day is not None:
            return date(self.year, self.month or 1, self.day)
        month = self.month or 12
        return date(self.year, month, calendar.monthrange(self.year, month)[1])

    def certainly_before(self, other: PartialDate) -> bool:
        """True when every day this may be comes before every day `other` may be."""
        return self.latest < other.earliest

    def may_contain(self, day: date) -> bool:
        """True when `day` is one of the days this date may be."""
        return self.earliest <= day <= self.latest

    def __str__(self) -> str:
        month, day = self.month, self.day
        if month is None:
            return f"{self.year:04d}"
        if day is None:
            return f"{self.year:04d}-{month:02d}"
        return f"{self.year:04d}-{month:02d}-{day:02d}"

    def _check(self, checker: Checker) -> None:
        if not 1 <= self.year <= 9999:
            checker.fail(
                "year",
                "out-of-range",
                f"must be from 1 to 9999 (got {number(self.year, grouped=False)})",
            )
        if self.month is not None and not 1 <= self.month <= 12:
            checker.fail(
                "month",
                "out-of-range",
                f"must be from 1 to 12 (got {number(self.month, grouped=False)})",
            )
        if self.day is None:
            return
        if self.month is None:
            checker.fail("day", "day-without-month", "a day needs a month")
        elif 1 <= self.year <= 9999 and 1 <= self.month <= 12:
            last = calendar.monthrange(self.year, self.month)[1]
            if not 1 <= self.day <= last:
                checker.fail(
                    "day",
                    "out-of-range",
                    f"must be from 1 to {last} in {self.year:04d}-{self.month:02d} "
                    f"(got {number(self.day, grouped=False)})",
                )


@attrs.frozen(kw_only=True)
class Period(Checked):
    """When something ran: from a start to an end, either of which may be open.

    Both ends are inclusive and may be partial dates. A missing end means that
    the period is open on that side (not known, or still running). A period
    on a single day has the same start and end.
    """

    start: PartialDate | None = None
    end: PartialDate | None = None

    @classmethod
    def parse(cls, text: str) -> Period:
        """Read ``2015/2019``, ``2018-10-23`` (one day or month or year), or ``2018/..``."""
        if not isinstance(text, str):
            raise TypeError(f"Period.parse takes text such as '2015/2019', not {text!r}")
        first, sep, second = text.partition("/")
        if not sep:
            day = PartialDate.parse(first)
            return cls(start=day, end=day)
        return cls(
            start=None if first in ("", "..") else PartialDate.parse(first),
            end=None if second in ("", "..") else PartialDate.parse(second),
        )

    @classmethod
    def on(cls, day: PartialDate | date | str) -> Period:
        """The period of one day (or one month, or one year)."""
        if isinstance(day, str):
            day = PartialDate.parse(day)
        elif isinstance(day, date):
            day = PartialDate.from_date(day)
        elif not isinstance(day, PartialDate):
            raise TypeError(f"Period.on takes a PartialDate, a date or text, not {day!r}")
        return cls(start=day, end=day)

    @property
    def earliest(self) -> date | None:
        """The first day that the period may include; None when open at the start."""
        return None if self.start is None else self.start.earliest

    @property
    def latest(self) -> date | None:
        """The last day that the period may include; None when open at the end."""
        return None if self.end is None else self.end.latest

    def may_contain(self, day: date) -> bool:
        """True when `day` may fall within the period."""
        return (self.start is None or self.start.earliest <= day) and (
            self.end is None or day <= self.end.latest
        )

    def may_lie_within(self, other: Period) -> bool:
        """False only when part of this period certainly falls outside `other`.

        Either end of this period may fall outside: a start before `other` starts
        or after it ends, an end after `other` ends or before it starts. An open
        end is outside only where what is known says so.
        """
        mine = (self.start, self.end)
        return not any(
            day is not None
            and (
                (other.start is not None and day.certainly_before(other.start))
                or (other.end is not None and other.end.certainly_before(day))
            )
            for day in mine
        )

    def __str__(self) -> str:
        if self.start is not None and self.start == self.end:
            return str(self.start)
        first = ".." if self.start is None else str(self.start)
        second = ".." if self.end is None else str(self.end)
        return f"{first}/{second}"

    def _check(self, checker: Checker) -> None:
        if self.start is None and self.end is None:
            checker.fail("start", "empty-period", "a period needs a start, an end, or both")
        elif (
            self.start is not None
            and self.end is not None
            and self.end.certainly_before(self.start)
        ):
            checker.fail("end", "end-before-start", f"{self.end} is before the start {self.start}")


_SHARED_DATES = 8192
"""How many dates `shared_date` keeps: the distinct days of a few decades, in a bounded space."""


@functools.lru_cache(maxsize=_SHARED_DATES)
def _shared_date(text: str) -> PartialDate:
    return PartialDate.parse(text)


def shared_date(text: str) -> PartialDate:
    """`PartialDate.parse` of `text`, giving the same object for text read recently.

    For readers that meet the same dates many times in a large document: a
    partial date is immutable, so equal ones may be one object, and a loaded
    catalogue is smaller for it. The most recently used dates are kept, at most
    a few thousand, so that no input can make the cache grow without bound.
    Raises `InvariantError` as `PartialDate.parse` does (errors are not kept).
    """
    if type(text) is not str:
        return PartialDate.parse(text)  # a str subclass, say: read, but not kept
    return _shared_date(text)
