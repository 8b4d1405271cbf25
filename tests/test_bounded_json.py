"""The JSON reader's costs stay bounded on hostile input (issue 11, defects 1, 3, 4 and 8).

Each case is one of the issue's reproducers, scaled down: its cost is judged as
memory per byte of input (with `tracemalloc`) or as a ratio of times, never as an
absolute time.
"""

from __future__ import annotations

import json

from gloact_model import Limits, LoadError, Problem, loads, positions
from gloact_model.formats import json_reader
from gloact_model.formats.json_reader import parse_json, parse_json_quickly, scan_json
from tests.costs import assert_linear, assert_memory, seconds

HEAD = '{"schema_version":1,"organisations":['
SOURCE = "<hostile>"


def organisation(other_names: list[str]) -> str:
    """A catalogue of one organisation with these other names, written as they are."""
    names = ",".join(other_names)
    return f'{HEAD}{{"id":"a","name":"A","other_names":[{names}]}}]}}'


def refusal(text: str | bytes, limits: Limits) -> Problem:
    """The one problem of a document that `loads` refuses."""
    try:
        loads(text, format="json", limits=limits)
    except LoadError as error:
        (problem,) = error.problems
        return problem
    raise AssertionError("expected a LoadError")


# Defect 3: a string of escapes ---------------------------------------------


def escaped_quotes(count: int) -> str:
    return HEAD + '{"id":"a","name":"' + '\\"' * count + '"}]}'


def test_a_string_of_escaped_quotes_costs_no_memory_for_each_escape() -> None:
    # 99 MB of \" took 6 GB: some 60 bytes for each escape, kept by the regular expression.
    text = escaped_quotes(1_100_000)  # 2.2 MB: a text of 1.1 million characters
    parsed = parse_json(text, SOURCE, Limits())
    assert [(p.path, p.code) for p in parsed.refused] == [("organisations[0].name", "too-long")]
    # The text, the parser's string, the scanner's token and its text: a few bytes each.
    assert_memory(lambda t: parse_json(str(t), SOURCE, Limits()), text, per_byte=6)
    assert refusal(text, Limits()).code == "too-long"
    # orjson, tried first, holds about 12.5 bytes for each byte of this text.
    assert_memory(lambda t: loads(t, format="json"), text, per_byte=20)


# Defect 4: more values than the limit ---------------------------------------


def empty_lists(count: int) -> str:
    return HEAD + ",".join(["[]"] * count) + "]}"


def test_a_document_of_too_many_values_is_refused_before_it_is_parsed() -> None:
    # Ten million empty lists took 0.9 GB before the count was checked.
    text = empty_lists(1_000_000)  # 3 MB
    limits = Limits(max_values=1000)
    problem = refusal(text, limits)
    assert problem.code == "too-many-values"
    assert problem.message == (
        "the document holds 1,000,004 values, more than the limit of 1,000 (Limits.max_values)"
    )
    assert (problem.line, problem.column) == (1, 1)
    # No object for each value: the text encoded for orjson, and counts of its characters.
    assert_memory(lambda t: loads(t, format="json", limits=limits), text, per_byte=1.5)
    assert_memory(lambda t: loads(t, format="json", limits=limits), text.encode(), per_byte=1.5)
    assert_memory(lambda t: parse_json(str(t), SOURCE, limits), text, per_byte=0.5)
    assert parse_json_quickly(text.encode(), limits, nesting=10) is None


def test_characters_inside_strings_are_not_counted_as_values() -> None:
    # Commas, colons and brackets in strings (some after escapes) raise the quick bound
    # above the limit; the exact count reads the document all the same.
    names = [json.dumps(f'{i}: a, b: [c] {{d}} \\ " ,:[{{' * 20) for i in range(20)]
    text = organisation(names)
    # As the reader counts them, keys with their values: two keys at the top, one
    # organisation, three keys in it, and its other names.
    values = 2 * 2 + 1 + 2 * 3 + len(names)
    assert sum(text.count(c) for c in ",:[{") > 1000
    limits = Limits(max_values=values)
    catalogue = loads(text, format="json", limits=limits)
    assert len(catalogue.organisations[0].other_names) == len(names)
    if json_reader.HAVE_ORJSON:  # else there is no quick way: the full reading below is all
        assert parse_json_quickly(text.encode(), limits, nesting=10) is not None
    parse_json(text, SOURCE, limits)
    one_fewer = Limits(max_values=values - 1)
    problem = refusal(text, one_fewer)
    assert problem.code == "too-many-values"
    assert f"holds {values:,} values" in problem.message


