"""Connection questions: the shortest path between two nodes and the neighbours of one."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import networkx as nx

from kgraph.errors import InputError
from kgraph.query._common import KIND_RANK, Kinds, kind_of, kind_set, label_of
from kgraph.query._names import lookup
from kgraph.query._tables import NEIGHBOUR_COLUMNS, typed_frame

if TYPE_CHECKING:
    import pandas as pd

# Which edge kind names a step of a path when two nodes are linked several ways.
_EDGE_RANK = {"visited": 0, "accompanied": 1, "theme": 2, "mentions": 3}


@dataclass(frozen=True, slots=True)
class Step:
    """One node of a :func:`path`, with the edge that led to it from the previous node.

    ``edge`` is the edge kind (``""`` for the first step) and ``forward`` says whether that edge points from the
    previous node to this one (``None`` for the first step). ``kinds`` lists every edge kind between the two.
    """

    node: str
    label: str
    kind: str
    edge: str = ""
    forward: bool | None = None
    kinds: tuple[str, ...] = field(default=())


def _without(graph: nx.MultiDiGraph, exclude_kinds: Kinds, keep: Iterable[str]) -> nx.MultiDiGraph:
    excluded = kind_set(exclude_kinds)
    if not excluded:
        return graph
    keep = set(keep)
    return nx.subgraph_view(graph, filter_node=lambda n: n in keep or graph.nodes[n].get("kind") not in excluded)


def path(graph: nx.MultiDiGraph, a: str, b: str, *, exclude_kinds: Kinds = ()) -> list[Step]:
    """Shortest connection between two nodes, ignoring edge direction; ``[]`` when they are not connected.

    When two consecutive nodes are linked several ways the step names the most specific edge kind
    (visited, accompanied, theme, then mentions) and lists them all in ``kinds``.

    Parameters
    ----------
    exclude_kinds : str or iterable of str
        Node kinds the path may not pass through (``"article"`` keeps co-mentions out, ``"topic"`` shared themes).

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> for n, k in [("person:li", "person"), ("organization:baidu", "organization"), ("person:wang", "person")]:
    ...     g.add_node(n, kind=k, label=n.split(":")[1].title())
    >>> _ = g.add_edge("person:li", "organization:baidu", kind="visited", article="a1")
    >>> _ = g.add_edge("person:wang", "organization:baidu", kind="visited", article="a2")
    >>> path_text(path(g, "Li", "Wang"))
    'Li -[visited]-> Baidu <-[visited]- Wang'
    """
    start, goal = lookup(graph, a), lookup(graph, b)
    view = _without(graph, exclude_kinds, (start, goal))
    try:
        nids = nx.shortest_path(view.to_undirected(as_view=True), start, goal)
    except nx.NetworkXNoPath:
        return []
    steps = [Step(start, label_of(graph, start), kind_of(graph, start))]
    for prev, nid in itertools.pairwise(nids):
        links = [(k, True) for k in _edge_kinds(graph, prev, nid)] + [(k, False) for k in _edge_kinds(graph, nid, prev)]
        links.sort(key=lambda x: (_EDGE_RANK.get(x[0], 9), x[0], not x[1]))
        edge, forward = links[0]
        kinds = tuple(sorted({k for k, _ in links}, key=lambda k: (_EDGE_RANK.get(k, 9), k)))
        steps.append(Step(nid, label_of(graph, nid), kind_of(graph, nid), edge, forward, kinds))
    return steps


def _edge_kinds(graph: nx.MultiDiGraph, u: str, v: str) -> set[str]:
    return {str(d.get("kind", "")) for d in (graph.get_edge_data(u, v) or {}).values()}


def path_text(steps: list[Step]) -> str:
    """Render a :func:`path` on one line, ``A -[kind]-> B <-[kind]- C``.

    Examples
    --------
    >>> path_text([Step("person:li", "Li", "person"), Step("place:xian", "Xi'an", "place", "visited", True)])
    "Li -[visited]-> Xi'an"
    """
    parts = []
    for step in steps:
        if step.edge:
            parts.append(f"-[{step.edge}]->" if step.forward else f"<-[{step.edge}]-")
        parts.append(step.label)
    return " ".join(parts)


def neighbours(graph: nx.MultiDiGraph, entity: str, radius: int = 1, kind: Kinds = None) -> pd.DataFrame:
    """Nodes within ``radius`` edges of an entity (ignoring direction), nearest first.

    Columns: id, label, kind, distance, edge_kinds (kinds of the edges linking the node to the nodes one step
    nearer), edges (how many such edges). ``kind`` filters the rows, not the walk.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("person:li", kind="person", label="Li")
    >>> g.add_node("place:xian", kind="place", label="Xi'an")
    >>> _ = g.add_edge("person:li", "place:xian", kind="visited", article="a1")
    >>> neighbours(g, "Li")[["label", "distance", "edge_kinds"]].to_dict("records")
    [{'label': "Xi'an", 'distance': 1, 'edge_kinds': ('visited',)}]
    """
    if radius < 1:
        raise InputError(f"radius must be at least 1, not {radius}")
    nid = lookup(graph, entity)
    kinds = kind_set(kind)
    distance = nx.single_source_shortest_path_length(graph.to_undirected(as_view=True), nid, cutoff=radius)
    rows = []
    for other, d in distance.items():
        if d == 0 or (kinds is not None and kind_of(graph, other) not in kinds):
            continue
        found: list[str] = []
        for u, v, data in itertools.chain(graph.in_edges(other, data=True), graph.out_edges(other, data=True)):
            near = u if v == other else v
            if distance.get(near) == d - 1:
                found.append(str(data.get("kind", "")))
        rows.append(
            {
                "id": other,
                "label": label_of(graph, other),
                "kind": kind_of(graph, other),
                "distance": d,
                "edge_kinds": tuple(sorted(set(found), key=lambda k: (_EDGE_RANK.get(k, 9), k))),
                "edges": len(found),
            }
        )
    rows.sort(key=lambda r: (r["distance"], KIND_RANK.get(r["kind"], 3), r["kind"], r["label"], r["id"]))
    return typed_frame(rows, NEIGHBOUR_COLUMNS)
