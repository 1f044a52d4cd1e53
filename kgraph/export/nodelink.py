"""Node-link JSON: the lossless format. Reading it back gives a graph equal to the one written.

Layout (compatible with ``networkx.node_link_graph(data, edges="edges")``)::

    {"directed": true, "multigraph": true, "graph": {...},
     "nodes": [{"id": "person:li-qiang", "kind": "person", "label": "Li Qiang", "aliases": [...]}, ...],
     "edges": [{"source": ..., "target": ..., "key": "visited:a1", "kind": "visited", ...}, ...]}

Nodes and edges are sorted (see :mod:`kgraph.export.flatten`), object keys are sorted, and no timestamp is
written, so the same graph always gives the same bytes. Lists stay lists; ``None`` stays ``null``. Every
character survives: :func:`write_node_link` writes lone surrogates as ``\\udXXX`` escapes. (The one thing
JSON cannot say is a lone high surrogate directly followed by a lone low one: that pair reads back as the
astral character it encodes. Text decoded from any file never holds such a pair.)
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
from typing import Any

import networkx as nx

from kgraph.errors import ExportError, InputError
from kgraph.export.atomic import write_bytes
from kgraph.export.flatten import sorted_edges, sorted_nodes

__all__ = ["generate_node_link", "node_link_data", "parse_node_link", "read_node_link", "write_node_link"]

logger = logging.getLogger(__name__)

_SURROGATE = re.compile("[\ud800-\udfff]")


def _default(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=str)
    raise TypeError(f"{type(value).__name__} value {value!r} is not JSON-serialisable")


def node_link_data(graph: nx.Graph) -> dict[str, Any]:
    """Return the node-link dict of ``graph`` (sorted nodes and edges; attribute dicts are shallow copies).

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_edge("b", "a", key="visited:x", kind="visited")
    'visited:x'
    >>> node_link_data(g)["edges"]
    [{'source': 'b', 'target': 'a', 'key': 'visited:x', 'kind': 'visited'}]
    """
    nodes = []
    for node, data in sorted_nodes(graph):
        if "id" in data:
            raise ExportError(f"node {node!r} has an attribute named 'id', which node-link JSON reserves")
        nodes.append({"id": node, **data})
    edges = []
    multi = graph.is_multigraph()
    for u, v, key, data in sorted_edges(graph):
        if "source" in data or "target" in data or "key" in data:
            clash = sorted({"source", "target", "key"} & set(data))
            raise ExportError(f"edge {u!r} -> {v!r} has attributes {clash}, which node-link JSON reserves")
        if multi:
            edges.append({"source": u, "target": v, "key": key, **data})
        else:
            edges.append({"source": u, "target": v, **data})
    return {
        "directed": graph.is_directed(),
        "multigraph": graph.is_multigraph(),
        "graph": dict(graph.graph),
        "nodes": nodes,
        "edges": edges,
    }


def generate_node_link(graph: nx.Graph) -> str:
    """Return the node-link JSON text of ``graph`` (one line, sorted keys, UTF-8 safe, trailing newline).

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("place:beijing", kind="place", label="Beijing", aliases=[])
    >>> print(generate_node_link(g).replace(',"nodes"', ',\\n"nodes"'), end="")
    {"directed":true,"edges":[],"graph":{},"multigraph":true,
    "nodes":[{"aliases":[],"id":"place:beijing","kind":"place","label":"Beijing"}]}
    """
    try:
        text = json.dumps(
            node_link_data(graph),
            ensure_ascii=False,
            sort_keys=True,
            separators=(",", ":"),
            default=_default,
            allow_nan=True,
        )
    except TypeError as err:
        raise ExportError(f"cannot write node-link JSON: {err}") from err
    return text + "\n"


def _utf8(text: str) -> bytes:
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        # Lone surrogates can only sit inside JSON strings: write them as \udXXX escapes.
        return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text).encode("utf-8")


def write_node_link(graph: nx.Graph, path: str | os.PathLike[str]) -> None:
    """Write ``graph`` as node-link JSON to ``path`` atomically (UTF-8; every character survives)."""
    write_bytes(path, _utf8(generate_node_link(graph)))


def parse_node_link(data: dict[str, Any]) -> nx.MultiDiGraph:
    """Build a :class:`networkx.MultiDiGraph` from a node-link dict (``edges`` or ``links`` key).

    Examples
    --------
    >>> g = parse_node_link({"nodes": [{"id": "a"}, {"id": "b", "kind": "place"}],
    ...                      "edges": [{"source": "a", "target": "b", "key": "k", "n": [1]}]})
    >>> list(g.edges(keys=True, data=True))
    [('a', 'b', 'k', {'n': [1]})]
    """
    try:
        graph: nx.MultiDiGraph = nx.MultiDiGraph()
        graph.graph.update(data.get("graph") or {})
        for record in data["nodes"]:
            attrs = dict(record)
            node = attrs.pop("id")
            graph.add_node(_hashable(node), **attrs)
        for record in data.get("edges", data.get("links", [])):
            attrs = dict(record)
            u, v = _hashable(attrs.pop("source")), _hashable(attrs.pop("target"))
            key = attrs.pop("key", None)
            graph.add_edge(u, v, key=_hashable(key) if key is not None else None, **attrs)
    except (KeyError, TypeError, AttributeError) as err:
        raise InputError(f"not a node-link graph: {err!r}") from err
    return graph


def _hashable(value: Any) -> Any:
    return tuple(_hashable(v) for v in value) if isinstance(value, list) else value


def read_node_link(path: str | os.PathLike[str]) -> nx.MultiDiGraph:
    """Read a node-link JSON file written by :func:`write_node_link` (or networkx)."""
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except OSError as err:
        raise InputError(f"cannot read {path}: {err.strerror or err}") from err
    except ValueError as err:
        raise InputError(f"{path}: not valid JSON ({err})") from err
    if not isinstance(data, dict):
        raise InputError(f"{path}: not a node-link graph (top level is {type(data).__name__})")
    try:
        return parse_node_link(data)
    except InputError as err:
        raise InputError(f"{path}: {err}") from err