def test_empty_lists_and_mappings_hold_no_value() -> None:
    # [] and {} (with or without blanks inside) hold nothing; [[]] holds one value.
    body = ", ".join(["[]", "[ ]", "{}", "{\n}", "[[]]", "[{}]", '[""]', '{"k": []}'] * 200)
    text = f'{{"schema_version": 1, "x": [{body}]}}'
    data = json.loads(text)
    expected = 4 + 1600 + 200 * (1 + 1 + 1 + 2)
    assert json_reader._measure(data, 1, 64) == expected
    assert json_reader._values_beyond(text, expected - 1) == expected
    assert json_reader._values_beyond(text, expected) == 0
    assert json_reader._values_beyond(text.encode(), expected - 1) == expected


# Defect 8: deep nesting with a raised depth limit -----------------------------


DEEP = Limits(max_depth=10**6)


def nested_lists(depth: int) -> str:
    return "[" * depth + "]" * depth


def read_deep(text: str | bytes) -> object:
    return loads(text, format="json", limits=DEEP)


def test_deep_nesting_costs_linear_time_and_memory() -> None:
    # With max_depth=10**6, 200 KB of nested lists was killed for its memory: the scanner
    # built the whole path of every level.
    assert_linear(read_deep, nested_lists, 2_000)


def test_a_hundred_thousand_levels_are_a_problem_not_a_crash() -> None:
    # Beyond what Python's parser follows: a problem, never a RecursionError.
    assert_memory(read_deep, nested_lists(10_000), per_byte=200)  # first, fails fast
    text = nested_lists(100_000)  # the 200 KB
    problem = refusal(text, DEEP)
    assert (problem.path, problem.code) == ("", "too-deep")
    assert_memory(read_deep, text, per_byte=200)
    mappings = '{"a":' * 10_000 + "1" + "}" * 10_000
    assert refusal(mappings, DEEP).code == "too-deep"


def test_the_path_of_a_deep_refusal_is_still_whole() -> None:
    text = '{"a":' * 3 + "[" * 3 + "NaN" + "]" * 3 + "}" * 3
    (refused,) = scan_json(text, DEEP).refusals
    assert refused.parts == ("a", "a", "a", 0, 0, 0)
    (problem,) = parse_json(text, SOURCE, DEEP).refused
    assert (problem.path, problem.code) == ("a.a.a[0][0][0]", "not-a-number")


# Defect 1, the reader's side: a cap on refusals --------------------------------


def huge_numbers(count: int) -> str:
    return organisation(["1e999"] * count)


def test_a_hundred_thousand_refusals_list_only_the_first() -> None:
    text = huge_numbers(100_000)
    parsed = parse_json(text, SOURCE, Limits())
    assert parsed.stopped
    assert [p.path for p in parsed.refused] == [
        f"organisations[0].other_names[{i}]" for i in range(200)
    ]
    assert {p.code for p in parsed.refused} == {"too-large"}
    # The places of the rest are found all the same.
    where = parsed.positions()
    last = text.rindex("1e999") + 1
    assert where.find("organisations[0].other_names[99999]") == (1, last)
    few = parse_json(text, SOURCE, Limits(max_problems=3))
    assert (len(few.refused), few.stopped) == (3, True)
    exactly = parse_json(huge_numbers(3), SOURCE, Limits(max_problems=3))
    assert (len(exactly.refused), exactly.stopped) == (3, False)


def test_a_document_wrong_in_every_value_costs_about_what_a_good_one_does() -> None:
    # The reader did work for each of the refusals: its problem, its path and its place.
    bad = huge_numbers(100_000)
    good = organisation(["1e100"] * 100_000)

    def read(text: str | bytes) -> object:
        return parse_json(str(text), SOURCE, Limits())

    for attempt in range(2):
        ratio = seconds(read, bad) / seconds(read, good)
        if ratio < 3 or attempt:
            break
    assert ratio < 3, f"{ratio:.1f} times the time of a good document"
    assert_memory(read, bad, per_byte=2)


def test_a_whole_scan_places_every_value_past_the_cap() -> None:
    text = huge_numbers(10)
    limits = Limits(max_problems=2)
    whole = scan_json(text, limits)
    cut = scan_json(text, limits, whole=False)
    assert (whole.stopped, cut.stopped) == (True, True)
    assert len(whole.refusals) == len(cut.refusals) == 2
    assert whole.positions.find("organisations[0].other_names[9]") == (1, text.rindex("1e999") + 1)


def test_a_string_that_is_never_closed_is_scanned_once() -> None:
    """An unclosed string of escaped quotes was scanned again from each of its quotes."""

    def scan(text: str | bytes) -> object:
        assert isinstance(text, str)
        return positions(text, "json")

    assert_linear(scan, lambda n: '["' + '\\"' * n, 5_000)


def test_an_unclosed_string_past_the_parser_s_nesting_is_refused_in_linear_time() -> None:
    deep = Limits(max_depth=10**6)

    def read(text: str | bytes) -> object:
        return loads(text, format="json", limits=deep)

    head = '{"schema_version": 1, "organisations": ' + "[" * 3000
    assert_linear(read, lambda n: head + '"' + '\\"' * n, 2_000, factor=4)
