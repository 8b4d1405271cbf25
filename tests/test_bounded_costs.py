"""Every class of hostile document costs at most linearly more as it grows.

`docs/loading.md` promises that reading takes time linear in the input and
memory a small multiple of it, whatever the input holds. Each attack class
below makes a document of a given size, in YAML and in JSON where the format
has it, and `tests.costs.assert_linear` measures it at two sizes eight times
apart: a quadratic step grows 64 times where the bound allows 24. The memory
held at the larger size must stay within the bound per byte that the docs
state for documents of that kind. Each case is sized to take a few
milliseconds, so the whole table stays cheap in CI.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import NamedTuple

import pytest

from gloact_model import Format, Limits, loads
from tests.costs import assert_linear


class Attack(NamedTuple):
    """One way to make a document hurt, at size `n`."""

    make: Callable[[int], str]
    small: int
    limits: Limits | None = None
    per_byte: float = 40
    """The most memory that reading may hold per byte of the document (docs/loading.md)."""
    factor: int = 8


def _yaml(body: str) -> str:
    return "schema_version: 1\n" + body


def _json(body: str) -> str:
    return '{"schema_version": 1, ' + body + "}"


def _organisations(n: int, fmt: Format) -> str:
    if fmt == "yaml":
        return _yaml(
            "organisations:\n" + "".join(f"  - {{id: o{i}, name: O{i}}}\n" for i in range(n))
        )
    items = ",".join(f'{{"id": "o{i}", "name": "O{i}"}}' for i in range(n))
    return _json(f'"organisations": [{items}]')


def _in_a_list(item: str, fmt: Format) -> Callable[[int], str]:
    """Many copies of `item` in one organisation's other names."""
    if fmt == "yaml":
        return lambda n: _yaml(
            f"organisations: [{{id: a, name: A, other_names: [{','.join([item] * n)}]}}]\n"
        )
    return lambda n: _json(
        f'"organisations": [{{"id": "a", "name": "A", "other_names": [{",".join([item] * n)}]}}]'
    )


def _name(value: Callable[[int], str], fmt: Format) -> Callable[[int], str]:
    """One organisation whose name is `value(n)`, written as the format writes a string."""
    if fmt == "yaml":
        return lambda n: _yaml(f'organisations: [{{id: a, name: "{value(n)}"}}]\n')
    return lambda n: _json(f'"organisations": [{{"id": "a", "name": "{value(n)}"}}]')


def _keys(
    key: Callable[[int], str], count: Callable[[int], int], fmt: Format
) -> Callable[[int], str]:
    """One organisation with `count(n)` unknown keys made by `key`."""

    def make(n: int) -> str:
        keys = [key(n) + str(i) for i in range(count(n))]
        if fmt == "yaml":
            return _yaml(
                "organisations:\n  - id: a\n    name: A\n" + "".join(f"    {k}: 1\n" for k in keys)
            )
        extra = "".join(f', "{k}": 1' for k in keys)
        return _json(f'"organisations": [{{"id": "a", "name": "A"{extra}}}]')

    return make


def _nested(fmt: Format) -> Callable[[int], str]:
    if fmt == "yaml":
        return lambda n: _yaml("organisations: " + "[" * n + "]" * n + "\n")
    return lambda n: _json('"organisations": ' + "[" * n + "]" * n)


def _amount(fmt: Format) -> Callable[[int], str]:
    def make(n: int) -> str:
        amount = "1." + "0" * n
        if fmt == "yaml":
            return _yaml(
                f"programmes: [{{id: p, name: P, budget: {{amount: '{amount}', currency: EUR}}}}]\n"
            )
        budget = f'{{"amount": "{amount}", "currency": "EUR"}}'
        return _json(f'"programmes": [{{"id": "p", "name": "P", "budget": {budget}}}]')

    return make


