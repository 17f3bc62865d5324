"""The demo notebook runs from top to bottom, headless, with this interpreter."""

import json
import sys
from pathlib import Path

import pytest

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "demo.ipynb"

nbformat = pytest.importorskip("nbformat", reason="the test extra is not installed")
nbclient = pytest.importorskip("nbclient", reason="the test extra is not installed")
pytest.importorskip("ipykernel", reason="the test extra is not installed")
pytest.importorskip("pandas", reason="the test extra is not installed")
pytest.importorskip("matplotlib", reason="the test extra is not installed")


@pytest.fixture
def this_interpreter_kernel(tmp_path, monkeypatch):
    """A kernelspec that starts this very interpreter, so the notebook sees the package under test."""
    spec_dir = tmp_path / "jupyter" / "kernels" / "vnadmin-test"
    spec_dir.mkdir(parents=True)
    (spec_dir / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "vnadmin test", "language": "python",
    }))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    monkeypatch.setenv("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    return "vnadmin-test"


def test_notebook_is_committed_without_outputs():
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None


def test_notebook_runs_without_errors(this_interpreter_kernel, tmp_path):
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(notebook, kernel_name=this_interpreter_kernel, timeout=120,
                                     resources={"metadata": {"path": str(tmp_path)}})
    client.execute()  # raises CellExecutionError, with the cell and traceback, if any cell fails
    outputs = [out for cell in notebook.cells if cell.cell_type == "code" for out in cell.outputs]
    assert not [out for out in outputs if out.output_type == "error"]
    html = "".join(out.get("data", {}).get("text/html", "") for out in outputs if "data" in out)
    text = "".join(out.get("text", "") for out in outputs)
    # The real document went through: its title, displaCy markup, the tables and the plot.
    assert "KẾT LUẬN" in text
    assert "class=\"entities\"" in html and "ORG</span>" in html  # displaCy markup
    assert "124-KH/TU" in html  # the cited-documents table
    assert any("image/png" in out.get("data", {}) for out in outputs)
