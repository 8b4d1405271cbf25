"""``python -m benchmarks.profiling``: where gloact's load of a generated catalogue spends its time.

Generates the benchmark's catalogue, loads it once to warm up, then loads it
again under cProfile and prints the costliest functions. cProfile adds a cost
to every call, so it overstates functions that are called often and do little;
read it for where the time goes, not for how long it takes.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
from collections.abc import Sequence

import gloact_model
from benchmarks.suite import make_document


def main(argv: Sequence[str] | None = None) -> int:
    """Profile one load as the command line asks, and print the table; the exit status is 0."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.profiling",
        description="Profile gloact_model.loads on the benchmark's generated catalogue.",
    )
    parser.add_argument("--events", type=int, default=10_000, help="events (default 10000)")
    parser.add_argument("--format", choices=("json", "yaml"), default="json")
    parser.add_argument(
        "--sort", choices=("tottime", "cumulative"), default="tottime", help="default tottime"
    )
    parser.add_argument("--top", type=int, default=25, help="functions shown (default 25)")
    args = parser.parse_args(argv)
    document = make_document(args.events)
    text = document.json_bytes if args.format == "json" else document.yaml_text
    gloact_model.loads(text, format=args.format)
    profiler = cProfile.Profile()
    profiler.runcall(gloact_model.loads, text, format=args.format)
    stats = pstats.Stats(profiler, stream=sys.stdout)
    stats.strip_dirs().sort_stats(args.sort).print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
