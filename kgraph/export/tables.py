"""CSV tables: ``nodes`` and ``edges`` in Gephi's spreadsheet-import layout, plus a flat ``visits`` table.

- **nodes**: ``Id``, ``Label``, ``Kind``, ``Degree``, then every other node attribute by name.
- **edges**: ``Source``, ``Target``, ``Type`` (``Directed``), ``Id`` (``e0``, ...), ``Label`` (the kind),
  ``Kind``, ``Weight`` (theme ``weight``, else mention ``count``, else 1), ``Key`` (the networkx edge key),
  then every other edge attribute by name.
- **visits**: one row per ``visited`` edge (one per reporting article): ``visitor``, ``visitor_id``,
  ``target``, ``target_id``, ``target_kind``, ``location``, ``date``, ``role``, ``article``, ``evidence``;
  sorted by date (undated last), visitor, target, article.

Values follow :mod:`kgraph.export.flatten` (lists joined with ``|``, ``None`` as an empty cell, characters
XML 1.0 forbids dropped). Attribute names that clash with a fixed column (case-insensitive) get a
``kgraph_`` prefix. Files are UTF-8 with ``\\n`` line ends and a header row.
"""

from __future__ import annotations

import csv
import io
import logging
import os
from collections.abc import Hashable
from pathlib import Path
from typing import Any

import networkx as nx

from kgraph.export.atomic import atomic_files
from kgraph.export.flatten import (
    AttrSpec,
    clean_text,
    flat_value,
    sorted_edges,
    sorted_nodes,
    specs_from_samples,
    value_samples,
)

__all__ = ["TABLES", "csv_paths", "generate_tables", "write_tables"]

logger = logging.getLogger(__name__)

#: The tables written, in order.
TABLES = ("nodes", "edges", "visits")
NODE_COLUMNS = ("Id", "Label", "Kind", "Degree")
EDGE_COLUMNS = ("Source", "Target", "Type", "Id", "Label", "Kind", "Weight", "Key")
VISIT_COLUMNS = (
    "visitor", "visitor_id", "target", "target_id", "target_kind", "location", "date", "role", "article", "evidence",
)


def csv_paths(path: str | os.PathLike[str]) -> dict[str, Path]:
    """Where the three tables go for an output ``path``.

    A directory (existing, or written with a trailing slash) gets ``nodes.csv``, ``edges.csv`` and
    ``visits.csv``; a file path ``out/graph.csv`` gets ``out/graph-nodes.csv``, ``out/graph-edges.csv`` and
    ``out/graph-visits.csv``.

    Examples
    --------
    >>> sorted(p.name for p in csv_paths("out/graph.csv").values())
    ['graph-edges.csv', 'graph-nodes.csv', 'graph-visits.csv']
    >>> csv_paths("out/")["nodes"].as_posix()
    'out/nodes.csv'
    """
    text = os.fspath(path)
    target = Path(text)
    if target.is_dir() or text.endswith(("/", os.sep)) or not target.suffix:
        return {name: target / f"{name}.csv" for name in TABLES}
    return {name: target.with_name(f"{target.stem}-{name}.csv") for name in TABLES}


def _cell(value: Any, type_: str) -> Any:
    # Forbidden characters are dropped once over the whole table text (see generate_tables).
    if value is None:
        return ""
    if type(value) is str and type_ == "string":
        return value
    flat = flat_value(value, type_)
    if isinstance(flat, bool):
        return "true" if flat else "false"
    return flat


def _values(data: dict[str, Any], keys: list[str], slow: list[tuple[int, str]]) -> list[Any]:
    values = list(map(data.get, keys))
    for j, type_ in slow:
        values[j] = _cell(values[j], type_)
    return values


