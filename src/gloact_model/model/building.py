"""Building records without their constructor, for readers that have checked each value.

The codec's generated reading path has already checked the type of every value
exactly (``type(v) is str``), so it may build records with `trusted_builder`,
which leaves out only that check and runs everything else that the record's
constructor runs. A class whose constructor does more is refused, so that
nothing is ever skipped silently. `exec_generated` runs generated code so that
tracebacks show it.
"""

from __future__ import annotations

import functools
import itertools
import linecache
import threading
import types
import typing
from collections.abc import Callable
from typing import Any

import attrs

from gloact_model.errors import InvariantError
from gloact_model.model._checks import Checked, Checker

__all__ = ["exec_generated", "trusted_builder", "untrusted_reason"]

C = typing.TypeVar("C", bound=Checked)

_generated_names_lock = threading.Lock()
_generated_numbers = itertools.count(2)


def exec_generated(lines: list[str], namespace: dict[str, Any], what: str) -> None:
    """Run generated source in `namespace`, registered so that a traceback shows it.

    The source is kept in `linecache` under a made-up file name that says what it
    is (``<gloact_model generated reader for Event>``), with a number after the
    first of that name, so that a traceback through generated code quotes its lines
    as it quotes a file's.
    """
    source = "\n".join(lines) + "\n"
    entry_lines = source.splitlines(keepends=True)
    with _generated_names_lock:  # two threads never take one name
        filename = f"<gloact_model generated {what}>"
        if filename in linecache.cache:
            filename = f"<gloact_model generated {what} #{next(_generated_numbers)}>"
        # No modification time: linecache.checkcache keeps the entry, as for attrs' code.
        linecache.cache[filename] = (len(source), None, entry_lines, filename)
    exec(compile(source, filename, "exec"), namespace)


_CACHED_HASH = "_attrs_cached_hash"
"""The slot in which attrs keeps a hash with ``cache_hash=True``, set to None by ``__init__``."""


def untrusted_reason(cls: type) -> str | None:
    """Why `trusted_builder` cannot stand in for the constructor of `cls`, or None.

    The builder sets the fields, runs plain converters and the class's `_check`
    rules, and nothing else. Anything else that attrs' ``__init__`` would do (a
    validator, a converter that takes the instance or the field, a pre- or
    post-init hook of the class's own, a cached hash, a field that ``__init__``
    does not take) would be skipped, so such a class is refused, and its readers
    use the constructor. Last, the generated ``__init__`` itself is read: a name
    or a key in it that setting the fields and the checks do not explain refuses
    the class too, so that what attrs adds later is never skipped silently.
    """
    if not attrs.has(cls) or not issubclass(cls, Checked):
        return "it is not an attrs class checked by Checked"
    if typing.cast(Any, cls).__attrs_post_init__ is not Checked.__attrs_post_init__:
        return "it checks itself in its own way (__attrs_post_init__)"
    if getattr(cls, "__attrs_pre_init__", None) is not None:
        return "it has an __attrs_pre_init__"
    if any(_CACHED_HASH in getattr(base, "__slots__", ()) for base in cls.__mro__):
        return "it caches its hash (cache_hash=True), which __init__ clears"
    allowed_names = {"_cached_setattr_get", "__attrs_post_init__"}
    fields = attrs.fields(typing.cast(Any, cls))
    for field in fields:
        if field.validator is not None:
            return f"its field {field.name!r} has a validator"
        if not field.init:
            return f"its field {field.name!r} is not taken by __init__"
        if field.converter is not None:
            if not _plain_converter(field.converter):
                return f"the converter of its field {field.name!r} takes more than the value"
            allowed_names.add(f"__attr_converter_{field.name}")
        if not isinstance(cls.__dict__.get(field.name), types.MemberDescriptorType):
            return f"its field {field.name!r} is not a slot of the class itself"
    code = getattr(cls.__init__, "__code__", None)
    if code is None:
        return "its __init__ is not Python code"
    extra = set(code.co_names) - allowed_names
    keys = {c for c in code.co_consts if isinstance(c, str)} - {f.name for f in fields}
    if extra or keys:
        return f"its __init__ does more than set fields and check them: {sorted(extra | keys)}"
    return None


def _plain_converter(converter: object) -> bool:
    """Whether `converter` is called with the value alone, as the builder calls it."""
    wrapped = getattr(attrs, "Converter", None)  # attrs 24.1 and later
    if wrapped is None or not isinstance(converter, wrapped):
        return True
    return not (converter.takes_self or converter.takes_field)


@functools.cache
def trusted_builder(cls: type[C]) -> Callable[..., C] | None:
    """A constructor of `cls` for values already known to be of its fields' annotated types.

    It takes every field, positionally and in the order declared, runs the fields'
    converters and the class's own rules (`Checked._check`), and raises the same
    `InvariantError` as the constructor when a rule is broken; it only leaves out
    the check of each value against its annotation. It is for a reader (the
    codec) that has already checked each value's type exactly, as ``type(v) is
    str`` and not ``isinstance``: a caller who cannot promise that uses the
    constructor, which checks everything.

    None where the constructor does more than that (see `untrusted_reason`): the
    caller then uses the constructor.
    """
    if untrusted_reason(cls) is not None:
        return None
    fields = attrs.fields(typing.cast(Any, cls))
    names = [f"v{index}" for index in range(len(fields))]
    namespace: dict[str, Any] = {
        "_new": object.__new__,
        "_cls": cls,
        "_Checker": Checker,
        "_InvariantError": InvariantError,
        "_name": cls.__name__,
    }
    lines = [f"def build({', '.join(names)}):", "    self = _new(_cls)"]
    for field, name in zip(fields, names, strict=True):
        # The slot's own setter: a frozen class refuses setattr, as it should.
        namespace[f"_set_{name}"] = cls.__dict__[field.name].__set__
        value = name
        if field.converter is not None:
            namespace[f"_convert_{name}"] = field.converter
            value = f"_convert_{name}({name})"
        lines.append(f"    _set_{name}(self, {value})")
    if cls._check is not Checked._check:
        lines += [
            "    checker = _Checker()",
            "    self._check(checker)",
            "    if checker.problems:",
            "        raise _InvariantError(_name, checker.problems)",
        ]
    lines.append("    return self")
    exec_generated(lines, namespace, f"builder for {cls.__name__}")
    build: Callable[..., C] = namespace["build"]
    return build
