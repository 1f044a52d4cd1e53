"""GraphML for Gephi, yEd, igraph and Cytoscape, valid against the GraphML 1.0 schema, and its reader.

What the writer does (see :mod:`kgraph.export.flatten` for the shared rules):

- node ids are ``n0``, ``n1``, ... in sorted order (GraphML ids must be ``NMTOKEN``\\ s); the kgraph id is
  the node attribute ``kgraph_id``;
- edge ids are ``e0``, ``e1``, ... in sorted order, unique even for parallel visits; the networkx edge key
  is the edge attribute ``kgraph_key``;
- every key is typed (``boolean``, ``long``, ``double``, ``string``) and declared ``for`` node, edge or
  graph; list attributes are ``string`` keys whose ``<desc>`` is ``kgraph:list`` and whose values are
  joined with ``|``;
- ``None`` is never written; the names of ``None`` attributes go in ``kgraph_nulls`` (a list);
- characters XML 1.0 forbids are dropped.

:func:`read_graphml` reverses all of it: kgraph ids and keys, lists, ``None`` and types come back.
"""

from __future__ import annotations

import logging
import os
import xml.etree.ElementTree as ET
from collections.abc import Hashable, Iterator
from typing import Any

import networkx as nx

from kgraph.errors import ExportError, InputError
from kgraph.export.atomic import write_bytes
from kgraph.export.flatten import (
    AttrSpec,
    attr_specs,
    flat_value,
    format_xml_value,
    join_list,
    sorted_edges,
    sorted_nodes,
    split_list,
    xml_escape,
    xml_escape_attr,
)

__all__ = ["generate_graphml", "read_graphml", "write_graphml"]

logger = logging.getLogger(__name__)

NS = "http://graphml.graphdrawing.org/xmlns"
LIST_DESC = "kgraph:list"
ID_ATTR = "kgraph_id"
KEY_ATTR = "kgraph_key"
NULLS_ATTR = "kgraph_nulls"
_RESERVED = (ID_ATTR, KEY_ATTR, NULLS_ATTR)
_XML_TYPE = {"boolean": "boolean", "long": "long", "double": "double", "string": "string", "list": "string"}


def _check_reserved(data: dict[str, Any], what: str) -> None:
    for name in _RESERVED:
        if name in data:
            raise ExportError(f"{what} has an attribute named {name!r}, which kgraph's GraphML reserves")


def _key_lines(specs: list[AttrSpec], ids: dict[tuple[str, str], str]) -> Iterator[str]:
    for spec in specs:
        kid = f"d{len(ids)}"
        ids[(spec.domain, spec.name)] = kid
        head = (
            f'  <key id="{kid}" for="{spec.domain}" attr.name="{xml_escape_attr(spec.name)}" '
            f'attr.type="{_XML_TYPE[spec.type]}"'
        )
        yield f"{head}><desc>{LIST_DESC}</desc></key>" if spec.type == "list" else f"{head}/>"


def _data_lines(
    data: dict[str, Any], specs: dict[str, AttrSpec], ids: dict[tuple[str, str], str], domain: str, indent: str
) -> Iterator[str]:
    nulls = []
    for name in sorted(data, key=str):
        value = data[name]
        if value is None:
            nulls.append(str(name))
            continue
        spec = specs[str(name)]
        text = format_xml_value(flat_value(value, spec.type), spec.type)  # type: ignore[arg-type]
        yield f'{indent}<data key="{ids[(domain, spec.name)]}">{xml_escape(text)}</data>'
    if nulls:
        yield f'{indent}<data key="{ids[(domain, NULLS_ATTR)]}">{xml_escape(join_list(nulls))}</data>'


def generate_graphml(graph: nx.Graph) -> Iterator[str]:
    """Yield the GraphML document of ``graph`` line by line.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("person:li-qiang", kind="person", label="Li Qiang", aliases=["Premier Li"])
    >>> lines = list(generate_graphml(g))
    >>> [line.strip() for line in lines if "<node" in line or '"d0"' in line]  # doctest: +NORMALIZE_WHITESPACE
    ['<key id="d0" for="node" attr.name="kgraph_id" attr.type="string"/>', '<node id="n0">',
     '<data key="d0">person:li-qiang</data>']
    """
    nodes = sorted_nodes(graph)
    edges = sorted_edges(graph)
    for node, data in nodes:
        _check_reserved(data, f"node {node!r}")
    for u, v, _, data in edges:
        _check_reserved(data, f"edge {u!r} -> {v!r}")
    has_nulls = {
        "node": any(None in d.values() for _, d in nodes),
        "edge": any(None in d.values() for *_, d in edges),
        "graph": None in graph.graph.values(),
    }
    node_specs = attr_specs((d for _, d in nodes), "node")
    edge_specs = attr_specs((d for *_, d in edges), "edge")
    graph_specs = attr_specs([graph.graph], "graph")
    extra_node = [AttrSpec(ID_ATTR, "node", "string")]
    extra_edge = [AttrSpec(KEY_ATTR, "edge", "string")] if graph.is_multigraph() else []
    extras = {
        domain: [AttrSpec(NULLS_ATTR, domain, "list")] if has_nulls[domain] else []
        for domain in ("node", "edge", "graph")
    }
    key_ids: dict[tuple[str, str], str] = {}
    yield '<?xml version="1.0" encoding="UTF-8"?>'
    yield f'<graphml xmlns="{NS}">'
    specs_in_order = [
        *graph_specs, *extras["graph"], *extra_node, *node_specs, *extras["node"], *extra_edge, *edge_specs,
        *extras["edge"],
    ]
    yield from _key_lines(specs_in_order, key_ids)
    edgedefault = "directed" if graph.is_directed() else "undirected"
    yield f'  <graph id="G" edgedefault="{edgedefault}">'
    yield from _data_lines(graph.graph, {s.name: s for s in graph_specs}, key_ids, "graph", "    ")
    specs = {s.name: s for s in node_specs}
    id_key = key_ids[("node", ID_ATTR)]
    gml_id: dict[Hashable, str] = {}
    for index, (node, data) in enumerate(nodes):
        gml_id[node] = nid = f"n{index}"
        yield f'    <node id="{nid}">'
        yield f'      <data key="{id_key}">{xml_escape(str(node))}</data>'
        yield from _data_lines(data, specs, key_ids, "node", "      ")
        yield "    </node>"
    specs = {s.name: s for s in edge_specs}
    ekey = key_ids.get(("edge", KEY_ATTR))
    for index, (u, v, key, data) in enumerate(edges):
        yield f'    <edge id="e{index}" source="{gml_id[u]}" target="{gml_id[v]}">'
        if ekey is not None:
            yield f'      <data key="{ekey}">{xml_escape(str(key))}</data>'
        yield from _data_lines(data, specs, key_ids, "edge", "      ")
        yield "    </edge>"
    yield "  </graph>"
    yield "</graphml>"


