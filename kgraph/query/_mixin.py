"""The :class:`Queries` mixin: every query function as a method of :class:`kgraph.graph.KnowledgeGraph`."""

from __future__ import annotations

from typing import TYPE_CHECKING

import networkx as nx

from kgraph import subgraph as _trim
from kgraph.query._common import Kinds
from kgraph.query._connections import Step, neighbours, path
from kgraph.query._dates import DateLike, subgraph
from kgraph.query._names import lookup
from kgraph.query._stats import GraphStats, stats
from kgraph.query._tables import edges, nodes
from kgraph.query._topics import shared_topics, sharing_topic, topic_pairs, topics
from kgraph.query._visits import co_visited, visited, visitors, visits

if TYPE_CHECKING:
    import pandas as pd

    from kgraph.graph import KnowledgeGraph


class Queries:
    """Query methods mixed into :class:`kgraph.graph.KnowledgeGraph` (which provides ``self.graph``).

    Each method delegates to the free function of the same name in :mod:`kgraph.query`; see there for columns.

    Examples
    --------
    >>> import datetime as dt
    >>> from kgraph.graph import KnowledgeGraph
    >>> from kgraph.records import Article, ArticleResult, Entity, Visit
    >>> kg = KnowledgeGraph()
    >>> kg.add_result(ArticleResult(Article("a1", "", published=dt.date(2023, 5, 1)),
    ...     entities=(Entity("person:li-qiang", "person", "Li Qiang", aliases=("Premier Li",)),
    ...               Entity("organization:baidu", "organization", "Baidu")),
    ...     visits=(Visit("Li Qiang", "Baidu", "organization", None, None, "Li visited Baidu.", "a1"),)))
    >>> kg.visitors("BAIDU")["visitor"].tolist()
    ['Li Qiang']
    >>> kg.visited("premier li", since="2023")["target"].tolist()
    ['Baidu']
    """

    graph: nx.MultiDiGraph

    def _wrap(self, graph: nx.MultiDiGraph) -> KnowledgeGraph:
        return type(self)(graph, resolver=getattr(self, "resolver", None))  # type: ignore[call-arg,return-value]

    def lookup(self, name: str, kind: Kinds = None) -> str:
        """Node id of a name (id, label or alias, case-insensitive); see :func:`kgraph.query.lookup`."""
        return lookup(self.graph, name, kind)

    def nodes(self, kind: Kinds = None) -> pd.DataFrame:
        """Table of nodes; see :func:`kgraph.query.nodes`."""
        return nodes(self.graph, kind)

    def edges(self, kind: Kinds = None) -> pd.DataFrame:
        """Table of edges; see :func:`kgraph.query.edges`."""
        return edges(self.graph, kind)

    def visits(
        self,
        visitor: str | None = None,
        target: str | None = None,
        since: DateLike = None,
        until: DateLike = None,
        *,
        location: str | None = None,
        target_kind: Kinds = None,
        per_source: bool = False,
    ) -> pd.DataFrame:
        """Table of visits, one row per visitor and target (or per article); see :func:`kgraph.query.visits`."""
        return visits(self.graph, visitor, target, since, until, location=location, target_kind=target_kind,
                      per_source=per_source)

    def visitors(self, target: str, since: DateLike = None, until: DateLike = None) -> pd.DataFrame:
        """Who visited ``target``; see :func:`kgraph.query.visitors`."""
        return visitors(self.graph, target, since, until)

    def visited(self, person: str, kind: Kinds = None, since: DateLike = None, until: DateLike = None) -> pd.DataFrame:
        """Where ``person`` went; see :func:`kgraph.query.visited`."""
        return visited(self.graph, person, kind, since, until)

    def co_visited(self, target: str) -> pd.DataFrame:
        """Targets visited by the visitors of ``target``; see :func:`kgraph.query.co_visited`."""
        return co_visited(self.graph, target)

    def topics(self, entity: str) -> pd.DataFrame:
        """Topics of an entity with weights; see :func:`kgraph.query.topics`."""
        return topics(self.graph, entity)

    def sharing_topic(self, topic: str, kind: Kinds = None) -> pd.DataFrame:
        """Entities linked to a topic; see :func:`kgraph.query.sharing_topic`."""
        return sharing_topic(self.graph, topic, kind)

    def shared_topics(self, a: str, b: str) -> pd.DataFrame:
        """Topics two entities share; see :func:`kgraph.query.shared_topics`."""
        return shared_topics(self.graph, a, b)

    def topic_pairs(self, kind: Kinds = "organization", min_shared: int = 1) -> pd.DataFrame:
        """Pairs of entities sharing themes; see :func:`kgraph.query.topic_pairs`."""
        return topic_pairs(self.graph, kind, min_shared)

    def path(self, a: str, b: str, *, exclude_kinds: Kinds = ()) -> list[Step]:
        """Shortest undirected connection; see :func:`kgraph.query.path`."""
        return path(self.graph, a, b, exclude_kinds=exclude_kinds)

    def neighbours(self, entity: str, radius: int = 1, kind: Kinds = None) -> pd.DataFrame:
        """Table of the nodes near an entity; see :func:`kgraph.query.neighbours`."""
        return neighbours(self.graph, entity, radius, kind)

    def neighbourhood(self, entity: str, radius: int = 1) -> KnowledgeGraph:
        """A new graph of the nodes within ``radius`` edges of an entity (ignoring direction)."""
        nid = lookup(self.graph, entity)
        return self._wrap(_trim.neighbourhood(self.graph, nid, radius))

    def subgraph(self, since: DateLike = None, until: DateLike = None, kinds: Kinds = None) -> KnowledgeGraph:
        """A new graph trimmed by date and node kind; see :func:`kgraph.query.subgraph`."""
        return self._wrap(subgraph(self.graph, since, until, kinds))

    def stats(self, top: int = 10) -> GraphStats:
        """Counts by kind and the best connected entities; see :func:`kgraph.query.stats`."""
        return stats(self.graph, top)
