"""Dates as sources give them: to the day, the month or only the year, sure or not.

A `PartialDate` stands for the interval of days it may be: ``2018-10`` is any
day from 1 to 31 October 2018. Rules compare those intervals, so they fail only
when dates are certainly wrong, never because a source was vague. A date whose
year the source does not give (``XXXX-11-12``), whose year was inferred
(``?2021-11-12``) or that the source gives as uncertain or approximate
(``2019-03?``, ``2019~``) is never certainly wrong: it is not `certain`.

The text forms are a subset of EDTF (ISO 8601-2), read by the small parser
here: the PyPI packages ``edtf`` and ``undate`` were tried and left aside
(docs/classes/dates.md says why).
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

__all__ = ["DATE_FORMS", "PERIOD_FORMS", "DatePrecision", "PartialDate", "Period", "shared_date"]

DATE_FORMS = (
    "2018, 2018-10 or 2018-10-23; XXXX-11-12 or XXXX-11 when the year is not known; "
    "?2021-11-12 when the year is inferred; and ? (uncertain), ~ (approximate) or % (both) "
    "at the end, as in 2019-03?, 2019~ or 2019-06%"
)
"""The forms of date that `PartialDate.parse` accepts, as its errors list them."""

PERIOD_FORMS = (
    "a start and an end as 2015/2019, an open end as 2014/.., an open start as "
    "../2020-06-29, or one date"
)
"""The forms of period that `Period.parse` accepts, as its errors list them."""

_LEAP_YEAR = 2000
"""The year whose months bound a day when the year is not known: 29 February may be."""

_MONTHS = tuple(calendar.month_name)


class DatePrecision(StrEnum):
    """How much of a date is known."""

    YEAR = "year"
    MONTH = "month"
    DAY = "day"


@attrs.frozen(kw_only=True)
class PartialDate(Checked):
    """A calendar date known to the year, the month or the day, as a source gives it.

    Written in EDTF (ISO 8601-2): ``2018``, ``2018-10`` or ``2018-10-23``;
    ``XXXX-11-12`` when the source gives no year; ``?2021-11-12`` when the year
    is inferred (from the publication date, say), not stated; a final ``?``,
    ``~`` or ``%`` when the source gives the date as uncertain, approximate or
    both. Equality is by what is written: ``2018-10`` is not ``2018-10-01``, and
    ``2019`` is not ``2019~``. There is no ordering, because ``2018`` is neither
    before nor after ``2018-10``; compare `earliest` and `latest`, or use
    `certainly_before`.
    """

    year: int | None
    """The year, None when the source does not give it (written ``XXXX``)."""
    month: int | None = None
    day: int | None = None
    uncertain: bool = False
    """The source is not sure of the date ("probably March"): written with a final ``?``."""
    approximate: bool = False
    """The source gives the date roughly ("around mid-2019"): a final ``~`` (both: ``%``)."""
    year_inferred: bool = False
    """The year is not stated but inferred (from the publication date, say): ``?2021-11-12``."""

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Read a date in one of the forms of `DATE_FORMS`; `InvariantError` otherwise."""
        match = PARTIAL_DATE_PATTERN.fullmatch(text) if isinstance(text, str) else None
        unknown = match is not None and match["year"] == "XXXX"
        if match is None or (unknown and (match["month"] is None or match["inferred"])):
            raise InvariantError(
                cls.__name__,
                [
                    Problem(
                        path="",
                        code="date-syntax",
                        message=f"{text!r} is not a date in a form that gloact reads (EDTF): "
                        f"write {DATE_FORMS}",
                    )
                ],
            )
        month, day, qualifier = match["month"], match["day"], match["qualifier"]
        return cls(
            year=None if unknown else int(match["year"]),
            month=None if month is None else int(month),
            day=None if day is None else int(day),
            uncertain=qualifier in ("?", "%"),
            approximate=qualifier in ("~", "%"),
            year_inferred=match["inferred"] is not None,
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
    def certain(self) -> bool:
        """Whether the date is as sure as it is precise: its year stated, not uncertain, not rough.

        Only certain dates are ever called certainly before or after another:
        a rule never finds a date wrong on a year that the source did not give.
        """
        return not (self.year is None or self.year_inferred or self.uncertain or self.approximate)

    @property
    def earliest(self) -> date | None:
        """The first day that this date may be, as written; None when the year is not known.

        For a date that is not `certain` this is the first day of what the source
        says, not a limit: "around 2019" may be December 2018.
        """
        if self.year is None:
            return None
        return date(self.year, self.month or 1, self.day or 1)  # a day always has a month

    @property
    def latest(self) -> date | None:
        """The last day that this date may be, as written; None when the year is not known."""
        if self.year is None:
            return None
        if self.day is not None:
            return date(self.year, self.month or 1, self.day)
        month = self.month or 12
        return date(self.year, month, calendar.monthrange(self.year, month)[1])

    @property
    def certain_bounds(self) -> tuple[date, date] | None:
        """The first and the last day this date may be when it is `certain`; None otherwise.

        What a rule compares: bounds that no vagueness of the source can move.
        """
        earliest, latest = self.earliest, self.latest
        if not self.certain or earliest is None or latest is None:
            return None
        return earliest, latest

    def certainly_before(self, other: PartialDate) -> bool:
        """True when both dates are `certain` and every day this may be comes before `other`."""
        mine, theirs = self.certain_bounds, other.certain_bounds
        return mine is not None and theirs is not None and mine[1] < theirs[0]

    def may_contain(self, day: date) -> bool:
        """True unless `day` is certainly not one of the days this date may be.

        A date not known to the year may be `day` when its month and day agree;
        an uncertain or approximate one may be any day.
        """
        if self.uncertain or self.approximate:
            return True
        if self.year is None or self.year_inferred:
            return (self.month is None or self.month == day.month) and (
                self.day is None or self.day == day.day
            )
        earliest, latest = self.earliest, self.latest
        return earliest is None or latest is None or earliest <= day <= latest

    def describe(self) -> str:
        """The date for people: ISO text when certain, with what is not certain said in words.

        ``2018-10-23``; ``12 November (year unknown)``; ``2021-11-12 (year
        inferred)``; ``2019-03 (uncertain)``; ``2019 (approximate)``. Reports and
        displays use it, so that no guess reads as a fact.
        """
        if self.year is None:
            month = _MONTHS[self.month or 0]
            text = (
                f"{month} (year unknown)"
                if self.day is None
                else f"{self.day} {month} (year unknown)"
            )
            notes = []
        else:
            text = _iso(self.year, self.month, self.day)
            notes = ["year inferred"] if self.year_inferred else []
        notes += [
            word
            for flag, word in ((self.uncertain, "uncertain"), (self.approximate, "approximate"))
            if flag
        ]
        if not notes:
            return text
        if text.endswith(")"):
            return f"{text[:-1]}, {', '.join(notes)})"
        return f"{text} ({', '.join(notes)})"

    def __str__(self) -> str:
        if self.year is None:
            text = "XXXX" + _iso(1, self.month, self.day)[4:]  # a month is always there
        else:
            text = _iso(self.year, self.month, self.day)
        if self.year_inferred:
            text = f"?{text}"
        return text + _QUALIFIERS[self.uncertain, self.approximate]

    def _check(self, checker: Checker) -> None:
        if self.year is None:
            if self.month is None:
                checker.fail(
                    "month",
                    "year-unknown-without-month",
                    "a date whose year is not known needs a month (XXXX alone says nothing)",
                )
            if self.year_inferred:
                checker.fail(
                    "year_inferred", "inferred-without-year", "an inferred year needs a year"
                )
        elif not 1 <= self.year <= 9999:
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
        elif (self.year is None or 1 <= self.year <= 9999) and 1 <= self.month <= 12:
            year = _LEAP_YEAR if self.year is None else self.year
            last = calendar.monthrange(year, self.month)[1]
            if not 1 <= self.day <= last:
                where = (
                    f"{self.year:04d}-{self.month:02d}" if self.year else f"month {self.month:02d}"
                )
                checker.fail(
                    "day",
                    "out-of-range",
                    f"must be from 1 to {last} in {where} (got {number(self.day, grouped=False)})",
                )


_QUALIFIERS = {(False, False): "", (True, False): "?", (False, True): "~", (True, True): "%"}
"""The mark after a date, by (uncertain, approximate)."""


def _iso(year: int, month: int | None, day: int | None) -> str:
    if month is None:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


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
        """Read an EDTF interval or one date; `InvariantError` for other text.

        ``2015/2019`` (start and end), ``2014/..`` (open end), ``../2020-06-29``
        (open start), or one date (``2018-10-23``: a period of that day, month or
        year), each date in a form of `DATE_FORMS`. An empty side (``2018/``) is
        read as open, and written ``..``.
        """
        if not isinstance(text, str):
            raise TypeError(f"Period.parse takes text such as '2015/2019', not {text!r}")
        first, sep, second = text.partition("/")
        try:
            if not sep:
                day = PartialDate.parse(first)
                return cls(start=day, end=day)
            start = None if first in ("", "..") else PartialDate.parse(first)
            end = None if second in ("", "..") else PartialDate.parse(second)
        except InvariantError as error:
            raise InvariantError(
                cls.__name__,
                [
                    Problem(
                        path="",
                        code="period-syntax",
                        message=f"{text!r} is not a period: write {PERIOD_FORMS}; "
                        + "; ".join(
                            f"{p.path} {p.message}" if p.path else p.message for p in error.problems
                        ),
                    )
                ],
            ) from None
        return cls(start=start, end=end)

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
        """True unless `day` certainly falls outside the period (see `PartialDate.certain`)."""
        first = None if self.start is None else self.start.certain_bounds
        last = None if self.end is None else self.end.certain_bounds
        return (first is None or first[0] <= day) and (last is None or day <= last[1])

    def may_lie_within(self, other: Period) -> bool:
        """False only when part of this period certainly falls outside `other`.

        Either end of this period may fall outside: a start before `other` starts
        or after it ends, an end after `other` ends or before it starts. An open
        end is outside only where what is known says so, and a date that is not
        `certain` (its year unknown or inferred, or uncertain or approximate) is
        never outside.
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

    def describe(self) -> str:
        """The period for people: its EDTF text when every end is certain, words otherwise.

        ``2015/2019``, ``2014/..``; ``start unknown, ends 2020-06-29`` (an
        event known by its last day); ``2021-11-12 (year inferred) to
        2021-11-13 (year inferred)``. What is not certain is said in words, as
        `PartialDate.describe` says it.
        """
        start, end = self.start, self.end
        if start is not None and start == end:
            return start.describe()
        if start is not None and start.certain and (end is None or end.certain):
            return str(self)
        if start is None:
            assert end is not None  # a period has a start, an end, or both
            return f"start unknown, ends {end.describe()}"
        if end is None:
            return f"{start.describe()}, end open"
        return f"{start.describe()} to {end.describe()}"

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
