"""Layering: what ``import kgraph`` loads."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _modules_after(statement: str) -> set[str]:
    code = f"import json, sys; {statement}; print(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return set(json.loads(out.stdout))


def test_import_kgraph_does_not_import_pandas_or_spacy():
    loaded = _modules_after("import kgraph")
    assert "kgraph.graph" in loaded  # the check below would pass vacuously if nothing was imported
    assert "pandas" not in loaded
    assert "spacy" not in loaded


def test_the_first_table_imports_pandas():
    loaded = _modules_after("import kgraph; kgraph.KnowledgeGraph().nodes()")
    assert "pandas" in loaded
