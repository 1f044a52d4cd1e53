"""Read-only questions over a KnowledgeGraph, and pandas tables."""

from __future__ import annotations

__all__ = ["Queries"]


class Queries:
    """Query methods mixed into :class:`kgraph.graph.KnowledgeGraph` (which provides ``self.graph``)."""
