"""Interactive HTML (pyvis / vis-network): one self-contained file that opens with no network.

The page inlines vis-network (pyvis ``cdn_resources="in_line"``), drops pyvis's Bootstrap CDN tags, and
neutralises every ``http://``/``https://`` text (``:\\/\\/`` inside scripts), so it makes no request.
Nodes are coloured and shaped by kind (legend with per-kind filters), sized by degree; edges are styled by
kind with arrows; tooltips are plain text (DOM nodes built with ``textContent``), so article text never runs
as script. A search box finds labels and aliases. Physics stabilises for a bounded number of iterations
with a fixed ``randomSeed`` and is then switched off, so the layout freezes and stays put.

Big graphs can be trimmed before drawing: ``top`` (N nodes of highest degree), ``focus``/``radius`` (one
entity's neighbourhood) and ``since``/``until`` (edges dated in a range).
"""

from __future__ import annotations

import copy
import html as _html
import json
import logging
import os
import re
from collections.abc import Hashable
from typing import Any

import networkx as nx

from kgraph.errors import ExportError
from kgraph.export._html_assets import PAGE_BODY, PAGE_CSS, PAGE_JS
from kgraph.export.atomic import write_bytes
from kgraph.export.flatten import clean_text, sorted_edges, sorted_nodes
from kgraph.export.style import edge_style, node_size, node_style
from kgraph.subgraph import date_range, neighbourhood, resolve_node, top_n_by_degree

__all__ = ["HTMLView", "generate_html", "show", "trim", "write_html"]

logger = logging.getLogger(__name__)

#: Above this many nodes the page switches to the cheaper big-graph settings.
BIG_GRAPH = 1000
#: Untrimmed graphs above this many nodes get a warning suggesting ``top=``.
HUGE_GRAPH = 5000
_LABEL_MAX = 40
_FIELD_MAX = 600
_SYMBOLS = {"dot": "\u25cf", "square": "\u25a0", "triangle": "\u25b2", "diamond": "\u25c6", "star": "\u2605",
            "hexagon": "\u2b22"}
_SCHEME = re.compile(r"(?i)(https?|ftp|wss?|file)://")
_JSON_ESCAPES = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028",
                               "\u2029": "\\u2029"})
_CSS_LENGTH = re.compile(r"^\d+(\.\d+)?(px|vh|%|em|rem)$")
_NEW_NETWORK = "network = new vis.Network(container, data, options);"


def trim(
    graph: nx.Graph,
    *,
    top: int | None = None,
    focus: Hashable | None = None,
    radius: int = 1,
    since: Any = None,
    until: Any = None,
) -> tuple[nx.Graph, str]:
    """Apply the HTML trim options in order (date range, neighbourhood, top-N); return the graph and a note.

    Without options the input graph itself is returned (it is only read, never changed).

    Examples
    --------
    >>> g = nx.MultiDiGraph([("a", "b"), ("b", "c"), ("c", "d")])
    >>> sub, note = trim(g, focus="a", radius=2)
    >>> sorted(sub.nodes), note
    (['a', 'b', 'c'], "within 2 hops of 'a' (3 of 4 nodes)")
    """
    notes = []
    total = graph.number_of_nodes()
    center = resolve_node(graph, focus) if focus is not None else None  # named in the whole graph
    if since is not None or until is not None:
        dated = date_range(graph, since, until)
        if center is not None and center not in dated:  # the focus had nothing in the range: show it alone
            dated.add_node(center, **copy.deepcopy(graph.nodes[center]))
        graph = dated
        notes.append(f"dated {since or '…'} to {until or '…'}")
    if center is not None:
        graph = neighbourhood(graph, center, radius)
        notes.append(f"within {radius} hop{'s' if radius != 1 else ''} of {center!r}")
    if top is not None:
        graph = top_n_by_degree(graph, top)
        notes.append(f"top {top} by degree")
    if notes:
        notes.append(f"{graph.number_of_nodes()} of {total} nodes")
        *filters, count = notes
        return graph, f"{', '.join(filters)} ({count})"
    return graph, ""


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _field(name: str, value: Any) -> str | None:
    if value in (None, "", []):
        return None
    if isinstance(value, list):
        value = "; ".join(map(str, value))
    # No cleaning needed for safety: tooltips are textContent and the JSON is ASCII-escaped.
    return f"{name}: {_short(str(value), _FIELD_MAX)}"


