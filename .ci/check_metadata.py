"""The installed gloact_model's metadata says what pyproject.toml declares.

Run by .ci/run from the checkout's root, in an environment where the package was built as a
wheel (not installed editable): an older build backend can accept pyproject.toml and still
drop a field, as hatchling before 1.27 writes no licence expression.
"""

from __future__ import annotations

import sys
import tomllib
from importlib.metadata import metadata


def main() -> int:
    """Print each field that differs, and fail if any does."""
    with open("pyproject.toml", "rb") as file:
        project = tomllib.load(file)["project"]
    found = metadata("gloact_model")
    urls = dict(url.split(", ", 1) for url in found.get_all("Project-URL") or [])
    differences = [
        f"{field}: {have!r} in the metadata, {want!r} in pyproject.toml"
        for field, have, want in [
            ("License-Expression", found["License-Expression"], project["license"]),
            ("License-File", found.get_all("License-File"), project["license-files"]),
            ("Project-URL", urls, project["urls"]),
            ("Requires-Python", found["Requires-Python"], project["requires-python"]),
        ]
        if have != want
    ]
    print(*differences, sep="\n", file=sys.stderr)
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
