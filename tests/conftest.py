"""Shared test helpers: the ../shared folder (dev set, schemas) and small graphs built from records."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("KGRAPH_SHARED", ROOT.parent / "shared"))


def require_shared(relative: str) -> Path:
    """Return ``../shared/<relative>``; fail under CI=true when it is missing, skip elsewhere."""
    path = SHARED / relative
    if path.exists():
        return path
    message = f"{path} is missing (the dev set and schemas live in ../shared beside the checkout)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture
def shared():
    """The ``require_shared`` helper as a fixture."""
    return require_shared
