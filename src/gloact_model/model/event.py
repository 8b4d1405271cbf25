"""What happened: events, their sessions, and who took part."""

from __future__ import annotations

from datetime import time

import attrs

from gloact_model.errors import RecordNotFoundError
from gloact_model.model._checks import Checked, Checker
from gloact_model.model.country import Country
from gloact_model.model.dates import Period
from gloact_model.model.relations import refers_to
from gloact_model.model.vocabulary import (
    AttendanceMode,
    CountQualifier,
    EventKind,
    EventRole,
    EventStatus,
    ProgrammePart,
    SessionKind,
)
from gloact_model.model.wording import (
    block,
    clock,
    count,
    definitions,
    heading,
    in_words,
    number,
    place,
    qualified,
    table,
)

SESSION_ROWS = 25
"""How many sessions an event's display lists."""

__all__ = [
    "Event",
    "EventOrganisation",
    "EventProgramme",
    "EventSeries",
    "Location",
    "Participation",
    "Session",
]


@attrs.frozen(kw_only=True)
class Location(Checked):
    """Where an event took place, as precisely as the sources say."""

    country: Country | None = None
    city: str | None = None
    venue: str | None = None
    """A building or site, such as "UNODC headquarters"."""

    def _check(self, checker: Checker) -> None:
        if self.country is None and self.city is None and self.venue is None:
            checker.fail("country", "empty", "a location needs a country, a city or a venue")
        checker.line("city", self.city)
        checker.line("venue", self.venue)


@attrs.frozen(kw_only=True)
class Participation(Checked):
    """Who attended an event or a session.

    Counts may each be unknown. `qualifier` says how far they can be trusted:
    exact, a lower bound ("more than 30"), or approximate. With exact counts,
    women and men together cannot exceed the total (the rest may be unknown or
    of another gender).
    """

    total: int | None = None
    women: int | None = None
    men: int | None = None
    qualifier: CountQualifier = CountQualifier.EXACT
    countries: tuple[Country, ...] = ()
    """The countries that participants represented."""
    organisation_ids: tuple[str, ...] = attrs.field(default=(), metadata=refers_to("organisations"))
    """Organisations whose members took part."""
    person_ids: tuple[str, ...] = attrs.field(default=(), metadata=refers_to("people"))
    """Named people who took part."""
    description: str | None = None
    """Who the participants were, in the source's words ("border and customs services")."""

    def _check(self, checker: Checker) -> None:
        checker.not_negative("total", self.total)
        checker.not_negative("women", self.women)
        checker.not_negative("men", self.men)
        if self.qualifier is CountQualifier.EXACT and self.total is not None:
            known = [
                (label, n)
                for label, n in (("women", self.women), ("men", self.men))
                if n is not None and n >= 0
            ]
            if sum(n for _, n in known) > self.total >= 0:
                counted = " and ".join(
                    f"{label} ({number(n, grouped=False)})" for label, n in known
                )
                checker.fail(
                    "total",
                    "counts-exceed-total",
                    f"{counted} exceed the exact total {number(self.total, grouped=False)}; "
                    "mark the counts as approximate if the source is unsure",
                )
        checker.unique("countries", self.countries)
        checker.ids("organisation_ids", self.organisation_ids)
        checker.ids("person_ids", self.person_ids)
        checker.text("description", self.description)
        counts = (self.total, self.women, self.men)
        lists = (self.countries, self.organisation_ids, self.person_ids)
        if all(c is None for c in counts) and not any(lists) and self.description is None:
            checker.fail("total", "empty", "a participation needs a count, a list or a description")


