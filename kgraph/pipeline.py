"""The whole job as library calls: files -> articles -> extraction results -> one KnowledgeGraph."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kgraph.errors import ArticleError
from kgraph.extract.pipeline import ExtractOptions, Extractor
from kgraph.graph import KnowledgeGraph
from kgraph.ingest import read_articles
from kgraph.records import Article, ArticleResult
from kgraph.resolve import Resolver

__all__ = ["BuildReport", "build", "extract"]

log = logging.getLogger(__name__)


@dataclass
class BuildReport:
    """What a build read, skipped and produced."""

    articles: int = 0
    words: int = 0
    skipped: list[ArticleError] = field(default_factory=list)
    unchanged: int = 0
    degraded: bool = False


def extract(
    inputs: Iterable[str | Path],
    *,
    options: ExtractOptions | None = None,
    fields: Mapping[str, str] | None = None,
    encoding: str | None = None,
    on_error: Callable[[ArticleError], None] | None = None,
    skip: Callable[[Article], bool] | None = None,
    extractor: Extractor | None = None,
) -> Iterator[ArticleResult]:
    """Read and extract the articles under ``inputs``, streaming one result per article in input order.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "a.txt").write_text("President Joe Biden visited Japan on Monday.")
    >>> [r.article.id for r in extract([d], options=ExtractOptions(rules_only=True))]
    ['a']
    """
    extractor = extractor or Extractor(options)
    articles = read_articles(inputs, fields=fields, encoding=encoding, on_error=on_error)
    if skip is not None:
        articles = (a for a in articles if not skip(a))
    yield from extractor.pipe(articles)


def build(
    inputs: Iterable[str | Path],
    *,
    options: ExtractOptions | None = None,
    aliases: Sequence[str | Path] = (),
    fields: Mapping[str, str] | None = None,
    encoding: str | None = None,
    update: KnowledgeGraph | None = None,
    report: BuildReport | None = None,
    on_result: Callable[[ArticleResult], None] | None = None,
) -> KnowledgeGraph:
    """Build one merged KnowledgeGraph from files and folders of articles.

    Bad files are skipped with a warning (and listed in ``report.skipped``). With ``update``, articles whose
    id and content hash are already in that graph are not extracted again, and changed ones replace their
    old version.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "a.txt").write_text("President Joe Biden visited Japan on Monday.")
    >>> kg = build([d], options=ExtractOptions(rules_only=True))
    >>> sorted(n for n in kg.graph if not n.startswith("topic:"))
    ['article:a', 'person:joe-biden', 'place:japan']
    """
    report = report if report is not None else BuildReport()

    def on_error(err: ArticleError) -> None:
        log.warning("skipped %s", err)
        report.skipped.append(err)

    if update is not None:
        kg = update
        kg.resolver = Resolver.default(aliases)
        kg.resolver.observe_graph(kg.graph)
    else:
        kg = KnowledgeGraph(resolver=Resolver.default(aliases))
    known = kg.article_hashes()

    def unchanged(article: Article) -> bool:
        if known.get(article.id) == article.sha256:
            report.unchanged += 1
            return True
        return False

    for result in extract(inputs, options=options, fields=fields, encoding=encoding, on_error=on_error,
                          skip=unchanged if known else None):
        report.articles += 1
        report.words += len(result.article.text.split())
        report.degraded = report.degraded or result.degraded
        kg.add_result(result)
        if on_result is not None:
            on_result(result)
    return kg
