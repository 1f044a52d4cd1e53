"""kgraph: turn news articles into a knowledge graph of who visited which organisation or place, when, and
about what."""

from __future__ import annotations

from kgraph.errors import (
    ArticleError,
    ConfigError,
    ExportError,
    InputError,
    KGraphError,
    ModelError,
    UnknownEntity,
)
from kgraph.graph import KnowledgeGraph
from kgraph.ingest import read_articles
from kgraph.records import Article, ArticleResult, Companion, Entity, ThemeLink, Visit

__version__ = "0.1.0"

__all__ = [
    "Article",
    "ArticleError",
    "ArticleResult",
    "Companion",
    "ConfigError",
    "Entity",
    "ExportError",
    "InputError",
    "KGraphError",
    "KnowledgeGraph",
    "ModelError",
    "ThemeLink",
    "UnknownEntity",
    "Visit",
    "__version__",
    "build",
    "extract",
    "read_articles",
]


def __getattr__(name: str):
    # build/extract import spaCy; load them on first use so `import kgraph` stays light.
    if name in ("build", "extract"):
        from kgraph import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'kgraph' has no attribute {name!r}")
