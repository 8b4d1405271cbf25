"""The JSON Schema of the exchange format: generated from the model, and true to the loader.

Four things are checked. The schema is a valid draft 2020-12 schema, and the
published file is what the model generates now. Everything that gloact_model
writes (the examples, and records from every strategy of `gloact_model.testing`)
validates. Every document that the loader refuses for its shape (a sample of
mutations of valid documents) is refused by the schema too. And the rules that
the schema cannot say (docs/schema.md lists them) are accepted by the schema
while the loader refuses them, so that the page stays true.
"""

from __future__ import annotations

import copy
import enum
import functools
import json
import subprocess
import sys
import typing
from collections.abc import Callable, Iterator
from datetime import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import gloact_model
from gloact_model import (
    ID_PATTERN,
    SCHEMA_VERSION,
    Catalogue,
    Country,
    Event,
    InvariantError,
    LoadError,
    Location,
    Money,
    Organisation,
    PartialDate,
    Participation,
    Period,
    Session,
    from_dict,
    json_schema,
    load,
    loads,
    schema_text,
    to_dict,
)
from gloact_model import testing as strategies
from gloact_model.codec import DECIMAL_RE as _DECIMAL
from gloact_model.codec import TIME_RE as _TIME
from gloact_model.codec import to_document
from gloact_model.formats.limits import DEFAULT_LIMITS
from gloact_model.formats.parsed import path_of
from gloact_model.formats.yaml_reader import parse_yaml
from gloact_model.model.codes import PARTIAL_DATE_PATTERN
from gloact_model.model.wording import clock
from gloact_model.schema import (
    _AMOUNT,
    DRAFT,
    record_class,
    record_classes,
    schema_id,
)
from tests.conftest import EXAMPLES, ROOT
from tests.test_v2_programmes import catalogue as press_items_catalogue

if typing.TYPE_CHECKING:
    import jsonschema
else:
    jsonschema = pytest.importorskip("jsonschema", reason="needs jsonschema, in the test extra")

PUBLISHED = ROOT / "docs" / "schema" / "catalogue.schema.json"
SCALARS = (PartialDate, Country)
"""Classes that the codec writes as a single value, not as a mapping."""

Parts = tuple[str | int, ...]


@functools.cache
def validator(cls: type = Catalogue) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json_schema(cls))


@functools.cache
def definition(name: str) -> jsonschema.Draft202012Validator:
    """A validator for one entry of ``$defs``: a record as `to_dict` writes it, or a value."""
    defs = json_schema()["$defs"]
    return jsonschema.Draft202012Validator({"$ref": f"#/$defs/{name}", "$defs": defs})


def errors(data: object, cls: type = Catalogue) -> list[str]:
    return [error.message for error in validator(cls).iter_errors(data)]


# The schema itself


@pytest.mark.parametrize("cls", record_classes(), ids=lambda cls: cls.__name__)
def test_the_schema_of_every_record_class_is_a_valid_draft_2020_12_schema(cls: type) -> None:
    schema = json_schema(cls)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == DRAFT == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == schema_id(cls)
    assert schema["properties"]["schema_version"] == {
        "description": schema["properties"]["schema_version"]["description"],
        "const": SCHEMA_VERSION,
    }
    assert schema["required"][0] == "schema_version"
    assert schema["additionalProperties"] is False


def test_the_id_names_the_version_and_the_class() -> None:
    assert schema_id() == "urn:gloact-model:schema:2:catalogue"
    assert schema_id(record_class("EventSeries")) == "urn:gloact-model:schema:2:event-series"
    assert schema_id(Catalogue).split(":")[3] == str(SCHEMA_VERSION)