@attrs.frozen(kw_only=True)
class Session(Checked):
    """A part of an event: an opening, a presentation, a training, an exercise, a panel.

    `id` is unique within its event. The period and local clock times are
    optional, as sources often give neither. `speaker_ids` are people;
    `organisation_ids` are the organisations that delivered the session.
    """

    id: str
    kind: SessionKind
    title: str | None = None
    period: Period | None = None
    start_time: time | None = None
    """Local clock time at the venue; no time zone."""
    end_time: time | None = None
    speaker_ids: tuple[str, ...] = attrs.field(default=(), metadata=refers_to("people"))
    organisation_ids: tuple[str, ...] = attrs.field(default=(), metadata=refers_to("organisations"))
    topics: tuple[str, ...] = ()
    description: str | None = None
    participation: Participation | None = None
    source_ids: tuple[str, ...] = attrs.field(default=(), metadata=refers_to("sources"))

    def _check(self, checker: Checker) -> None:
        checker.id("id", self.id)
        checker.line("title", self.title)
        for name, value in (("start_time", self.start_time), ("end_time", self.end_time)):
            if value is not None and (value.tzinfo is not None or value.microsecond):
                checker.fail(
                    name,
                    "time-syntax",
                    f"must be a local time to the second, without time zone (got {value})",
                )
        if (
            self.start_time is not None
            and self.end_time is not None
            and self.start_time.tzinfo is None
            and self.end_time.tzinfo is None
            and self.end_time < self.start_time
        ):
            checker.fail(
                "end_time",
                "end-before-start",
                f"{clock(self.end_time)} is before the start time {clock(self.start_time)}",
            )
        checker.ids("speaker_ids", self.speaker_ids)
        checker.ids("organisation_ids", self.organisation_ids)
        checker.lines("topics", self.topics)
        checker.text("description", self.description)
        checker.ids("source_ids", self.source_ids)


@attrs.frozen(kw_only=True)
class EventOrganisation(Checked):
    """An organisation's role at an event: organiser, host, contributor, participant..."""

    organisation_id: str = attrs.field(metadata=refers_to("organisations"))
    role: EventRole

    def _check(self, checker: Checker) -> None:
        checker.id("organisation_id", self.organisation_id)


@attrs.frozen(kw_only=True)
class EventProgramme(Checked):
    """A programme's part in an event: the event ran under it, or it contributed."""

    programme_id: str = attrs.field(metadata=refers_to("programmes"))
    part: ProgrammePart = ProgrammePart.RUN_UNDER

    def _check(self, checker: Checker) -> None:
        checker.id("programme_id", self.programme_id)


@attrs.frozen(kw_only=True)
class EventSeries(Checked):
    """A recurring series of events, such as the OSCE's Border Security workshops.

    Each event of the series gives its `number` in it: the Madrid course was 5.
    """

    id: str
    name: str
    description: str | None = None
    programme_id: str | None = attrs.field(default=None, metadata=refers_to("programmes"))
    """The programme that the series belongs to, if the sources say."""
    source_ids: tuple[str, ...] = attrs.field(default=(), metadata=refers_to("sources"))

    def _check(self, checker: Checker) -> None:
        checker.id("id", self.id)
        checker.line("name", self.name)
        checker.text("description", self.description)
        checker.id("programme_id", self.programme_id)
        checker.ids("source_ids", self.source_ids)


