"""The two formats by name, and which one a file's suffix names."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

__all__ = ["Format", "check_format", "format_for", "unknown_suffix"]

Format = Literal["yaml", "json"]

_SUFFIXES: dict[str, Format] = {".yaml": "yaml", ".yml": "yaml", ".json": "json"}


def format_for(path: str | os.PathLike[str]) -> Format | None:
    """The format that a file's suffix names (``.yaml``, ``.yml``, ``.json``), or None."""
    return _SUFFIXES.get(Path(path).suffix.lower())


def unknown_suffix(path: str | os.PathLike[str]) -> str:
    """What to say of a file whose suffix names no format."""
    suffix = Path(path).suffix
    return (
        f"cannot tell the format from the suffix {suffix or '(none)'!r}: use .yaml, .yml or .json"
    )


def check_format(format: str) -> None:
    """Refuse a format other than ``"yaml"`` and ``"json"``, which an untyped caller may pass."""
    if format not in ("yaml", "json"):
        raise ValueError(f"unknown format {format!r}: use 'yaml' or 'json'")
