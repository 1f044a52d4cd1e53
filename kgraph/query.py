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

import datetime as dt
import itertools
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import networkx as nx
import pandas as pd

from kgraph import subgraph as _trim
from kgraph.errors import InputError, UnknownEntity
from kgraph.resolve import normalise_name

if TYPE_CHECKING:
    from kgraph.graph import KnowledgeGraph

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

#: Kinds of named entities (topics and articles are the other node kinds).
ENTITY_KINDS = ("person", "organization", "facility", "place")
#: Kinds a visit can go to.
TARGET_KINDS = ("organization", "facility", "place")

DateLike = dt.date | str | None
Kinds = str | Iterable[str] | None

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
_TOPIC_COLUMNS: dict[str, str] = {
    "topic": "string",
    "topic_id": "string",
    "weight": "int64",
    "articles": "object",
    "sources": "int64",
}
_SHARING_COLUMNS: dict[str, str] = {
    "entity": "string",
    "entity_id": "string",
    "kind": "string",
    "weight": "int64",
    "articles": "object",
    "sources": "int64",
}
_SHARED_COLUMNS: dict[str, str] = {
    "topic": "string",
    "topic_id": "string",
    "weight_a": "int64",
    "weight_b": "int64",
    "weight": "int64",
}
_PAIR_COLUMNS: dict[str, str] = {
    "a": "string",
    "a_id": "string",
    "b": "string",
    "b_id": "string",
    "shared": "int64",
    "topics": "object",
}
_CO_VISIT_COLUMNS: dict[str, str] = {
    "target": "string",
    "target_id": "string",
    "target_kind": "string",
    "shared": "int64",
    "visitors": "object",
}
_NEIGHBOUR_COLUMNS: dict[str, str] = {
    "id": "string",
    "label": "string",
    "kind": "string",
    "distance": "int64",
    "edge_kinds": "object",  # kinds of the edges linking it to the ring one step nearer
    "edges": "int64",  # number of such edges
}
_TOP_COLUMNS: dict[str, str] = {"id": "string", "label": "string", "kind": "string", "degree": "int64"}

# Which edge kind names a step of a path when two nodes are linked several ways.
_EDGE_RANK = {"visited": 0, "accompanied": 1, "theme": 2, "mentions": 3}
# Which node kind wins when a name matches several nodes equally well.
_KIND_RANK = {**dict.fromkeys(ENTITY_KINDS, 0), "topic": 1, "article": 2}
_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2}))?$")


# -- helpers ----------------------------------------------------------------------------------


def _frame(rows: Iterable[dict[str, Any]], columns: dict[str, str]) -> pd.DataFrame:
    """Build a table with exactly ``columns`` (in order) and their dtypes, also when empty."""
    df = pd.DataFrame(list(rows), columns=list(columns))
    for name, dtype in columns.items():
        if dtype.startswith("datetime64"):
            df[name] = pd.to_datetime(df[name], errors="coerce").astype(dtype)
        elif dtype == "object":
            df[name] = df[name].astype(object)
        else:
            df[name] = df[name].astype(dtype)
    return df.reset_index(drop=True)


def _kinds(kind: Kinds) -> frozenset[str] | None:
    if kind is None:
        return None
    return frozenset([kind] if isinstance(kind, str) else kind)


