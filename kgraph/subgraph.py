"""Pure graph trimming: networkx graph in, new networkx graph out, the input never mutated.

Every function returns a fresh :class:`networkx.MultiDiGraph` whose node and edge attribute dicts (and the
lists inside them) are copies, so callers may change the result freely. Nodes and edges keep the order of
the input graph.
"""

from __future__ import annotations

import datetime as dt
import difflib
import logging
from collections.abc import Hashable, Iterable
from typing import Any

import networkx as nx

from kgraph.errors import UnknownEntity

__all__ = ["by_kind", "date_range", "induced", "neighbourhood", "resolve_node", "top_n_by_degree"]

logger = logging.getLogger(__name__)

#: Kind order used to break ties when a label names several nodes.
_KIND_ORDER = ("person", "organization", "facility", "place", "topic", "article")


def _copy_attrs(data: dict[str, Any]) -> dict[str, Any]:
    return {k: (list(v) if isinstance(v, list) else v) for k, v in data.items()}


def _new_like(graph: nx.Graph) -> nx.MultiDiGraph:
    out: nx.MultiDiGraph = nx.MultiDiGraph()
    out.graph.update(_copy_attrs(graph.graph))
    return out


def _edges(graph: nx.Graph) -> Iterable[tuple[Hashable, Hashable, Hashable, dict[str, Any]]]:
    if isinstance(graph, nx.MultiGraph):
        yield from graph.edges(keys=True, data=True)
    else:
        for u, v, data in graph.edges(data=True):
            yield u, v, 0, data


def induced(graph: nx.Graph, nodes: Iterable[Hashable]) -> nx.MultiDiGraph:
    """Return a copy of the subgraph induced by ``nodes`` (every edge between two kept nodes).

    Examples
    --------
    >>> g = nx.MultiDiGraph([("a", "b"), ("b", "c")])
    >>> sorted(induced(g, ["a", "b"]).edges())
    [('a', 'b')]
    """
    keep = set(nodes)
    out = _new_like(graph)
    out.add_nodes_from((n, _copy_attrs(d)) for n, d in graph.nodes(data=True) if n in keep)
    # types-networkx lacks MultiGraph.add_edges_from's (u, v, key, data) form, hence the ignores in this module.
    out.add_edges_from(
        (u, v, k, _copy_attrs(d)) for u, v, k, d in _edges(graph) if u in keep and v in keep  # type: ignore[misc]
    )
    return out


def top_n_by_degree(graph: nx.Graph, n: int, *, kinds: Iterable[str] | None = None) -> nx.MultiDiGraph:
    """Keep the ``n`` nodes of highest degree (parallel edges count) and the edges among them.

    Degrees are those of the whole input graph; ties are broken by node id so the result is stable.
    ``kinds`` restricts the candidates to nodes of those kinds.

    Examples
    --------
    >>> g = nx.MultiDiGraph([("hub", "a"), ("hub", "b"), ("a", "b"), ("c", "hub")])
    >>> sorted(top_n_by_degree(g, 2).nodes)
    ['a', 'hub']
    """
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}")
    wanted = set(kinds) if kinds is not None else None
    candidates = [
        (node, deg)
        for node, deg in graph.degree()
        if wanted is None or graph.nodes[node].get("kind") in wanted
    ]
    candidates.sort(key=lambda item: (-item[1], str(item[0])))
    return induced(graph, (node for node, _ in candidates[:n]))


def neighbourhood(
    graph: nx.Graph, center: Hashable, radius: int = 1, *, undirected: bool = True
) -> nx.MultiDiGraph:
    """Keep the nodes within ``radius`` hops of ``center`` and the edges among them.

    Edge direction is ignored unless ``undirected=False`` (then only successors are followed).
    ``center`` must be a node id; see :func:`resolve_node` to find one from a label.

    Examples
    --------
    >>> g = nx.MultiDiGraph([("a", "b"), ("b", "c"), ("d", "a")])
    >>> sorted(neighbourhood(g, "a").nodes)
    ['a', 'b', 'd']
    >>> sorted(neighbourhood(g, "a", radius=2).nodes)
    ['a', 'b', 'c', 'd']
    """
    if center not in graph:
        raise UnknownEntity(f"{center!r} is not a node of the graph")
    if radius < 0:
        raise ValueError(f"radius must be >= 0, got {radius}")
    seen = {center}
    frontier = [center]
    for _ in range(radius):
        nxt = []
        for node in frontier:
            if undirected and isinstance(graph, nx.DiGraph):
                around: Iterable[Hashable] = (*graph.successors(node), *graph.predecessors(node))
            else:  # successors of a directed graph, neighbours of an undirected one
                around = graph.neighbors(node)
            for other in around:
                if other not in seen:
                    seen.add(other)
                    nxt.append(other)
        frontier = nxt
    return induced(graph, seen)


def _as_date(value: str | dt.date | None, name: str) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value.date() if isinstance(value, dt.datetime) else value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError as err:
        raise ValueError(f"{name} must be an ISO date YYYY-MM-DD, got {value!r}") from err


