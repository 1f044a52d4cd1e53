"""Visit questions: who visited which organisation, facility or place, where and when."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

import networkx as nx

from kgraph.query._common import TARGET_KINDS, Kinds, kind_of, kind_set, label_of
from kgraph.query._dates import DateLike, as_date, in_range, iso_day, published_days
from kgraph.query._names import lookup
from kgraph.query._tables import CO_VISIT_COLUMNS, PER_SOURCE_VISIT_COLUMNS, VISIT_COLUMNS, typed_frame

if TYPE_CHECKING:
    import pandas as pd


def _visit_edges(
    graph: nx.MultiDiGraph, visitor: str | None, target: str | None
) -> Iterator[tuple[str, str, dict[str, Any]]]:
    found: Iterable[tuple[str, str, dict[str, Any]]]
    if visitor is not None:
        found = graph.out_edges(visitor, data=True)
    elif target is not None:
        found = graph.in_edges(target, data=True)
    else:
        found = graph.edges(data=True)
    for u, v, data in found:
        if data.get("kind") == "visited" and (target is None or v == target):
            yield u, v, data


def visits(
    graph: nx.MultiDiGraph,
    visitor: str | None = None,
    target: str | None = None,
    since: DateLike = None,
    until: DateLike = None,
    *,
    location: str | None = None,
    target_kind: Kinds = None,
    per_source: bool = False,
) -> pd.DataFrame:
    """Who visited what, where and when, as a table.

    By default one row per visit: all ``visited`` edges between the same visitor and target (one per reporting
    article) grouped into one row with ``articles`` (sorted tuple), ``sources`` (how many articles), the earliest
    known ``date``, the first known ``location`` and ``role``, and the ``evidence`` of the earliest report
    (columns: :data:`VISIT_COLUMNS`). With ``per_source=True`` one row per edge, with its ``article`` and
    ``sources`` counting the selected articles that report the same visitor and target
    (columns: :data:`PER_SOURCE_VISIT_COLUMNS`).

    Filters apply to edges before grouping. Rows are sorted by date (unknown last), visitor, target (and article).

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A kgraph graph.
    visitor, target : str, optional
        Names (id, label or alias) of the visitor and the visited organisation, facility or place.
    since, until : date or str, optional
        Inclusive date bounds (see the module docstring; an undated visit is dated by its article).
    location : str, optional
        Name of the place where the visit happened (visits to that place itself count too).
    target_kind : str or iterable of str, optional
        Keep visits to targets of these kinds.
    per_source : bool
        One row per article instead of one per visit.

    Examples
    --------
    >>> from kgraph.graph import KnowledgeGraph
    >>> from kgraph.records import Article, ArticleResult, Entity, Visit
    >>> kg = KnowledgeGraph()
    >>> ents = (Entity("person:li-qiang", "person", "Li Qiang"), Entity("organization:baidu", "organization", "Baidu"))
    >>> for aid in ("a1", "a2"):
    ...     kg.add_result(ArticleResult(Article(aid, ""), entities=ents,
    ...         visits=(Visit("Li Qiang", "Baidu", "organization", None, None, "Li visited Baidu.", aid),)))
    >>> visits(kg.graph, target="baidu")[["visitor", "target", "articles", "sources"]].to_dict("records")
    [{'visitor': 'Li Qiang', 'target': 'Baidu', 'articles': ('a1', 'a2'), 'sources': 2}]
    """
    vid = lookup(graph, visitor, "person") if visitor is not None else None
    tid = lookup(graph, target, TARGET_KINDS) if target is not None else None
    lid = lookup(graph, location, "place") if location is not None else None
    start, end = as_date(since), as_date(until, end=True)
    tkinds = kind_set(target_kind)
    published = published_days(graph)
    rows: list[dict[str, Any]] = []
    for u, v, data in _visit_edges(graph, vid, tid):
        if tkinds is not None and kind_of(graph, v) not in tkinds:
            continue
        if lid is not None and data.get("location_id") != lid and v != lid:
            continue
        article = data.get("article", "")
        day, pub = iso_day(data.get("date")), published.get(article)
        if not in_range(day or pub, start, end):
            continue
        rows.append(
            {
                "visitor": label_of(graph, u),
                "visitor_id": u,
                "target": label_of(graph, v),
                "target_id": v,
                "target_kind": kind_of(graph, v),
                "location": data.get("location") or None,
                "location_id": data.get("location_id") or None,
                "date": day,
                "published": pub,
                "role": data.get("role") or "",
                "evidence": data.get("evidence") or "",
                "article": article,
            }
        )
    far = dt.date.max
    rows.sort(key=lambda r: (r["date"] or far, r["published"] or far, r["article"]))
    groups: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        groups[row["visitor_id"], row["target_id"]].append(row)
    if per_source:
        out = [{**row, "sources": len({r["article"] for r in groups[row["visitor_id"], row["target_id"]]})}
               for row in rows]
        out.sort(key=lambda r: (r["date"] or far, r["visitor"], r["target"], r["visitor_id"], r["target_id"],
                                r["article"]))
        return typed_frame(out, PER_SOURCE_VISIT_COLUMNS)
    grouped = []
    for reports in groups.values():
        first = reports[0]
        articles = tuple(sorted({r["article"] for r in reports}))
        grouped.append(
            {
                **first,
                "location": next((r["location"] for r in reports if r["location"]), None),
                "location_id": next((r["location_id"] for r in reports if r["location_id"]), None),
                "published": min((r["published"] for r in reports if r["published"]), default=None),
                "role": next((r["role"] for r in reports if r["role"]), ""),
                "articles": articles,
                "sources": len(articles),
            }
        )
    grouped.sort(key=lambda r: (r["date"] or far, r["visitor"], r["target"], r["visitor_id"], r["target_id"]))
    return typed_frame(grouped, VISIT_COLUMNS)


def visitors(graph: nx.MultiDiGraph, target: str, since: DateLike = None, until: DateLike = None) -> pd.DataFrame:
    """Who visited ``target``: :func:`visits` to it, one row per visitor.

    Columns: visitor, visitor_id, role, location, date, sources, articles.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("person:li", kind="person", label="Li")
    >>> g.add_node("organization:baidu", kind="organization", label="Baidu")
    >>> _ = g.add_edge("person:li", "organization:baidu", kind="visited", article="a1")
    >>> visitors(g, "Baidu")["visitor"].tolist()
    ['Li']
    """
    table = visits(graph, target=target, since=since, until=until)
    return table[["visitor", "visitor_id", "role", "location", "date", "sources", "articles"]]


def visited(
    graph: nx.MultiDiGraph,
    person: str,
    kind: Kinds = None,
    since: DateLike = None,
    until: DateLike = None,
) -> pd.DataFrame:
    """Where ``person`` went: the organisations, facilities and places they visited, one row per target.

    Columns: target, target_id, target_kind, location, date, sources, articles.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("person:li", kind="person", label="Li")
    >>> g.add_node("place:xian", kind="place", label="Xi'an")
    >>> _ = g.add_edge("person:li", "place:xian", kind="visited", article="a1", date="2023-05-01")
    >>> visited(g, "li", since="2023", until="2023")["target"].tolist()
    ["Xi'an"]
    """
    table = visits(graph, visitor=person, since=since, until=until, target_kind=kind)
    return table[["target", "target_id", "target_kind", "location", "date", "sources", "articles"]]


def co_visited(graph: nx.MultiDiGraph, target: str) -> pd.DataFrame:
    """Other targets visited by the visitors of ``target``, most shared visitors first.

    Columns: target, target_id, target_kind, shared (number of common visitors), visitors (tuple of labels).

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> for n, k in [("person:li", "person"), ("organization:baidu", "organization"), ("place:xian", "place")]:
    ...     g.add_node(n, kind=k, label=n.split(":")[1].title())
    >>> _ = g.add_edge("person:li", "organization:baidu", kind="visited", article="a1")
    >>> _ = g.add_edge("person:li", "place:xian", kind="visited", article="a2")
    >>> co_visited(g, "Baidu")[["target", "shared", "visitors"]].to_dict("records")
    [{'target': 'Xian', 'shared': 1, 'visitors': ('Li',)}]
    """
    tid = lookup(graph, target, TARGET_KINDS)
    people = {u for u, _, _ in _visit_edges(graph, None, tid)}
    others: dict[str, set[str]] = defaultdict(set)
    for person in people:
        for _, v, _ in _visit_edges(graph, person, None):
            if v != tid:
                others[v].add(person)
    rows: list[dict[str, Any]] = [
        {
            "target": label_of(graph, v),
            "target_id": v,
            "target_kind": kind_of(graph, v),
            "shared": len(who),
            "visitors": tuple(sorted(label_of(graph, p) for p in who)),
        }
        for v, who in others.items()
    ]
    rows.sort(key=lambda r: (-r["shared"], r["target"], r["target_id"]))
    return typed_frame(rows, CO_VISIT_COLUMNS)
