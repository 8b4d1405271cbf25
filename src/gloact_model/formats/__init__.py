"""YAML and JSON documents, as text and as files.

Both formats carry the same data (see `gloact_model.codec`). Writing is
deterministic: equal records give byte-identical text, so files kept in git
change only where the records do. Reading is strict, and every problem in a
document is reported at once, each with its path and its line and column.

YAML is read with a safe loader (libyaml's when present, with the same results
as the pure-Python one) whose only implicit types are null, ``true``/``false``,
whole numbers and decimal numbers: a date, a time or ``NO`` stays text, and the
model decides what it means. Aliases (and so merge keys), repeated keys, and tags
that would give a value another type than it has as plain text (``!!int``,
``!!python/object``) are refused. JSON is read by the standard library's parser;
repeated keys, ``NaN`` and ``Infinity`` are refused. In both, `Limits` bounds
what a document may hold, so a hostile file is refused before it costs much.

Where orjson is installed (the ``fast`` extra), a JSON document is first read
the quick way: orjson parses it, and the codec's fast path builds the records;
a document that is not plainly good on that way is read again as above, so
that what is accepted and every message are the same with or without orjson.
orjson also writes JSON, byte for byte as the standard library would.
"""

# The public face of the package; each job has a module of its own:
#   names        the two formats, and which one a file's suffix names
#   writing      dumps, dump, dump_lines
#   reading      loads, load, iter_load, positions
#   yaml_reader  YAML text to plain data, from the parser's events
#   json_reader  JSON text to plain data, and the scanner that places problems
#   limits       Limits, and the messages that name them
#   parsed       what a reader gives: data, refusals and Positions
#   files        writing a file atomically, never over one unasked (the command line uses it too)
#   collector    pausing the garbage collector, counted across threads

from __future__ import annotations

# isort: off
# In the order of the API reference, which lists the names as they are imported here.
from gloact_model.formats.names import Format, format_for
from gloact_model.formats.limits import Limits
from gloact_model.formats.parsed import Positions
from gloact_model.formats.writing import dumps, dump, dump_lines
from gloact_model.formats.reading import loads, load, iter_load, positions

# isort: on

__all__ = [
    "Format",
    "Limits",
    "Positions",
    "dump",
    "dump_lines",
    "dumps",
    "format_for",
    "iter_load",
    "load",
    "loads",
    "positions",
]
