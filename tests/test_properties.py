"""What must always hold, for every record the strategies can build."""

from __future__ import annotations

import copy
import json
import re
import typing
from typing import Any

import attrs
import pytest
import yaml
from hypothesis import given, note
from hypothesis import strategies as st

from gloact_model import (
    Catalogue,
    Format,
    LoadError,
    dumps,
    from_dict,
    loads,
    make_converter,
    to_dict,
)
from gloact_model import testing as gst
from gloact_model.codec import to_document

CONVERTER = make_converter()

STRATEGIES: dict[str, st.SearchStrategy[Any]] = {
    "Organisation": gst.organisations(),
    "Person": gst.people(),
    "Country": gst.countries(),
    "Money": gst.money(),
    "PartialDate": gst.partial_dates(),
    "Period": gst.periods(),
    "Funder": gst.funders(),
    "ImplementingPartner": gst.implementing_partners(),
    "Programme": gst.programmes(),
    "EventSeries": gst.event_series(),
    "EventOrganisation": gst.event_organisations(),
    "EventProgramme": gst.event_programmes(),
    "Location": gst.locations(),
    "Participation": gst.participations(),
    "Session": gst.sessions(),
    "Event": gst.events(),
    "Source": gst.sources(),
    "Catalogue": gst.catalogues(),
}
# Countries and partial dates are values inside records, written as one string;
# everything else is a document of its own.
DOCUMENTS = {name: s for name, s in STRATEGIES.items() if name not in ("Country", "PartialDate")}


@pytest.mark.parametrize("fmt", ["yaml", "json"])
@pytest.mark.parametrize("name", sorted(DOCUMENTS))
@given(data=st.data())
def test_round_trip_in_both_formats(name: str, fmt: Format, data: st.DataObject) -> None:
    record = data.draw(DOCUMENTS[name])
    text = dumps(record, fmt)
    note(text)
    loaded = loads(text, type(record), fmt)
    assert loaded == record
    assert dumps(loaded, fmt) == text


@pytest.mark.parametrize("name", sorted(STRATEGIES))
@given(data=st.data())
def test_plain_data_round_trips_and_is_json(name: str, data: st.DataObject) -> None:
    value = data.draw(STRATEGIES[name])
    # Records become dicts; countries and partial dates become one string each.
    plain = CONVERTER.unstructure(value)
    assert isinstance(plain, str if name in ("Country", "PartialDate") else dict)
    assert json.loads(json.dumps(plain)) == plain
    assert CONVERTER.structure(plain, type(value)) == value
    if isinstance(plain, dict):
        assert to_dict(value) == plain
        assert from_dict(plain, type(value)) == value


@given(gst.catalogues())
def test_dumps_is_deterministic(catalogue: Catalogue) -> None:
    rebuilt = copy.deepcopy(catalogue)
    assert rebuilt is not catalogue
    formats: tuple[Format, ...] = ("yaml", "json")
    for fmt in formats:
        assert dumps(catalogue, fmt) == dumps(rebuilt, fmt)


@given(gst.catalogues())
def test_yaml_and_json_carry_the_same_data(catalogue: Catalogue) -> None:
    assert loads(dumps(catalogue, "json"), format="json") == loads(dumps(catalogue))


# Mutated documents: each damage gives a LoadError at the damaged path.


def _paths(value: Any, path: str = "") -> list[tuple[str, Any]]:
    """Every (path, value) inside plain data, in the codec's path notation."""
    found: list[tuple[str, Any]] = []
    if isinstance(value, dict):
        for key, child in value.items():
            child_path = f"{path}.{key}" if path else key
            found.append((child_path, child))
            found.extend(_paths(child, child_path))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            child_path = f"{path}[{index}]"
            found.append((child_path, child))
            found.extend(_paths(child, child_path))
    return found


def _container(document: dict[str, Any], path: str) -> tuple[Any, str | int]:
    """The dict or list that holds the value at `path`, and its key there."""
    parts: list[str | int] = [
        int(index) if index else key for index, key in re.findall(r"\[(\d+)\]|([^.\[\]]+)", path)
    ]
    holder: Any = document
    for part in parts[:-1]:
        holder = holder[part]
    return holder, parts[-1]


def _problem_paths(document: dict[str, Any], fmt: Format) -> list[str]:
    text = json.dumps(document) if fmt == "json" else dumps_plain(document)
    with pytest.raises(LoadError) as caught:
        loads(text, Catalogue, fmt)
    return [p.path for p in caught.value.problems]


def dumps_plain(document: dict[str, Any]) -> str:
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True)


@pytest.mark.parametrize("fmt", ["yaml", "json"])
@given(catalogue=gst.catalogues(), data=st.data())
def test_a_value_of_the_wrong_type_is_reported_at_its_path(
    fmt: Format, catalogue: Catalogue, data: st.DataObject
) -> None:
    document = to_document(catalogue)
    # Leaves only: a wrong container type may also be right at a deeper level.
    leaves = [(p, v) for p, v in _paths(document) if not isinstance(v, dict | list)]
    leaves = [(p, v) for p, v in leaves if p != "schema_version"]
    if not leaves:
        return
    path, value = data.draw(st.sampled_from(leaves))
    wrong = data.draw(st.sampled_from([[value], {"value": value}, 1.5]))
    holder, key = _container(document, path)
    holder[key] = wrong
    assert path in _problem_paths(document, fmt)


def _required_keys(document: dict[str, Any]) -> list[str]:
    """The paths of the keys whose fields have no default, found from the model."""
    found: list[str] = []

    def walk(value: Any, cls: Any, path: str) -> None:
        cls = _record_class(cls)
        if isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, cls, f"{path}[{index}]")
        elif isinstance(value, dict) and attrs.has(cls):
            hints = typing.get_type_hints(cls)
            for field in attrs.fields(cls):
                if field.name not in value:
                    continue
                child = f"{path}.{field.name}" if path else field.name
                if field.default is attrs.NOTHING:
                    found.append(child)
                walk(value[field.name], hints[field.name], child)

    body = {k: v for k, v in document.items() if k != "schema_version"}
    walk(body, Catalogue, "")
    return found


def _record_class(tp: Any) -> Any:
    """The class inside ``X | None`` and ``tuple[X, ...]``."""
    while typing.get_args(tp):
        tp = next(a for a in typing.get_args(tp) if a is not type(None) and a is not Ellipsis)
    return tp


@pytest.mark.parametrize("fmt", ["yaml", "json"])
@given(catalogue=gst.catalogues(), data=st.data())
def test_a_removed_required_key_is_reported_at_its_path(
    fmt: Format, catalogue: Catalogue, data: st.DataObject
) -> None:
    document = to_document(catalogue)
    candidates = _required_keys(document)
    if not candidates:
        return
    path = data.draw(st.sampled_from(candidates))
    holder, key = _container(document, path)
    del holder[key]
    assert path in _problem_paths(document, fmt)


@pytest.mark.parametrize("fmt", ["yaml", "json"])
@given(
    catalogue=gst.catalogues(), data=st.data(), key=st.from_regex(r"[a-z]{1,8}_x", fullmatch=True)
)
def test_an_added_unknown_key_is_reported_at_its_path(
    fmt: Format, catalogue: Catalogue, data: st.DataObject, key: str
) -> None:
    document = to_document(catalogue)
    mappings = [p for p, v in _paths(document) if isinstance(v, dict)]
    path = data.draw(st.sampled_from(["", *mappings]))
    if path:
        container, where = _container(document, path)
        container[where][key] = "surplus"
    else:
        document[key] = "surplus"
    assert (f"{path}.{key}" if path else key) in _problem_paths(document, fmt)