def test_the_published_schema_is_the_one_the_model_generates_now() -> None:
    assert PUBLISHED.read_text(encoding="utf-8") == schema_text(), (
        "docs/schema/catalogue.schema.json differs from what the model generates: the model "
        "or the codec changed. Regenerate it with `gloact schema -o "
        'docs/schema/catalogue.schema.json --force` (or `python -c "import pathlib, '
        "gloact_model; pathlib.Path('docs/schema/catalogue.schema.json').write_text("
        "gloact_model.schema_text(), encoding='utf-8')\"`), and review the diff: a change "
        "that old documents do not satisfy needs a new SCHEMA_VERSION."
    )


def test_the_text_is_deterministic_json_with_one_newline_at_the_end() -> None:
    text = schema_text(Event)
    assert text == schema_text(Event)
    assert text.endswith("}\n")
    assert not text.endswith("\n\n")
    assert text.startswith('{\n  "$schema": "https://json-schema.org/draft/2020-12/schema",\n')
    assert json.loads(text) == json_schema(Event)


def test_each_call_gives_a_new_schema() -> None:
    first = json_schema()
    first["$defs"]["Id"]["pattern"] = "changed"
    assert json_schema()["$defs"]["Id"]["pattern"] != "changed"


def test_the_package_exports_the_schema_functions() -> None:
    assert gloact_model.json_schema is json_schema
    assert gloact_model.schema_text is schema_text
    assert {"json_schema", "schema_text"} <= set(gloact_model.__all__)


def _reachable(cls: type, seen: set[type]) -> None:
    """Every class and vocabulary that the fields of `cls` hold, found from the model."""
    for tp in typing.get_type_hints(cls).values():
        for inner in (tp, *typing.get_args(tp)):
            known = isinstance(inner, type) and (issubclass(inner, enum.Enum) or attrs.has(inner))
            if known and inner not in seen:
                seen.add(inner)
                if attrs.has(inner):
                    _reachable(inner, seen)


def test_there_is_one_definition_per_class_vocabulary_and_shape_of_value() -> None:
    seen: set[type] = {Catalogue}
    _reachable(Catalogue, seen)
    shapes = {"Id", "Currency", "Amount", "Time", "PeriodText", "Line", "Text", "Url", "Word"}
    assert set(json_schema()["$defs"]) == {cls.__name__ for cls in seen} | shapes
    assert set(record_classes()) == {cls for cls in seen if attrs.has(cls)} - set(SCALARS)


@pytest.mark.parametrize("cls", record_classes(), ids=lambda cls: cls.__name__)
def test_a_record_has_its_fields_as_keys_and_its_fields_without_default_required(
    cls: type,
) -> None:
    schema = json_schema()["$defs"][cls.__name__]
    fields = attrs.fields(cls)
    assert list(schema["properties"]) == [f.name for f in fields]
    assert schema.get("required", []) == [f.name for f in fields if f.default is attrs.NOTHING]
    assert schema["additionalProperties"] is False
    assert schema["title"] == cls.__name__
    assert schema["description"]
    assert "\n" not in schema["description"]
    # The default of each key is what the codec leaves out: a record built with
    # only its required fields is written with only its required keys.
    for field in fields:
        if field.default is not attrs.NOTHING:
            assert "default" in schema["properties"][field.name], field.name


def test_every_object_in_the_schema_forbids_other_keys() -> None:
    def objects(node: object) -> Iterator[dict[str, Any]]:
        if isinstance(node, dict):
            if node.get("type") == "object":
                yield node
            for value in node.values():
                yield from objects(value)
        elif isinstance(node, list):
            for value in node:
                yield from objects(value)

    found = list(objects(json_schema()))
    assert len(found) == len(record_classes()) + 1  # and the document itself
    assert all(node["additionalProperties"] is False for node in found)


def test_vocabularies_list_their_values_and_defaults_are_written_values() -> None:
    defs = json_schema()["$defs"]
    assert defs["EventKind"]["enum"][:2] == ["workshop", "training_course"]
    assert defs["EventKind"]["type"] == "string"
    assert defs["Event"]["properties"]["status"] == {
        "$ref": "#/$defs/EventStatus",
        "default": "held",
    }
    assert defs["Event"]["properties"]["source_ids"]["default"] == []
    assert defs["Participation"]["properties"]["countries"]["description"] == (
        "The countries that participants represented."
    )


