"""Colours, shapes and sizes shared by the HTML and GEXF exports, so both views look alike."""

from __future__ import annotations

import math
from dataclasses import dataclass

__all__ = [
    "EDGE_STYLES",
    "NODE_STYLES",
    "EdgeStyle",
    "NodeStyle",
    "edge_style",
    "hex_to_rgb",
    "node_size",
    "node_style",
]


@dataclass(frozen=True, slots=True)
class NodeStyle:
    """How a node kind is drawn: ``color`` (hex), vis-network ``shape`` and GEXF ``gexf_shape``."""

    color: str
    shape: str
    gexf_shape: str


@dataclass(frozen=True, slots=True)
class EdgeStyle:
    """How an edge kind is drawn: ``color`` (hex), ``width`` in pixels and ``dashes`` (vis-network)."""

    color: str
    width: float
    dashes: bool | list[int]


#: Colour-blind-friendly Tableau 10 colours by node kind.
NODE_STYLES: dict[str, NodeStyle] = {
    "person": NodeStyle("#e15759", "dot", "disc"),
    "organization": NodeStyle("#4e79a7", "square", "square"),
    "facility": NodeStyle("#f28e2b", "triangle", "triangle"),
    "place": NodeStyle("#59a14f", "diamond", "diamond"),
    "topic": NodeStyle("#b07aa1", "star", "disc"),
    "article": NodeStyle("#9c9c9c", "hexagon", "square"),
}
OTHER_NODE = NodeStyle("#bab0ac", "dot", "disc")

EDGE_STYLES: dict[str, EdgeStyle] = {
    "visited": EdgeStyle("#d62728", 3.0, False),
    "accompanied": EdgeStyle("#ff7f0e", 2.0, [8, 4]),
    "theme": EdgeStyle("#9467bd", 1.5, [2, 4]),
    "mentions": EdgeStyle("#c7c7c7", 0.8, False),
}
OTHER_EDGE = EdgeStyle("#8c8c8c", 1.0, False)


def node_style(kind: object) -> NodeStyle:
    """Return the style of a node kind (a neutral grey dot for unknown kinds)."""
    return NODE_STYLES.get(str(kind), OTHER_NODE)


def edge_style(kind: object) -> EdgeStyle:
    """Return the style of an edge kind (a grey line for unknown kinds)."""
    return EDGE_STYLES.get(str(kind), OTHER_EDGE)


def node_size(degree: int) -> float:
    """Node size from its degree: 10 for an isolated node, growing with the square root, at most 60.

    Examples
    --------
    >>> node_size(0), node_size(4), node_size(10_000)
    (10.0, 18.0, 60.0)
    """
    return round(min(60.0, 10.0 + 4.0 * math.sqrt(max(degree, 0))), 2)


def hex_to_rgb(color: str) -> tuple[int, int, int]:
    """Return ``(r, g, b)`` of ``#rrggbb``.

    Examples
    --------
    >>> hex_to_rgb("#e15759")
    (225, 87, 89)
    """
    value = color.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)
