"""In-order results from out-of-order workers: the window both process pools and dask clusters use."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from kgraph.records import Article, ArticleResult

__all__ = ["ordered_window"]


def ordered_window(
    chunks: Iterable[list[Article]], submit: Callable[[list[Article]], Any], get: Callable[[Any], list],
    window: int,
) -> Iterator[ArticleResult]:
    """Submit chunks with at most ``window`` in flight and yield their results in input order.

    ``submit(chunk)`` starts work and returns a handle; ``get(handle)`` waits for its list of results.
    """
    pending: deque = deque()
    for chunk in chunks:
        pending.append(submit(chunk))
        if len(pending) >= window:
            yield from get(pending.popleft())
    while pending:
        yield from get(pending.popleft())
