"""The fast paths give what the full paths give, and refuse what they refuse.

Reading has a fast path (generated code that checks each value's type exactly and
builds records without checking the types again) and a quick JSON route (orjson,
with repeated keys found by counting); writing has generated unstructuring code
and orjson. Each is compared here with the full path it stands in for, on valid
records from `gloact_model.testing` and on data broken in every way a strategy
finds: the same records, the same bytes, the same problems.

orjson is an optional extra: without it, the generated paths are still tested
here, and only the tests of the quick JSON route and of orjson's bytes skip.
"""

from __future__ import annotations

import copy
import json
import pickle
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gloact_model
from gloact_model import (
    Catalogue,
    Country,
    Event,
    EventRole,
    InvariantError,
    Limits,
    LoadError,
    Money,
    Organisation,
    PartialDate,
    Period,
    Session,
    codec,
    dumps,
    formats,
    loads,
)
from gloact_model.codec import (
    _documents,
    _fast_reading,
    _generated,
    from_dict,
    to_dict,
    to_document,
)
from gloact_model.codec._fast_reading import fast_structurer
from gloact_model.codec._fast_writing import fast_unstructurer
from gloact_model.codec._strict import default_converter
from gloact_model.formats import json_reader, reading, writing, yaml_reader
from gloact_model.model.building import trusted_builder
from gloact_model.model.country import shared_countries
from gloact_model.model.dates import _SHARED_DATES, _shared_date, shared_date
from gloact_model.testing import catalogues, events, money, organisations, sources

needs_orjson = pytest.mark.skipif(
    not json_reader.HAVE_ORJSON,
    reason="orjson (the fast extra) is not installed: only it takes the quick JSON route",
)


def outcome(call: Any) -> tuple[str, Any]:
    """What a read gives: the record, or the problems of its `LoadError`."""
    try:
        return "record", call()
    except LoadError as error:
        return "problems", error.problems


def both(call: Any) -> tuple[tuple[str, Any], tuple[str, Any]]:
    """The outcome of `call` by the fast paths, then by the full paths alone."""
    fast = outcome(call)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_documents, "fast_structurer", lambda cls: None)
        patch.setattr(json_reader, "HAVE_ORJSON", False)
        full = outcome(call)
    return fast, full


# Reading: equal records, and the fast path is taken ---------------------------------


@given(catalogues(max_records=3))
def test_the_fast_path_reads_every_valid_catalogue_as_the_converter_does(
    catalogue: Catalogue,
) -> None:
    data = to_dict(catalogue)
    fast = fast_structurer(Catalogue)
    assert fast is not None
    record = fast(copy.deepcopy(data))  # no fallback here: it must accept valid data
    assert record == catalogue
    assert record == default_converter().structure(data, Catalogue)


@given(st.one_of(events(), organisations(), sources(), money()))
def test_the_fast_path_reads_single_records(record: Any) -> None:
    fast = fast_structurer(type(record))
    assert fast is not None
    assert fast(to_dict(record)) == record


@needs_orjson
@given(catalogues(max_records=3))
def test_the_quick_json_route_reads_what_the_full_route_reads(catalogue: Catalogue) -> None:
    text = dumps(catalogue, "json").encode("utf-8")
    limits = Limits()
    data = json_reader.parse_json_quickly(text, limits, nesting=codec.fast_nesting(Catalogue))
    assert data == json.loads(text)
    assert reading._quickly(text, Catalogue, limits) == catalogue


def test_yaml_documents_take_the_fast_path_too(madrid_text: str) -> None:
    parsed = yaml_reader.parse_yaml(madrid_text, "madrid.yaml", Limits())
    assert codec.fast_document(parsed.data, Catalogue) == loads(madrid_text)


def test_trusted_builder_runs_converters_and_rules_but_not_type_checks() -> None:
    build = trusted_builder(Money)
    assert build is not None
    made = build(Decimal("11000000.00"), "EUR")
    assert made == Money(amount=Decimal("11000000.00"), currency="EUR")
    assert str(made.amount) == "11000000"  # the converter ran
    with pytest.raises(InvariantError) as caught:
        build(Decimal("-1"), "EURO")
    with pytest.raises(InvariantError) as direct:
        Money(amount=Decimal("-1"), currency="EURO")
    assert caught.value.problems == direct.value.problems
    # The constructor still checks every type for a caller who passes anything.
    with pytest.raises(InvariantError, match="expected a string"):
        Country(5)  # type: ignore[arg-type]
    with pytest.raises(InvariantError, match="pass a tuple"):
        Session(id="s", kind="opening", topics=["a"])  # type: ignore[arg-type]


