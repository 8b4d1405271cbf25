"""Records to plain data and back: one cattrs converter, made by `make_converter`.

Plain data is what JSON and YAML hold: dicts with snake_case keys in the order
the fields are declared, lists, strings, whole numbers. Enum values are their
lowercase strings, dates ISO 8601 strings (``2018``, ``2018-10``,
``2018-10-23``), amounts decimal strings, countries alpha-2 codes, times
``HH:MM`` (``HH:MM:SS`` when there are seconds). Fields at their default
value (None, an empty tuple, the default enum) are left out, so equal records
give equal data.

Reading is strict. Nothing is coerced: ``false`` where text belongs, text where
a list belongs, ``1.9`` where a whole number belongs are problems, not
``'False'``, a list of letters, or ``1``. Every problem in the data is reported
at once, each with its path (``events[0].sessions[1].period.start``).
"""

# The rooms of the codec, each with one job:
#   _strict        the strict cattrs hooks, and the converter that they configure
#   _generated     what the generated paths handle (shared by reading and writing)
#   _fast_reading  the generated reading path
#   _fast_writing  the generated writing path
#   _paths         problems with their paths, from cattrs' error trees
#   _documents     the public functions: to_dict, from_dict and exchange documents
# This module is their public face: `__all__` for users; and the names re-exported
# as themselves ("import X as X"), outside `__all__`, for the layers above (formats,
# schema), which import them from here and never from the rooms.

from __future__ import annotations

# isort: off
# In the order in which the API reference shows them (its members_order is "source").
from gloact_model.codec._versions import SCHEMA_VERSION, OLDEST_VERSION, upgrade
from gloact_model.codec._strict import configure_converter, make_converter
from gloact_model.codec._documents import to_dict, from_dict, to_document, from_document
# isort: on

from gloact_model.codec._documents import MORE as MORE
from gloact_model.codec._documents import fast_document as fast_document
from gloact_model.codec._fast_reading import GIVES_UP as GIVES_UP
from gloact_model.codec._fast_reading import fast_nesting as fast_nesting
from gloact_model.codec._fast_writing import ShallowWriter as ShallowWriter
from gloact_model.codec._fast_writing import shallow_writer as shallow_writer
from gloact_model.codec._paths import describe as describe
from gloact_model.codec._paths import join_key as join_key
from gloact_model.codec._paths import problems_of as problems_of
from gloact_model.codec._strict import DECIMAL_RE as DECIMAL_RE
from gloact_model.codec._strict import TIME_RE as TIME_RE
from gloact_model.codec._versions import added_keys as added_keys
from gloact_model.codec._versions import version_problem as version_problem

__all__ = [
    "OLDEST_VERSION",
    "SCHEMA_VERSION",
    "configure_converter",
    "from_dict",
    "from_document",
    "make_converter",
    "to_dict",
    "to_document",
    "upgrade",
]
