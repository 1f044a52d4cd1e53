"""GEXF 1.3 for Gephi: typed attributes, kind colours and sizes, and visit dates on the timeline.

The file validates against the official GEXF 1.3 schema (XSD with the viz namespace fix, and RELAX NG).

- The graph is ``mode="dynamic"`` with ``timeformat="date"``; every edge with an ISO ``date`` gets
  ``start`` = ``end`` = that day, so Gephi's timeline plays visits (and mentions and themes, dated by the
  article) in order. Undated edges and all nodes exist at all times.
- Node ids are the kgraph ids; node ``label`` is the kgraph label; nodes carry ``viz:color`` by kind and
  ``viz:size`` by degree (same palette as the HTML page).
- Edge ids are ``e0``, ``e1``, ... in sorted order; the edge element's ``kind`` and ``label`` are the
  kgraph edge kind; ``weight`` is the theme ``weight``, else the mention ``count``, else 1.
- Attributes are ``<attvalue>``\\ s flattened by :mod:`kgraph.export.flatten` (lists joined with ``|``,
  ``None`` left out). Attribute titles GEXF reserves (``id``, ``label``, ``type``, ``weight``,
  ``start``, ``end``) get a ``kgraph_`` prefix; the node ``label`` is not repeated as an attribute. The
  networkx edge key is the edge attribute ``kgraph_key`` (as in GraphML).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
from collections.abc import Iterator
from typing import Any

import networkx as nx

from kgraph.export.atomic import write_bytes
from kgraph.export.flatten import (
    AttrSpec,
    attr_specs,
    clean_text,
    flat_value,
    format_xml_value,
    sorted_edges,
    sorted_nodes,
    xml_escape_attr,
)
from kgraph.export.style import edge_style, hex_to_rgb, node_size, node_style

__all__ = ["RESERVED", "generate_gexf", "write_gexf"]

logger = logging.getLogger(__name__)

NS = "http://gexf.net/1.3"
VIZ_NS = "http://gexf.net/1.3/viz"
#: Names GEXF gives a meaning of its own; attributes so named are written as ``kgraph_<name>``.
KEY_ATTR = "kgraph_key"
RESERVED = frozenset({"id", "label", "type", "weight", "start", "end"})
_GEXF_TYPE = {"boolean": "boolean", "long": "long", "double": "double", "string": "string", "list": "string"}
_SPACES = re.compile(r"\s+")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _title(name: str) -> str:
    return f"kgraph_{name}" if name in RESERVED else name


def _token(text: Any) -> str:
    """An ``xs:token``: cleaned, whitespace collapsed."""
    return xml_escape_attr(_SPACES.sub(" ", clean_text(str(text))).strip())


def _date(value: Any) -> str | None:
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        return None
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return None
    return value


def _attribute_lines(specs: list[AttrSpec], domain: str) -> Iterator[str]:
    yield f'    <attributes class="{domain}" mode="static">'
    for index, spec in enumerate(specs):
        yield (
            f'      <attribute id="{index}" title="{xml_escape_attr(_title(spec.name))}" '
            f'type="{_GEXF_TYPE[spec.type]}"/>'
        )
    yield "    </attributes>"


def _attvalue_lines(data: dict[str, Any], specs: dict[str, tuple[int, AttrSpec]], indent: str) -> Iterator[str]:
    values = []
    for name in sorted(data, key=str):
        value = data[name]
        if value is None or str(name) not in specs:
            continue
        index, spec = specs[str(name)]
        text = format_xml_value(flat_value(value, spec.type), spec.type)  # type: ignore[arg-type]
        values.append(f'{indent}  <attvalue for="{index}" value="{xml_escape_attr(text)}"/>')
    if values:
        yield f"{indent}<attvalues>"
        yield from values
        yield f"{indent}</attvalues>"


def _weight(data: dict[str, Any]) -> float:
    for name in ("weight", "count"):
        value = data.get(name)
        if isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0:
            return float(value)
    return 1.0


def generate_gexf(graph: nx.Graph) -> Iterator[str]:
    """Yield the GEXF 1.3 document of ``graph`` line by line.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("person:li-qiang", kind="person", label="Li Qiang", aliases=[])
    >>> g.add_node("organization:baidu", kind="organization", label="Baidu", aliases=[])
    >>> g.add_edge("person:li-qiang", "organization:baidu", key="visited:a1", kind="visited", date="2024-03-01")
    'visited:a1'
    >>> edge = next(line.strip() for line in generate_gexf(g) if line.strip().startswith("<edge "))
    >>> print(edge.replace('" ', '"\\n'))
    <edge id="e0"
    source="person:li-qiang"
    target="organization:baidu"
    label="visited"
    kind="visited"
    weight="1.0"
    start="2024-03-01"
    end="2024-03-01">
    """
    nodes = sorted_nodes(graph)
    edges = sorted_edges(graph)
    node_specs = [s for s in attr_specs((d for _, d in nodes), "node") if s.name != "label"]
    edge_specs = attr_specs((d for *_, d in edges), "edge")
    if graph.is_multigraph():
        edge_specs = [AttrSpec(KEY_ATTR, "edge", "string"), *[s for s in edge_specs if s.name != KEY_ATTR]]
    nspec = {s.name: (i, s) for i, s in enumerate(node_specs)}
    espec = {s.name: (i, s) for i, s in enumerate(edge_specs)}
    yield '<?xml version="1.0" encoding="UTF-8"?>'
    yield (
        f'<gexf xmlns="{NS}" xmlns:viz="{VIZ_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        f'xsi:schemaLocation="{NS} {NS}/gexf.xsd" version="1.3">'
    )
    yield "  <meta>"
    yield "    <creator>kgraph</creator>"
    yield "    <description>kgraph: people, organisations, facilities, places, topics and articles</description>"
    yield "  </meta>"
    edgetype = "directed" if graph.is_directed() else "undirected"
    yield f'  <graph defaultedgetype="{edgetype}" mode="dynamic" timeformat="date">'
    yield from _attribute_lines(node_specs, "node")
    yield from _attribute_lines(edge_specs, "edge")
    yield f'    <nodes count="{len(nodes)}">'
    for node, data in nodes:
        style = node_style(data.get("kind"))
        r, g, b = hex_to_rgb(style.color)
        yield f'      <node id="{xml_escape_attr(str(node))}" label="{_token(data.get("label", node))}">'
        yield from _attvalue_lines(data, nspec, "        ")
        yield f'        <viz:color r="{r}" g="{g}" b="{b}"/>'
        yield f'        <viz:size value="{node_size(graph.degree(node))}"/>'
        yield f'        <viz:shape value="{style.gexf_shape}"/>'
        yield "      </node>"
    yield "    </nodes>"
    yield f'    <edges count="{len(edges)}">'
    undated = 0
    for index, (u, v, key, data) in enumerate(edges):
        kind = _token(data.get("kind", ""))
        head = f'      <edge id="e{index}" source="{xml_escape_attr(str(u))}" target="{xml_escape_attr(str(v))}"'
        if kind:
            head += f' label="{kind}" kind="{kind}"'
        head += f' weight="{_weight(data)!r}"'
        day = _date(data.get("date"))
        if day:
            head += f' start="{day}" end="{day}"'
        elif data.get("date") is not None:
            undated += 1
        yield head + ">"
        attrs = {KEY_ATTR: key, **data} if graph.is_multigraph() else data
        yield from _attvalue_lines(attrs, espec, "        ")
        r, g, b = hex_to_rgb(edge_style(data.get("kind")).color)
        yield f'        <viz:color r="{r}" g="{g}" b="{b}"/>'
        yield "      </edge>"
    yield "    </edges>"
    yield "  </graph>"
    yield "</gexf>"
    if undated:
        logger.warning("%d edges have a date that is not ISO YYYY-MM-DD; they are not on the timeline", undated)


def write_gexf(graph: nx.Graph, path: str | os.PathLike[str]) -> None:
    """Write ``graph`` as GEXF 1.3 to ``path`` atomically (UTF-8, ``\\n`` line ends)."""
    write_bytes(path, ("\n".join(generate_gexf(graph)) + "\n").encode("utf-8"))