def _node_tip(node: Hashable, data: dict[str, Any], degree: int) -> str:
    lines = [
        _short(clean_text(str(data.get("label", node))), _FIELD_MAX),
        _field("kind", data.get("kind")),
        _field("id", node),
        _field("aliases", data.get("aliases")),
        _field("titles", data.get("titles")),
        _field("qid", data.get("qid")),
    ]
    if data.get("kind") == "article":
        lines += [_field(k, data.get(k)) for k in ("title", "published", "url", "source")]
    arts = data.get("articles")
    if arts:
        lines.append(_field(f"articles ({len(arts)})", arts[:20] + (["…"] if len(arts) > 20 else [])))
    lines.append(f"degree: {degree}")
    return "\n".join(line for line in lines if line)


def _edge_tip(graph: nx.Graph, u: Hashable, v: Hashable, data: dict[str, Any]) -> str:
    def name(n: Hashable) -> str:
        return _short(str(graph.nodes[n].get("label", n)), 120)

    lines = [
        f"{data.get('kind', 'edge')}: {name(u)} \u2192 {name(v)}",
        _field("date", data.get("date")),
        _field("location", data.get("location")),
        _field("role", data.get("role")),
        _field("with visitor", data.get("visitor")),
        _field("weight", data.get("weight")),
        _field("count", data.get("count")),
        _field("article", data.get("article")),
        _field("evidence", data.get("evidence")),
    ]
    return "\n".join(line for line in lines if line)


def _vis_data(graph: nx.Graph) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    nodes = []
    ids: dict[Hashable, str] = {}
    for node, data in sorted_nodes(graph):
        vid = str(node)
        if vid in ids.values():
            raise ExportError(f"two nodes print as {vid!r}; the HTML export needs distinct str(node)")
        ids[node] = vid
        kind = str(data.get("kind", ""))
        style = node_style(kind)
        label = clean_text(str(data.get("label", node)))
        degree = graph.degree(node)
        search = [label, *map(str, data.get("aliases") or ())]
        nodes.append(
            {
                "id": vid,
                "label": _short(label, _LABEL_MAX),
                "kind": kind,
                "color": style.color,
                "shape": style.shape,
                "size": node_size(degree),
                "tip": _node_tip(node, data, degree),
                "search": clean_text("\n".join(search)).lower(),
            }
        )
    edges = []
    for index, (u, v, _key, data) in enumerate(sorted_edges(graph)):
        kind = str(data.get("kind", ""))
        line = edge_style(kind)
        edges.append(
            {
                "id": f"e{index}",
                "from": ids[u],
                "to": ids[v],
                "kind": kind,
                "color": {"color": line.color, "highlight": "#000000", "hover": "#000000"},
                "width": line.width,
                "dashes": line.dashes,
                "arrows": "to",
                "tip": _edge_tip(graph, u, v, data),
            }
        )
    return nodes, edges


