"""Clocks and scales: how long work takes, and how much memory its result holds.

A piece of work comes in two halves: `given` makes what the work needs (the
bytes to load, or the loaded objects to dump), untimed; `run` does the work on
it, timed. The input is made afresh for every run and dropped after it, so
that each run has only its own objects alive: the cyclic garbage collector,
which walks every live container, then costs each implementation what its own
work costs, and not what the others' inputs weigh.
"""

from __future__ import annotations

import gc
import statistics
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["Timing", "Work", "held_bytes", "time_together"]

Work = tuple[Callable[[], Any], Callable[[Any], object]]
"""What a piece of work needs, made untimed (`given`), and the work on it (`run`)."""


@dataclass(frozen=True)
class Timing:
    """The seconds of each timed run of one piece of work."""

    seconds: tuple[float, ...]

    @property
    def best(self) -> float:
        """The fastest run: the cost of the work with the least interference."""
        return min(self.seconds)

    @property
    def median(self) -> float:
        """The middle run: what a run typically costs on this machine."""
        return statistics.median(self.seconds)


def time_together(works: Sequence[Work], repeat: int, *, collector: bool = True) -> list[Timing]:
    """Time each piece of work `repeat` times, after one warm-up run of each.

    The pieces take turns, one run of each per round, so that a noisy spell on a
    shared machine falls on all of them rather than on one. Garbage is collected
    before each timed run and its result dropped outside the clock. Nothing else
    is switched off, so the times are those a user gets, unless `collector` is
    False: then the cyclic garbage collector is off during each timed run, to
    tell its cost from that of the work.
    """
    if repeat < 1:
        raise ValueError(f"repeat must be 1 or more, not {repeat}")
    for given, run in works:
        run(given())
    seconds: list[list[float]] = [[] for _ in works]
    for _ in range(repeat):
        for (given, run), times in zip(works, seconds, strict=True):
            times.append(_time_once(given, run, collector=collector))
    return [Timing(tuple(times)) for times in seconds]


def _time_once(given: Callable[[], Any], run: Callable[[Any], object], *, collector: bool) -> float:
    value = given()
    gc.collect()
    if not collector:
        gc.disable()
    try:
        start = time.perf_counter()
        result = run(value)
        elapsed = time.perf_counter() - start
    finally:
        gc.enable()
    del result, value
    return elapsed


def held_bytes(work: Work) -> int:
    """The memory still allocated by a piece of work once it has returned, while its result lives.

    Measured with tracemalloc, which sees every allocation through Python's
    allocators (those of C extensions such as msgspec and pydantic-core
    included), after a collection so that only what the result holds remains.
    Run the work once before, so that caches it fills are not counted.
    """
    given, run = work
    value = given()
    gc.collect()
    tracemalloc.start()
    try:
        before, _ = tracemalloc.get_traced_memory()
        result = run(value)
        gc.collect()
        after, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    del result, value
    return after - before
