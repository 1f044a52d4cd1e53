"""Topic questions: what an entity is about, who shares a topic, and which entities share themes."""

from __future__ import annotations

import itertools
from collections import defaultdict
from typing import TYPE_CHECKING, Any

import networkx as nx

from kgraph.query._common import ENTITY_KINDS, Kinds, kind_of, kind_set, label_of
from kgraph.query._names import lookup
from kgraph.query._tables import PAIR_COLUMNS, SHARED_COLUMNS, SHARING_COLUMNS, TOPIC_COLUMNS, typed_frame

if TYPE_CHECKING:
    import pandas as pd


def _topic_links(graph: nx.MultiDiGraph, nid: str) -> dict[str, tuple[int, set[str]]]:
    """Topic id -> (weight, articles) of one entity (theme edges) or article (mentions of topics)."""
    found: dict[str, tuple[int, set[str]]] = {}
    is_article = kind_of(graph, nid) == "article"
    for _, topic, data in graph.out_edges(nid, data=True):
        if kind_of(graph, topic) != "topic":
            continue
        if data.get("kind") == "theme":
            amount = int(data.get("weight") or 1)
        elif is_article and data.get("kind") == "mentions":
            amount = int(data.get("count") or 1)
        else:
            continue
        weight, articles = found.get(topic, (0, set()))
        found[topic] = (weight + amount, articles | {data.get("article", "")})
    return found


def topics(graph: nx.MultiDiGraph, entity: str) -> pd.DataFrame:
    """Topics of an entity (``theme`` edges) or of an article (its topic mentions), heaviest first.

    Columns: topic, topic_id, weight (summed over articles), articles (tuple), sources (number of articles).

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("organization:baidu", kind="organization", label="Baidu")
    >>> g.add_node("topic:ai", kind="topic", label="artificial intelligence")
    >>> _ = g.add_edge("organization:baidu", "topic:ai", kind="theme", article="a1", weight=2)
    >>> topics(g, "Baidu")[["topic", "weight", "sources"]].to_dict("records")
    [{'topic': 'artificial intelligence', 'weight': 2, 'sources': 1}]
    """
    nid = lookup(graph, entity, (*ENTITY_KINDS, "article"))
    rows: list[dict[str, Any]] = [
        {
            "topic": label_of(graph, tid),
            "topic_id": tid,
            "weight": weight,
            "articles": tuple(sorted(articles)),
            "sources": len(articles),
        }
        for tid, (weight, articles) in _topic_links(graph, nid).items()
    ]
    rows.sort(key=lambda r: (-r["weight"], r["topic"], r["topic_id"]))
    return typed_frame(rows, TOPIC_COLUMNS)


def _theme_sources(graph: nx.MultiDiGraph, tid: str, kinds: frozenset[str] | None) -> dict[str, tuple[int, set[str]]]:
    found: dict[str, tuple[int, set[str]]] = {}
    for source, _, data in graph.in_edges(tid, data=True):
        if data.get("kind") != "theme" or (kinds is not None and kind_of(graph, source) not in kinds):
            continue
        weight, articles = found.get(source, (0, set()))
        found[source] = (weight + int(data.get("weight") or 1), articles | {data.get("article", "")})
    return found


def sharing_topic(graph: nx.MultiDiGraph, topic: str, kind: Kinds = None) -> pd.DataFrame:
    """Entities linked to a topic by ``theme`` edges, heaviest first.

    Columns: entity, entity_id, kind, weight, articles (tuple), sources.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("organization:baidu", kind="organization", label="Baidu")
    >>> g.add_node("topic:ai", kind="topic", label="artificial intelligence", aliases=["AI"])
    >>> _ = g.add_edge("organization:baidu", "topic:ai", kind="theme", article="a1", weight=2)
    >>> sharing_topic(g, "ai")["entity"].tolist()
    ['Baidu']
    """
    tid = lookup(graph, topic, "topic")
    rows: list[dict[str, Any]] = [
        {
            "entity": label_of(graph, nid),
            "entity_id": nid,
            "kind": kind_of(graph, nid),
            "weight": weight,
            "articles": tuple(sorted(articles)),
            "sources": len(articles),
        }
        for nid, (weight, articles) in _theme_sources(graph, tid, kind_set(kind)).items()
    ]
    rows.sort(key=lambda r: (-r["weight"], r["entity"], r["entity_id"]))
    return typed_frame(rows, SHARING_COLUMNS)


