"""Table schemas (columns and dtypes), the fixed-schema frame builder, and the node and edge tables."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import networkx as nx

from kgraph.query._common import Kinds, aliases_of, kind_set, label_of, strings_of
from kgraph.query._dates import iso_day

if TYPE_CHECKING:
    import pandas as pd

#: Columns and dtypes of :func:`visits` (one row per visitor and target).
VISIT_COLUMNS: dict[str, str] = {
    "visitor": "string",  # visitor label
    "visitor_id": "string",
    "target": "string",  # target label
    "target_id": "string",
    "target_kind": "string",  # organization, facility or place
    "location": "string",  # place label, <NA> when unknown
    "location_id": "string",
    "date": "datetime64[ns]",  # earliest known visit date, NaT when unknown
    "published": "datetime64[ns]",  # earliest publication date of the reporting articles
    "role": "string",  # visitor's title as reported ("" when none)
    "evidence": "string",  # sentence of the earliest report
    "articles": "object",  # sorted tuple of article ids
    "sources": "int64",  # number of articles reporting this visit
}
#: Columns and dtypes of ``visits(per_source=True)`` (one row per ``visited`` edge).
PER_SOURCE_VISIT_COLUMNS: dict[str, str] = {
    **{k: v for k, v in VISIT_COLUMNS.items() if k not in ("articles", "sources")},
    "article": "string",
    "sources": "int64",  # number of selected articles reporting the same visitor and target
}
#: Columns and dtypes of :func:`nodes`.
NODE_COLUMNS: dict[str, str] = {
    "id": "string",
    "kind": "string",
    "label": "string",
    "aliases": "object",  # sorted tuple of str
    "titles": "object",  # sorted tuple of str (persons)
    "qid": "string",  # Wikidata id, <NA> when unknown
    "group": "string",  # topics: the lexicon theme of a topic in its own wording, else <NA>
    "articles": "object",  # sorted tuple of the ids of the articles mentioning the node
    "sources": "int64",  # number of those articles
    "degree": "int64",  # number of edges, in and out, all kinds
}
#: Columns and dtypes of :func:`edges`.
EDGE_COLUMNS: dict[str, str] = {
    "source": "string",
    "target": "string",
    "key": "string",
    "kind": "string",  # mentions, visited, accompanied, theme
    "source_label": "string",
    "target_label": "string",
    "article": "string",
    "date": "datetime64[ns]",
    "evidence": "string",
    "count": "Int64",  # mentions only
    "weight": "Int64",  # theme only
    "location": "string",  # visited only
    "role": "string",  # visited only
    "visitor": "string",  # accompanied only: node id of the visitor
}
TOPIC_COLUMNS: dict[str, str] = {
    "topic": "string",
    "topic_id": "string",
    "weight": "int64",
    "articles": "object",
    "sources": "int64",
}
SHARING_COLUMNS: dict[str, str] = {
    "entity": "string",
    "entity_id": "string",
    "kind": "string",
    "weight": "int64",
    "articles": "object",
    "sources": "int64",
}
SHARED_COLUMNS: dict[str, str] = {
    "topic": "string",
    "topic_id": "string",
    "weight_a": "int64",
    "weight_b": "int64",
    "weight": "int64",
}
PAIR_COLUMNS: dict[str, str] = {
    "a": "string",
    "a_id": "string",
    "b": "string",
    "b_id": "string",
    "shared": "int64",
    "topics": "object",
}
CO_VISIT_COLUMNS: dict[str, str] = {
    "target": "string",
    "target_id": "string",
    "target_kind": "string",
    "shared": "int64",
    "visitors": "object",
}
NEIGHBOUR_COLUMNS: dict[str, str] = {
    "id": "string",
    "label": "string",
    "kind": "string",
    "distance": "int64",
    "edge_kinds": "object",  # kinds of the edges linking it to the ring one step nearer
    "edges": "int64",  # number of such edges
}
TOP_COLUMNS: dict[str, str] = {"id": "string", "label": "string", "kind": "string", "degree": "int64"}


def typed_frame(rows: Iterable[dict[str, Any]], columns: Mapping[str, Any]) -> pd.DataFrame:
    """Build a table with exactly ``columns`` (in order) and their dtypes, also when empty."""
    import pandas as pd  # imported on the first table asked for: ``import kgraph`` stays without pandas

    df = pd.DataFrame(list(rows), columns=list(columns))
    for name, dtype in columns.items():
        if dtype.startswith("datetime64"):
            df[name] = pd.to_datetime(df[name], errors="coerce").astype(dtype)
        elif dtype == "object":
            df[name] = df[name].astype(object)
        else:
            df[name] = df[name].astype(dtype)
    return df.reset_index(drop=True)


# -- tables -----------------------------------------------------------------------------------


def nodes(graph: nx.MultiDiGraph, kind: Kinds = None) -> pd.DataFrame:
    """Table of nodes, one row per node sorted by id (columns: :data:`NODE_COLUMNS`).

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("place:beijing", kind="place", label="Beijing", aliases=["Peking"], articles=["a1"])
    >>> nodes(g)[["id", "label", "aliases", "articles", "sources"]].to_dict("records")
    [{'id': 'place:beijing', 'label': 'Beijing', 'aliases': ('Peking',), 'articles': ('a1',), 'sources': 1}]
    """
    kinds = kind_set(kind)
    rows = [
        {
            "id": nid,
            "kind": data.get("kind"),
            "label": data.get("label", nid),
            "aliases": aliases_of(data),
            "titles": strings_of(data.get("titles")),
            "qid": data.get("qid") or None,
            "group": data.get("group") or None,
            "articles": strings_of(data.get("articles")),
            "sources": len(strings_of(data.get("articles"))),
            "degree": graph.degree(nid),
        }
        for nid, data in sorted(graph.nodes(data=True))
        if kinds is None or data.get("kind") in kinds
    ]
    return typed_frame(rows, NODE_COLUMNS)


def edges(graph: nx.MultiDiGraph, kind: Kinds = None) -> pd.DataFrame:
    """Table of edges, one row per edge sorted by source, target and key (columns: :data:`EDGE_COLUMNS`).

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("person:li", kind="person", label="Li")
    >>> g.add_node("place:xian", kind="place", label="Xi'an")
    >>> _ = g.add_edge("person:li", "place:xian", key="visited:a1", kind="visited", article="a1",
    ...                date="2023-05-01", evidence="Li visited Xi'an.")
    >>> edges(g).loc[0, ["kind", "target_label", "date"]].tolist()
    ['visited', "Xi'an", Timestamp('2023-05-01 00:00:00')]
    """
    kinds = kind_set(kind)
    rows = []
    for u, v, key, data in sorted(graph.edges(keys=True, data=True), key=lambda e: (e[0], e[1], str(e[2]))):
        if kinds is not None and data.get("kind") not in kinds:
            continue
        rows.append(
            {
                "source": u,
                "target": v,
                "key": str(key),
                "kind": data.get("kind"),
                "source_label": label_of(graph, u),
                "target_label": label_of(graph, v),
                "article": data.get("article"),
                "date": iso_day(data.get("date")),
                "evidence": data.get("evidence", ""),
                "count": data.get("count"),
                "weight": data.get("weight"),
                "location": data.get("location"),
                "role": data.get("role"),
                "visitor": data.get("visitor"),
            }
        )
    return typed_frame(rows, EDGE_COLUMNS)