def _options(n_nodes: int, physics: bool, seed: int, iterations: int | None) -> dict[str, Any]:
    big = n_nodes > BIG_GRAPH
    if iterations is None:
        # vis-network 9.1.2 (pyvis's bundle) spends ~0.3 s per Barnes-Hut iteration on 5,000 nodes in
        # headless Chromium, so big graphs get few iterations and a coarser theta, then physics stops.
        iterations = 1000 if n_nodes <= 300 else 300 if n_nodes <= BIG_GRAPH else 100 if n_nodes <= 2000 else 40
    return {
        "layout": {"randomSeed": seed, "improvedLayout": not big},
        "physics": {
            "enabled": physics,
            "solver": "barnesHut",
            "barnesHut": {
                "gravitationalConstant": -2500 if big else -4000,
                "centralGravity": 0.3,
                "springLength": 110,
                "springConstant": 0.04,
                "damping": 0.5,
                "avoidOverlap": 0,
                "theta": 0.9 if big else 0.5,
            },
            "maxVelocity": 50,
            "minVelocity": 1,
            "timestep": 0.5,
            "stabilization": {"enabled": True, "iterations": iterations, "updateInterval": 25, "fit": True},
        },
        "interaction": {
            "hover": not big,
            "tooltipDelay": 150,
            "hideEdgesOnDrag": big,
            "hideEdgesOnZoom": big,
            "multiselect": True,
            "navigationButtons": False,
            "keyboard": False,
        },
        "nodes": {"borderWidth": 1, "font": {"size": 14, "face": "sans-serif"}},
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
            "smooth": False if big else {"enabled": True, "type": "continuous", "roundness": 0.3},
            "selectionWidth": 2,
        },
    }


def _kind_table(items: list[dict[str, Any]], node: bool) -> list[dict[str, Any]]:
    counts: dict[str, int] = {}
    for item in items:
        counts[item["kind"]] = counts.get(item["kind"], 0) + 1
    rows = []
    for kind in sorted(counts):
        if node:
            style = node_style(kind)
            rows.append({"kind": kind, "count": counts[kind], "color": style.color, "symbol": _SYMBOLS[style.shape]})
        else:
            estyle = edge_style(kind)
            rows.append({"kind": kind, "count": counts[kind], "color": estyle.color, "dashed": bool(estyle.dashes)})
    return rows