def date_range(
    graph: nx.Graph,
    since: str | dt.date | None = None,
    until: str | dt.date | None = None,
    *,
    keep_undated: bool = False,
) -> nx.MultiDiGraph:
    """Keep the edges dated within ``[since, until]`` (inclusive) and the nodes they touch.

    An edge's date is its ``date`` attribute (ISO ``YYYY-MM-DD``). Undated edges are dropped unless
    ``keep_undated``. Article nodes published in the range are kept even without a kept edge. ``None``
    leaves that end open.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_edge("a", "b", key="visited:1", date="2024-01-05")
    'visited:1'
    >>> g.add_edge("a", "c", key="visited:2", date="2024-03-01")
    'visited:2'
    >>> sorted(date_range(g, since="2024-02-01").nodes)
    ['a', 'c']
    """
    start = _as_date(since, "since")
    stop = _as_date(until, "until")

    def inside(value: Any) -> bool | None:
        if not value:
            return None
        try:
            day = dt.date.fromisoformat(str(value)[:10])
        except ValueError:
            return None
        return (start is None or day >= start) and (stop is None or day <= stop)

    out = _new_like(graph)
    kept_edges = []
    touched: set[Hashable] = set()
    for u, v, k, data in _edges(graph):
        verdict = inside(data.get("date"))
        if verdict or (verdict is None and keep_undated):
            kept_edges.append((u, v, k, _copy_attrs(data)))
            touched.update((u, v))
    for node, data in graph.nodes(data=True):
        if node in touched or (data.get("kind") == "article" and inside(data.get("published"))):
            out.add_node(node, **_copy_attrs(data))
    out.add_edges_from(kept_edges)  # type: ignore[arg-type]  # see induced
    return out


def by_kind(
    graph: nx.Graph,
    kinds: Iterable[str] | None = None,
    edge_kinds: Iterable[str] | None = None,
    *,
    drop_isolates: bool = False,
) -> nx.MultiDiGraph:
    """Keep nodes whose ``kind`` is in ``kinds`` and edges (between kept nodes) whose ``kind`` is in ``edge_kinds``.

    ``None`` keeps every kind. ``drop_isolates`` then removes nodes left without an edge.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_nodes_from([("p", {"kind": "person"}), ("o", {"kind": "organization"}), ("a", {"kind": "article"})])
    >>> _ = g.add_edge("p", "o", kind="visited"); _ = g.add_edge("a", "p", kind="mentions")
    >>> sub = by_kind(g, ["person", "organization"])
    >>> sorted(sub.nodes), [d["kind"] for *_, d in sub.edges(data=True)]
    (['o', 'p'], ['visited'])
    """
    node_kinds = set(kinds) if kinds is not None else None
    link_kinds = set(edge_kinds) if edge_kinds is not None else None
    keep = {n for n, k in graph.nodes(data="kind") if node_kinds is None or k in node_kinds}
    out = _new_like(graph)
    edges = [
        (u, v, k, _copy_attrs(d))
        for u, v, k, d in _edges(graph)
        if u in keep and v in keep and (link_kinds is None or d.get("kind") in link_kinds)
    ]
    if drop_isolates:
        keep = {n for u, v, *_ in edges for n in (u, v)}
    out.add_nodes_from((n, _copy_attrs(d)) for n, d in graph.nodes(data=True) if n in keep)
    out.add_edges_from(edges)  # type: ignore[arg-type]  # see induced
    return out


def resolve_node(graph: nx.Graph, text: Hashable) -> Hashable:
    """Return the node id that ``text`` names: a node id, else a label or alias (case-insensitive).

    When a label names several nodes, persons win over organisations, facilities, places, topics and
    articles, then the smallest id. Raises :class:`kgraph.errors.UnknownEntity` with close matches otherwise.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("person:li-qiang", kind="person", label="Li Qiang", aliases=["Premier Li"])
    >>> resolve_node(g, "premier li")
    'person:li-qiang'
    """
    if text in graph:
        return text
    wanted = str(text).casefold().strip()
    label_hits: list[Hashable] = []
    alias_hits: list[Hashable] = []
    for node, data in graph.nodes(data=True):
        if str(data.get("label", "")).casefold() == wanted:
            label_hits.append(node)
        elif any(str(a).casefold() == wanted for a in data.get("aliases") or ()):
            alias_hits.append(node)

    def rank(node: Hashable) -> tuple[int, str]:
        kind = graph.nodes[node].get("kind")
        return (_KIND_ORDER.index(kind) if kind in _KIND_ORDER else len(_KIND_ORDER), str(node))

    hits = label_hits or alias_hits
    if hits:
        return min(hits, key=rank)
    labels = {str(d.get("label", n)): n for n, d in graph.nodes(data=True)}
    close = difflib.get_close_matches(str(text), list(labels), n=5)
    hint = f"; close matches: {', '.join(close)}" if close else ""
    err = UnknownEntity(f"no node is named {text!r}{hint}")
    err.matches = [labels[c] for c in close]  # type: ignore[attr-defined]
    raise err
