"""Node kinds and the node-attribute readers that every query module shares."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import networkx as nx

#: Kinds of named entities (topics and articles are the other node kinds).
ENTITY_KINDS = ("person", "organization", "facility", "place")
#: Kinds a visit can go to.
TARGET_KINDS = ("organization", "facility", "place")

Kinds = str | Iterable[str] | None

# Which node kind wins when a name matches several nodes equally well.
KIND_RANK = {**dict.fromkeys(ENTITY_KINDS, 0), "topic": 1, "article": 2}


def kind_set(kind: Kinds) -> frozenset[str] | None:
    if kind is None:
        return None
    return frozenset([kind] if isinstance(kind, str) else kind)


def label_of(graph: nx.MultiDiGraph, nid: str) -> str:
    return str(graph.nodes[nid].get("label", nid))


def kind_of(graph: nx.MultiDiGraph, nid: str) -> str:
    return str(graph.nodes[nid].get("kind", nid.split(":", 1)[0]))


def aliases_of(data: dict[str, Any]) -> tuple[str, ...]:
    aliases = data.get("aliases") or ()
    if isinstance(aliases, str):  # a flattened attribute read back from a file
        aliases = [aliases]
    return tuple(aliases)


def strings_of(value: Any) -> tuple[str, ...]:
    if not value:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)