def write_graphml(graph: nx.Graph, path: str | os.PathLike[str]) -> None:
    """Write ``graph`` as GraphML to ``path`` atomically (UTF-8, ``\\n`` line ends)."""
    text = "\n".join(generate_graphml(graph)) + "\n"
    write_bytes(path, text.encode("utf-8"))


# -- reading -----------------------------------------------------------------------------------


def _parse_value(text: str, type_: str, is_list: bool) -> Any:
    if is_list:
        return split_list(text)
    if type_ == "boolean":
        return text.strip().lower() in ("true", "1")
    if type_ in ("int", "long"):
        return int(text)
    if type_ in ("float", "double"):
        return float(text.replace("INF", "inf"))
    return text


def read_graphml(path: str | os.PathLike[str]) -> nx.MultiDiGraph:
    """Read a GraphML file into a :class:`networkx.MultiDiGraph`, restoring kgraph ids, keys, lists and None.

    Files not written by kgraph load too: their GraphML ids become node ids and their edge ids keys.

    Examples
    --------
    >>> import tempfile, os
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("person:li-qiang", kind="person", label="Li Qiang", aliases=["Premier Li"], qid=None)
    >>> path = os.path.join(tempfile.mkdtemp(), "g.graphml")
    >>> write_graphml(g, path)
    >>> dict(read_graphml(path).nodes(data=True))
    {'person:li-qiang': {'aliases': ['Premier Li'], 'kind': 'person', 'label': 'Li Qiang', 'qid': None}}
    """
    keys: dict[str, tuple[str, str, bool]] = {}  # key id -> (name, type, is_list)
    defaults: dict[str, dict[str, Any]] = {"node": {}, "edge": {}, "graph": {}, "all": {}}
    graph: nx.MultiDiGraph = nx.MultiDiGraph()
    node_of: dict[str, Hashable] = {}
    q = f"{{{NS}}}"

    def attrs_of(elem: ET.Element, domain: str) -> dict[str, Any]:
        out: dict[str, Any] = {**defaults["all"], **defaults[domain]}
        for data in elem.findall(f"{q}data"):
            key = data.get("key", "")
            if key not in keys:
                raise InputError(f"{path}: <data key={key!r}> refers to no <key>")
            name, type_, is_list = keys[key]
            out[name] = _parse_value(data.text or "", type_, is_list)
        for name in out.pop(NULLS_ATTR, []):
            out[name] = None
        return out

    try:
        for event, elem in ET.iterparse(path, events=("end",)):
            tag = elem.tag
            if tag == f"{q}key":
                desc = elem.find(f"{q}desc")
                is_list = desc is not None and (desc.text or "").strip() == LIST_DESC
                name, type_ = elem.get("attr.name", elem.get("id", "")), elem.get("attr.type", "string")
                keys[elem.get("id", "")] = (name, type_, is_list)
                default = elem.find(f"{q}default")
                if default is not None:
                    domain = elem.get("for", "all")
                    defaults.setdefault(domain, {})[name] = _parse_value(default.text or "", type_, is_list)
            elif tag == f"{q}node":
                data = attrs_of(elem, "node")
                node = data.pop(ID_ATTR, elem.get("id"))
                node_of[elem.get("id", "")] = node
                graph.add_node(node, **data)
                elem.clear()
            elif tag == f"{q}edge":
                data = attrs_of(elem, "edge")
                key = data.pop(KEY_ATTR, elem.get("id"))
                try:
                    u, v = node_of[elem.get("source", "")], node_of[elem.get("target", "")]
                except KeyError as err:
                    raise InputError(f"{path}: edge {elem.get('id')!r} refers to unknown node {err}") from err
                graph.add_edge(u, v, key=key, **data)
                elem.clear()
            elif tag == f"{q}graph":
                if elem.get("edgedefault") == "undirected":
                    logger.warning("%s: undirected GraphML read as a directed graph", path)
                graph.graph.update(attrs_of(elem, "graph"))
    except ET.ParseError as err:
        raise InputError(f"{path}: not well-formed GraphML ({err})") from err
    except ValueError as err:
        raise InputError(f"{path}: bad GraphML value ({err})") from err
    except OSError as err:
        raise InputError(f"cannot read {path}: {err.strerror or err}") from err
    return graph