def _events(fmt: Format) -> Callable[[int], str]:
    """One event of many sessions, each naming a speaker: records nested three deep."""

    def make(n: int) -> str:
        sessions = [
            {"id": f"s{i}", "kind": "presentation", "speaker_ids": [f"p{i}"], "topics": ["T"]}
            for i in range(n)
        ]
        event = {"id": "e", "name": "E", "kind": "workshop", "sessions": sessions}
        if fmt == "yaml":
            lines = "".join(
                f"      - {{id: s{i}, kind: presentation, speaker_ids: [p{i}], topics: [T]}}\n"
                for i in range(n)
            )
            return _yaml(
                f"events:\n  - id: e\n    name: E\n    kind: workshop\n    sessions:\n{lines}"
            )
        return _json(f'"events": [{json.dumps(event)}]')

    return make


DEEP = Limits(max_depth=1_000_000)
LONG = Limits(max_text=10**8)

VALUES = 200
"""Bytes per byte of a document of values of one or two characters: about 300 per value."""
LEVELS = 500
"""Bytes per byte of a document of nothing but brackets: about 350 per level of nesting."""
FLOOR = 2_000_000
"""What reading holds whatever the document: the library's caches and one refusal's text."""


def attacks(fmt: Format) -> dict[str, Attack]:
    """The attack classes of `fmt`, by name."""
    table = {
        "many records": Attack(lambda n: _organisations(n, fmt), 300),
        "many tiny values": Attack(_in_a_list("[]", fmt), 1_500, per_byte=VALUES),
        "many wrong values": Attack(_in_a_list("1", fmt), 1_000, per_byte=VALUES),
        "many numbers beyond a float": Attack(_in_a_list("1e999", fmt), 1_000),
        "a number of many digits": Attack(_in_a_list("1" * 4_000, fmt), 20),
        "many long unknown keys": Attack(_keys(lambda n: "k" * 200, lambda n: n, fmt), 300),
        "a long unknown key": Attack(
            _keys(lambda n: "k" * n, lambda n: 1, fmt), 400_000 if fmt == "yaml" else 50_000
        ),
        "a long text": Attack(_name(lambda n: "x" * n, fmt), 100_000, LONG),
        "a long text of escapes": Attack(_name(lambda n: "\\\\" * n, fmt), 50_000, LONG),
        "a text of escapes beyond the limit": Attack(_name(lambda n: "\\\\" * n, fmt), 50_000),
        # In YAML, libyaml hands a document over to the pure parser beyond 1,000 levels (a
        # constant factor slower): both sizes are beyond it, to compare one parser with itself.
        "deep nesting within a raised limit": (
            Attack(_nested(fmt), 1_100, DEEP, LEVELS, factor=4)
            if fmt == "yaml"
            else Attack(_nested(fmt), 250, DEEP, LEVELS)
        ),
        "an amount of many digits": Attack(_amount(fmt), 2_000),
        "many sessions with unknown speakers": Attack(_events(fmt), 100),
    }
    if fmt == "yaml":
        table["many aliases"] = Attack(_in_a_list("*x", fmt), 1_000)
        table["many comment lines"] = Attack(lambda n: _yaml("# a comment\n" * n), 2_000)
        table["many repeated keys"] = Attack(
            lambda n: _yaml("organisations:\n  - id: a\n" + "    name: A\n" * n), 2_000
        )
    else:
        table["many repeated keys"] = Attack(
            lambda n: _json('"organisations": [{"id": "a"' + ', "name": "A"' * n + "}]"), 2_000
        )
        table["white space"] = Attack(lambda n: _json(" \n" * n + '"organisations": []'), 20_000)
    return table


CASES = [
    pytest.param(fmt, name, id=f"{fmt}: {name}")
    for fmt in ("yaml", "json")
    for name in attacks(fmt)
]


@pytest.mark.parametrize(("fmt", "name"), CASES)
def test_an_attack_costs_at_most_linear_time_and_a_bounded_memory_per_byte(
    fmt: Format, name: str
) -> None:
    attack = attacks(fmt)[name]

    def read(text: str | bytes) -> object:
        return loads(text, format=fmt, limits=attack.limits)

    _, big = assert_linear(read, attack.make, attack.small, factor=attack.factor)
    bound = attack.per_byte * big.size + FLOOR
    assert big.peak <= bound, f"{big.peak:,} bytes at the peak for {big.size:,} bytes of input"