def _as_date(value: Any, *, end: bool = False) -> dt.date | None:
    """Parse a date bound; a year or month means its first (``end=False``) or last day.

    Examples
    --------
    >>> _as_date("2023"), _as_date("2023", end=True), _as_date("2024-02", end=True)
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


def _iso(value: Any) -> dt.date | None:
    """Parse an ISO date attribute of the graph; anything unreadable is unknown."""
    if not value or not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _published(graph: nx.MultiDiGraph) -> dict[str, dt.date | None]:
    """Map article id (the article node's label) -> publication date."""
    return {
        data.get("label", nid): _iso(data.get("published"))
        for nid, data in graph.nodes(data=True)
        if data.get("kind") == "article"
    }


def _in_range(day: dt.date | None, since: dt.date | None, until: dt.date | None) -> bool:
    if since is None and until is None:
        return True
    if day is None:
        return False
    return (since is None or day >= since) and (until is None or day <= until)


def _label(graph: nx.MultiDiGraph, nid: str) -> str:
    return str(graph.nodes[nid].get("label", nid))


def _kind(graph: nx.MultiDiGraph, nid: str) -> str:
    return str(graph.nodes[nid].get("kind", nid.split(":", 1)[0]))


def _aliases(data: dict[str, Any]) -> tuple[str, ...]:
    aliases = data.get("aliases") or ()
    if isinstance(aliases, str):  # a flattened attribute read back from a file
        aliases = [aliases]
    return tuple(aliases)


def _strings(value: Any) -> tuple[str, ...]:
    if not value:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


# -- names ------------------------------------------------------------------------------------


def _suggest(graph: nx.MultiDiGraph, name: str, kinds: frozenset[str] | None, limit: int = 5) -> tuple[str, ...]:
    from rapidfuzz import fuzz, process, utils

    labels: list[str] = []
    choices: list[str] = []
    for nid, data in graph.nodes(data=True):
        if kinds is not None and data.get("kind") not in kinds:
            continue
        label = str(data.get("label", nid))
        for text in (label, *_aliases(data)):
            labels.append(label)
            choices.append(text)
    found = process.extract(
        name, choices, scorer=fuzz.WRatio, processor=utils.default_process, limit=limit * 4, score_cutoff=50
    )
    out: list[str] = []
    for _, _, index in sorted(found, key=lambda hit: (-hit[1], labels[hit[2]])):
        if labels[index] not in out:
            out.append(labels[index])
    return tuple(out[:limit])


_MINOR_WORDS = frozenset({"of", "and", "the", "for", "in", "on", "at", "&"})


def _acronyms(label: str) -> set[str]:
    """Initials of a label, with and without its minor words ("BAAI", "BAOAI").

    Examples
    --------
    >>> sorted(_acronyms("Beijing Academy of Artificial Intelligence"))
    ['baai', 'baoai']
    """
    words = [w for w in re.split(r"[\s\-/]+", label.casefold()) if w]
    if len(words) < 2:
        return set()
    return {"".join(w[0] for w in words), "".join(w[0] for w in words if w not in _MINOR_WORDS)}


def _kinds_text(kinds: frozenset[str]) -> str:
    order = [*ENTITY_KINDS, "topic", "article"]
    names = sorted(kinds, key=lambda k: (order.index(k) if k in order else len(order), k))
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def lookup(graph: nx.MultiDiGraph, name: str, kind: Kinds = None) -> str:
    """Return the node id a name refers to: a node id, a label or an alias, case-insensitively.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A kgraph graph.
    name : str
        Node id, label or alias.
    kind : str or iterable of str, optional
        Only consider nodes of these kinds.

    Raises
    ------
    kgraph.errors.UnknownEntity
        When nothing matches (with the closest labels as ``suggestions``) or when several nodes match equally
        well (with those nodes as ``suggestions``).

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("organization:baidu", kind="organization", label="Baidu", aliases=["Baidu Inc."])
    >>> lookup(g, "baidu inc.")
    'organization:baidu'
    >>> lookup(g, "Biadu")
    Traceback (most recent call last):
    ...
    kgraph.errors.UnknownEntity: no entity named 'Biadu'; closest matches: Baidu
    """
    kinds = _kinds(kind)
    if not isinstance(name, str) or not name.strip():
        raise UnknownEntity(str(name))
    if name in graph and (kinds is None or graph.nodes[name].get("kind") in kinds):
        return name
    key = name.strip().casefold()
    tiers: list[set[str]] = [set(), set(), set()]
    for nid, data in graph.nodes(data=True):
        if kinds is not None and data.get("kind") not in kinds:
            continue
        if str(nid).casefold() == key:
            tiers[0].add(nid)
        if str(data.get("label", "")).casefold() == key:
            tiers[1].add(nid)
        if any(a.casefold() == key for a in _aliases(data)):
            tiers[2].add(nid)
    found = next((tier for tier in tiers if tier), set())
    if not found:
        norm = normalise_name(name)
        for nid, data in graph.nodes(data=True):
            if kinds is not None and data.get("kind") not in kinds:
                continue
            if any(normalise_name(t) == norm for t in (str(data.get("label", "")), *_aliases(data)) if t):
                found.add(nid)
    acronym = key.replace(".", "")
    if not found and 2 <= len(acronym) <= 8 and acronym.isalpha():
        for nid, data in graph.nodes(data=True):
            if kinds is not None and data.get("kind") not in kinds:
                continue
            if acronym in _acronyms(str(data.get("label", ""))):
                found.add(nid)
        if len(found) > 1:  # an acronym is a guess: only a unique one resolves
            err = UnknownEntity(name, tuple(sorted(_label(graph, n) for n in found)))
            err.args = (f"{name!r} is ambiguous: it may stand for {', '.join(err.suggestions)}",)
            raise err
    if not found:
        err = UnknownEntity(name, _suggest(graph, name, kinds))
        if kinds is not None:
            wanted = _kinds_text(kinds)
            try:
                other = lookup(graph, name)
            except UnknownEntity:
                hint = f"; closest matches: {', '.join(err.suggestions)}" if err.suggestions else ""
                err.args = (f"no {wanted} named {name!r}{hint}",)
            else:
                found_kind = _kind(graph, other)
                err.args = (
                    f"{name!r} is {_article(found_kind)} {found_kind} ({other}), not {_article(wanted)} {wanted}",
                )
        raise err
    if len(found) > 1:  # prefer named entities over topics over articles
        best = min(_KIND_RANK.get(_kind(graph, n), 3) for n in found)
        found = {n for n in found if _KIND_RANK.get(_kind(graph, n), 3) == best}
    if len(found) > 1:
        choices = tuple(f"{_label(graph, n)} ({n})" for n in sorted(found))
        err = UnknownEntity(name, choices)
        err.args = (f"{name!r} is ambiguous: it names {', '.join(choices)}; pass a node id or a kind",)
        raise err
    return next(iter(found))


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
    kinds = _kinds(kind)
    rows = [
        {
            "id": nid,
            "kind": data.get("kind"),
            "label": data.get("label", nid),
            "aliases": _aliases(data),
            "titles": _strings(data.get("titles")),
            "qid": data.get("qid") or None,
            "articles": _strings(data.get("articles")),
            "sources": len(_strings(data.get("articles"))),
            "degree": graph.degree(nid),
        }
        for nid, data in sorted(graph.nodes(data=True))
        if kinds is None or data.get("kind") in kinds
    ]
    return _frame(rows, NODE_COLUMNS)


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
    kinds = _kinds(kind)
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
                "source_label": _label(graph, u),
                "target_label": _label(graph, v),
                "article": data.get("article"),
                "date": _iso(data.get("date")),
                "evidence": data.get("evidence", ""),
                "count": data.get("count"),
                "weight": data.get("weight"),
                "location": data.get("location"),
                "role": data.get("role"),
                "visitor": data.get("visitor"),
            }
        )
    return _frame(rows, EDGE_COLUMNS)


