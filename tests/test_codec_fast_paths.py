"""The generated paths stay honest: they stand in only where they may, and fail loudly.

`trusted_builder` leaves out attrs' ``__init__``, so it refuses any class whose
``__init__`` does more than set the fields and run the checks; every record class
of the model gets its generated paths (a generator that gives up on one is a bug,
not a slow path); and generated code shows its source in a traceback.
"""

from __future__ import annotations

import linecache
import traceback
import typing
from collections.abc import Callable
from decimal import Decimal
from operator import attrgetter
from typing import Any

import attrs
import pytest

from gloact_model import Catalogue, Event, InvariantError, LoadError, Money, from_dict
from gloact_model import model as model_layer
from gloact_model.codec import _documents, _fast_reading, shallow_writer
from gloact_model.codec._fast_reading import GIVES_UP, UnsureError, fast_structurer
from gloact_model.codec._fast_writing import fast_unstructurer
from gloact_model.model._checks import Checked
from gloact_model.model.building import trusted_builder, untrusted_reason

# Throwaway record classes, each with one thing that its __init__ does beyond setting
# the fields and running the checks. They pose as classes of the model (their module),
# so that the codec's generated paths would take them if the builder did not refuse.
POSING = "gloact_model.model.money"  # a module of the model; its names resolve "int"


def _positive(_: object, attribute: attrs.Attribute[int], value: int) -> None:
    if value < 1:
        raise ValueError(f"{attribute.name} must be positive, not {value}")


@attrs.frozen(kw_only=True)
class WithValidator(Checked):
    __module__ = POSING
    count: int = attrs.field(validator=_positive)


PRE_INIT_CALLS: list[str] = []


@attrs.frozen(kw_only=True)
class WithPreInit(Checked):
    __module__ = POSING
    name: str

    def __attrs_pre_init__(self) -> None:
        PRE_INIT_CALLS.append("pre-init")


@attrs.frozen(kw_only=True, cache_hash=True)
class WithCachedHash(Checked):
    __module__ = POSING
    name: str


@attrs.frozen(kw_only=True)
class WithOwnPostInit(Checked):
    __module__ = POSING
    name: str

    def __attrs_post_init__(self) -> None:
        super().__attrs_post_init__()
        if self.name == "refused":
            raise ValueError("refused by its own post-init")


@attrs.frozen(kw_only=True)
class WithFieldNotInInit(Checked):
    __module__ = POSING
    name: str
    length: int = attrs.field(init=False, default=7)


@attrs.frozen(kw_only=True, init=False)
class WithOwnInit(Checked):
    __module__ = POSING
    name: str

    def __init__(self, *, name: str) -> None:
        self.__attrs_init__(name=name.upper())  # something __init__ does, in no field


def _upper(value: str) -> str:
    return value.upper()


@attrs.frozen(kw_only=True)
class WithPlainConverter(Checked):
    __module__ = POSING
    name: str = attrs.field(converter=_upper)


REFUSED: dict[type, tuple[str, dict[str, Any]]] = {
    WithValidator: ("validator", {"count": 2}),
    WithPreInit: ("__attrs_pre_init__", {"name": "n"}),
    WithCachedHash: ("cache_hash", {"name": "n"}),
    WithOwnPostInit: ("__attrs_post_init__", {"name": "n"}),
    WithFieldNotInInit: ("not taken by __init__", {"name": "n"}),
    WithOwnInit: ("does more than set fields", {"name": "n"}),
}
"""Each refused class, a word of the reason given, and valid data for it."""


@pytest.mark.parametrize("cls", REFUSED, ids=lambda cls: cls.__name__)
def test_the_builder_refuses_a_class_whose_init_does_more(cls: type) -> None:
    word, data = REFUSED[cls]
    reason = untrusted_reason(cls)
    assert reason is not None
    assert word in reason
    assert trusted_builder(cls) is None
    # The codec's generated paths would take the class (it poses as the model's) but
    # for the builder: so they leave it to the converter, which uses the constructor.
    assert fast_structurer(cls) is None
    assert from_dict(data, cls) == cls(**data)


def test_the_full_path_still_runs_what_the_builder_would_skip() -> None:
    with pytest.raises(LoadError, match="count must be positive, not 0"):
        from_dict({"count": 0}, WithValidator)
    PRE_INIT_CALLS.clear()
    from_dict({"name": "n"}, WithPreInit)
    assert PRE_INIT_CALLS == ["pre-init"]
    record = from_dict({"name": "n"}, WithCachedHash)
    assert hash(record) == hash(WithCachedHash(name="n"))  # the cached hash was cleared
    with pytest.raises(LoadError, match="refused by its own post-init"):
        from_dict({"name": "refused"}, WithOwnPostInit)
    assert from_dict({"name": "n"}, WithFieldNotInInit).length == 7
    assert from_dict({"name": "n"}, WithOwnInit).name == "N"


def test_a_converter_of_the_value_alone_is_run_by_the_builder() -> None:
    assert untrusted_reason(WithPlainConverter) is None
    build = trusted_builder(WithPlainConverter)
    assert build is not None
    assert build("n") == WithPlainConverter(name="n") == WithPlainConverter(name="N")
    assert fast_structurer(WithPlainConverter) is not None
    assert from_dict({"name": "n"}, WithPlainConverter).name == "N"


