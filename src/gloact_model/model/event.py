"""What happened: events, their sessions, and who took part."""

from __future__ import annotations

import dataclasses
from datetime import time
from fractions import Fraction
from typing import Literal

import attrs

from gloact_model.errors import RecordNotFoundError
from gloact_model.model._checks import Checked, Checker, _nfc
from gloact_model.model.country import Country
from gloact_model.model.dates import Period
from gloact_model.model.relations import refers_to
from gloact_model.model.vocabulary import (
    AttendanceMode,
    CountQualifier,
    EventKind,
    EventRelation,
    EventRole,
    EventStatus,
    ProgrammePart,
    SeriesFrequency,
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
    qualified_share,
    table,
)

SESSION_ROWS = 25
"""How many sessions an event's display lists."""

__all__ = [
    "Event",
    "EventCountry",
    "EventOrganisation",
    "EventProgramme",
    "EventSeries",
    "GroupCount",
    "Location",
    "Participation",
    "Session",
    "ShareOfWomen",
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
class GroupCount(Checked):
    """A group of participants, by what they do rather than by sex.

    "24 officials from police, prosecution and NGOs" names three groups and
    counts none of them: each is a `GroupCount` without a count. Groups may
    overlap (judges, and women judges), so their counts are never added up.
    """

    name: str
    """The group in the source's words: "police officers", "prosecutors", "NGOs"."""
    count: int | None = None
    qualifier: CountQualifier = CountQualifier.EXACT
    """How far `count` can be trusted; only meaningful with a count."""

    def _check(self, checker: Checker) -> None:
        checker.line("name", self.name)
        checker.not_negative("count", self.count)
        if self.count is None and self.qualifier is not CountQualifier.EXACT:
            checker.fail(
                "qualifier",
                "qualifier-without-count",
                f"the qualifier {self.qualifier.value!r} needs a count to qualify",
            )


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class ShareOfWomen:
    """The share of women among the participants whose sex a source gives, and how sure it is.

    A value worked out from a `Participation`, never read or written: a plain
    frozen dataclass, so that the codec and the schema, which take every attrs
    class of the model for a record, leave it alone.

    Worked out from the counts of women and men, so it is exact only when both
    counts are. `basis` says what it rests on: ``exact`` counts, counts of which
    one at least is ``approximate``, or counts of which one at least is a
    ``lower_bound`` (and none approximate): then the true share may be higher or
    lower, and a display must not show it as exact.
    """

    women: int
    men: int
    basis: CountQualifier

    @classmethod
    def of(
        cls,
        women: int | None,
        women_qualifier: CountQualifier | None,
        men: int | None,
        men_qualifier: CountQualifier | None,
    ) -> ShareOfWomen | None:
        """The share of two counts, resting on the less certain; None where there is none.

        None where either count is unknown, negative, or both are 0. A qualifier
        of None is an exact count.
        """
        if women is None or men is None or women < 0 or men < 0 or women + men == 0:
            return None
        qualifiers = {women_qualifier, men_qualifier}
        basis = (
            CountQualifier.APPROXIMATE
            if CountQualifier.APPROXIMATE in qualifiers
            else CountQualifier.LOWER_BOUND
            if CountQualifier.LOWER_BOUND in qualifiers
            else CountQualifier.EXACT
        )
        return cls(women=women, men=men, basis=basis)

    @property
    def share(self) -> Fraction:
        """Women / (women + men), exactly."""
        return Fraction(self.women, self.women + self.men)

    @property
    def exact(self) -> bool:
        """True when both counts are exact, so the share is too."""
        return self.basis is CountQualifier.EXACT

    def __float__(self) -> float:
        return float(self.share)

    def __str__(self) -> str:
        """``40%``, ``about 40%``, or ``40% (of lower bounds)``: never exact where it is not."""
        return qualified_share(f"{float(self.share):.0%}", self.basis)


CountName = Literal["total", "women", "men"]
"""The counts of a participation that have a qualifier: see `Participation.qualifier_of`."""
SexName = Literal["women", "men"]


@attrs.frozen(kw_only=True)
class Participation(Checked):
    """Who attended an event or a session, or whom a series reached.

    Counts may each be unknown. `qualifier` says how far the total can be
    trusted: exact, a lower bound ("more than 30"), or approximate; it also
    qualifies the counts of women and men unless they have their own
    (`women_qualifier`, `men_qualifier`): "over 15 (5 female, 10 male)" is a
    total of 15 as a lower bound, with 5 women and 10 men exactly. Counts that
    are certain (exact, or lower bounds) cannot add up to more than an exact
    total (the rest may be unknown or of another gender). `groups` counts
    participants by what they do.
    """

    total: int | None = None
    women: int | None = None
    men: int | None = None
    qualifier: CountQualifier = CountQualifier.EXACT
    women_qualifier: CountQualifier | None = None
    """How far `women` can be trusted, where the source says otherwise than for the total."""
    men_qualifier: CountQualifier | None = None
    """How far `men` can be trusted, where the source says otherwise than for the total."""
    groups: tuple[GroupCount, ...] = ()
    """Participants by group: "officials from police, prosecution and NGOs"."""
    countries: tuple[Country, ...] = ()
    """The countries that participants represented."""
    organisation_ids: tuple[str, ...] = attrs.field(default=(), metadata=refers_to("organisations"))
    """Organisations whose members took part."""
    person_ids: tuple[str, ...] = attrs.field(default=(), metadata=refers_to("people"))
    """Named people who took part."""
    description: str | None = None
    """Who the participants were, in the source's words ("border and customs services")."""

    def qualifier_of(self, count: CountName) -> CountQualifier:
        """How far the count named (``"total"``, ``"women"``, ``"men"``) can be trusted."""
        own = {"total": None, "women": self.women_qualifier, "men": self.men_qualifier}[count]
        return self.qualifier if own is None else own

    @property
    def share_of_women(self) -> ShareOfWomen | None:
        """The share of women among women and men, marked as sure as its counts are.

        None where either count is unknown, or both are 0.
        """
        return ShareOfWomen.of(
            self.women, self.qualifier_of("women"), self.men, self.qualifier_of("men")
        )

    def _check(self, checker: Checker) -> None:
        checker.not_negative("total", self.total)
        checker.not_negative("women", self.women)
        checker.not_negative("men", self.men)
        for label, n, own in (
            ("women", self.women, self.women_qualifier),
            ("men", self.men, self.men_qualifier),
        ):
            if own is not None and n is None:
                checker.fail(
                    f"{label}_qualifier",
                    "qualifier-without-count",
                    f"the qualifier {own.value!r} needs a count of {label} to qualify",
                )
        if self.qualifier is CountQualifier.EXACT and self.total is not None and self.total >= 0:
            self._check_within_total(checker, self.total)
        checker.unique("groups", (_nfc(g.name) for g in self.groups))
        checker.unique("countries", self.countries)
        checker.ids("organisation_ids", self.organisation_ids)
        checker.ids("person_ids", self.person_ids)
        checker.text("description", self.description)
        counts = (self.total, self.women, self.men)
        lists = (self.groups, self.countries, self.organisation_ids, self.person_ids)
        if all(c is None for c in counts) and not any(lists) and self.description is None:
            checker.fail("total", "empty", "a participation needs a count, a list or a description")

    def _check_within_total(self, checker: Checker, total: int) -> None:
        """Counts that are certain (exact or lower bounds) cannot exceed an exact total."""
        sexes: tuple[tuple[SexName, int | None], ...] = (("women", self.women), ("men", self.men))
        known = [
            (label, n)
            for label, n in sexes
            if n is not None
            and n >= 0
            and self.qualifier_of(label) is not CountQualifier.APPROXIMATE
        ]
        if sum(n for _, n in known) > total:
            counted = " and ".join(f"{label} ({number(n, grouped=False)})" for label, n in known)
            checker.fail(
                "total",
                "counts-exceed-total",
                f"{counted} exceed the exact total {number(total, grouped=False)}; "
                "mark the counts as approximate if the source is unsure",
            )
        for index, group in enumerate(self.groups):
            n = group.count
            if n is not None and n > total and group.qualifier is not CountQualifier.APPROXIMATE:
                checker.fail(
                    f"groups[{index}].count",
                    "counts-exceed-total",
                    f"the group {group.name!r} ({number(n, grouped=False)}) exceeds the exact "
                    f"total {number(total, grouped=False)}; mark the count as approximate if "
                    "the source is unsure",
                )


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
class EventCountry(Checked):
    """A country's role at an event, where the source names no organisation.

    "Experts from the United States and the United Kingdom conducted the
    course" is two countries in the role ``contributor``, each with the
    description "experts".
    """

    country: Country
    role: EventRole
    description: str | None = None
    """Who from the country took that role, in the source's words ("experts")."""

    def _check(self, checker: Checker) -> None:
        checker.line("description", self.description)


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
    A series may say how many events it plans ("the first of a four-part
    series"), how often they take place, and since when ("since 2014" is the
    open period ``2014/..``). A set of workshops within a larger series points
    at that series with `parent_id`.
    """

    id: str
    name: str
    acronym: str | None = None
    other_names: tuple[str, ...] = ()
    """Other names the series goes by in the sources."""
    description: str | None = None
    programme_id: str | None = attrs.field(default=None, metadata=refers_to("programmes"))
    """The programme that the series belongs to, if the sources say."""
    parent_id: str | None = attrs.field(default=None, metadata=refers_to("event_series"))
    """The larger series that this one is a part of."""
    period: Period | None = None
    """When the series runs or ran; ``2014/..`` for "since 2014"."""
    frequency: SeriesFrequency | None = None
    planned_events: int | None = None
    """How many events the series has or plans: 4 for "the first of a four-part series"."""
    topics: tuple[str, ...] = ()
    """Topics that every event of the series shares."""
    objectives: tuple[str, ...] = ()
    """What the series sets out to achieve, in the source's words."""
    reached: Participation | None = None
    """The people that the series as a whole reached, as the sources count them."""
    source_ids: tuple[str, ...] = attrs.field(default=(), metadata=refers_to("sources"))

    def _repr_html_(self) -> str:
        """How Jupyter shows the series: its programme, period, frequency and planned size."""
        parts = definitions(
            [
                ("id", self.id),
                ("acronym", self.acronym),
                ("other names", self.other_names),
                ("programme", self.programme_id),
                ("part of", self.parent_id),
                ("period", None if self.period is None else self.period.describe()),
                ("frequency", self.frequency),
                (
                    "planned",
                    None if self.planned_events is None else count(self.planned_events, "event"),
                ),
                ("topics", self.topics),
                ("objectives", self.objectives),
                ("reached", _participants(self.reached)),
            ]
        )
        return block("Event series", self.name, parts).markup

    def _check(self, checker: Checker) -> None:
        checker.id("id", self.id)
        checker.line("name", self.name)
        checker.line("acronym", self.acronym)
        checker.lines("other_names", self.other_names)
        checker.text("description", self.description)
        checker.id("programme_id", self.programme_id)
        checker.id("parent_id", self.parent_id)
        checker.not_self("parent_id", self.parent_id, self.id)
        checker.positive("planned_events", self.planned_events, most=1_000_000)
        checker.lines("topics", self.topics)
        checker.lines("objectives", self.objectives)
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
    other_names: tuple[str, ...] = ()
    """Other names the event goes by in the sources."""
    status: EventStatus = EventStatus.HELD
    series_id: str | None = attrs.field(default=None, metadata=refers_to("event_series"))
    number: int | None = None
    """The event's number in its series: the fifth workshop is 5."""
    final: bool = False
    """The last event of its series ("the 9th and final meeting"); needs a `series_id`."""
    period: Period | None = None
    duration_days: int | None = None
    """The length in days, when a source gives it."""
    location: Location | None = None
    attendance_mode: AttendanceMode | None = None
    organisations: tuple[EventOrganisation, ...] = ()
    programmes: tuple[EventProgramme, ...] = ()
    participation: Participation | None = None
    sessions: tuple[Session, ...] = ()
    countries: tuple[EventCountry, ...] = ()
    """Countries in a role at the event where no organisation is named."""
    parent_id: str | None = attrs.field(default=None, metadata=refers_to("events"))
    parent_relation: EventRelation | None = None
    """Whether the event is a part of its parent or a side event; None when not stated."""
    follows_up_ids: tuple[str, ...] = attrs.field(default=(), metadata=refers_to("events"))
    """Earlier events that this one follows up ("building on the 2017 conference")."""
    topics: tuple[str, ...] = ()
    objectives: tuple[str, ...] = ()
    """What the event set out to achieve, in the source's words."""
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
            if self.final:
                series += " (final)"
        parent_label = {
            EventRelation.SIDE_EVENT: "side event of",
            EventRelation.PART_OF: "part of",
            None: "within",
        }[self.parent_relation]
        period = None if self.period is None else self.period.describe()
        if self.duration_days is not None:
            days = count(self.duration_days, "day")
            period = days if period is None else f"{period} ({days})"
        parts = [
            definitions(
                [
                    ("id", self.id),
                    ("other names", self.other_names),
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
                        "countries",
                        tuple(
                            f"{c.country.label} ({in_words(c.role)}"
                            + (f", {c.description})" if c.description else ")")
                            for c in self.countries
                        ),
                    ),
                    (
                        "programmes",
                        tuple(f"{p.programme_id} ({in_words(p.part)})" for p in self.programmes),
                    ),
                    ("participants", _participants(self.participation)),
                    (parent_label, self.parent_id),
                    ("follows up", self.follows_up_ids),
                    ("topics", self.topics),
                    ("objectives", self.objectives),
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
        checker.lines("other_names", self.other_names)
        checker.id("series_id", self.series_id)
        checker.positive("number", self.number, most=1_000_000)
        if self.number is not None and self.series_id is None:
            checker.fail("number", "number-without-series", "a number needs a series_id")
        if self.final and self.series_id is None:
            checker.fail(
                "final", "final-without-series", "only an event of a series (series_id) is final"
            )
        checker.positive("duration_days", self.duration_days, most=36_600)
        self._check_duration(checker)
        checker.unique("organisations", ((o.organisation_id, o.role) for o in self.organisations))
        checker.unique("programmes", (p.programme_id for p in self.programmes))
        checker.unique("countries", ((c.country, c.role) for c in self.countries))
        checker.unique("sessions", (s.id for s in self.sessions))
        checker.id("parent_id", self.parent_id)
        checker.not_self("parent_id", self.parent_id, self.id)
        if self.parent_relation is not None and self.parent_id is None:
            checker.fail(
                "parent_relation",
                "relation-without-parent",
                f"{self.parent_relation.value!r} needs the parent_id of the event it relates to",
            )
        checker.ids("follows_up_ids", self.follows_up_ids)
        if self.id in self.follows_up_ids:
            checker.fail(
                "follows_up_ids", "self-reference", f"must not hold the event's own id {self.id!r}"
            )
        checker.lines("topics", self.topics)
        checker.lines("objectives", self.objectives)
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
    """``22 people (women 10, men 12, 45% women) from Algeria, Egypt``; else the description."""
    if participation is None:
        return None
    total = participation.total
    text = "" if total is None else qualified(count(total, "person"), participation.qualifier)
    counted: tuple[tuple[SexName, int | None], ...] = (
        ("women", participation.women),
        ("men", participation.men),
    )
    sexes = [
        f"{label} {qualified(number(n), participation.qualifier_of(label))}"
        for label, n in counted
        if n is not None
    ]
    share = participation.share_of_women
    if share is not None:
        sexes.append(f"share of women {share}")
    if sexes:
        text += f" ({', '.join(sexes)})" if text else ", ".join(sexes)
    if participation.groups:
        groups = "; ".join(
            g.name if g.count is None else f"{g.name} {qualified(number(g.count), g.qualifier)}"
            for g in participation.groups
        )
        text += f" in groups: {groups}"
    if participation.countries:
        text += f" from {', '.join(c.label for c in participation.countries)}"
    return text.strip() or participation.description