# -- visits -----------------------------------------------------------------------------------


def _visit_edges(
    graph: nx.MultiDiGraph, visitor: str | None, target: str | None
) -> Iterator[tuple[str, str, dict[str, Any]]]:
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
    start, end = _as_date(since), _as_date(until, end=True)
    tkinds = _kinds(target_kind)
    published = _published(graph)
    rows: list[dict[str, Any]] = []
    for u, v, data in _visit_edges(graph, vid, tid):
        if tkinds is not None and _kind(graph, v) not in tkinds:
            continue
        if lid is not None and data.get("location_id") != lid and v != lid:
            continue
        article = data.get("article", "")
        day, pub = _iso(data.get("date")), published.get(article)
        if not _in_range(day or pub, start, end):
            continue
        rows.append(
            {
                "visitor": _label(graph, u),
                "visitor_id": u,
                "target": _label(graph, v),
                "target_id": v,
                "target_kind": _kind(graph, v),
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
        return _frame(out, PER_SOURCE_VISIT_COLUMNS)
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
    return _frame(grouped, VISIT_COLUMNS)


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
    rows = [
        {
            "target": _label(graph, v),
            "target_id": v,
            "target_kind": _kind(graph, v),
            "shared": len(who),
            "visitors": tuple(sorted(_label(graph, p) for p in who)),
        }
        for v, who in others.items()
    ]
    rows.sort(key=lambda r: (-r["shared"], r["target"], r["target_id"]))
    return _frame(rows, _CO_VISIT_COLUMNS)


# -- topics -----------------------------------------------------------------------------------


def _topic_links(graph: nx.MultiDiGraph, nid: str) -> dict[str, tuple[int, set[str]]]:
    """Topic id -> (weight, articles) of one entity (theme edges) or article (mentions of topics)."""
    found: dict[str, tuple[int, set[str]]] = {}
    is_article = _kind(graph, nid) == "article"
    for _, topic, data in graph.out_edges(nid, data=True):
        if _kind(graph, topic) != "topic":
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
    rows = [
        {
            "topic": _label(graph, tid),
            "topic_id": tid,
            "weight": weight,
            "articles": tuple(sorted(articles)),
            "sources": len(articles),
        }
        for tid, (weight, articles) in _topic_links(graph, nid).items()
    ]
    rows.sort(key=lambda r: (-r["weight"], r["topic"], r["topic_id"]))
    return _frame(rows, _TOPIC_COLUMNS)


def _theme_sources(graph: nx.MultiDiGraph, tid: str, kinds: frozenset[str] | None) -> dict[str, tuple[int, set[str]]]:
    found: dict[str, tuple[int, set[str]]] = {}
    for source, _, data in graph.in_edges(tid, data=True):
        if data.get("kind") != "theme" or (kinds is not None and _kind(graph, source) not in kinds):
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
    rows = [
        {
            "entity": _label(graph, nid),
            "entity_id": nid,
            "kind": _kind(graph, nid),
            "weight": weight,
            "articles": tuple(sorted(articles)),
            "sources": len(articles),
        }
        for nid, (weight, articles) in _theme_sources(graph, tid, _kinds(kind)).items()
    ]
    rows.sort(key=lambda r: (-r["weight"], r["entity"], r["entity_id"]))
    return _frame(rows, _SHARING_COLUMNS)


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
    rows = [
        {
            "topic": _label(graph, tid),
            "topic_id": tid,
            "weight_a": left[tid][0],
            "weight_b": right[tid][0],
            "weight": left[tid][0] + right[tid][0],
        }
        for tid in left.keys() & right.keys()
    ]
    rows.sort(key=lambda r: (-r["weight"], r["topic"], r["topic_id"]))
    return _frame(rows, _SHARED_COLUMNS)


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
    kinds = _kinds(kind) or frozenset(ENTITY_KINDS)
    shared: dict[tuple[str, str], set[str]] = defaultdict(set)
    for tid, data in graph.nodes(data=True):
        if data.get("kind") != "topic":
            continue
        holders = sorted(_theme_sources(graph, tid, kinds))
        for x, y in itertools.combinations(holders, 2):
            shared[x, y].add(tid)
    rows = [
        {
            "a": _label(graph, x),
            "a_id": x,
            "b": _label(graph, y),
            "b_id": y,
            "shared": len(tids),
            "topics": tuple(sorted(_label(graph, t) for t in tids)),
        }
        for (x, y), tids in shared.items()
        if len(tids) >= min_shared
    ]
    rows.sort(key=lambda r: (-r["shared"], r["a"], r["b"], r["a_id"], r["b_id"]))
    return _frame(rows, _PAIR_COLUMNS)


# -- connections ------------------------------------------------------------------------------


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
    excluded = _kinds(exclude_kinds)
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
    steps = [Step(start, _label(graph, start), _kind(graph, start))]
    for prev, nid in itertools.pairwise(nids):
        links = [(k, True) for k in _edge_kinds(graph, prev, nid)] + [(k, False) for k in _edge_kinds(graph, nid, prev)]
        links.sort(key=lambda x: (_EDGE_RANK.get(x[0], 9), x[0], not x[1]))
        edge, forward = links[0]
        kinds = tuple(sorted({k for k, _ in links}, key=lambda k: (_EDGE_RANK.get(k, 9), k)))
        steps.append(Step(nid, _label(graph, nid), _kind(graph, nid), edge, forward, kinds))
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
    kinds = _kinds(kind)
    distance = nx.single_source_shortest_path_length(graph.to_undirected(as_view=True), nid, cutoff=radius)
    rows = []
    for other, d in distance.items():
        if d == 0 or (kinds is not None and _kind(graph, other) not in kinds):
            continue
        found: list[str] = []
        for u, v, data in itertools.chain(graph.in_edges(other, data=True), graph.out_edges(other, data=True)):
            near = u if v == other else v
            if distance.get(near) == d - 1:
                found.append(str(data.get("kind", "")))
        rows.append(
            {
                "id": other,
                "label": _label(graph, other),
                "kind": _kind(graph, other),
                "distance": d,
                "edge_kinds": tuple(sorted(set(found), key=lambda k: (_EDGE_RANK.get(k, 9), k))),
                "edges": len(found),
            }
        )
    rows.sort(key=lambda r: (r["distance"], _KIND_RANK.get(r["kind"], 3), r["kind"], r["label"], r["id"]))
    return _frame(rows, _NEIGHBOUR_COLUMNS)


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
    wanted = _kinds(kinds)
    start, end = _as_date(since), _as_date(until, end=True)
    out = _trim.by_kind(graph, sorted(wanted) if wanted is not None else None)
    if start is None and end is None:
        return out
    out = _trim.date_range(out, start, end, keep_undated=True)
    published = _published(graph)
    out.remove_edges_from(
        [
            (u, v, key)
            for u, v, key, data in out.edges(keys=True, data=True)
            if not _iso(data.get("date")) and not _in_range(published.get(data.get("article", "")), start, end)
        ]
    )
    out.remove_nodes_from(
        [
            n
            for n, data in list(out.nodes(data=True))
            if out.degree(n) == 0
            and not (data.get("kind") == "article" and _in_range(_iso(data.get("published")), start, end))
        ]
    )
    return out


# -- overview ---------------------------------------------------------------------------------


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
                {"id": r.id, "label": r.label, "kind": r.kind, "degree": int(r.degree)}
                for r in self.top.itertuples(index=False)
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
    kinds = _kinds(kind)
    best = _trim.top_n_by_degree(graph, max(top, 0), kinds=sorted(kinds) if kinds is not None else None)
    ranked = sorted(best.nodes, key=lambda n: (-graph.degree(n), str(n)))
    rows = [{"id": n, "label": _label(graph, n), "kind": _kind(graph, n), "degree": graph.degree(n)} for n in ranked]
    return GraphStats(
        nodes=graph.number_of_nodes(),
        edges=graph.number_of_edges(),
        node_kinds=dict(sorted(node_kinds.items())),
        edge_kinds=dict(sorted(edge_kinds.items())),
        top=_frame(rows, _TOP_COLUMNS),
    )


# -- the mixin --------------------------------------------------------------------------------


class Queries:
    """Query methods mixed into :class:`kgraph.graph.KnowledgeGraph` (which provides ``self.graph``).

    Each method delegates to the free function of the same name in :mod:`kgraph.query`; see there for columns.

    Examples
    --------
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
