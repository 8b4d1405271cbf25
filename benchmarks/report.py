"""What a run found, as tables for people and as JSON for programs.

Every ratio is gloact's number divided by the other implementation's: above 1,
gloact is slower (or holds more); below 1, it is faster (or holds less).
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any, Protocol, TypeVar

from benchmarks.suite import HAVE_ORJSON, LIBYAML, TASKS, SizeResult

__all__ = [
    "LINEAR_SLACK",
    "TARGETS",
    "Target",
    "Verdict",
    "growth_lines",
    "linearity",
    "machine",
    "machine_lines",
    "results_json",
    "size_lines",
    "target_lines",
    "verdicts",
    "write_json",
]

LINEAR_SLACK = 1.25
"""How far above linear the growth of a gloact time may be and still count as linear."""


@dataclass(frozen=True)
class Target:
    """A goal for gloact: its number divided by a reference's at most `limit`."""

    wanted: str
    task: str
    reference: str
    limit: float


TARGETS: tuple[Target, ...] = (
    Target("JSON load at least 1.5x faster than pydantic v2", "json-load", "pydantic", 1 / 1.5),
    Target("JSON load at most 1.5x orjson.loads alone", "json-load", "orjson", 1.5),
    Target("JSON dump no slower than pydantic's model_dump_json", "json-dump", "pydantic", 1.0),
    Target("YAML load at most 1.3x PyYAML's C safe loader alone", "yaml-load", "yaml", 1.3),
    Target("memory held at most msgspec's + 10%", "memory", "msgspec", 1.1),
    Target("memory held at most half of pydantic's", "memory", "pydantic", 0.5),
)


@dataclass(frozen=True)
class Verdict:
    """How gloact stands against one target: its ratio, and whether that is within the limit."""

    target: Target
    ratio: float | None

    @property
    def met(self) -> bool | None:
        """Whether gloact is within the limit; None when the reference was not measured."""
        return None if self.ratio is None else self.ratio <= self.target.limit

    @property
    def factor(self) -> float | None:
        """How many times gloact must improve to meet the target (below 1: the room to spare)."""
        return None if self.ratio is None else self.ratio / self.target.limit

    def summary(self) -> str:
        """The verdict in words: met with room to spare, or missed and by how much."""
        if self.ratio is None or self.factor is None:
            return "not measured"
        noun = "smaller" if self.target.task == "memory" else "faster"
        if self.met:
            return f"met, with {1 / self.factor:.2f}x to spare"
        return f"missed: gloact must be {self.factor:.2f}x {noun}"


# The machine ---------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    """What ran the benchmark: the interpreter, the platform, the processors, the libraries."""
    return {
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "platform": platform.platform(),
        "processor": _processor(),
        "cpu_count": os.cpu_count(),
        "libyaml": LIBYAML,
        "orjson": HAVE_ORJSON,
        "versions": {name: _version(name) for name in _LIBRARIES},
        "revision": _revision(),
    }


_LIBRARIES = ("gloact_model", "attrs", "cattrs", "PyYAML", "pydantic", "msgspec", "orjson")