@pytest.mark.skipif(not hasattr(attrs, "Converter"), reason="attrs.Converter is attrs 24.1+")
def test_a_converter_that_takes_the_instance_is_refused() -> None:
    takes_self: Any = attrs.Converter(lambda value, record: f"{value}!", takes_self=True)

    @attrs.frozen(kw_only=True)
    class WithConverterOfSelf(Checked):
        __module__ = POSING
        name: str = attrs.field(converter=takes_self)  # type: ignore[misc]  # mypy's attrs plugin

    reason = untrusted_reason(WithConverterOfSelf)
    assert reason is not None
    assert "converter" in reason
    assert trusted_builder(WithConverterOfSelf) is None
    assert fast_structurer(WithConverterOfSelf) is None
    assert from_dict({"name": "n"}, WithConverterOfSelf).name == "n!"


# Every record class of the model gets its generated paths -------------------------------


def _records_held_by(cls: Any, found: set[type]) -> set[type]:
    """`cls` and every record class that its fields may hold, read from the annotations."""
    args = typing.get_args(cls)
    if args:
        for arg in args:
            _records_held_by(arg, found)
    elif attrs.has(cls) and cls not in found:
        found.add(cls)
        hints = typing.get_type_hints(cls)
        for field in attrs.fields(cls):
            _records_held_by(hints[field.name], found)
    return found


SINGLE_VALUES: set[type] = {model_layer.PartialDate, model_layer.Country}
"""Classes that the format writes as one value (text), not as a mapping."""

MODEL_RECORDS: set[type] = {
    cls
    for name in model_layer.__all__
    if isinstance(cls := getattr(model_layer, name), type) and attrs.has(cls)
} - SINGLE_VALUES


def test_the_record_classes_are_those_the_catalogue_can_hold() -> None:
    held = _records_held_by(Catalogue, set()) - SINGLE_VALUES
    assert {Catalogue, Event, Money} <= held
    assert held == MODEL_RECORDS


@pytest.mark.parametrize("cls", sorted(MODEL_RECORDS, key=attrgetter("__name__")))
def test_every_record_class_gets_its_generated_paths(cls: type) -> None:
    assert untrusted_reason(cls) is None
    assert trusted_builder(cls) is not None
    assert fast_structurer(cls) is not None
    assert fast_unstructurer(cls) is not None
    assert shallow_writer(cls) is not None


# A bug in a generator, or in generated code, fails loudly ------------------------------


def test_a_generator_that_breaks_raises_rather_than_giving_a_slow_path() -> None:
    @attrs.frozen(kw_only=True)
    class Unresolvable(Checked):
        __module__ = POSING
        name: NoSuchType  # type: ignore[name-defined]  # noqa: F821

    # Not a field type that the fast path leaves to the converter, but a broken class.
    with pytest.raises(NameError):
        _fast_reading._make_fast_structurer(Unresolvable)


def test_only_what_the_generated_reader_gives_up_with_falls_back() -> None:
    def broken(data: object) -> Any:
        raise AttributeError("a bug in generated code")

    data = {"amount": "1", "currency": "EUR"}
    for give_up in GIVES_UP:

        def giving_up(data: object, give_up: type[Exception] = give_up) -> Any:
            raise give_up("not for the fast path")

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(_documents, "fast_structurer", lambda cls: giving_up)
            assert from_dict(data, Money) == Money(amount=Decimal(1), currency="EUR")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_documents, "fast_structurer", lambda cls: broken)
        with pytest.raises(AttributeError, match="a bug in generated code"):
            from_dict(data, Money)


# Generated code shows its source in a traceback ----------------------------------------


def _generated_frames(call: Callable[[], object], kind: type[BaseException]) -> list[Any]:
    """The frames of generated code in the traceback of what `call` raises."""
    with pytest.raises(kind) as caught:
        call()
    frames = traceback.extract_tb(caught.value.__traceback__)
    generated = [f for f in frames if f.filename.startswith("<gloact_model generated ")]
    # As a person sees it: each frame's source line is printed under it.
    printed = "".join(traceback.format_exception(caught.value))
    for frame in generated:
        assert f'File "{frame.filename}", line {frame.lineno}' in printed
        assert frame.line
        assert f"\n    {frame.line}\n" in printed
    return generated


def test_a_traceback_through_a_generated_reader_shows_its_source() -> None:
    reader = fast_structurer(Event)
    assert reader is not None
    frames = _generated_frames(lambda: reader({"id": 5, "name": "N", "kind": "x"}), UnsureError)
    assert frames
    frame = frames[-1]
    assert frame.filename.startswith("<gloact_model generated reader for Event")
    assert frame.line == "raise _UnsureError"
    assert linecache.getline(frame.filename, frame.lineno).strip() == "raise _UnsureError"
    linecache.checkcache()  # a made-up file name is not looked for on disk, and stays
    assert linecache.getline(frame.filename, frame.lineno).strip() == "raise _UnsureError"


def test_a_traceback_through_a_generated_writer_or_builder_shows_its_source() -> None:
    writer = fast_unstructurer(Event)
    assert writer is not None
    (frame,) = _generated_frames(lambda: writer(object()), AttributeError)
    assert frame.filename.startswith("<gloact_model generated writer for Event")
    assert frame.line == "v = o.id"
    build = trusted_builder(Money)
    assert build is not None
    (frame,) = _generated_frames(lambda: build(Decimal(-1), "EUR"), InvariantError)
    assert frame.filename.startswith("<gloact_model generated builder for Money")
    assert frame.line == "raise _InvariantError(_name, checker.problems)"


def test_each_piece_of_generated_code_has_a_file_name_of_its_own() -> None:
    first = _fast_reading._FastCode()
    second = _fast_reading._FastCode()
    files = []
    for code in (first, second):
        function = code.namespace[code.record(Event)]
        files.append(function.__code__.co_filename)
        assert "".join(linecache.getlines(function.__code__.co_filename)).startswith(
            f"def {function.__name__}(d):"
        )
    assert files[0] != files[1]
