"""Write a knowledge graph to JSON, GraphML, GEXF, HTML or CSV, and read JSON or GraphML back.

The format follows the file suffix:

========================  ==============================================================================
``.json``                 node-link JSON, lossless (:mod:`kgraph.export.nodelink`)
``.graphml``              GraphML 1.0 for Gephi/yEd/igraph, readable back (:mod:`kgraph.export.graphml`)
``.gexf``                 GEXF 1.3 for Gephi, dated edges on the timeline (:mod:`kgraph.export.gexf`)
``.html`` / ``.htm``      self-contained interactive page, no network needed (:mod:`kgraph.export.html`)
``.csv`` or a directory   ``nodes``/``edges``/``visits`` tables (:mod:`kgraph.export.tables`):
                          ``out/g.csv`` -> ``out/g-nodes.csv``, ``out/g-edges.csv``, ``out/g-visits.csv``;
                          a directory ``out/`` -> ``out/nodes.csv``, ``out/edges.csv``, ``out/visits.csv``
========================  ==============================================================================

Every writer is deterministic (same graph, same bytes) and atomic (a temporary file beside the target,
then ``os.replace``), never changes the graph it is given, and reports failures as
:class:`kgraph.errors.ExportError`.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

from kgraph.errors import ExportError, InputError

if TYPE_CHECKING:
    from kgraph.graph import KnowledgeGraph

__all__ = ["FORMATS", "READABLE", "as_networkx", "format_for", "read", "write"]

logger = logging.getLogger(__name__)

#: Suffix -> format name for :func:`write`.
FORMATS = {
    ".json": "json",
    ".graphml": "graphml",
    ".gexf": "gexf",
    ".html": "html",
    ".htm": "html",
    ".csv": "csv",
}
#: Suffixes :func:`read` understands.
READABLE = (".json", ".graphml")
_HTML_OPTIONS = frozenset(
    {"top", "focus", "radius", "since", "until", "title", "height", "physics", "seed", "iterations"}
)


def as_networkx(graph: KnowledgeGraph | nx.Graph) -> nx.Graph:
    """Return the networkx graph of a :class:`~kgraph.graph.KnowledgeGraph`, or ``graph`` itself.

    Examples
    --------
    >>> as_networkx(nx.MultiDiGraph()).is_multigraph()
    True
    """
    inner = getattr(graph, "graph", None)
    if isinstance(inner, nx.Graph):
        return inner
    if isinstance(graph, nx.Graph):
        return graph
    raise ExportError(f"cannot export a {type(graph).__name__}; expected a KnowledgeGraph or a networkx graph")


def format_for(path: str | os.PathLike[str], format: str | None = None) -> str:
    """Return the format name for ``path`` (``json``, ``graphml``, ``gexf``, ``html`` or ``csv``).

    ``format`` overrides the suffix. An existing directory, or a path ending in ``/``, means ``csv``.

    Examples
    --------
    >>> format_for("out/graph.GraphML"), format_for("out/"), format_for("x.dat", "json")
    ('graphml', 'csv', 'json')
    """
    allowed = ", ".join(FORMATS)
    if format is not None:
        name = format.lower().lstrip(".")
        if name not in set(FORMATS.values()):
            raise ExportError(f"unknown export format {format!r}; use one of {sorted(set(FORMATS.values()))}")
        return name
    text = os.fspath(path)
    suffix = Path(text).suffix.lower()
    if suffix in FORMATS:
        return FORMATS[suffix]
    if text.endswith(("/", os.sep)) or (not suffix and Path(text).is_dir()):
        return "csv"
    raise ExportError(
        f"cannot tell the export format of {text!r} from its suffix {suffix or '(none)'!r}; "
        f"use one of {allowed}, or a directory for CSV tables"
    )


def write(graph: KnowledgeGraph | nx.Graph, path: str | os.PathLike[str], *, format: str | None = None,
          **options: Any) -> None:
    """Write ``graph`` to ``path`` in the format its suffix names (see the module docstring).

    Parameters
    ----------
    graph
        A :class:`~kgraph.graph.KnowledgeGraph` or a networkx graph with kgraph attributes. Never modified.
    path
        Output file (or directory, for CSV). Parent folders are created.
    format
        Override the suffix: ``json``, ``graphml``, ``gexf``, ``html`` or ``csv``.
    **options
        HTML only: ``top``, ``focus``, ``radius``, ``since``, ``until``, ``title``, ``height``, ``physics``,
        ``seed``, ``iterations`` (see :func:`kgraph.export.html.generate_html`).

    Examples
    --------
    >>> import tempfile, os
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("place:beijing", kind="place", label="Beijing", aliases=[])
    >>> out = tempfile.mkdtemp()
    >>> write(g, os.path.join(out, "g.json"))
    >>> list(read(os.path.join(out, "g.json")).nodes(data="label"))
    [('place:beijing', 'Beijing')]
    >>> write(g, os.path.join(out, "g.txt"))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kgraph.errors.ExportError: cannot tell the export format of '...g.txt' from its suffix '.txt'; use one of ...
    """
    kind = format_for(path, format)
    g = as_networkx(graph)
    if options and kind != "html":
        raise ExportError(f"options {sorted(options)} apply to HTML output only, not {kind}")
    unknown = set(options) - _HTML_OPTIONS
    if unknown:
        raise ExportError(f"unknown HTML options {sorted(unknown)}; allowed: {sorted(_HTML_OPTIONS)}")
    logger.info("writing %s (%s): %d nodes, %d edges", path, kind, g.number_of_nodes(), g.number_of_edges())
    if kind == "json":
        from kgraph.export.nodelink import write_node_link

        write_node_link(g, path)
    elif kind == "graphml":
        from kgraph.export.graphml import write_graphml

        write_graphml(g, path)
    elif kind == "gexf":
        from kgraph.export.gexf import write_gexf

        write_gexf(g, path)
    elif kind == "html":
        from kgraph.export.html import write_html

        try:
            write_html(g, path, **options)
        except (ValueError, KeyError) as err:
            raise ExportError(f"cannot draw {path}: {err}") from err
    else:
        from kgraph.export.tables import write_tables

        write_tables(g, path)


def read(path: str | os.PathLike[str]) -> nx.MultiDiGraph:
    """Read a graph written by :func:`write` as ``.json`` (lossless) or ``.graphml``.

    Raises :class:`kgraph.errors.InputError` for other suffixes and unreadable files.
    """
    suffix = Path(path).suffix.lower()
    if suffix == ".json":
        from kgraph.export.nodelink import read_node_link

        return read_node_link(path)
    if suffix == ".graphml":
        from kgraph.export.graphml import read_graphml

        return read_graphml(path)
    raise InputError(f"cannot read {os.fspath(path)!r}: the suffix must be one of {', '.join(READABLE)}")