def shared_topics(graph: nx.MultiDiGraph, a: str, b: str) -> pd.DataFrame:
    """Topics that two entities (or articles) both carry, heaviest first.

    Columns: topic, topic_id, weight_a, weight_b, weight (their sum).

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> for n in ("organization:baidu", "organization:naura"):
    ...     g.add_node(n, kind="organization", label=n.split(":")[1].title())
    >>> g.add_node("topic:ai", kind="topic", label="AI")
    >>> _ = g.add_edge("organization:baidu", "topic:ai", kind="theme", article="a1", weight=2)
    >>> _ = g.add_edge("organization:naura", "topic:ai", kind="theme", article="a1", weight=1)
    >>> shared_topics(g, "Baidu", "Naura")[["topic", "weight"]].to_dict("records")
    [{'topic': 'AI', 'weight': 3}]
    """
    kinds = (*ENTITY_KINDS, "article")
    left = _topic_links(graph, lookup(graph, a, kinds))
    right = _topic_links(graph, lookup(graph, b, kinds))
    rows: list[dict[str, Any]] = [
        {
            "topic": label_of(graph, tid),
            "topic_id": tid,
            "weight_a": left[tid][0],
            "weight_b": right[tid][0],
            "weight": left[tid][0] + right[tid][0],
        }
        for tid in left.keys() & right.keys()
    ]
    rows.sort(key=lambda r: (-r["weight"], r["topic"], r["topic_id"]))
    return typed_frame(rows, SHARED_COLUMNS)


def topic_pairs(graph: nx.MultiDiGraph, kind: Kinds = "organization", min_shared: int = 1) -> pd.DataFrame:
    """Pairs of entities that share themes ("which organisations share themes"), most shared topics first.

    Columns: a, a_id, b, b_id (``a_id < b_id``), shared (number of common topics), topics (tuple of labels).

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> for n in ("organization:baidu", "organization:naura"):
    ...     g.add_node(n, kind="organization", label=n.split(":")[1].title())
    >>> g.add_node("topic:ai", kind="topic", label="AI")
    >>> _ = g.add_edge("organization:baidu", "topic:ai", kind="theme", article="a1", weight=2)
    >>> _ = g.add_edge("organization:naura", "topic:ai", kind="theme", article="a1", weight=1)
    >>> topic_pairs(g)[["a", "b", "topics"]].to_dict("records")
    [{'a': 'Baidu', 'b': 'Naura', 'topics': ('AI',)}]
    """
    kinds = kind_set(kind) or frozenset(ENTITY_KINDS)
    shared: dict[tuple[str, str], set[str]] = defaultdict(set)
    for tid, data in graph.nodes(data=True):
        if data.get("kind") != "topic":
            continue
        holders = sorted(_theme_sources(graph, tid, kinds))
        for x, y in itertools.combinations(holders, 2):
            shared[x, y].add(tid)
    rows: list[dict[str, Any]] = [
        {
            "a": label_of(graph, x),
            "a_id": x,
            "b": label_of(graph, y),
            "b_id": y,
            "shared": len(tids),
            "topics": tuple(sorted(label_of(graph, t) for t in tids)),
        }
        for (x, y), tids in shared.items()
        if len(tids) >= min_shared
    ]
    rows.sort(key=lambda r: (-r["shared"], r["a"], r["b"], r["a_id"], r["b_id"]))
    return typed_frame(rows, PAIR_COLUMNS)
