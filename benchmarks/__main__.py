"""``python -m benchmarks``: measure gloact_model against its peers, and print the tables.

Run from the repository root, in a virtual environment that has the package and
``benchmarks/requirements.txt`` installed. Progress goes to standard error, the
report to standard output.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.report import (
    growth_lines,
    machine,
    machine_lines,
    results_json,
    size_lines,
    target_lines,
    write_json,
)
from benchmarks.suite import SizeResult, make_document, measure

DEFAULT_SIZES = (1_000, 10_000)
DEFAULT_REPEAT = 5
QUICK_SIZES = (100, 1_000)
QUICK_REPEAT = 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark as the command line asks; the exit status is 0."""
    args = _parser().parse_args(argv)
    sizes = sorted(set(args.sizes or (QUICK_SIZES if args.quick else DEFAULT_SIZES)))
    repeat = args.repeat or (QUICK_REPEAT if args.quick else DEFAULT_REPEAT)
    started = time.perf_counter()
    about = machine()

    def progress(message: str) -> None:
        print(f"[{time.perf_counter() - started:6.0f} s] {message}", file=sys.stderr, flush=True)

    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    runs = f"{repeat} runs" if repeat != 1 else "1 run"
    _show(f"gloact_model benchmarks, {stamp}: best and median of {runs} after a warm-up")
    _show(*machine_lines(about))
    if args.gc_off:
        _show("Collector: OFF during timed runs (a diagnostic: users have it on)")
    _show("")
    results: list[SizeResult] = []
    for events in sizes:
        progress(f"{events:,} events: generating the catalogue and its JSON and YAML")
        document = make_document(events)
        results.append(measure(document, repeat, progress, collector=not args.gc_off))
        del document
        _show(*size_lines(results[-1]), "")
    if len(results) > 1:
        _show(*growth_lines(results[0], results[-1]), "")
    _show(*target_lines(results), "")
    seconds = time.perf_counter() - started
    _show(f"The whole run took {_duration(seconds)}.")
    if args.json is not None:
        settings = {
            "sizes": sizes,
            "repeat": repeat,
            "quick": args.quick,
            "gc_off": args.gc_off,
            "started": stamp,
        }
        write_json(args.json, results_json(about, settings, results, seconds))
        progress(f"wrote {args.json}")
    return 0


def _show(*lines: str) -> None:
    for line in lines:
        print(line, flush=True)


def _duration(seconds: float) -> str:
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest} s" if minutes else f"{rest} s"


def _sizes(text: str) -> tuple[int, ...]:
    try:
        sizes = tuple(int(part) for part in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a list of whole numbers such as 1000,10000"
        ) from None
    if any(size < 1 for size in sizes):
        raise argparse.ArgumentTypeError(f"every size must be 1 or more, not {text!r}")
    return sizes


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of 1 or more")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Time gloact_model's JSON and YAML loads and dumps, and weigh a loaded "
        "catalogue, against pydantic v2, msgspec, orjson, json and PyYAML on the same "
        "generated documents.",
    )
    parser.add_argument(
        "--sizes",
        type=_sizes,
        help=f"numbers of events, comma-separated (default {','.join(map(str, DEFAULT_SIZES))}; "
        "each event has four sessions)",
    )
    parser.add_argument(
        "--repeat",
        type=_positive,
        help=f"timed runs of each task after the warm-up (default {DEFAULT_REPEAT})",
    )
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write every number here")
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"a smoke run: sizes {','.join(map(str, QUICK_SIZES))} and {QUICK_REPEAT} runs, "
        "unless --sizes or --repeat say otherwise",
    )
    parser.add_argument(
        "--gc-off",
        action="store_true",
        help="a diagnostic: switch the cyclic garbage collector off during each timed run, "
        "to tell its cost from that of the work (users have it on)",
    )
    return parser


if __name__ == "__main__":
    sys.exit(main())