def _version(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def _revision() -> str | None:
    """The git commit that gloact's source is at, and whether src/ differs from it."""
    root = Path(__file__).resolve().parent.parent

    def git(*args: str) -> str:
        done = subprocess.run(
            ["git", "-C", str(root), *args], capture_output=True, text=True, check=True
        )
        return done.stdout.strip()

    try:
        head = git("rev-parse", "--short", "HEAD")
        changed = git("status", "--porcelain", "--", "src")
    except (OSError, subprocess.CalledProcessError):
        return None
    return f"{head}, with uncommitted changes in src/" if changed else head


def _processor() -> str:
    """The processor's model name where the system tells it (Linux), else what platform knows."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine_lines(about: dict[str, Any]) -> Iterator[str]:
    """The header: what ran the benchmark."""
    versions = ", ".join(f"{name} {v}" for name, v in about["versions"].items() if v is not None)
    yield f"Python:    {about['python']} ({sys.executable})"
    yield f"Platform:  {about['platform']}"
    yield f"CPU:       {about['processor']}, {about['cpu_count']} logical CPUs"
    yield f"libyaml:   {_yes(about['libyaml'])}; orjson: {_yes(about['orjson'])}"
    yield f"Libraries: {versions}"
    yield f"Source:    git {about['revision'] or 'revision unknown'}"


# Tables --------------------------------------------------------------------------------------


def size_lines(result: SizeResult) -> Iterator[str]:
    """The tables for one size: each task's times and ratios, then the memory held."""
    yield (
        f"{result.events:,} events, {result.sessions:,} sessions, {result.records:,} records: "
        f"JSON {_megabytes(result.json_bytes)}, YAML {_megabytes(result.yaml_bytes)}"
    )
    for task, rows in result.timings.items():
        gloact = _gloact(rows).timing.best
        yield ""
        yield f"  {TASKS[task]:<40} {'best s':>9} {'median s':>9} {'gloact ÷':>9}"
        for row in rows:
            yield (
                f"  {row.label:<40} {row.timing.best:>9.3f} {row.timing.median:>9.3f} "
                f"{gloact / row.timing.best:>9.2f}"
            )
    gloact_bytes = _gloact(result.memory).bytes
    yield ""
    yield f"  {'Memory held by the loaded catalogue':<40} {'MiB':>9} {'':>9} {'gloact ÷':>9}"
    for held in result.memory:
        yield (
            f"  {held.label:<40} {held.bytes / 2**20:>9.1f} {'':>9} "
            f"{gloact_bytes / held.bytes:>9.2f}"
        )


def growth_lines(small: SizeResult, large: SizeResult) -> Iterator[str]:
    """How each time grows from the smallest size to the largest; linear growth is 1.00."""
    scale = large.events / small.events
    yield (
        f"Growth from {small.events:,} to {large.events:,} events (x{scale:g}): "
        f"best time at the larger size ÷ at the smaller, and that ÷ x{scale:g}"
    )
    yield ""
    yield (
        f"  {'task':<10} {'implementation':<40} {f'{small.events:,} s':>9} "
        f"{f'{large.events:,} s':>9} {'growth':>8} {'÷ linear':>9}"
    )
    for task, rows in large.timings.items():
        before = {row.key: row.timing.best for row in small.timings[task]}
        for row in rows:
            growth = row.timing.best / before[row.key]
            flag = "  not linear" if row.key == "gloact" and growth / scale > LINEAR_SLACK else ""
            yield (
                f"  {TASKS[task]:<10} {row.label:<40} {before[row.key]:>9.3f} "
                f"{row.timing.best:>9.3f} {growth:>8.1f} {growth / scale:>9.2f}{flag}"
            )


def verdicts(result: SizeResult) -> list[Verdict]:
    """How gloact stands against each target, at the size of `result`."""
    found: list[Verdict] = []
    for target in TARGETS:
        if target.task == "memory":
            held = {h.key: h.bytes for h in result.memory}
            ratio = held["gloact"] / held[target.reference] if target.reference in held else None
        else:
            best = {row.key: row.timing.best for row in result.timings[target.task]}
            ratio = best["gloact"] / best[target.reference] if target.reference in best else None
        found.append(Verdict(target, ratio))
    return found


def linearity(small: SizeResult, large: SizeResult) -> dict[str, float]:
    """For each task, gloact's growth in time divided by the growth in events (1.0 is linear)."""
    scale = large.events / small.events
    return {
        task: _gloact(rows).timing.best / _gloact(small.timings[task]).timing.best / scale
        for task, rows in large.timings.items()
    }


def target_lines(results: Sequence[SizeResult]) -> Iterator[str]:
    """The targets at the largest size, each met or missed and by how much, then linearity."""
    result = results[-1]
    yield f"Targets at {result.events:,} events (ratios of best times, or of bytes held)"
    yield ""
    yield f"  {'target':<54} {'gloact ÷':>9} {'limit':>7}  verdict"
    for verdict in verdicts(result):
        ratio = "-" if verdict.ratio is None else f"{verdict.ratio:.2f}"
        yield (
            f"  {verdict.target.wanted:<54} {ratio:>9} {verdict.target.limit:>7.2f}  "
            f"{verdict.summary()}"
        )
    if len(results) > 1:
        growths = linearity(results[0], result)
        worst_task, worst = max(growths.items(), key=lambda item: item[1])
        status = "met" if worst <= LINEAR_SLACK else "missed"
        wanted = f"time linear from {results[0].events:,} events (growth ÷ linear)"
        yield (
            f"  {wanted:<54} {worst:>9.2f} {LINEAR_SLACK:>7.2f}  "
            f"{status}: the steepest is {TASKS[worst_task]}"
        )


# JSON ----------------------------------------------------------------------------------------


def results_json(
    about: dict[str, Any],
    settings: dict[str, Any],
    results: Sequence[SizeResult],
    seconds: float,
) -> str:
    """Every raw number of the run, as JSON text."""
    largest = results[-1]
    growths = linearity(results[0], largest) if len(results) > 1 else None
    document = {
        "machine": about,
        "settings": settings,
        "run_seconds": round(seconds, 3),
        "sizes": [_size_json(result) for result in results],
        "growth": (
            {"from_events": results[0].events, "to_events": largest.events, "gloact": growths}
            if growths is not None
            else None
        ),
        "targets": {
            "events": largest.events,
            "verdicts": [
                {
                    "target": v.target.wanted,
                    "task": v.target.task,
                    "reference": v.target.reference,
                    "limit": v.target.limit,
                    "ratio": v.ratio,
                    "met": v.met,
                }
                for v in verdicts(largest)
            ],
        },
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def write_json(path: Path, text: str) -> None:
    """Write the results where the user asked, making the folder if need be."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _size_json(result: SizeResult) -> dict[str, Any]:
    return {
        "events": result.events,
        "sessions": result.sessions,
        "records": result.records,
        "json_bytes": result.json_bytes,
        "yaml_bytes": result.yaml_bytes,
        "timings": {
            task: {
                row.key: {
                    "label": row.label,
                    "seconds": list(row.timing.seconds),
                    "best": row.timing.best,
                    "median": row.timing.median,
                }
                for row in rows
            }
            for task, rows in result.timings.items()
        },
        "memory_bytes": {held.key: held.bytes for held in result.memory},
    }


class _Keyed(Protocol):
    @property
    def key(self) -> str: ...


K = TypeVar("K", bound=_Keyed)


def _gloact(rows: Sequence[K]) -> K:
    return next(row for row in rows if row.key == "gloact")


def _yes(present: bool) -> str:
    return "yes" if present else "no"


def _megabytes(size: int) -> str:
    return f"{size / 1e6:.1f} MB"
