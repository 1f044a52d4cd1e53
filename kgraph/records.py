"""Frozen records that flow between the stages: articles in, extraction results out."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

__all__ = [
    "ENTITY_KINDS",
    "Article",
    "ArticleResult",
    "Companion",
    "Entity",
    "ThemeLink",
    "Visit",
]

#: Kinds of named entities the extractor produces (topics and articles are graph-only kinds).
ENTITY_KINDS = ("person", "organization", "facility", "place")


@dataclass(frozen=True, slots=True)
class Article:
    """One news article after ingest and cleaning."""

    id: str
    text: str
    title: str = ""
    url: str = ""
    published: dt.date | None = None
    source: str = ""
    line: int | None = None
    sha256: str = ""


@dataclass(frozen=True, slots=True)
class Entity:
    """One entity of one article, after within-article resolution."""

    key: str
    kind: str
    name: str
    aliases: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()
    sentences: tuple[str, ...] = ()
    count: int = 1


@dataclass(frozen=True, slots=True)
class Visit:
    """A person physically present at an organisation, facility or place."""

    visitor: str
    target: str
    target_kind: str
    location: str | None
    date: dt.date | None
    evidence: str
    article: str
    role: str = ""


@dataclass(frozen=True, slots=True)
class Companion:
    """A person said to accompany a visitor on a visit."""

    person: str
    visitor: str
    target: str
    evidence: str
    article: str


@dataclass(frozen=True, slots=True)
class ThemeLink:
    """An entity whose sentences in an article carry a topic."""

    source: str
    source_kind: str
    topic: str
    weight: int
    evidence: str
    article: str


@dataclass(frozen=True, slots=True)
class ArticleResult:
    """Everything extracted from one article."""

    article: Article
    entities: tuple[Entity, ...] = ()
    visits: tuple[Visit, ...] = ()
    companions: tuple[Companion, ...] = ()
    themes: tuple[ThemeLink, ...] = ()
    topics: tuple[str, ...] = ()
    #: (topic, lexicon theme) for topics reported in their own wording ("intelligent manufacturing" ->
    #: "advanced manufacturing"); see :meth:`kgraph.extract.topics.themes.ThemeExtractor.group_of`.
    topic_groups: tuple[tuple[str, str], ...] = ()
    degraded: bool = False
    warnings: tuple[str, ...] = field(default=())
