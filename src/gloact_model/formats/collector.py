"""Pausing Python's cyclic garbage collector while a document is read or written.

Reading or writing a large catalogue allocates millions of objects, none of them
in a reference cycle; the collector would walk them again and again, which costs
about a third of the time and makes it grow faster than the document.

The collector is one switch for the whole process, so the pauses of all threads
are counted together: the first call to come in switches it off, and the last
to leave switches it back on, and only if it was on when the first came in. A
caller who switched it off before calling keeps it off, whatever the calls do or
raise. (A switch made by another thread while a call is under way cannot be told
from the pause itself: the collector is on again when the last call leaves.)
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator

__all__ = ["without_cycle_collection"]


class _Pauses:
    """How many calls have the collector paused, and whether the last out switches it on."""

    __slots__ = ("_depth", "_lock", "_restore")

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._depth = 0
        self._restore = False

    def enter(self) -> None:
        with self._lock:
            if self._depth == 0:
                self._restore = gc.isenabled()
                gc.disable()
            self._depth += 1

    def leave(self) -> None:
        with self._lock:
            self._depth -= 1
            if self._depth == 0 and self._restore:
                gc.enable()


_PAUSES = _Pauses()


@contextlib.contextmanager
def without_cycle_collection() -> Iterator[None]:
    """Pause the cyclic garbage collector for the block, as the module says; safe in threads."""
    _PAUSES.enter()
    try:
        yield
    finally:
        _PAUSES.leave()