def test_every_example_in_the_schema_is_valid() -> None:
    defs = json_schema()["$defs"]
    checked = 0
    for name, schema in defs.items():
        for example in schema.get("examples", []):
            assert definition(name).is_valid(example), (name, example)
            checked += 1
    assert checked >= 8


def test_making_the_schema_pulls_in_neither_yaml_nor_the_formats() -> None:
    # What the schema module may import is checked with the other layers, in test_layers.
    code = (
        "import sys\nfrom gloact_model import json_schema\njson_schema()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'yaml'"
        " or m in ('gloact_model.formats', 'gloact_model.cli')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


# Finding a class by the name a user gives


def test_a_record_class_is_found_by_its_name_in_any_case() -> None:
    assert record_class("Catalogue") is Catalogue
    assert record_class("event") is Event
    assert (
        record_class("EVENTSERIES") is record_class("event-series") is record_class("event_series")
    )
    assert record_class("EventSeries").__name__ == "EventSeries"


def test_an_unknown_class_name_lists_the_names_there_are() -> None:
    with pytest.raises(LookupError) as caught:
        record_class("Workshop")
    message = str(caught.value)
    assert message.startswith("there is no record class 'Workshop'; the classes are: Catalogue,")
    assert all(cls.__name__ in message for cls in record_classes())


def test_a_class_that_no_document_holds_has_no_schema() -> None:
    with pytest.raises(TypeError, match="no document holds"):
        json_schema(Country)
    with pytest.raises(TypeError, match="the record classes are: Catalogue, Affiliation"):
        json_schema(dict)


# What gloact_model writes and reads validates


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_every_example_validates_as_written_and_as_loaded(path: Path) -> None:
    raw = parse_yaml(path.read_text(encoding="utf-8"), str(path), DEFAULT_LIMITS)
    assert raw.refused == []
    assert errors(raw.data) == []
    assert errors(to_document(load(path))) == []
    assert errors(json.loads(json.dumps(to_document(load(path))))) == []


RECORDS: dict[str, tuple[type, st.SearchStrategy[Any]]] = {
    "catalogues": (Catalogue, strategies.catalogues()),
    "consistent_catalogues": (Catalogue, strategies.consistent_catalogues()),
    "organisations": (Organisation, strategies.organisations()),
    "people": (record_class("Person"), strategies.people()),
    "programmes": (record_class("Programme"), strategies.programmes()),
    "funders": (record_class("Funder"), strategies.funders()),
    "implementing_partners": (
        record_class("ImplementingPartner"),
        strategies.implementing_partners(),
    ),
    "event_series": (record_class("EventSeries"), strategies.event_series()),
    "events": (Event, strategies.events()),
    "sessions": (Session, strategies.sessions()),
    "participations": (Participation, strategies.participations()),
    "locations": (Location, strategies.locations()),
    "event_organisations": (record_class("EventOrganisation"), strategies.event_organisations()),
    "event_programmes": (record_class("EventProgramme"), strategies.event_programmes()),
    "sources": (record_class("Source"), strategies.sources()),
    "money": (Money, strategies.money()),
    "periods": (Period, strategies.periods()),
    "affiliations": (record_class("Affiliation"), strategies.affiliations()),
    "identifiers": (record_class("Identifier"), strategies.identifiers()),
    "budgets": (record_class("Budget"), strategies.budgets()),
    "programme_organisations": (
        record_class("ProgrammeOrganisation"),
        strategies.programme_organisations(),
    ),
}


def test_there_is_a_strategy_for_every_record_class() -> None:
    assert {cls for cls, _ in RECORDS.values()} == set(record_classes())


@pytest.mark.parametrize("name", list(RECORDS))
@given(data=st.data())
def test_what_to_dict_writes_validates(name: str, data: st.DataObject) -> None:
    cls, strategy = RECORDS[name]
    record = data.draw(strategy)
    assert type(record) is cls
    written = to_dict(record)
    # As a document of its own, and as it is written inside others (for a catalogue,
    # the same object but for schema_version).
    assert errors({"schema_version": SCHEMA_VERSION, **written}, cls) == []
    if cls is not Catalogue:
        assert definition(cls.__name__).is_valid(written)


# Each shape of value accepts exactly what the model and the codec accept


def _no_final_newline(text: str) -> bool:
    # Python's re (which jsonschema uses) lets $ match before a final newline; see
    # test_the_gaps_hold below.
    return not text.endswith("\n")


def _refused(build: Callable[[], object]) -> bool:
    try:
        build()
    except (InvariantError, LoadError):
        return True
    return False


@given(
    st.one_of(
        st.from_regex(ID_PATTERN, fullmatch=True),
        st.text("ab-_.A ", max_size=8),
        st.text("ab-", min_size=98, max_size=102),
        st.text(max_size=8),
    ).filter(_no_final_newline)
)
def test_the_id_pattern_is_the_models(text: str) -> None:
    refused = _refused(lambda: Organisation(id=text, name="X"))
    assert definition("Id").is_valid(text) is not refused


@given(strategies.ids())
def test_generated_ids_match(text: str) -> None:
    assert definition("Id").is_valid(text)


@given(strategies.partial_dates())
def test_generated_dates_are_written_as_the_pattern_says(day: PartialDate) -> None:
    assert definition("PartialDate").is_valid(str(day))
    assert definition("PartialDate").is_valid(to_dict(Period(start=day))["start"])


@given(
    st.one_of(
        st.from_regex(PARTIAL_DATE_PATTERN, fullmatch=True), st.text("0123456789-/", max_size=11)
    ).filter(_no_final_newline)
)
def test_the_date_pattern_refuses_only_what_the_model_refuses(text: str) -> None:
    accepted = definition("PartialDate").is_valid(text)
    problems: list[tuple[str, str]] = []
    try:
        PartialDate.parse(text)
    except InvariantError as exc:
        problems = [(p.path, p.code) for p in exc.problems]
    if not accepted:
        assert problems
    elif problems:
        # The one gap: a day beyond the end of its month (2018-02-30).
        assert problems == [("day", "out-of-range")]
        assert int(text[-2:]) <= 31


@given(strategies.times())
def test_generated_times_are_written_as_the_pattern_says(value: time) -> None:
    assert definition("Time").is_valid(clock(value))


@given(st.one_of(st.from_regex(_TIME, fullmatch=True), st.text("0123456789:", max_size=9)))
def test_the_time_pattern_is_the_codecs(text: str) -> None:
    session = {"id": "s", "kind": "opening", "start_time": text}
    refused = _refused(lambda: from_dict(session, Session))
    assert definition("Time").is_valid(text) is not refused


@given(strategies.money())
def test_generated_amounts_are_written_as_the_pattern_says(money: Money) -> None:
    assert definition("Amount").is_valid(to_dict(money)["amount"])


@given(
    st.one_of(
        st.from_regex(_DECIMAL, fullmatch=True),
        st.from_regex(_AMOUNT, fullmatch=True),
        st.text("-0123456789.e", max_size=24),
        st.integers(min_value=-(10**20), max_value=10**20),
        st.sampled_from(
            [
                *(-(10**18), 10**18 - 1, 10**18, "0.000000", "-0.0", "1.0000001"),
                *("1." + "0" * 38, "1." + "0" * 39, "-0." + "0" * 38, "2500000." + "0" * 50),
            ]
        ),
    ).filter(lambda v: not isinstance(v, str) or _no_final_newline(v))
)
def test_the_amount_pattern_accepts_exactly_what_money_accepts(amount: str | int) -> None:
    refused = _refused(lambda: from_dict({"amount": amount, "currency": "EUR"}, Money))
    assert definition("Amount").is_valid(amount) is not refused


@given(st.from_regex(_AMOUNT, fullmatch=True))
def test_the_amount_pattern_is_within_the_codecs_decimal_syntax(text: str) -> None:
    assert _DECIMAL.fullmatch(text.removesuffix("\n"))


@given(st.one_of(strategies.countries().map(str), st.text("AEGZeg", min_size=1, max_size=3)))
def test_the_country_codes_are_the_models(code: str) -> None:
    refused = _refused(lambda: Country(code))
    assert definition("Country").is_valid(code) is not refused


@given(
    st.one_of(
        strategies.money().map(lambda m: m.currency), st.text("EURSDXeu", min_size=1, max_size=4)
    )
)
def test_the_currency_codes_are_the_models(code: str) -> None:
    refused = _refused(lambda: Money(amount=Decimal(1), currency=code))
    assert definition("Currency").is_valid(code) is not refused


# Documents that the loader refuses for their shape are refused by the schema


DELETE = object()
"""A mutation that takes a key out."""


def _is_record(tp: object) -> bool:
    return attrs.has(tp) and tp not in SCALARS  # type: ignore[arg-type]


def _without_none(tp: Any) -> Any:
    args = typing.get_args(tp)
    return next(a for a in args if a is not type(None)) if type(None) in args else tp


def _good(tp: Any) -> object:
    """A well-formed value of a plain type, for a list that repeats it."""
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return next(iter(tp)).value
    return {Country: "EG", str: "x"}[tp]


def _is_id(name: str) -> bool:
    return name == "id" or name.endswith(("_id", "_ids"))


def _bad_values(tp: Any, name: str, *, required: bool) -> list[tuple[str, object]]:
    """Values of the wrong shape for a field of type `tp` named `name`."""
    bad: list[tuple[str, object]] = [("null for a required key", None)] if required else []
    tp = _without_none(tp)
    if typing.get_origin(tp) is tuple:
        item = typing.get_args(tp)[0]
        bad += [("text for a list", "x"), ("a mapping for a list", {})]
        bad += [
            (f"a list of {what}", [value]) for what, value in _bad_values(item, name, required=True)
        ]
        if not _is_record(item):
            bad.append(("a repeated value", [_good(item)] * 2))
    elif isinstance(tp, type) and issubclass(tp, enum.Enum):
        first = next(iter(tp)).value
        bad += [("a value not in the vocabulary", "not-a-value"), ("capitals", first.upper())]
        bad += [("a number for a value", 7)]
    elif _is_record(tp):
        bad += [("a list for a mapping", []), ("text for a mapping", "x")]
    else:
        bad += [(f"{what} for {tp.__name__}", value) for what, value in _BAD_SCALARS[tp]]
        if tp is str and _is_id(name):
            bad += [(f"a bad id {v!r}", v) for v in ("Glo Act", "glo--act", "-glo", "a" * 101)]
        elif tp is str and name == "currency":
            bad += [(f"a bad currency {v!r}", v) for v in ("eur", "XYZ", "EURO")]
    return bad


_BAD_SCALARS: dict[type, list[tuple[str, object]]] = {
    str: [("empty text", ""), ("a number", 7), ("true", True), ("a list", ["x"])],
    int: [("text", "5"), ("a fraction", 5.5), ("true", True)],
    Decimal: [
        (f"the amount {v!r}", v)
        for v in ("1,000", "1e3", "-5", "0.1234567", "1" + "0" * 18, "01", " 1", -5, 10**18)
    ]
    + [("a fraction", 1.5), ("true", True), ("a list", [])],
    time: [
        (f"the time {v!r}", v)
        for v in ("25:00", "9:30", "09:30:60", "09:30+01:00", "09:30:00.5", "0930", 930)
    ],
    PartialDate: [
        (f"the date {v!r}", v)
        for v in ("23/10/2018", "2018-13", "2018-10-32", "0000", "18", "2018-1", "2018/2019", 2018)
    ],
    Country: [(f"the country {v!r}", v) for v in ("XX", "eg", "EGY", "Egypt", 7)],
}


@attrs.frozen(kw_only=True)
class Mutation:
    """One change that gives a document a shape the loader refuses."""

    what: str
    parts: Parts
    value: object

    def applied(self, document: dict[str, Any]) -> dict[str, Any]:
        changed = copy.deepcopy(document)
        *above, last = self.parts
        node: Any = changed
        for part in above:
            node = node[part]
        if self.value is DELETE:
            del node[last]
        else:
            node[last] = self.value
        return changed


def mutations(cls: type, record: dict[str, Any], at: Parts = ()) -> Iterator[Mutation]:
    """Every mutation of the keys of one record, which lies at `at` in its document."""
    yield Mutation(what="an unknown key", parts=(*at, "colour"), value="blue")
    hints = typing.get_type_hints(cls)
    for field in attrs.fields(cls):
        required = field.default is attrs.NOTHING
        here = (*at, field.name)
        if required and field.name in record:
            yield Mutation(what=f"{field.name} left out", parts=here, value=DELETE)
        for what, value in _bad_values(hints[field.name], field.name, required=required):
            yield Mutation(what=f"{field.name}: {what}", parts=here, value=value)


def records_in(cls: type, data: dict[str, Any], at: Parts = ()) -> Iterator[tuple[type, Parts]]:
    """Each record in plain data, with its class and its place."""
    yield cls, at
    hints = typing.get_type_hints(cls)
    for name, value in data.items():
        tp = _without_none(hints[name])
        if typing.get_origin(tp) is tuple and _is_record(typing.get_args(tp)[0]):
            for index, item in enumerate(value):
                yield from records_in(typing.get_args(tp)[0], item, (*at, name, index))
        elif _is_record(tp) and value is not None:
            yield from records_in(tp, value, (*at, name))


def _at(data: Any, parts: Parts) -> Any:
    for part in parts:
        data = data[part]
    return data


def assert_both_refuse(document: dict[str, Any], cls: type, mutation: Mutation) -> None:
    changed = mutation.applied(document)
    place = path_of(mutation.parts)
    with pytest.raises(LoadError) as caught:
        loads(json.dumps(changed), cls, "json")
    paths = [p.path for p in caught.value.problems]
    assert any(p == place or p.startswith((f"{place}.", f"{place}[")) for p in paths), (
        mutation,
        paths,
    )
    assert not validator(cls).is_valid(changed), f"the schema accepts {mutation}"


@functools.cache
def madrid() -> dict[str, Any]:
    path = EXAMPLES / "glo-act-madrid-2018.yaml"
    data = parse_yaml(path.read_text(encoding="utf-8"), str(path), DEFAULT_LIMITS).data
    assert isinstance(data, dict)
    return data


def first_of_each_class() -> dict[type, dict[str, Any]]:
    """The first record of each class in the Madrid example, as its own document.

    The classes that the Madrid release gives no fact for (a programme's identifiers,
    budgets and roles, a person's other positions) come from the GLO.ACT catalogue
    of the press items, in tests/test_v2_programmes.py.
    """
    found: dict[type, dict[str, Any]] = {}
    for document in (madrid(), to_dict(press_items_catalogue())):
        body = {k: v for k, v in document.items() if k != "schema_version"}
        for cls, parts in records_in(Catalogue, body):
            found.setdefault(cls, {"schema_version": SCHEMA_VERSION, **_at(body, parts)})
    return found


def test_the_madrid_example_holds_a_record_of_every_class() -> None:
    assert set(first_of_each_class()) == set(record_classes())


@pytest.mark.parametrize("cls", record_classes(), ids=lambda cls: cls.__name__)
def test_every_mutation_of_a_record_is_refused_by_the_loader_and_the_schema(cls: type) -> None:
    document = first_of_each_class()[cls]
    assert validator(cls).is_valid(document)
    done = 0
    for mutation in mutations(cls, document):
        assert_both_refuse(document, cls, mutation)
        done += 1
    assert done >= 5


@pytest.mark.parametrize("cls", record_classes(), ids=lambda cls: cls.__name__)
def test_null_for_a_key_that_may_be_left_out_is_accepted_by_both(cls: type) -> None:
    document = first_of_each_class()[cls]
    hints = typing.get_type_hints(cls)
    optional = [f.name for f in attrs.fields(cls) if type(None) in typing.get_args(hints[f.name])]
    accepted = 0
    for name in optional:
        changed = {**document, name: None}
        text = json.dumps(changed)
        if not _refused(functools.partial(loads, text, cls, "json")):
            assert validator(cls).is_valid(changed), (name, errors(changed, cls))
            accepted += 1
    assert accepted >= min(len(optional), 1)


@pytest.mark.parametrize("cls", record_classes(), ids=lambda cls: cls.__name__)
def test_the_fields_named_as_ids_are_the_fields_the_model_checks_as_ids(cls: type) -> None:
    # The schema gives $defs/Id to `id` and to each `..._id` and `..._ids` field.
    document = first_of_each_class()[cls]
    hints = typing.get_type_hints(cls)
    for field in attrs.fields(cls):
        tp = _without_none(hints[field.name])
        many = typing.get_origin(tp) is tuple
        value: object = ["Not an id"] if many else "Not an id"
        if (typing.get_args(tp)[0] if many else tp) is not str:
            continue
        changed = json.dumps({**document, field.name: value})
        codes: set[str] = set()
        try:
            loads(changed, cls, "json")
        except LoadError as exc:
            codes = {p.code for p in exc.problems if p.path.split("[")[0] == field.name}
        assert ("id-syntax" in codes) is _is_id(field.name), (field.name, codes)
        written = json.dumps(json_schema()["$defs"][cls.__name__]["properties"][field.name])
        assert ('"#/$defs/Id"' in written) is _is_id(field.name), (field.name, written)


def test_mutations_deep_in_a_catalogue_are_refused_by_the_loader_and_the_schema() -> None:
    seen: set[type] = set()
    press = {"schema_version": SCHEMA_VERSION, **to_dict(press_items_catalogue())}
    for document in (madrid(), press):
        body = {k: v for k, v in document.items() if k != "schema_version"}
        for cls, parts in records_in(Catalogue, body):
            if cls in seen or cls is Catalogue:
                continue
            seen.add(cls)
            # One mutation of each kind of field, where the record lies in the catalogue.
            kinds: set[str] = set()
            for mutation in mutations(cls, _at(body, parts), parts):
                kind = mutation.what.split(": ", 1)[-1]
                if kind not in kinds:
                    kinds.add(kind)
                    assert_both_refuse(document, Catalogue, mutation)
    assert len(seen) == len(record_classes()) - 1


@pytest.mark.parametrize(
    ("what", "version"),
    [("missing", DELETE), ("text", "2"), ("newer", 3), ("true", True), ("null", None)],
)
def test_a_document_without_the_version_is_refused_by_both(what: str, version: object) -> None:
    document = madrid()
    assert_both_refuse(
        document, Catalogue, Mutation(what=what, parts=("schema_version",), value=version)
    )


@given(data=st.data())
def test_mutations_of_generated_records_are_refused_by_both(data: st.DataObject) -> None:
    record = data.draw(st.sampled_from([s for _, s in RECORDS.values()]).flatmap(lambda s: s))
    cls = type(record)
    document = to_document(record)
    mutation = data.draw(st.sampled_from(list(mutations(cls, document))))
    assert_both_refuse(document, cls, mutation)


# What the schema cannot say: docs/schema.md lists these, and they must stay true.

GAPS: list[tuple[str, type, dict[str, Any], str]] = [
    (
        "a period that ends before it starts",
        Period,
        {"start": "2019", "end": "2018"},
        "end-before-start",
    ),
    ("a period with neither start nor end", Period, {}, "empty-period"),
    ("a day beyond the end of its month", Period, {"start": "2018-02-30"}, "date"),
    (
        "women and men above an exact total",
        Participation,
        {"total": 10, "women": 6, "men": 5},
        "counts-exceed-total",
    ),
    ("a participation with nothing in it", Participation, {"qualifier": "approximate"}, "empty"),
    ("a location with nothing in it", Location, {}, "empty"),
    (
        "an address whose host has an unmatched bracket",
        Organisation,
        {"id": "x", "name": "X", "url": "https://[example.org/"},
        "invalid",  # Python's urlsplit raises, and the loader cannot read the document
    ),
    (
        "its own id as parent",
        Organisation,
        {"id": "x", "name": "X", "parent_id": "x"},
        "self-reference",
    ),
    (
        "a number without a series",
        Event,
        {"id": "e", "name": "E", "kind": "workshop", "number": 5},
        "number-without-series",
    ),
    (
        "a joiner after a dash",
        Organisation,
        {"id": "x", "name": "X\u2014\u200dY"},
        "invisible-character",
    ),
    (
        "a length that does not fit the dates",
        Event,
        {
            "id": "e",
            "name": "E",
            "kind": "workshop",
            "period": {"start": "2018-10-01", "end": "2018-10-02"},
            "duration_days": 5,
        },
        "duration-mismatch",
    ),
    (
        "two sessions with one id",
        Event,
        {
            "id": "e",
            "name": "E",
            "kind": "workshop",
            "sessions": [{"id": "s", "kind": "opening"}, {"id": "s", "kind": "closing"}],
        },
        "duplicate",
    ),
    (
        "an end time before the start time",
        Session,
        {"id": "s", "kind": "opening", "start_time": "10:00", "end_time": "09:00"},
        "end-before-start",
    ),
    ("a negative zero", Money, {"amount": "-0.0", "currency": "EUR"}, ""),
]


@pytest.mark.parametrize(("what", "cls", "record", "code"), GAPS, ids=[g[0] for g in GAPS])
def test_the_gaps_hold(what: str, cls: type, record: dict[str, Any], code: str) -> None:
    document = {"schema_version": SCHEMA_VERSION, **record}
    assert validator(cls).is_valid(document), errors(document, cls)
    if not code:  # not a gap after all: the loader takes it too
        assert loads(json.dumps(document), cls, "json") is not None
        return
    with pytest.raises(LoadError) as caught:
        loads(json.dumps(document), cls, "json")
    assert code in {p.code for p in caught.value.problems}


def test_a_whole_number_written_with_a_fraction_of_zero_is_a_gap() -> None:
    # JSON Schema counts 5.0 as an integer, and 2.0 as the const 2; the loader does not.
    text = '{"schema_version": 2.0, "id": "e", "name": "E", "kind": "workshop", "number": 5.0}'
    assert validator(Event).is_valid(json.loads(text))
    with pytest.raises(LoadError) as caught:
        loads(text, Event, "json")
    assert {p.path for p in caught.value.problems} == {"schema_version", "number"}


def test_a_final_newline_is_refused_in_python_too() -> None:
    # Python's re, which the jsonschema package uses, lets $ match before a final
    # newline; the patterns end with a lookahead that refuses it there as well.
    for name, text in [("Id", "glo-act\n"), ("Line", "Madrid\n"), ("PartialDate", "2018\n")]:
        assert not definition(name).is_valid(text)
    assert _refused(lambda: Organisation(id="glo-act\n", name="X"))


def test_references_between_records_are_for_validate_not_for_the_schema() -> None:
    document = {
        "schema_version": SCHEMA_VERSION,
        "events": [
            {
                "id": "e",
                "name": "E",
                "kind": "workshop",
                "organisations": [{"organisation_id": "nobody", "role": "host"}],
            }
        ],
    }
    assert validator().is_valid(document)
    catalogue = loads(json.dumps(document), format="json")
    assert [issue.code for issue in catalogue.validate().issues] == ["dangling-reference"]