@attrs.frozen(kw_only=True)
class Event(Checked):
    """Something that happened (or is planned) on dates at a place.

    Workshops, training courses, conferences, meetings, study visits,
    screenings and webinars are all events. When a source gives the length
    but not the dates ("an interactive five-day training course"), keep the
    period as precise as the source allows and put the length in
    `duration_days`. Side events and sub-events point at their parent with
    `parent_id`.
    """

    id: str
    name: str
    kind: EventKind
    status: EventStatus = EventStatus.HELD
    series_id: str | None = attrs.field(default=None, metadata=refers_to("event_series"))
    number: int | None = None
    """The event's number in its series: the fifth workshop is 5."""
    period: Period | None = None
    duration_days: int | None = None
    """The length in days, when a source gives it."""
    location: Location | None = None
    attendance_mode: AttendanceMode | None = None
    organisations: tuple[EventOrganisation, ...] = ()
    programmes: tuple[EventProgramme, ...] = ()
    participation: Participation | None = None
    sessions: tuple[Session, ...] = ()
    parent_id: str | None = attrs.field(default=None, metadata=refers_to("events"))
    description: str | None = None
    source_ids: tuple[str, ...] = attrs.field(default=(), metadata=refers_to("sources"))

    def session(self, session_id: str) -> Session:
        """The session with this id; `RecordNotFoundError` if the event has none."""
        for session in self.sessions:
            if session.id == session_id:
                return session
        raise RecordNotFoundError(f"the event {self.id!r} has no session with id {session_id!r}")

    def organisation_ids(self, role: EventRole | None = None) -> tuple[str, ...]:
        """The ids of the organisations at the event, in the given role or in any."""
        return tuple(
            dict.fromkeys(
                o.organisation_id for o in self.organisations if role is None or o.role == role
            )
        )

    def _repr_html_(self) -> str:
        """How Jupyter shows the event: when, where, who organised and attended, its sessions."""
        series = None
        if self.series_id is not None:
            series = (
                self.series_id if self.number is None else f"{self.series_id}, no. {self.number}"
            )
        period = None if self.period is None else self.period.describe()
        if self.duration_days is not None:
            days = count(self.duration_days, "day")
            period = days if period is None else f"{period} ({days})"
        parts = [
            definitions(
                [
                    ("id", self.id),
                    ("kind", self.kind),
                    ("status", self.status),
                    ("series", series),
                    ("period", period),
                    ("location", None if self.location is None else place(self.location)),
                    ("attendance", self.attendance_mode),
                    (
                        "organisations",
                        tuple(
                            f"{o.organisation_id} ({in_words(o.role)})" for o in self.organisations
                        ),
                    ),
                    (
                        "programmes",
                        tuple(f"{p.programme_id} ({in_words(p.part)})" for p in self.programmes),
                    ),
                    ("participants", _participants(self.participation)),
                    ("part of", self.parent_id),
                ]
            )
        ]
        if self.sessions:
            parts += [
                heading("Sessions", len(self.sessions)),
                table(
                    ("id", "kind", "title", "period", "speakers"),
                    [
                        (
                            s.id,
                            s.kind,
                            s.title,
                            None if s.period is None else s.period.describe(),
                            s.speaker_ids,
                        )
                        for s in self.sessions[:SESSION_ROWS]
                    ],
                    total=len(self.sessions),
                    what="sessions",
                ),
            ]
        return block("Event", self.name, *parts).markup

    def _check(self, checker: Checker) -> None:
        checker.id("id", self.id)
        checker.line("name", self.name)
        checker.id("series_id", self.series_id)
        checker.positive("number", self.number, most=1_000_000)
        if self.number is not None and self.series_id is None:
            checker.fail("number", "number-without-series", "a number needs a series_id")
        checker.positive("duration_days", self.duration_days, most=36_600)
        self._check_duration(checker)
        checker.unique("organisations", ((o.organisation_id, o.role) for o in self.organisations))
        checker.unique("programmes", (p.programme_id for p in self.programmes))
        checker.unique("sessions", (s.id for s in self.sessions))
        checker.id("parent_id", self.parent_id)
        checker.not_self("parent_id", self.parent_id, self.id)
        checker.text("description", self.description)
        checker.ids("source_ids", self.source_ids)

    def _check_duration(self, checker: Checker) -> None:
        # Only certain ends can prove a length wrong: a year unknown or inferred, or a
        # date given as uncertain or approximate, may be other than it is written.
        period, days = self.period, self.duration_days
        if period is None or period.start is None or period.end is None or days is None:
            return
        first, last = period.start.certain_bounds, period.end.certain_bounds
        if first is None or last is None:
            return
        longest = (last[1] - first[0]).days + 1
        shortest = (last[0] - first[1]).days + 1
        if not shortest <= days <= longest:
            checker.fail(
                "duration_days",
                "duration-mismatch",
                f"{number(days, grouped=False)} days cannot fit the period {period} "
                f"({max(shortest, 1)} to {longest} days)",
            )


def _participants(participation: Participation | None) -> str | None:
    """``22 people (women 10, men 12) from Algeria, Egypt``; the description if nothing else."""
    if participation is None:
        return None
    sure = participation.qualifier
    total = participation.total
    text = "" if total is None else qualified(count(total, "person"), sure)
    sexes = [
        f"{label} {qualified(number(n), sure)}"
        for label, n in (("women", participation.women), ("men", participation.men))
        if n is not None
    ]
    if sexes:
        text += f" ({', '.join(sexes)})" if text else ", ".join(sexes)
    if participation.countries:
        text += f" from {', '.join(c.label for c in participation.countries)}"
    return text.strip() or participation.description
