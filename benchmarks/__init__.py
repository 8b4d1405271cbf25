"""How fast gloact_model reads and writes, and how much a loaded catalogue holds.

Run ``python -m benchmarks`` from the repository root (``--help`` for the
options). It generates a deterministic catalogue at several sizes
(`benchmarks.generate`), and measures in one process gloact's JSON and YAML
loads and dumps and the memory a loaded catalogue holds, against equivalent
pydantic v2 and msgspec models (`benchmarks.peers`) and against the plain
parsers alone. ``docs/performance.md`` shows a run and reads it, and
``python -m benchmarks.profiling`` shows where gloact's load of the same
catalogue spends its time.

This package is not part of the test run, and pydantic and msgspec are never
dependencies of gloact_model (orjson is only an optional one, the ``fast``
extra): install ``benchmarks/requirements.txt`` into a separate environment.
"""