def script_json(value: Any) -> str:
    """Return JSON safe to embed in a ``<script>`` element: ``<``, ``>``, ``&``, U+2028/9 escaped.

    Examples
    --------
    >>> script_json({"a": "</script><b>&"})
    '{"a":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(value, ensure_ascii=True, sort_keys=True, separators=(",", ":"))
    return text.translate(_JSON_ESCAPES)


def generate_html(
    graph: nx.Graph,
    *,
    top: int | None = None,
    focus: Hashable | None = None,
    radius: int = 1,
    since: Any = None,
    until: Any = None,
    title: str = "kgraph",
    height: str = "85vh",
    physics: bool = True,
    seed: int = 7,
    iterations: int | None = None,
) -> str:
    """Return the self-contained HTML page of ``graph`` (see the module docstring for what it shows).

    Parameters
    ----------
    graph
        A networkx graph with kgraph attributes (``kind``, ``label``, ``aliases`` ...). Never modified.
    top, focus, radius, since, until
        Trim options, applied in the order date range, neighbourhood, top-N (see :func:`trim`).
        ``focus`` is a node id, label or alias.
    title
        Text shown in the toolbar.
    height
        CSS height of the drawing area.
    physics
        ``False`` draws without a force layout (fast, but overlapping).
    seed
        vis-network ``layout.randomSeed``: the same seed gives the same layout.
    iterations
        Stabilisation iterations before physics stops (default: 1000, fewer for big graphs).

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("person:x", kind="person", label="<script>alert(1)</script>", aliases=[])
    >>> page = generate_html(g)
    >>> "<script>alert" in page, "http://" in page or "https://" in page
    (False, False)
    """
    from pyvis.network import Network

    if not _CSS_LENGTH.match(str(height)):
        raise ValueError(f"height must be a CSS length such as '800px' or '85vh', got {height!r}")
    sub, note = trim(graph, top=top, focus=focus, radius=radius, since=since, until=until)
    if sub.number_of_nodes() > HUGE_GRAPH:
        logger.warning(
            "drawing %d nodes; pass top=N, focus=... or since/until to keep the page responsive",
            sub.number_of_nodes(),
        )
    nodes, edges = _vis_data(sub)
    net = Network(height=height, width="100%", directed=True, cdn_resources="in_line", heading="")
    # Set the data directly: add_node/add_edge scan lists (quadratic) and from_nx mutates its input.
    net.nodes = nodes
    net.edges = edges
    net.node_ids = [n["id"] for n in nodes]
    net.node_map = {n["id"]: n for n in nodes}
    net.options = _options(len(nodes), bool(physics), int(seed), None if iterations is None else int(iterations))
    page = net.generate_html(notebook=False)
    config = {
        "title": clean_text(str(title)),
        "note": note,
        "physics": physics,
        "nodeKinds": _kind_table(nodes, True),
        "edgeKinds": _kind_table(edges, False),
    }
    return _postprocess(page, config)


def _postprocess(page: str, config: dict[str, Any]) -> str:
    # pyvis 0.3.2 links Bootstrap from a CDN whatever cdn_resources says.
    page = re.sub(r"<link\b[^>]*bootstrap[^>]*>\s*", "", page)
    page = re.sub(r"<script\b[^>]*bootstrap[^>]*>\s*</script>\s*", "", page)
    page = re.sub(r"<center>\s*<h1>\s*</h1>\s*</center>\s*", "", page)
    # Commented-out relative <link>/<script> in the template, and the source map DevTools would fetch.
    page = re.sub(r"<!--.*?-->\s*", "", page, flags=re.DOTALL)
    page = re.sub(r"//# sourceMappingURL=[^\s<]*", "", page)
    if page.count(_NEW_NETWORK) != 1:
        raise ExportError("unexpected pyvis template: cannot find where the network is created (pyvis==0.3.2?)")
    indent = "\n" + " " * 18
    page = page.replace(
        _NEW_NETWORK,
        f"kgraphPrepare(nodes, edges);{indent}{_NEW_NETWORK}{indent}kgraphReady(network, nodes, edges);",
    )
    head = (
        f"<title>{_html.escape(_short(config['title'], 80))}</title>\n<style>{PAGE_CSS}</style>\n"
        f'<script type="application/json" id="kgraph-config">{script_json(config)}</script>\n'
        f"<script>{PAGE_JS}</script>\n</head>"
    )
    if page.count("</head>") != 1 or page.count("<body>") != 1:
        raise ExportError("unexpected pyvis template: expected one <head> and one <body>")
    page = page.replace("</head>", head).replace("<body>", "<body>" + PAGE_BODY)
    # Scheme text in vis-network's licence comments and SVG namespace, and in article URLs inside JSON:
    # ":\/\/" means the same inside JS and JSON strings, and no "http://" is left for anything to fetch.
    page = _SCHEME.sub(lambda m: m.group(1) + ":\\/\\/", page)
    if _SCHEME.search(page):
        raise ExportError("HTML export still references a URL; refusing to write a page that may fetch it")
    return "<!DOCTYPE html>\n" + page.strip() + "\n"


def write_html(graph: nx.Graph, path: str | os.PathLike[str], **options: Any) -> None:
    """Write the HTML page of ``graph`` to ``path`` atomically; ``options`` as for :func:`generate_html`."""
    write_bytes(path, generate_html(graph, **options).encode("utf-8"))


class HTMLView:
    """A rendered page that shows inline in Jupyter (a sandboxed ``<iframe srcdoc>``).

    Examples
    --------
    >>> view = HTMLView("<p>hi</p>", height="300px")
    >>> view._repr_html_()[:40]
    '<iframe sandbox="allow-scripts" style="w'
    """

    def __init__(self, page: str, height: str = "650px") -> None:
        self.page = page
        self.height = height

    def _repr_html_(self) -> str:
        return (
            f'<iframe sandbox="allow-scripts" style="width:100%;height:{_html.escape(self.height)};border:0" '
            f'srcdoc="{_html.escape(self.page, quote=True)}"></iframe>'
        )

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the page to ``path`` atomically."""
        write_bytes(path, self.page.encode("utf-8"))


def show(graph: nx.Graph, *, height: str = "650px", **options: Any) -> HTMLView:
    """Return an :class:`HTMLView` of ``graph`` for Jupyter; ``options`` as for :func:`generate_html`.

    Examples
    --------
    >>> g = nx.MultiDiGraph([("a", "b")])
    >>> "<iframe" in show(g)._repr_html_()
    True
    """
    return HTMLView(generate_html(graph, height="95vh", **options), height=height)
