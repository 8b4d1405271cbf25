"""JSON Lines: large collections written and read one record per line."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gloact_model import (
    SCHEMA_VERSION,
    Event,
    EventKind,
    Limits,
    LoadError,
    Session,
    dump_lines,
    iter_load,
    load,
    loads,
)
from gloact_model.testing import events

from .conftest import MADRID


def workshops(count: int) -> Iterator[Event]:
    for number in range(count):
        yield Event(id=f"workshop-{number}", name=f"Workshop {number}", kind=EventKind.WORKSHOP)


def test_records_go_out_and_come_back_one_per_line(tmp_path: Path) -> None:
    madrid = load(MADRID)
    path = tmp_path / "events.jsonl"
    assert dump_lines(madrid.events, path) == len(madrid.events)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(madrid.events)
    assert all(json.loads(line)["schema_version"] == SCHEMA_VERSION for line in lines)
    assert loads(lines[0], Event, "json") == madrid.events[0]
    assert tuple(iter_load(path, Event)) == madrid.events


def test_sessions_of_every_event_stream_too(tmp_path: Path) -> None:
    sessions = [s for e in load(MADRID).events for s in e.sessions]
    path = tmp_path / "sessions.jsonl"
    dump_lines(iter(sessions), path)
    assert list(iter_load(path, Session)) == sessions


@given(st.lists(events(max_sessions=1), max_size=4))
def test_any_events_round_trip(
    tmp_path_factory: pytest.TempPathFactory, records: list[Event]
) -> None:
    path = tmp_path_factory.mktemp("lines") / "events.jsonl"
    dump_lines(records, path)
    assert list(iter_load(path, Event)) == records


def test_writing_refuses_to_replace_a_file_unless_asked(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    dump_lines(workshops(2), path)
    with pytest.raises(FileExistsError, match="overwrite=True"):
        dump_lines(workshops(3), path)
    assert len(list(iter_load(path, Event))) == 2
    assert dump_lines(workshops(3), path, overwrite=True) == 3
    assert len(list(iter_load(path, Event))) == 3


def test_a_failure_while_writing_leaves_no_file(tmp_path: Path) -> None:
    def broken() -> Iterator[Event]:
        yield from workshops(5)
        raise RuntimeError("the source went away")

    with pytest.raises(RuntimeError):
        dump_lines(broken(), tmp_path / "events.jsonl")
    assert list(tmp_path.iterdir()) == []


def test_bad_lines_are_reported_together_with_their_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    good = [
        json.dumps({"schema_version": 1, "id": f"e{n}", "name": "E", "kind": "workshop"})
        for n in range(3)
    ]
    path.write_text(
        "\ufeff"
        + good[0]
        + "\n\n"
        + '{"schema_version": 1, "id": "e-x", "name": "E", "kind": "workshp"}\n'
        + good[1]
        + "\n{not json\n"
        + good[2]
        + "\n",
        encoding="utf-8",
    )
    seen: list[str] = []
    with pytest.raises(LoadError) as raised:
        seen.extend(event.id for event in iter_load(path, Event))
    assert seen == ["e0", "e1", "e2"]
    problems = raised.value.problems
    assert [(p.line, p.path, p.code) for p in problems] == [(3, "kind", "enum"), (5, "", "syntax")]
    assert problems[0].column == 57
    assert raised.value.source == str(path)


def test_a_line_beyond_the_size_limit_is_skipped_and_named(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    dump_lines(workshops(3), path)
    lines = path.read_bytes().splitlines(keepends=True)
    path.write_bytes(lines[0] + b'{"name": "' + b"x" * 5000 + b'"}\n' + lines[1])
    records: list[Event] = []
    with pytest.raises(LoadError) as raised:
        records.extend(iter_load(path, Event, limits=Limits(max_bytes=1000)))
    assert [e.id for e in records] == ["workshop-0", "workshop-1"]
    (problem,) = raised.value.problems
    assert (problem.line, problem.code) == (2, "too-large")
    assert "Limits.max_bytes" in problem.message


def test_a_file_wrong_on_every_line_says_so_once(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    path.write_text("[]\n" * 1500)
    with pytest.raises(LoadError) as raised:
        list(iter_load(path, Event))
    problems = raised.value.problems
    assert len(problems) == 201  # Limits.max_problems, and one that says there are more
    assert [p.line for p in problems[:200]] == list(range(1, 201))
    assert problems[-1].code == "more"
    assert problems[-1].message == (
        "reading stopped after 200 problems (Limits.max_problems); there are more"
    )


def test_reading_is_lazy(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    dump_lines(workshops(3), path)
    with path.open("a") as stream:
        stream.write("{broken\n")
    records = iter_load(path, Event)
    assert next(records).id == "workshop-0"  # before the bad line is read
