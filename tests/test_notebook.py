"""examples/notebook.ipynb runs clean from a fresh kernel and shows records as HTML.

The notebook is stored without outputs, so that git diffs stay small; this test
runs a copy with nbclient in a temporary folder, as CI does.
"""

# ruff: noqa: E402 (the notebook tools are imported once they are known to be installed)
from __future__ import annotations

import sys
from pathlib import Path

import pytest

for _tool in ("nbformat", "nbclient", "ipykernel"):
    pytest.importorskip(_tool, reason=f"needs {_tool}, in the test extra")

import nbformat
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from nbformat import NotebookNode
from traitlets import default

from .conftest import EXAMPLES

NOTEBOOK = EXAMPLES / "notebook.ipynb"
CELL_TIMEOUT = 120  # seconds; the whole notebook runs in a few


class _ThisInterpreter(AsyncKernelManager):
    """A kernel manager that starts ipykernel on the interpreter running the tests.

    The spec named ``python3`` is looked up in the Jupyter data folders first,
    where a user's own kernelspec may run another Python; ipykernel's native
    spec always runs ``sys.executable``, so the kernel imports the gloact_model
    under test.
    """

    @default("kernel_spec_manager")
    def _native_spec_only(self) -> KernelSpecManager:
        return KernelSpecManager(kernel_dirs=[])


# Cells the test adds to its copy: the first turns every warning that the
# notebook's code raises into an error, as pytest's filterwarnings=error does
# here (ipykernel's own, such as one it gives at shutdown, are left alone); the
# last says which interpreter ran the kernel.
_STRICT = (
    "import warnings\n"
    "warnings.simplefilter('error')\n"
    "warnings.filterwarnings('default', module='ipykernel')"
)
_WHICH = "import sys\nprint(sys.executable)"


def _read() -> NotebookNode:
    notebook: NotebookNode = nbformat.read(NOTEBOOK, as_version=4)  # type: ignore[no-untyped-call]
    return notebook


def _new_cell(source: str, cell_id: str) -> NotebookNode:
    cell: NotebookNode = nbformat.v4.new_code_cell(source, id=cell_id)  # type: ignore[no-untyped-call]
    return cell


def _code_cells(nb: NotebookNode) -> list[NotebookNode]:
    return [cell for cell in nb.cells if cell.cell_type == "code"]


def _first_error(nb: NotebookNode) -> str | None:
    for cell in _code_cells(nb):
        for output in cell.outputs:
            if output.output_type == "error" or (
                output.output_type == "stream" and output.name == "stderr"
            ):
                found = (
                    f"{output.ename}: {output.evalue}"
                    if output.output_type == "error"
                    else output.text
                )
                return f"cell {cell.get('id')!r} failed:\n{cell.source}\n---\n{found}"
    return None


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory) -> NotebookNode:
    nb = _read()
    nb.cells.insert(0, _new_cell(_STRICT, "test-strict-warnings"))
    nb.cells.append(_new_cell(_WHICH, "test-interpreter"))
    folder = tmp_path_factory.mktemp("notebook")
    client = NotebookClient(
        nb,
        timeout=CELL_TIMEOUT,
        kernel_name="python3",
        kernel_manager_class=_ThisInterpreter,
        allow_errors=True,  # to report the first failing cell by its source, below
        resources={"metadata": {"path": str(folder)}},
    )
    client.execute()
    error = _first_error(nb)
    if error is not None:
        pytest.fail(error, pytrace=False)
    assert list(folder.iterdir()) == [], "the notebook must write only to its temporary folder"
    return nb


def _html(nb: NotebookNode, cell_id: str) -> str:
    (cell,) = (cell for cell in nb.cells if cell.get("id") == cell_id)
    shown = [o.data["text/html"] for o in cell.outputs if "text/html" in o.get("data", {})]
    assert len(shown) == 1, (cell_id, cell.outputs)
    return str(shown[0])


def test_the_notebook_is_stored_without_outputs() -> None:
    nb = _read()
    nbformat.validate(nb)
    assert nb.metadata.kernelspec.name == "python3"
    assert nb.metadata.kernelspec.language == "python"
    cells = _code_cells(nb)
    assert len(cells) >= 10
    for cell in cells:
        assert cell.outputs == [], cell.id
        assert cell.execution_count is None, cell.id
    assert all(cell.metadata == {} for cell in nb.cells)


def test_the_notebook_says_its_catalogue_is_illustrative() -> None:
    nb = _read()
    first = nb.cells[0]
    assert first.cell_type == "markdown"
    assert "illustrative" in first.source
    assert "invented" in first.source


def test_the_notebook_runs_clean_on_this_interpreter(executed: NotebookNode) -> None:
    which = executed.cells[-1].outputs
    assert [o.output_type for o in which] == ["stream"]
    assert Path(which[0].text.strip()) == Path(sys.executable)
    assert all(cell.execution_count is not None for cell in _code_cells(executed))


def test_the_notebook_shows_records_and_reports_as_html(executed: NotebookNode) -> None:
    assert "<strong>Programme</strong> Example Programme against" in _html(executed, "programme")
    assert "EUR 2,500,000" in _html(executed, "programme")
    event = _html(executed, "event-nepal")
    assert "30 people (women 18, men 12, share of women 60%)" in event
    assert "Identifying victims of trafficking" in event
    assert "Kathmandu, Nepal" in event
    catalogue = _html(executed, "catalogue")
    assert "<strong>Catalogue</strong> 7 records" in catalogue
    assert "Example workshop in Colombia" in catalogue
    assert "no issues" in _html(executed, "validate")
    mistake = _html(executed, "mistake")
    assert "1 error, 0 warnings" in mistake
    assert "dangling-reference" in mistake
    assert "example-programe" in mistake
    assert "no issues" in _html(executed, "fix")


def test_the_notebook_shows_its_tables_as_html(executed: NotebookNode) -> None:
    by_country = _html(executed, "events-by-country")
    assert "<table" in by_country
    assert "Events by country and year" in by_country
    assert "Colombia (CO)" in by_country
    by_sex = _html(executed, "participants-by-sex")
    assert "All held events" in by_sex
    assert ">29<" in by_sex  # women at the held events
    frame = _html(executed, "dataframe")
    assert 'class="dataframe"' in frame
    assert "<th>share_women</th>" in frame
    assert "<td>Example workshop in Nepal</td>" in frame


def test_the_notebook_shows_the_yaml_it_saved(executed: NotebookNode) -> None:
    (cell,) = (cell for cell in executed.cells if cell.get("id") == "dump")
    assert cell.outputs[0].text.startswith("schema_version: 2\norganisations:\n")


def test_the_notebook_says_which_events_have_a_row_of_participants() -> None:
    (cell,) = (cell for cell in _read().cells if cell.get("id") == "participants-md")
    text = " ".join(cell.source.split())
    # Every held event has a row, counted or not: the gaps in the data show.
    assert "each event that was held, with or without a head count" in text
