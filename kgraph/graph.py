"""KnowledgeGraph: the corpus graph, a networkx MultiDiGraph with kgraph's attribute layout.

Only this module knows how records become nodes and edges (see ``docs/data-model.md``).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

from kgraph.ids import node_id, slugify
from kgraph.query import Queries
from kgraph.records import ArticleResult

if TYPE_CHECKING:
    from kgraph.resolve import Resolver

__all__ = ["KnowledgeGraph", "node_id", "slugify"]


def _group(groups: dict[str, str], topic: str) -> dict[str, str]:
    """The ``group`` attribute of a topic node: the lexicon theme of a topic reported in its own wording."""
    return {"group": groups[topic]} if topic in groups else {}


def _sorted_union(old: Iterable[str] | None, new: Iterable[str]) -> list[str]:
    return sorted({*(old or ()), *new})


class KnowledgeGraph(Queries):
    """A knowledge graph of people, organisations, facilities, places, topics and articles.

    The networkx graph stays reachable as :attr:`graph` for anything networkx can do.

    Examples
    --------
    >>> from kgraph.records import Article, ArticleResult, Entity
    >>> kg = KnowledgeGraph()
    >>> kg.add_result(ArticleResult(Article("a1", "Li Qiang visited Baidu."),
    ...     entities=(Entity("person:li-qiang", "person", "Li Qiang"),)))
    >>> sorted(kg.graph.nodes)
    ['article:a1', 'person:li-qiang']
    """

    def __init__(self, graph: nx.MultiDiGraph | None = None, resolver: Resolver | None = None) -> None:
        self.graph: nx.MultiDiGraph = graph if graph is not None else nx.MultiDiGraph()
        if resolver is None:
            from kgraph.resolve import Resolver

            resolver = Resolver.default()
        self.resolver = resolver
        self.resolver.observe_graph(self.graph)

    # -- construction -------------------------------------------------------------------------

    @classmethod
    def from_results(cls, results: Iterable[ArticleResult], resolver: Resolver | None = None) -> KnowledgeGraph:
        """Build a graph from extraction results, in order."""
        kg = cls(resolver=resolver)
        for result in results:
            kg.add_result(result)
        return kg

    def article_ids(self) -> set[str]:
        """Ids of the articles already in the graph."""
        return {
            data["label"] for _, data in self.graph.nodes(data=True) if data.get("kind") == "article"
        }

    def article_hashes(self) -> dict[str, str]:
        """Map article id -> content sha256 for the articles in the graph."""
        return {
            data["label"]: data.get("sha256", "")
            for _, data in self.graph.nodes(data=True)
            if data.get("kind") == "article"
        }

    def _add_node(self, nid: str, kind: str, label: str, aliases: Iterable[str] = (), **extra: Any) -> None:
        g = self.graph
        if nid in g:
            data = g.nodes[nid]
            merged = _sorted_union(data.get("aliases"), [*aliases, label])
            data["aliases"] = [a for a in merged if a != data["label"]]
            for key, value in extra.items():
                if isinstance(value, list):
                    data[key] = _sorted_union(data.get(key), value)
                elif value not in (None, "") and not data.get(key):
                    data[key] = value
        else:
            attrs: dict[str, Any] = {"kind": kind, "label": label}
            attrs["aliases"] = sorted({a for a in aliases if a != label})
            for key, value in extra.items():
                attrs[key] = sorted(set(value)) if isinstance(value, list) else value
            g.add_node(nid, **attrs)

    def _add_edge(self, u: str, v: str, kind: str, article: str, **attrs: Any) -> None:
        key = f"{kind}:{article}"
        g = self.graph
        if g.has_edge(u, v, key):
            data = g.edges[u, v, key]
            if "count" in attrs:
                data["count"] = data.get("count", 0) + attrs["count"]
            if "weight" in attrs:
                data["weight"] = data.get("weight", 0) + attrs["weight"]
            for name, value in attrs.items():
                if name not in ("count", "weight") and data.get(name) in (None, "") and value not in (None, ""):
                    data[name] = value
            return
        g.add_edge(u, v, key=key, kind=kind, article=article, **attrs)

    def add_result(self, result: ArticleResult) -> None:
        """Add one article's extraction result, merging entities with those already in the graph."""
        art = result.article
        aid = node_id("article", art.id) if art.id else "article:unnamed"
        if aid in self.graph:  # re-adding an article replaces its contribution
            self.remove_article(art.id)
        self._add_node(
            aid,
            "article",
            art.id,
            title=art.title,
            url=art.url,
            published=art.published.isoformat() if art.published else None,
            source=art.source,
            sha256=art.sha256,
        )
        published = art.published.isoformat() if art.published else None
        ids: dict[str, str] = {}
        for ent in result.entities:
            nid, label, qid = self.resolver.resolve(ent.kind, ent.name, ent.aliases)
            ids[ent.name] = nid
            for alias in ent.aliases:
                ids.setdefault(alias, nid)
            extra: dict[str, Any] = {"articles": [art.id]}
            if ent.titles:
                extra["titles"] = list(ent.titles)
            if qid:
                extra["qid"] = qid
            kind = nid.split(":", 1)[0]
            self._add_node(nid, kind, label, [ent.name, *ent.aliases], **extra)
            self._add_edge(
                aid,
                nid,
                "mentions",
                art.id,
                evidence=ent.sentences[0] if ent.sentences else "",
                date=published,
                count=ent.count,
            )
        groups = dict(result.topic_groups)
        for topic in result.topics:
            tid = node_id("topic", topic)
            self._add_node(tid, "topic", topic, articles=[art.id], **_group(groups, topic))
            evidence = next((t.evidence for t in result.themes if t.topic == topic), "")
            self._add_edge(aid, tid, "mentions", art.id, evidence=evidence, date=published, count=1)
        for visit in result.visits:
            u = ids.get(visit.visitor) or self.resolver.resolve("person", visit.visitor, ())[0]
            v = ids.get(visit.target) or self.resolver.resolve(visit.target_kind, visit.target, ())[0]
            for nid, kind, name in ((u, "person", visit.visitor), (v, visit.target_kind, visit.target)):
                if nid not in self.graph:
                    self._add_node(nid, nid.split(":", 1)[0], name, articles=[art.id])
            loc_id = ids.get(visit.location) if visit.location else None
            location = self.graph.nodes[loc_id]["label"] if loc_id in self.graph else visit.location
            self._add_edge(
                u,
                v,
                "visited",
                art.id,
                evidence=visit.evidence,
                date=visit.date.isoformat() if visit.date else None,
                location=location,
                location_id=loc_id if loc_id in self.graph else None,
                role=visit.role,
            )
        for comp in result.companions:
            person_id = ids.get(comp.person)
            target_id = ids.get(comp.target)
            visitor = ids.get(comp.visitor)
            if not (person_id and target_id and visitor) or person_id == visitor:
                continue
            visit_date = next(
                (x.date.isoformat() for x in result.visits if x.target == comp.target and x.date), None
            )
            self._add_edge(
                person_id, target_id, "accompanied", art.id, evidence=comp.evidence, date=visit_date, visitor=visitor
            )
        for link in result.themes:
            source_id = ids.get(link.source)
            if not source_id:
                continue
            tid = node_id("topic", link.topic)
            if tid not in self.graph:
                self._add_node(tid, "topic", link.topic, articles=[art.id], **_group(groups, link.topic))
            self._add_edge(source_id, tid, "theme", art.id, evidence=link.evidence, date=published, weight=link.weight)

    def remove_article(self, article_id: str) -> None:
        """Remove an article, its edges, and nodes left with no article."""
        g = self.graph
        doomed = [(u, v, k) for u, v, k, data in g.edges(keys=True, data=True) if data.get("article") == article_id]
        g.remove_edges_from(doomed)
        g.remove_node(node_id("article", article_id)) if node_id("article", article_id) in g else None
        for nid in [n for n, d in g.nodes(data=True) if article_id in d.get("articles", [])]:
            rest = [a for a in g.nodes[nid]["articles"] if a != article_id]
            if rest:
                g.nodes[nid]["articles"] = rest
            elif g.degree(nid) == 0:
                g.remove_node(nid)

    def merge(self, other: KnowledgeGraph) -> KnowledgeGraph:
        """Return a new graph holding this graph and ``other``.

        Entities of ``other`` are resolved against this graph with the same rules as a build (so "Baidu Inc."
        joins "Baidu"); articles, topics and edges keep their ids. Neither input is changed.
        """
        from kgraph.resolve import Resolver

        merged = KnowledgeGraph(self.graph.copy(), resolver=Resolver(table=dict(self.resolver.table)))
        mapping: dict[str, str] = {}
        for nid, data in sorted(other.graph.nodes(data=True)):
            kind = data.get("kind", "")
            target = nid
            if kind in ("person", "organization", "facility", "place"):
                target = merged.resolver.resolve(kind, data["label"], data.get("aliases", ()))[0]
            mapping[nid] = target
            extra = {k: v for k, v in data.items() if k not in ("kind", "label", "aliases")}
            label = merged.graph.nodes[target]["label"] if target in merged.graph else data["label"]
            merged._add_node(target, target.split(":", 1)[0], label, [data["label"], *data.get("aliases", [])],
                             **extra)
        for u, v, key, data in sorted(other.graph.edges(keys=True, data=True), key=lambda e: e[:3]):
            attrs = dict(data)
            if attrs.get("visitor") in mapping:
                attrs["visitor"] = mapping[attrs["visitor"]]
            if attrs.get("location_id") in mapping:
                attrs["location_id"] = mapping[attrs["location_id"]]
            if not merged.graph.has_edge(mapping[u], mapping[v], key):
                merged.graph.add_edge(mapping[u], mapping[v], key=key, **attrs)
        return merged

    # -- persistence --------------------------------------------------------------------------

    def save(self, path: str | Path) -> None:
        """Write the graph; the format follows the suffix (see :func:`kgraph.export.write`)."""
        from kgraph.export import write

        write(self, path)

    @classmethod
    def load(cls, path: str | Path) -> KnowledgeGraph:
        """Read a graph written by :meth:`save` (``.json`` node-link or ``.graphml``)."""
        from kgraph.export import read

        return cls(read(path))

    def __len__(self) -> int:
        return self.graph.number_of_nodes()

    def __repr__(self) -> str:
        return (
            f"<KnowledgeGraph: {self.graph.number_of_nodes()} nodes, {self.graph.number_of_edges()} edges>"
        )
