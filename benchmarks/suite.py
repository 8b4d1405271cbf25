"""What is measured: each task, who does it, and the checks that they do the same work.

For one size of catalogue, `measure` checks that gloact, pydantic, msgspec and
the plain parsers all read the generated documents alike, then times every
task and weighs what a loaded catalogue holds. The tasks are:

- JSON load: bytes to validated objects (for the floors, to plain dicts);
- JSON dump: the loaded objects to the document (for the floors, the dicts);
- YAML load and YAML dump, where the peers have no part and PyYAML is the floor;
- memory: what a catalogue loaded from JSON keeps allocated.

The generated catalogue itself is dropped once its texts are written: each
implementation dumps the objects that it loaded from the JSON, made afresh and
untimed for each run, so that no other implementation's objects are alive
while it works.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

import msgspec
import yaml

import gloact_model
from benchmarks.generate import catalogue
from benchmarks.peers import msgspec_models, pydantic_models
from benchmarks.timing import Timing, held_bytes, time_together

try:
    import orjson
except ImportError:  # a floor, measured where it is installed
    HAVE_ORJSON = False
else:
    HAVE_ORJSON = True

__all__ = [
    "HAVE_ORJSON",
    "LIBYAML",
    "TASKS",
    "Contender",
    "DisagreementError",
    "Document",
    "Held",
    "Measured",
    "SizeResult",
    "check_agreement",
    "contenders",
    "make_document",
    "measure",
]

LIBYAML: bool = yaml.__with_libyaml__
_YAML_LOADER = yaml.CSafeLoader if LIBYAML else yaml.SafeLoader
_YAML_DUMPER = yaml.CSafeDumper if LIBYAML else yaml.SafeDumper
_YAML_KIND = "C" if LIBYAML else "pure-Python"

TASKS: dict[str, str] = {
    "json-load": "JSON load",
    "json-dump": "JSON dump",
    "yaml-load": "YAML load",
    "yaml-dump": "YAML dump",
}
"""Each timed task, by key, with its title."""


class DisagreementError(RuntimeError):
    """The implementations did not read or write the same document: no timing would mean much."""


@dataclass(frozen=True)
class Document:
    """The JSON and YAML that gloact writes for one generated catalogue, and what they hold."""

    events: int
    sessions: int
    records: int
    """Every record of every collection, and every session."""
    json_bytes: bytes
    yaml_text: str


@dataclass(frozen=True)
class Contender:
    """One implementation's way of doing a task: what it needs, made untimed, and the work."""

    key: str
    label: str
    given: Callable[[], Any]
    run: Callable[[Any], object]


@dataclass(frozen=True)
class Measured:
    """How long one implementation took at one task."""

    key: str
    label: str
    timing: Timing


@dataclass(frozen=True)
class Held:
    """How much memory one implementation's loaded catalogue holds."""

    key: str
    label: str
    bytes: int


@dataclass(frozen=True)
class SizeResult:
    """Everything measured at one size."""

    events: int
    sessions: int
    records: int
    json_bytes: int
    yaml_bytes: int
    timings: dict[str, list[Measured]]
    memory: list[Held]


def make_document(events: int) -> Document:
    """The JSON and YAML of the generated catalogue of `events` events, as gloact writes them."""
    generated = catalogue(events)
    sessions = sum(len(event.sessions) for event in generated.events)
    return Document(
        events=len(generated.events),
        sessions=sessions,
        records=len(generated) + sessions,
        json_bytes=gloact_model.dumps(generated, "json").encode("utf-8"),
        yaml_text=gloact_model.dumps(generated, "yaml"),
    )


def measure(
    document: Document,
    repeat: int,
    progress: Callable[[str], None],
    *,
    collector: bool = True,
) -> SizeResult:
    """Check that everyone reads `document` alike, then time each task and weigh each load."""
    size = f"{document.events:,} events"
    progress(f"{size}: checking that every implementation reads the documents alike")
    check_agreement(document)
    timings: dict[str, list[Measured]] = {}
    for task, title in TASKS.items():
        entrants = contenders(task, document)
        progress(f"{size}: {title}, {len(entrants)} implementations, {repeat} rounds")
        works = [(c.given, c.run) for c in entrants]
        results = time_together(works, repeat, collector=collector)
        timings[task] = [
            Measured(c.key, c.label, timing) for c, timing in zip(entrants, results, strict=True)
        ]
    progress(f"{size}: memory held")
    memory = [
        Held(c.key, c.label, held_bytes((c.given, c.run)))
        for c in contenders("json-load", document)
    ]
    return SizeResult(
        events=document.events,
        sessions=document.sessions,
        records=document.records,
        json_bytes=len(document.json_bytes),
        yaml_bytes=len(document.yaml_text.encode("utf-8")),
        timings=timings,
        memory=memory,
    )


# The implementations ---------------------------------------------------------------------------


def _gloact_json(data: bytes) -> gloact_model.Catalogue:
    return gloact_model.loads(data, format="json")


def _pydantic_json(data: bytes) -> pydantic_models.Catalogue:
    return pydantic_models.Catalogue.model_validate_json(data)


def _msgspec_json(data: bytes) -> msgspec_models.Catalogue:
    return msgspec.json.decode(data, type=msgspec_models.Catalogue)


