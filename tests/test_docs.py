"""Every Python code block in the README and in docs/ runs, so no page can go stale.

Blocks of one page run in order in one namespace, from the repository root, as a
reader would type them. A block fenced as ```python is run; other fences are not.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
PAGES = sorted([ROOT / "README.md", *(ROOT / "docs").rglob("*.md")])
_BLOCK = re.compile(r"^```python\n(.*?)^```", re.DOTALL | re.MULTILINE)
# Pages whose examples need a package of an optional extra: without it they are skipped.
_NEEDS = {"docs/reports.md": "pandas", "docs/schema.md": "jsonschema"}


def python_blocks(page: Path) -> list[tuple[int, str]]:
    text = page.read_text(encoding="utf-8")
    return [(text.count("\n", 0, m.start()) + 2, m.group(1)) for m in _BLOCK.finditer(text)]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_code_blocks_run(page: Path, tmp_path: Path) -> None:
    if module := _NEEDS.get(page.relative_to(ROOT).as_posix()):
        pytest.importorskip(module, reason=f"the examples need {module}, an optional extra")
    namespace: dict[str, object] = {"__name__": "__docs__", "TMP": tmp_path}
    cwd = Path.cwd()
    os.chdir(ROOT)
    try:
        for line, code in python_blocks(page):
            compiled = compile(code, f"{page.relative_to(ROOT)}:{line}", "exec")
            exec(compiled, namespace)
    finally:
        os.chdir(cwd)


def test_pages_have_code_to_check() -> None:
    assert any(python_blocks(page) for page in PAGES)