def _plan(
    items: list[dict[str, Any]], domain: str, skip: tuple[str, ...]
) -> tuple[list[AttrSpec], list[tuple[int, str]]]:
    """Columns to write, and the (index, type) of those that need flattening.

    The csv module already writes str, int, float and None (as an empty cell) the way the flattening
    rules want, so columns holding only those pass straight through.
    """
    samples = value_samples(items)
    specs = [s for s in specs_from_samples(samples, domain) if s.name not in skip]
    plain = (str, int, float, type(None))
    slow = [
        (j, s.type)
        for j, s in enumerate(specs)
        if s.type in ("list", "boolean")
        or any(
            name == s.name and (kind not in plain or (kind is int and s.type == "double")) for name, kind in samples
        )
    ]
    return specs, slow


def _columns(fixed: tuple[str, ...], names: list[str]) -> dict[str, str]:
    taken = {c.lower() for c in fixed}
    return {name: (f"kgraph_{name}" if name.lower() in taken else name) for name in names}


def _weight(data: dict[str, Any]) -> Any:
    for name in ("weight", "count"):
        value = data.get(name)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return value
    return 1


def generate_tables(graph: nx.Graph) -> dict[str, str]:
    """Return the CSV text of each table (``nodes``, ``edges``, ``visits``).

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("person:li-qiang", kind="person", label="Li Qiang", aliases=["Premier Li", "Li"])
    >>> print(generate_tables(g)["nodes"], end="")
    Id,Label,Kind,Degree,aliases
    person:li-qiang,Li Qiang,person,0,Premier Li|Li
    """
    nodes = sorted_nodes(graph)
    edges = sorted_edges(graph)
    degree = dict(graph.degree())
    out: dict[str, str] = {}

    specs, slow = _plan([d for _, d in nodes], "node", ("label", "kind"))
    names = _columns(NODE_COLUMNS, [s.name for s in specs])
    keys = [s.name for s in specs]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*NODE_COLUMNS, *names.values()])
    for node, data in nodes:
        writer.writerow(
            [
                str(node),
                str(data.get("label", node)),
                str(data.get("kind", "")),
                degree[node],
                *_values(data, keys, slow),
            ]
        )
    out["nodes"] = buffer.getvalue()

    specs, slow = _plan([d for *_, d in edges], "edge", ("kind",))
    names = _columns(EDGE_COLUMNS, [s.name for s in specs])
    keys = [s.name for s in specs]
    kind = "Directed" if graph.is_directed() else "Undirected"
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*EDGE_COLUMNS, *names.values()])
    for index, (u, v, key, data) in enumerate(edges):
        writer.writerow(
            [
                str(u),
                str(v),
                kind,
                f"e{index}",
                str(data.get("kind", "")),
                str(data.get("kind", "")),
                _weight(data),
                "" if key is None else str(key),
                *_values(data, keys, slow),
            ]
        )
    out["edges"] = buffer.getvalue()

    def label(node: Hashable) -> str:
        return str(graph.nodes[node].get("label", node))

    rows = []
    for u, v, _key, data in edges:
        if data.get("kind") != "visited":
            continue
        rows.append(
            [
                label(u),
                str(u),
                label(v),
                str(v),
                str(graph.nodes[v].get("kind", "")),
                *(str(data.get(name) or "") for name in ("location", "date", "role", "article", "evidence")),
            ]
        )
    rows.sort(key=lambda r: (r[6] == "", r[6], r[0], r[2], r[8], r[1], r[3]))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(VISIT_COLUMNS)
    writer.writerows(rows)
    out["visits"] = buffer.getvalue()
    # One pass per table instead of one per cell; the removed characters never affect CSV quoting.
    return {name: clean_text(text) for name, text in out.items()}


def write_tables(graph: nx.Graph, path: str | os.PathLike[str]) -> dict[str, Path]:
    """Write the three CSV tables for ``path`` (see :func:`csv_paths`) atomically; return their paths."""
    paths = csv_paths(path)
    tables = generate_tables(graph)
    with atomic_files([paths[name] for name in TABLES]) as handles:
        for name, handle in zip(TABLES, handles, strict=True):
            handle.write(tables[name].encode("utf-8"))
    return paths