def _pydantic_dump(loaded: pydantic_models.Catalogue) -> str:
    # The same document as gloact's, byte for byte: defaults left out, indented by two.
    return loaded.model_dump_json(indent=2, exclude_defaults=True)


def _yaml_load(text: str) -> Any:
    return yaml.load(text, Loader=_YAML_LOADER)  # a safe loader, C or Python


def _yaml_dump(data: Any) -> str:
    return yaml.dump(
        data,
        Dumper=_YAML_DUMPER,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=88,
    )


def contenders(task: str, document: Document) -> list[Contender]:
    """Every implementation of `task`, on the same document: gloact, its peers, the floors."""
    try:
        entrants = _CONTENDERS[task]
    except KeyError:
        raise ValueError(f"unknown task {task!r}: one of {', '.join(TASKS)}") from None
    return entrants(document)


def _json_loaders(document: Document) -> list[Contender]:
    data = document.json_bytes
    floor = (
        [Contender("orjson", "orjson.loads (floor)", lambda: data, orjson.loads)]
        if HAVE_ORJSON
        else []
    )
    return [
        Contender("gloact", "gloact_model loads", lambda: data, _gloact_json),
        Contender("pydantic", "pydantic model_validate_json", lambda: data, _pydantic_json),
        Contender("msgspec", "msgspec json.decode", lambda: data, _msgspec_json),
        *floor,
        Contender("json", "json.loads (floor)", lambda: data, json.loads),
    ]


def _json_dumpers(document: Document) -> list[Contender]:
    data = document.json_bytes
    plain = partial(json.loads, data)
    floor = (
        [
            Contender(
                "orjson",
                "orjson.dumps of dicts (floor)",
                plain,
                partial(orjson.dumps, option=orjson.OPT_INDENT_2),
            )
        ]
        if HAVE_ORJSON
        else []
    )
    return [
        Contender(
            "gloact",
            "gloact_model dumps",
            partial(_gloact_json, data),
            partial(gloact_model.dumps, format="json"),
        ),
        Contender(
            "pydantic", "pydantic model_dump_json", partial(_pydantic_json, data), _pydantic_dump
        ),
        Contender(
            "msgspec", "msgspec json.encode", partial(_msgspec_json, data), msgspec.json.encode
        ),
        *floor,
        Contender(
            "json",
            "json.dumps of dicts (floor)",
            plain,
            partial(json.dumps, ensure_ascii=False, indent=2),
        ),
    ]


def _yaml_loaders(document: Document) -> list[Contender]:
    text = document.yaml_text
    return [
        Contender("gloact", "gloact_model loads", lambda: text, gloact_model.loads),
        Contender("yaml", f"PyYAML {_YAML_KIND} safe loader (floor)", lambda: text, _yaml_load),
    ]


def _yaml_dumpers(document: Document) -> list[Contender]:
    data = document.json_bytes
    return [
        Contender(
            "gloact",
            "gloact_model dumps",
            partial(_gloact_json, data),
            partial(gloact_model.dumps, format="yaml"),
        ),
        Contender(
            "yaml",
            f"PyYAML {_YAML_KIND} safe dumper of dicts (floor)",
            partial(json.loads, data),
            _yaml_dump,
        ),
    ]


_CONTENDERS: dict[str, Callable[[Document], list[Contender]]] = {
    "json-load": _json_loaders,
    "json-dump": _json_dumpers,
    "yaml-load": _yaml_loaders,
    "yaml-dump": _yaml_dumpers,
}


# Do they all do the same work? -----------------------------------------------------------------


def check_agreement(document: Document) -> None:
    """Raise `DisagreementError` unless every implementation reads and writes the same data.

    gloact must read the same catalogue from the JSON and the YAML, and write
    the JSON back byte for byte; the peers and the plain parsers must find as
    many events and sessions; and the peers must write the same data as gloact.
    """
    data, text = document.json_bytes, document.yaml_text
    from_json = _gloact_json(data)
    if from_json != gloact_model.loads(text):
        raise DisagreementError("gloact_model reads other records from the YAML than the JSON")
    if gloact_model.dumps(from_json, "json").encode("utf-8") != data:
        raise DisagreementError("gloact_model does not write back the JSON that it read")
    del from_json
    as_pydantic, as_msgspec, plain = _pydantic_json(data), _msgspec_json(data), json.loads(data)
    expected = (document.events, document.sessions)
    counted = {
        "pydantic": _count(as_pydantic.events),
        "msgspec": _count(as_msgspec.events),
        "json.loads": _count_plain(plain),
        "PyYAML": _count_plain(_yaml_load(text)),
    }
    for who, found in counted.items():
        if found != expected:
            raise DisagreementError(f"{who} found {found} events and sessions, not {expected}")
    written: dict[str, str | bytes] = {
        "pydantic": _pydantic_dump(as_pydantic),
        "msgspec": msgspec.json.encode(as_msgspec),
    }
    for who, output in written.items():
        if json.loads(output) != plain:
            raise DisagreementError(f"{who} writes other data than gloact_model")


def _count(events: tuple[Any, ...]) -> tuple[int, int]:
    return len(events), sum(len(event.sessions) for event in events)


def _count_plain(document: dict[str, Any]) -> tuple[int, int]:
    events = document.get("events", [])
    return len(events), sum(len(event.get("sessions", [])) for event in events)
