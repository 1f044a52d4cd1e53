"""The notebooks in notebooks/ are committed without outputs, match their generator, and run on data/."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
NAMES = ("quickstart.ipynb", "analysis.ipynb")


def _generator():
    spec = importlib.util.spec_from_file_location("_kgraph_make_notebooks", NOTEBOOKS / "make_notebooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", NAMES)
def test_committed_without_outputs(name):
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code
    assert all(not c.outputs and c.execution_count is None for c in code)


def test_notebooks_match_their_generator():
    expected = _generator().render()
    assert set(expected) == set(NAMES)
    for name, text in expected.items():
        assert (NOTEBOOKS / name).read_text(encoding="utf-8") == text, (
            f"{name} is stale: run python notebooks/make_notebooks.py"
        )


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs(name, tmp_path, monkeypatch):
    from nbclient import NotebookClient

    monkeypatch.setenv("KGRAPH_OUT", str(tmp_path))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    client = NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS)}}
    )
    client.execute()  # raises CellExecutionError, naming the cell, when a cell fails
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    text = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    if name == "quickstart.ipynb":
        assert "named 'Biadu'" in text  # the UnknownEntity cell printed its message
        assert {"graph.json", "graph.gexf", "graph.html"} <= {p.name for p in tmp_path.iterdir()}
        assert any("text/html" in o.get("data", {}) for o in outputs)  # tables and the inline graph
    else:
        pngs = {p.name for p in tmp_path.glob("*.png")}
        assert pngs == {"timeline.png", "most_visited.png", "topic_cooccurrence.png"}
        assert sum("image/png" in o.get("data", {}) for o in outputs) == 3
