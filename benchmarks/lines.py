"""JSON Lines at scale: write and read a million sessions, and watch the memory stay flat.

Run from the repository root::

    .venv-bench/bin/python -m benchmarks.lines --records 1000000

It streams sessions from a generator to a file with `dump_lines`, then reads
them back with `iter_load`, sampling the process's resident memory every tenth
of the way. Flat means that the last sample is close to the first: memory does
not grow with the number of records.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from gloact_model import Participation, Period, Session, SessionKind, dump_lines, iter_load

_PAGE = os.sysconf("SC_PAGE_SIZE")
_KINDS = tuple(SessionKind)


def resident_mib() -> float:
    """The resident memory of this process, in MiB (Linux)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * _PAGE / 2**20


def sessions(count: int, samples: list[float]) -> Iterator[Session]:
    """`count` varied sessions, sampling memory every tenth of the way."""
    step = max(count // 10, 1)
    for number in range(count):
        if number % step == 0:
            samples.append(resident_mib())
        yield Session(
            id=f"session-{number}",
            kind=_KINDS[number % len(_KINDS)],
            title=f"Session {number} on the identification of victims",
            period=Period.parse(f"{2015 + number % 5}-{1 + number % 12:02d}"),
            speaker_ids=(f"person-{number % 997}",),
            participation=Participation(total=20 + number % 30, women=number % 20),
        )


def main() -> None:
    """Write and read the file, and print time and memory for each direction."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.lines", description=__doc__)
    parser.add_argument("--records", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "sessions.jsonl"
        written: list[float] = []
        start = time.perf_counter()
        count = dump_lines(sessions(args.records, written), path)
        writing = time.perf_counter() - start
        size = path.stat().st_size
        read: list[float] = []
        step = max(args.records // 10, 1)
        start = time.perf_counter()
        seen = 0
        for seen, _session in enumerate(iter_load(path, Session), start=1):
            if seen % step == 1:
                read.append(resident_mib())
        reading = time.perf_counter() - start
    assert seen == count == args.records
    print(f"{count:,} sessions, {size / 2**20:,.1f} MiB of JSON Lines")
    for name, seconds, samples in (("dump_lines", writing, written), ("iter_load", reading, read)):
        trace = " ".join(f"{m:.0f}" for m in samples)
        print(
            f"{name:10} {seconds:7.1f} s  {count / seconds:9,.0f} records/s  "
            f"resident MiB every tenth: {trace}  (growth {samples[-1] - samples[0]:+.1f} MiB)"
        )


if __name__ == "__main__":
    main()
