"""Read-only questions over a KnowledgeGraph, and pandas tables.

Every question is a small free function ``f(graph, ...)`` over the networkx ``MultiDiGraph`` (see
``docs/data-model.md``) that never mutates it; :class:`Queries` mixes the same questions into
:class:`kgraph.graph.KnowledgeGraph` as methods.

Names
    Every argument that names an entity accepts a node id (``organization:baidu``), a label or an alias,
    case-insensitively; as a last resort legal suffixes are ignored ("Naura Technology Group" finds
    "Naura Technology Group Co., Ltd.") and a unique acronym matches ("AI", "BAAI"). A name that matches nothing raises
    :class:`kgraph.errors.UnknownEntity` carrying the closest labels; a name that matches several nodes equally
    well raises it too, listing them (pass a node id or a ``kind`` to choose).

Dates
    ``since`` and ``until`` are inclusive and accept a :class:`datetime.date`, a ``datetime`` or an ISO string,
    including a year (``"2023"``) or a month (``"2023-05"``): as ``since`` it means the first day of the
    period, as ``until`` the last. An edge is dated by its own ``date`` and, when it has none, by the
    ``published`` date of its article; an edge with neither is left out whenever a date filter is given.

Tables
    Columns and dtypes are fixed per table (see :data:`VISIT_COLUMNS` and friends) and are the same for an
    empty result. Text columns use pandas' ``"string"`` dtype (missing values are ``pd.NA``), dates are
    ``datetime64[ns]`` (``NaT`` when unknown), counts ``int64``, lists of names or article ids are tuples in
    ``object`` columns. Rows are sorted deterministically and the index is a plain ``RangeIndex``.
"""

from __future__ import annotations

# The package is split by responsibility; every public name is re-exported here, so `kgraph.query.X` keeps
# working. _common: node kinds and attribute readers; _dates: date bounds and subgraph; _names: lookup;
# _tables: schemas, nodes and edges; _visits, _topics, _connections, _stats: the questions; _mixin: Queries.
from kgraph.query._common import ENTITY_KINDS

# Not in __all__, but importable from kgraph.query before the split: re-exported explicitly.
from kgraph.query._common import TARGET_KINDS as TARGET_KINDS
from kgraph.query._common import Kinds as Kinds
from kgraph.query._connections import Step, neighbours, path, path_text
from kgraph.query._dates import DateLike as DateLike
from kgraph.query._dates import subgraph
from kgraph.query._mixin import Queries
from kgraph.query._names import lookup
from kgraph.query._stats import GraphStats, stats
from kgraph.query._tables import EDGE_COLUMNS, NODE_COLUMNS, PER_SOURCE_VISIT_COLUMNS, VISIT_COLUMNS, edges, nodes
from kgraph.query._topics import shared_topics, sharing_topic, topic_pairs, topics
from kgraph.query._visits import co_visited, visited, visitors, visits

__all__ = [
    "EDGE_COLUMNS",
    "ENTITY_KINDS",
    "NODE_COLUMNS",
    "PER_SOURCE_VISIT_COLUMNS",
    "VISIT_COLUMNS",
    "GraphStats",
    "Queries",
    "Step",
    "co_visited",
    "edges",
    "lookup",
    "neighbours",
    "nodes",
    "path",
    "path_text",
    "shared_topics",
    "sharing_topic",
    "stats",
    "subgraph",
    "topic_pairs",
    "topics",
    "visited",
    "visitors",
    "visits",
]
