"""Graph overview: counts of nodes and edges by kind and the best connected entities."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import networkx as nx

from kgraph import subgraph as _trim
from kgraph.query._common import ENTITY_KINDS, Kinds, kind_of, kind_set, label_of
from kgraph.query._tables import TOP_COLUMNS, typed_frame

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True, slots=True)
class GraphStats:
    """Counts by node kind and edge kind, and the entities with the most edges."""

    nodes: int
    edges: int
    node_kinds: dict[str, int]
    edge_kinds: dict[str, int]
    top: pd.DataFrame  # columns id, label, kind, degree

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready form."""
        return {
            "nodes": self.nodes,
            "edges": self.edges,
            "node_kinds": dict(self.node_kinds),
            "edge_kinds": dict(self.edge_kinds),
            "top": [
                {"id": r["id"], "label": r["label"], "kind": r["kind"], "degree": int(r["degree"])}
                for r in self.top.to_dict("records")
            ],
        }


def stats(graph: nx.MultiDiGraph, top: int = 10, kind: Kinds = ENTITY_KINDS) -> GraphStats:
    """Count nodes and edges by kind and list the ``top`` entities by degree (edges of all kinds, in and out).

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("person:li", kind="person", label="Li")
    >>> g.add_node("place:xian", kind="place", label="Xi'an")
    >>> _ = g.add_edge("person:li", "place:xian", kind="visited", article="a1")
    >>> s = stats(g)
    >>> s.node_kinds, s.edge_kinds, s.top["label"].tolist()
    ({'person': 1, 'place': 1}, {'visited': 1}, ['Li', "Xi'an"])
    """
    node_kinds: dict[str, int] = defaultdict(int)
    for _, k in graph.nodes(data="kind"):
        node_kinds[str(k)] += 1
    edge_kinds: dict[str, int] = defaultdict(int)
    for _, _, k in graph.edges(data="kind"):
        edge_kinds[str(k)] += 1
    kinds = kind_set(kind)
    best = _trim.top_n_by_degree(graph, max(top, 0), kinds=sorted(kinds) if kinds is not None else None)
    ranked = sorted(best.nodes, key=lambda n: (-graph.degree(n), str(n)))
    rows = [{"id": n, "label": label_of(graph, n), "kind": kind_of(graph, n), "degree": graph.degree(n)} for n in ranked]
    return GraphStats(
        nodes=graph.number_of_nodes(),
        edges=graph.number_of_edges(),
        node_kinds=dict(sorted(node_kinds.items())),
        edge_kinds=dict(sorted(edge_kinds.items())),
        top=typed_frame(rows, TOP_COLUMNS),
    )
