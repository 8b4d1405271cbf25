"""How the cost of an operation grows with its input: the measure behind bounded costs.

A hostile document is cheap only if its cost grows at most linearly with its
size. Absolute times depend on the machine and on what else runs beside the
tests, so nothing here asserts a time: a case is measured at two sizes, and its
time is judged as a ratio (of one size to the other, or to a cheap reference
operation on the same input), its memory with `tracemalloc`.

A linear cost grows by `factor` when the input does; a quadratic one by
`factor` squared. With the default factor of 8 that is 8 against 64, so the
bound of 3 times linear leaves room for noise and still catches any quadratic
step. A time measurement that fails is taken once more before the test fails,
so that a burst of load on a shared machine is not mistaken for a defect.
"""

from __future__ import annotations

import contextlib
import gc
import time
import tracemalloc
from collections.abc import Callable
from typing import NamedTuple

from gloact_model import LoadError

__all__ = ["Cost", "assert_linear", "assert_memory", "measure", "peak_bytes", "seconds"]

Read = Callable[[str | bytes], object]
Make = Callable[[int], str | bytes]


class Cost(NamedTuple):
    """The cost of one case at one size."""

    size: int
    """Bytes of input (UTF-8 for text)."""
    seconds: float
    peak: int
    """Bytes allocated at the peak, as `tracemalloc` counts them."""


def _run(read: Read, data: str | bytes) -> None:
    with contextlib.suppress(LoadError):  # a refusal is the expected end of a hostile case
        read(data)


def seconds(read: Read, data: str | bytes, *, repeat: int = 3) -> float:
    """The best of `repeat` times of `read(data)`: the least disturbed by other work."""
    best = float("inf")
    gc.collect()
    for _ in range(repeat):
        start = time.perf_counter()
        _run(read, data)
        best = min(best, time.perf_counter() - start)
    return best


def peak_bytes(read: Read, data: str | bytes) -> int:
    """The most memory that `read(data)` holds at once, beyond what it was given."""
    gc.collect()
    tracemalloc.start()
    try:
        _run(read, data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak


def _size(data: str | bytes) -> int:
    return len(data.encode() if isinstance(data, str) else data)


def measure(read: Read, data: str | bytes) -> Cost:
    """Time and peak memory of `read(data)`."""
    return Cost(_size(data), seconds(read, data), peak_bytes(read, data))


def assert_linear(
    read: Read,
    make: Make,
    small: int,
    *,
    factor: int = 8,
    slack: float = 3.0,
    memory: bool = True,
) -> tuple[Cost, Cost]:
    """Fail unless `read` costs at most `slack` times linear from `make(small)` up.

    The second size is `make(small * factor)`.

    Time is compared per byte of input at the two sizes, memory likewise (with
    `memory`); `small` should make a case that takes a few milliseconds, so
    that the timer's resolution does not decide.
    """
    little, big = make(small), make(small * factor)
    grown = _size(big) / _size(little)
    for attempt in range(2):
        low, high = seconds(read, little), seconds(read, big)
        ratio = high / max(low, 1e-6)
        if ratio <= grown * slack:
            break
        if attempt:
            raise AssertionError(
                f"time grew {ratio:.1f} times for {grown:.1f} times the input "
                f"({low * 1000:.1f} ms to {high * 1000:.1f} ms): more than linear"
            )
    # The times just taken; peaks only where they are asked for (tracemalloc is slow).
    peaks = (peak_bytes(read, little), peak_bytes(read, big)) if memory else (0, 0)
    costs = (
        Cost(_size(little), low, peaks[0]),
        Cost(_size(big), high, peaks[1]),
    )
    if memory:
        small_peak, big_peak = (max(c.peak, 1) for c in costs)
        # A constant part (the library's own caches, the refusal) is allowed at the small size.
        if big_peak > small_peak * grown * slack and big_peak > 1_000_000:
            raise AssertionError(
                f"memory grew {big_peak / small_peak:.1f} times for {grown:.1f} times the input "
                f"({small_peak:,} to {big_peak:,} bytes): more than linear"
            )
    return costs


def assert_memory(read: Read, data: str | bytes, *, per_byte: float, floor: int = 2_000_000) -> int:
    """Fail unless `read(data)` holds at most `per_byte` bytes per byte of input (plus `floor`)."""
    peak = peak_bytes(read, data)
    bound = per_byte * _size(data) + floor
    assert peak <= bound, f"{peak:,} bytes at the peak for {_size(data):,} bytes of input"
    return peak
