"""Fuzzing the readers: whatever the text, a record comes back or a `LoadError` is raised.

Valid documents are broken a little (a slice deleted, repeated or replaced, lines
swapped, bytes put in), which finds more than wholly random text, since most of
the document still parses and the damage reaches the deeper layers.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from gloact_model import (
    Catalogue,
    Event,
    Format,
    Limits,
    LoadError,
    Money,
    Organisation,
    dumps,
    loads,
)
from gloact_model.testing import catalogues, events, organisations

FORMATS: tuple[Format, ...] = ("yaml", "json")
CLASSES: tuple[type, ...] = (Catalogue, Event, Organisation, Money)

# Characters that mean something to YAML or JSON, to break structure rather than text.
TOKENS = [*"[]{}:,\"'&*!|>-?#%@`\\ \t\n", "0", "1e999", "NaN", "- ", ": ", "!!str ", "\ufeff"]
SYNTAX = st.lists(st.sampled_from(TOKENS), max_size=30).map("".join)


def read(text: str | bytes, cls: type, fmt: Format, limits: Limits | None = None) -> None:
    """Read `text`, allowing only a record of `cls` or a `LoadError`."""
    try:
        record: object = loads(text, cls, fmt, limits=limits)
    except LoadError as error:
        problems = error.problems
    else:
        assert isinstance(record, cls)
        return
    assert problems
    assert all(problem.code for problem in problems)


@st.composite
def damaged(draw: st.DrawFn, text: str) -> str:
    """`text` with a few slices deleted, repeated, replaced or moved."""
    for _ in range(draw(st.integers(1, 3))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, min(len(text), start + 40)))
        how = draw(st.sampled_from(["delete", "repeat", "replace", "insert", "swap lines"]))
        if how == "delete":
            text = text[:start] + text[end:]
        elif how == "repeat":
            text = text[:end] + text[start:end] + text[end:]
        elif how == "replace":
            text = text[:start] + draw(SYNTAX | st.text(max_size=8)) + text[end:]
        elif how == "insert":
            text = text[:start] + draw(SYNTAX) + text[start:]
        else:
            lines = text.split("\n")
            i = draw(st.integers(0, len(lines) - 1))
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
    return text


def records() -> st.SearchStrategy[Any]:
    return st.one_of(catalogues(), events(), organisations())


@given(record=records(), fmt=st.sampled_from(FORMATS), data=st.data())
def test_damaged_documents_load_or_raise_a_load_error(
    record: Any, fmt: Format, data: st.DataObject
) -> None:
    text = data.draw(damaged(dumps(record, fmt)))
    read(text, type(record), fmt)
    # With limits so tight that most documents meet one of them.
    read(text, type(record), fmt, Limits(max_depth=3, max_records=2, max_text=10, max_bytes=400))


@given(record=records(), fmt=st.sampled_from(FORMATS), data=st.data())
def test_damaged_bytes_load_or_raise_a_load_error(
    record: Any, fmt: Format, data: st.DataObject
) -> None:
    raw = bytearray(dumps(record, fmt).encode())
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(raw)))
        raw[at:at] = data.draw(st.binary(min_size=1, max_size=4))
    read(bytes(raw), type(record), fmt)


@given(text=st.text(), fmt=st.sampled_from(FORMATS), cls=st.sampled_from(CLASSES))
def test_any_text_loads_or_raises_a_load_error(text: str, fmt: Format, cls: type) -> None:
    read(text, cls, fmt)


@given(text=SYNTAX, fmt=st.sampled_from(FORMATS), cls=st.sampled_from(CLASSES))
def test_any_syntax_loads_or_raises_a_load_error(text: str, fmt: Format, cls: type) -> None:
    read(text, cls, fmt)


@given(raw=st.binary(), fmt=st.sampled_from(FORMATS), cls=st.sampled_from(CLASSES))
def test_any_bytes_load_or_raise_a_load_error(raw: bytes, fmt: Format, cls: type) -> None:
    read(raw, cls, fmt)
