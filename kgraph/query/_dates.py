"""Date filters: ``since``/``until`` bounds, edge and article dates, and the date-trimmed :func:`subgraph`."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import networkx as nx

from kgraph import subgraph as _trim
from kgraph.errors import InputError
from kgraph.query._common import Kinds, kind_set

DateLike = dt.date | str | None

_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2}))?$")


def as_date(value: Any, *, end: bool = False) -> dt.date | None:
    """Parse a date bound; a year or month means its first (``end=False``) or last day.

    Examples
    --------
    >>> as_date("2023"), as_date("2023", end=True), as_date("2024-02", end=True)
    (datetime.date(2023, 1, 1), datetime.date(2023, 12, 31), datetime.date(2024, 2, 29))
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):  # also pandas.Timestamp
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        match = _PARTIAL_DATE.match(text)
        try:
            if match:
                year, month = int(match[1]), int(match[2]) if match[2] else None
                if month is None:
                    return dt.date(year, 12, 31) if end else dt.date(year, 1, 1)
                first = dt.date(year, month, 1)
                if not end:
                    return first
                following = dt.date(year + month // 12, month % 12 + 1, 1)
                return following - dt.timedelta(days=1)
            return dt.datetime.fromisoformat(text).date()
        except ValueError as err:
            raise InputError(f"invalid date {value!r}: use YYYY, YYYY-MM or YYYY-MM-DD") from err
    raise InputError(f"invalid date {value!r}: use a datetime.date or an ISO string such as 2023-05-01")


def iso_day(value: Any) -> dt.date | None:
    """Parse an ISO date attribute of the graph; anything unreadable is unknown."""
    if not value or not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def published_days(graph: nx.MultiDiGraph) -> dict[str, dt.date | None]:
    """Map article id (the article node's label) -> publication date."""
    return {
        data.get("label", nid): iso_day(data.get("published"))
        for nid, data in graph.nodes(data=True)
        if data.get("kind") == "article"
    }


def in_range(day: dt.date | None, since: dt.date | None, until: dt.date | None) -> bool:
    if since is None and until is None:
        return True
    if day is None:
        return False
    return (since is None or day >= since) and (until is None or day <= until)


# -- trimming ---------------------------------------------------------------------------------


def subgraph(
    graph: nx.MultiDiGraph, since: DateLike = None, until: DateLike = None, kinds: Kinds = None
) -> nx.MultiDiGraph:
    """Return a trimmed copy: only nodes of ``kinds`` and only edges dated within ``since``..``until``.

    With a date filter, an edge is kept when its own date, or else its article's publication date, is in the
    range; nodes left without a kept edge are dropped, except articles published in the range. Built on
    :func:`kgraph.subgraph.by_kind` and :func:`kgraph.subgraph.date_range`; the input is never changed.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> for n, k in [("person:li", "person"), ("place:xian", "place"), ("place:rome", "place")]:
    ...     g.add_node(n, kind=k, label=n)
    >>> _ = g.add_edge("person:li", "place:xian", kind="visited", article="a1", date="2023-05-01")
    >>> _ = g.add_edge("person:li", "place:rome", kind="visited", article="a2", date="2019-05-01")
    >>> sorted(subgraph(g, since="2023").nodes)
    ['person:li', 'place:xian']
    """
    wanted = kind_set(kinds)
    start, end = as_date(since), as_date(until, end=True)
    out = _trim.by_kind(graph, sorted(wanted) if wanted is not None else None)
    if start is None and end is None:
        return out
    out = _trim.date_range(out, start, end, keep_undated=True)
    published = published_days(graph)
    out.remove_edges_from(
        [
            (u, v, key)
            for u, v, key, data in out.edges(keys=True, data=True)
            if not iso_day(data.get("date")) and not in_range(published.get(data.get("article", "")), start, end)
        ]
    )
    out.remove_nodes_from(
        [
            n
            for n, data in list(out.nodes(data=True))
            if out.degree(n) == 0
            and not (data.get("kind") == "article" and in_range(iso_day(data.get("published")), start, end))
        ]
    )
    return out
