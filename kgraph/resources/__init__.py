"""Package data: entity patterns, alias table, gazetteer, topic lexicon."""

from __future__ import annotations

import functools
from importlib import resources

__all__ = ["countries"]


@functools.cache
def countries() -> frozenset[str]:
    """Lower-case names of the countries in the gazetteer (its sections whose heading names countries).

    Examples
    --------
    >>> "india" in countries(), "beijing" in countries()
    (True, False)
    """
    text = resources.files(__name__).joinpath("places.txt").read_text(encoding="utf-8")
    out: set[str] = set()
    in_countries = False
    for line in text.splitlines():
        if line.startswith("# "):
            in_countries = "countries" in line.lower() and not line.lower().startswith("# gazetteer")
        elif line.strip() and in_countries:
            out.add(line.strip().lower())
    return frozenset(out)