# Reading: the same refusals ----------------------------------------------------------

ODD: list[Any] = [
    None,
    True,
    False,
    0,
    -1,
    1.5,
    10**30,
    "",
    " x",
    "x",
    "EG",
    "eg",
    "2018-02-30",
    "2018",
    "09:30",
    "25:00",
    "opening",
    "host",
    "11000000.00",
    [],
    ["x"],
    [None],
    {},
    {"start": "2018"},
    "\x00",
    "\ud800",
]
ODD_VALUES = st.sampled_from(ODD)


def paths(data: Any, here: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """The path of every value inside `data`."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield (*here, key)
            yield from paths(value, (*here, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield (*here, index)
            yield from paths(value, (*here, index))


@st.composite
def broken(draw: st.DrawFn, data: dict[str, Any]) -> dict[str, Any]:
    """`data` with a value replaced, a key removed or an unknown key added."""
    data = copy.deepcopy(data)
    places = list(paths(data))
    for _ in range(draw(st.integers(1, 2))):
        if not places:
            break
        *parents, last = draw(st.sampled_from(places))
        container: Any = data
        try:
            for part in parents:
                container = container[part]
            how = draw(st.sampled_from(["replace", "remove", "add"]))
            if how == "replace":
                container[last] = draw(ODD_VALUES)
            elif how == "remove" and isinstance(container, dict):
                del container[last]
            elif isinstance(container, dict):
                container[draw(st.sampled_from(["extra", "Id", "period "]))] = draw(ODD_VALUES)
        except (KeyError, IndexError, TypeError):
            pass  # an earlier change took the place away
    return data


@given(st.data(), catalogues(max_records=2))
def test_broken_data_is_refused_alike(data: st.DataObject, catalogue: Catalogue) -> None:
    bad = data.draw(broken(to_dict(catalogue)))
    fast, full = both(lambda: from_dict(copy.deepcopy(bad), Catalogue))
    assert fast == full


@given(st.data(), events())
def test_broken_json_documents_are_refused_alike(data: st.DataObject, event: Event) -> None:
    bad = data.draw(broken(to_document(event)))
    try:
        text = json.dumps(bad, ensure_ascii=False)
    except ValueError:
        return
    encoded = text.encode("utf-8", errors="surrogatepass")
    fast, full = both(lambda: loads(encoded, Event, "json"))
    assert fast == full


class Code(str):
    """Text of a subclass of str, which the constructor refuses where a str belongs."""


def test_every_place_of_a_rich_catalogue_refuses_odd_values_alike(madrid_text: str) -> None:
    # Every kind of place in the example catalogue (the first of each list), with
    # every odd value, and text of a subclass of str: exhaustive, not sampled.
    data = to_dict(loads(madrid_text))
    seen: set[tuple[Any, ...]] = set()
    odd = [*ODD, Code("EG"), Code("host"), Code("x")]
    checked = 0
    for path in paths(data):
        kind = tuple(0 if isinstance(part, int) else part for part in path)
        if kind in seen:
            continue
        seen.add(kind)
        for value in odd:
            bad = copy.deepcopy(data)
            container: Any = bad
            for part in path[:-1]:
                container = container[part]
            container[path[-1]] = value
            fast, full = both(lambda bad=bad: from_dict(bad, Catalogue))
            assert fast == full, (path, value)
            checked += 1
    assert checked > 1000


def test_a_subclass_of_str_is_refused_as_the_constructor_refuses_it() -> None:
    data = {"organisation_id": "unodc", "role": Code("host")}
    fast, full = both(lambda: from_dict(data, codec_class("EventOrganisation")))
    assert fast == full
    location = {"country": Code("EG")}
    fast, full = both(lambda: from_dict(location, codec_class("Location")))
    assert fast == full
    assert fast[0] == "problems"


def codec_class(name: str) -> type:
    cls = getattr(gloact_model, name)
    assert isinstance(cls, type)
    return cls


MADRID_JSON: dict[str, Any] = {
    "schema_version": 1,
    "events": [{"id": "e", "name": "A workshop", "kind": "workshop"}],
}


@pytest.mark.parametrize(
    "text",
    [
        '{"schema_version": 1, "events": [{"id": "e", "id": "f", "name": "N", "kind": "workshop"}'
        "]}",
        '{"schema_version": 1, "events": [{"id" : "e", "id":"e", "name": "N", "kind": "workshop"}'
        "]}",
        # A colon written as an escape must not hide a repeated key from the count.
        '{"schema_version": 1, "events": [{"id": "e", "name": "N", "name": "\\u003a", '
        '"kind": "workshop"}]}',
        '{"schema_version": 1, "schema_version": 1, "events": []}',
        '{"schema_version": 1, "events": [{"id": "e", "name": "N:", "kind": "workshop", '
        '"kind": "workshop"}]}',
        '{"schema_version": 1, "events": [{"id": "e", "name": "N", "kind": "workshop", '
        '"number": 99999999999999999999}]}',
        '{"schema_version": 1.0, "events": []}',
        '{"schema_version": 1, "events": [{"id": "e", "name": "\\ud800", "kind": "workshop"}]}',
        '{"schema_version": 1, "events": [{"id": "e", "name": "N", "kind": "workshop", '
        '"period": {"start": NaN}}]}',
    ],
)
def test_what_the_quick_route_must_not_accept(text: str) -> None:
    encoded = text.encode("utf-8", errors="surrogatepass")
    fast, full = both(lambda: loads(encoded, Catalogue, "json"))
    assert fast == full
    assert fast[0] == "problems"
    assert json_reader.parse_json_quickly(encoded, Limits(), nesting=7) is None or (
        reading._quickly(encoded, Catalogue, Limits()) is None
    )


@needs_orjson
def test_the_quick_route_keeps_to_the_limits() -> None:
    text = json.dumps(MADRID_JSON).encode()
    assert reading._quickly(text, Catalogue, Limits()) is not None
    for limits in (Limits(max_depth=3), Limits(max_values=5), Limits(max_records=0 + 1)):
        fast, full = both(lambda limits=limits: loads(text, Catalogue, "json", limits=limits))
        assert fast == full
    assert reading._quickly(text, Catalogue, Limits(max_depth=6)) is None
    assert reading._quickly(text, Catalogue, Limits(max_values=5)) is None
    long = json.dumps({**MADRID_JSON, "events": [{**MADRID_JSON["events"][0], "name": "x" * 3000}]})
    limits = Limits(max_text=2048)
    assert reading._quickly(long.encode(), Catalogue, limits) is None
    fast, full = both(lambda: loads(long, Catalogue, "json", limits=limits))
    assert fast == full
    assert fast[0] == "problems"


@needs_orjson
@given(st.text(max_size=40))
def test_the_quick_route_reads_any_text_as_the_full_route(text: str) -> None:
    document = json.dumps(
        {"schema_version": 1, "events": [{"id": "e", "name": text, "kind": "workshop"}]}
    )
    encoded = document.encode("utf-8", errors="surrogatepass")
    quick = json_reader.parse_json_quickly(encoded, Limits(), nesting=7)
    if quick is not None:
        assert quick == json.loads(document)


# Writing: the same data, the same bytes -----------------------------------------------


@given(catalogues(max_records=3))
def test_the_fast_path_writes_what_the_converter_writes(catalogue: Catalogue) -> None:
    fast = to_dict(catalogue)
    full = default_converter().unstructure(catalogue)
    assert fast == full
    assert json.dumps(fast) == json.dumps(full)  # the same order of keys, too


@given(st.one_of(events(), organisations(), sources(), money()))
def test_the_fast_path_writes_single_records(record: Any) -> None:
    assert json.dumps(to_dict(record)) == json.dumps(default_converter().unstructure(record))


TEXTS = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cs"])
    | st.sampled_from('\x00\x1f\x7f"\\\n\t'),
    max_size=30,
)
AMOUNTS = st.decimals(allow_nan=False, allow_infinity=False, places=None).map(
    lambda d: format(d, "f")
)
PLAIN = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**64 - 1) | TEXTS | AMOUNTS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXTS, inner, max_size=4),
    max_leaves=20,
)


@needs_orjson
@given(st.dictionaries(TEXTS, PLAIN, max_size=5))
def test_orjson_writes_the_standard_librarys_bytes(document: dict[str, Any]) -> None:
    expected = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    assert writing._json_text(document) == expected
    assert writing._json_line(document) == json.dumps(
        document, ensure_ascii=False, separators=(",", ":")
    )


@needs_orjson
def test_what_orjson_cannot_write_is_written_by_the_standard_library() -> None:
    for document in ({"n": 2**70}, {"t": "\ud800"}, {"n": -(2**64)}):
        assert (
            writing._json_text(document)
            == json.dumps(document, ensure_ascii=False, indent=2) + "\n"
        )
        assert writing._json_line(document) == json.dumps(
            document, ensure_ascii=False, separators=(",", ":")
        )


@given(catalogues(max_records=3), st.sampled_from(["json", "yaml"]))
def test_documents_are_byte_identical_by_either_path(
    catalogue: Catalogue, fmt: formats.Format
) -> None:
    fast = dumps(catalogue, fmt)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_documents, "fast_unstructurer", lambda cls: None)
        patch.setattr(writing, "_orjson", None)
        assert dumps(catalogue, fmt) == fast


def test_non_ascii_text_and_extreme_amounts_are_written_alike() -> None:
    amounts = ["0.000001", "999999999999999999.999999", "1E+5", "12.50", "0"]
    records = [
        Organisation(id="o", name="Организация «Ñandú» 😀 \u00a0é", description='a\n\tb "q" \\'),
        *(Money(amount=Decimal(a), currency="EUR") for a in amounts),
    ]
    fast = [dumps(r, "json") for r in records]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_documents, "fast_unstructurer", lambda cls: None)
        patch.setattr(writing, "_orjson", None)
        assert [dumps(r, "json") for r in records] == fast
    assert '"999999999999999999.999999"' in fast[2]
    assert '"100000"' in fast[3]
    assert "Ñandú" in fast[0]


# Sharing: interned countries, shared dates and value records, bounded caches --------


def test_countries_read_are_one_object_per_code_and_still_values() -> None:
    document = {
        "schema_version": 1,
        "events": [
            {"id": f"e{i}", "name": "N", "kind": "workshop", "location": {"country": "EG"}}
            for i in range(3)
        ],
    }
    catalogue = loads(json.dumps(document), Catalogue, "json")
    countries = [e.location.country for e in catalogue.events if e.location is not None]
    assert countries[0] is countries[1] is countries[2] is shared_countries()["EG"]
    assert Country("EG") == countries[0]
    assert hash(Country("EG")) == hash(countries[0])
    assert Country("EG") is not Country("EG")  # the constructor is unchanged
    assert pickle.loads(pickle.dumps(countries[0])) == Country("EG")
    assert set(shared_countries()) == {c.code for c in shared_countries().values()}
    with pytest.raises(KeyError):
        shared_countries()["XX"]


def test_dates_are_shared_within_a_bounded_cache() -> None:
    assert shared_date("2018-10-23") is shared_date("2018-10-23")
    assert shared_date("2018-10") == PartialDate.parse("2018-10")
    with pytest.raises(InvariantError):
        shared_date("2018-13")
    for year in range(1000, 1000 + _SHARED_DATES + 100):
        shared_date(str(year))
    info = _shared_date.cache_info()
    assert info.maxsize == _SHARED_DATES
    assert info.currsize <= _SHARED_DATES
    assert _fast_reading.shared_time.cache_info().maxsize == _generated.SHARED_TIMES


def test_value_records_are_shared_within_one_read_and_forgotten_after() -> None:
    event = {"id": "e", "name": "N", "kind": "workshop", "period": {"start": "2018", "end": "2019"}}
    document = {"schema_version": 1, "events": [{**event, "id": f"e{i}"} for i in range(3)]}
    catalogue = loads(json.dumps(document), Catalogue, "json")
    periods = [e.period for e in catalogue.events]
    assert periods[0] is periods[1] is periods[2]
    assert periods[0] == Period.parse("2018/2019")
    structure = fast_structurer(Catalogue)
    assert structure is not None
    memos = _memos(structure)
    assert memos
    assert all(memo == {} for memo in memos)


def _memos(function: Any) -> tuple[dict[Any, Any], ...]:
    """The memos that a fast-path function closes over, to forget after each document."""
    for cell in function.__closure__ or ():
        if isinstance(cell.cell_contents, tuple):
            memos: tuple[dict[Any, Any], ...] = cell.cell_contents
            return memos
    return ()


def test_shared_records_are_equal_to_built_ones() -> None:
    role: Any = from_dict(
        {"organisation_id": "unodc", "role": "host"}, codec_class("EventOrganisation")
    )
    assert role == codec_class("EventOrganisation")(organisation_id="unodc", role=EventRole.HOST)
    assert attrs.asdict(role) == {"organisation_id": "unodc", "role": EventRole.HOST}


def test_shared_records_are_written_alike_and_forgotten_after() -> None:
    period = {"start": "2018-10-23", "end": "2018-10-27"}
    event = {
        "name": "N",
        "kind": "workshop",
        "period": period,
        "organisations": [{"organisation_id": "unodc", "role": "organiser"}],
        "sessions": [
            {"id": f"s{i}", "kind": "training", "period": period, "start_time": "09:30"}
            for i in range(3)
        ],
    }
    document = {"schema_version": 1, "events": [{**event, "id": f"e{i}"} for i in range(3)]}
    catalogue = loads(json.dumps(document), Catalogue, "json")
    assert catalogue.events[0].period is catalogue.events[2].sessions[1].period
    fast = dumps(catalogue, "json")
    assert fast == json.dumps(to_document(catalogue), ensure_ascii=False, indent=2) + "\n"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_documents, "fast_unstructurer", lambda cls: None)
        patch.setattr(writing, "_orjson", None)
        assert dumps(catalogue, "json") == fast
    writer = codec.shallow_writer(Catalogue)
    assert writer is not None
    memos = _memos(writer.forget)
    assert memos
    assert all(memo == {} for memo in memos)


def test_byte_order_marks_are_taken_off_once_either_way() -> None:
    text = json.dumps(MADRID_JSON)
    for document in ("\ufeff" + text, ("\ufeff" + text).encode("utf-8")):
        fast, full = both(lambda document=document: loads(document, Catalogue, "json"))
        assert fast == full
        assert fast[0] == "record"
    for document in ("\ufeff\ufeff" + text, ("\ufeff\ufeff" + text).encode("utf-8")):
        fast, full = both(lambda document=document: loads(document, Catalogue, "json"))
        assert fast == full
        assert fast[0] == "problems"


@attrs.frozen(kw_only=True)
class CheckedMoney(Money):
    """A subclass made outside the model, with a rule of its own in its constructor."""

    def __attrs_post_init__(self) -> None:
        super().__attrs_post_init__()
        if self.currency != "EUR":
            raise InvariantError("CheckedMoney", [])


def test_classes_made_elsewhere_are_left_to_the_converter() -> None:
    assert fast_structurer(CheckedMoney) is None
    assert fast_unstructurer(CheckedMoney) is None
    assert codec.shallow_writer(CheckedMoney) is None
    assert trusted_builder(CheckedMoney) is None
    with pytest.raises(LoadError):
        from_dict({"amount": "1", "currency": "USD"}, CheckedMoney)
    money = from_dict({"amount": "1", "currency": "EUR"}, CheckedMoney)
    assert type(money) is CheckedMoney
    assert loads(dumps(money, "json"), CheckedMoney, "json") == money


@settings(max_examples=5, deadline=None)
@given(st.lists(events(), min_size=3, max_size=6))
def test_threads_reading_and_writing_at_once_share_nothing_wrongly(
    documents: list[Event],
) -> None:
    # The sharing tables are module-wide: records of one thread's document must never
    # turn up in another's, and a table cleared by one thread must not break another.
    texts = [(dumps(c, "json"), dumps(c)) for c in documents]

    def work(index: int) -> bool:
        expected = documents[index % len(documents)]
        json_text, yaml_text = texts[index % len(texts)]
        return (
            loads(json_text, Event, format="json") == expected
            and loads(yaml_text, Event) == expected
            and dumps(expected, "json") == json_text
        )

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible
    try:
        with ThreadPoolExecutor(max_workers=4) as pool:
            results = list(pool.map(work, range(200)))
    finally:
        sys.setswitchinterval(interval)
    assert all(results)
